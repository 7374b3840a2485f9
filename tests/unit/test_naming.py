"""The naming rules, as a table: input → identifier."""

from __future__ import annotations

import keyword

import pytest

from generator import naming


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("fallbackDestination", "fallback_destination"),
        ("numberE164CheckEnabled", "number_e164_check_enabled"),
        ("HTTPRequest", "http_request"),
        ("x-request-id", "x_request_id"),
        ("$ref", "ref"),
        ("class", "class_"),
        ("from", "from_"),
        ("__class__", "class_"),
        ("model_config", "model_config_"),
        ("schema", "schema_"),
        ("json", "json_"),
        ("list", "list_"),
        ("str", "str_"),
        ("type", "type"),
        ("id", "id"),
        ("123abc", "field_123_abc"),
        ("", "field"),
        ("!!!", "field"),
        ("Café", "cafe"),
    ],
)
def test_field_name(wire: str, expected: str) -> None:
    assert naming.field_name(wire) == expected


@pytest.mark.parametrize(
    ("component", "expected"),
    [
        ("UpdateByoPhoneNumberDTO", "UpdateByoPhoneNumberDTO"),  # kept verbatim
        ("Foo-Bar", "FooBar"),
        ("foo.bar_baz", "FooBarBaz"),
        ("1Password", "Schema1Password"),
        ("Field", "Field_"),
        ("BaseModel", "BaseModel_"),
        ("list", "List"),
        ("class", "Class"),
        ("customer", "Customer"),  # lower case: PascalCase, so a field `customer` cannot shadow it
        ("issuing.card", "IssuingCard"),
        ("api.v2010.account", "ApiV2010Account"),
        ("payment_intent", "PaymentIntent"),
        ("Foo_Bar", "Foo_Bar"),  # an identifier starting with a capital stays verbatim
        ("dict", "Dict"),
        ("3dSecure", "Schema3dSecure"),
        ("_private", "Private"),
        ("ORG_ROLE_DTO", "ORG_ROLE_DTO"),
    ],
)
def test_class_name(component: str, expected: str) -> None:
    assert naming.class_name(component) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("byo-phone-number", "BYO_PHONE_NUMBER"),
        ("call.ringing", "CALL_RINGING"),
        ("11labs", "VALUE_11_LABS"),
        ("", "EMPTY"),
        (None, "NONE"),
        (True, "TRUE"),
        (2, "VALUE_2"),
        (-1.5, "VALUE_MINUS_1_5"),
        ("ASC", "ASC"),
    ],
)
def test_enum_member_name(value: object, expected: str) -> None:
    assert naming.enum_member_name(value) == expected


@pytest.mark.parametrize(
    ("operation_id", "method", "path", "expected"),
    [
        ("PhoneNumberController_create", "post", "/phone-number", "create"),
        ("PhoneNumberController_findAll", "get", "/phone-number", "list"),
        ("PhoneNumberController_findAllPaginated", "get", "/v2/phone-number", "list_paginated"),
        ("PhoneNumberController_findOne", "get", "/phone-number/{id}", "get"),
        ("PhoneNumberController_update", "patch", "/phone-number/{id}", "update"),
        ("PhoneNumberController_remove", "delete", "/phone-number/{id}", "delete"),
        ("CallController_deleteCallData", "delete", "/call/{id}", "delete_call_data"),
        ("InsightController_preview", "post", "/reporting/insight/preview", "preview"),
        ("createThing", "post", "/thing", "create_thing"),  # no controller prefix
        ("X_import", "post", "/x", "import_"),
        (None, "get", "/call/{id}", "get_call"),
    ],
)
def test_method_name(operation_id: str | None, method: str, path: str, expected: str) -> None:
    assert naming.method_name(operation_id, method, path) == expected


@pytest.mark.parametrize(
    ("tag", "attr", "cls"),
    [
        ("Phone Numbers", "phone_numbers", "PhoneNumbersResource"),
        ("Observability/Scorecard", "observability_scorecard", "ObservabilityScorecardResource"),
        ("Calls", "calls", "CallsResource"),
        ("", "default", "DefaultResource"),
    ],
)
def test_resource_names(tag: str, attr: str, cls: str) -> None:
    assert (naming.resource_name(tag), naming.resource_class_name(tag)) == (attr, cls)


def test_client_and_env_names() -> None:
    assert naming.client_class_name("Vapi API") == "Vapi"
    assert naming.client_class_name("Pet Store Service") == "PetStore"
    assert naming.client_class_name("API") == "API"
    assert naming.env_var_name("Vapi") == "VAPI_API_KEY"
    # the package exports the client beside the models: never named like one
    assert naming.client_class_name("Pet Store", frozenset({"PetStore"})) == "PetStoreClient"
    assert naming.client_class_name("Shop", frozenset({"AsyncShop"})) == "ShopClient"


def test_parameter_names_avoid_client_options() -> None:
    assert naming.parameter_name("timeout") == "timeout_"
    assert naming.parameter_name("body") == "body_"
    assert naming.parameter_name("sortOrder") == "sort_order"


def test_inline_class_name_is_parent_plus_path() -> None:
    assert naming.inline_class_name("UpdateByoPhoneNumberDTO", "hooks", "Item") == (
        "UpdateByoPhoneNumberDTOHooksItem"
    )


def test_doc_anchor() -> None:
    assert naming.doc_anchor("UpdateByoPhoneNumberDTO") == "update-byo-phone-number-dto"


def test_name_scope_suffixes_in_claim_order_and_folds_case() -> None:
    scope = naming.NameScope()
    assert [scope.claim("Foo"), scope.claim("Foo"), scope.claim("Foo")] == ["Foo", "Foo2", "Foo3"]
    folded = naming.NameScope(fold_case=True)
    assert [folded.claim("foo"), folded.claim("FOO")] == ["foo", "FOO2"]


@pytest.mark.parametrize("word", keyword.kwlist)
def test_every_keyword_is_escaped(word: str) -> None:
    for name in (naming.field_name(word), naming.parameter_name(word)):
        assert name.isidentifier() and not keyword.iskeyword(name)
    assert not keyword.iskeyword(naming.class_name(word))
