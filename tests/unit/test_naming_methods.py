"""Method, resource and parameter names, as tables: (operationId, method, path, resource) → name.

Every style of operationId real specs use, each with the name a user would type."""

from __future__ import annotations

import pytest

from generator import naming


@pytest.mark.parametrize(
    ("operation_id", "method", "path", "resource", "expected"),
    [
        # NestJS `Controller_method` (Vapi): the controller goes, the CRUD verbs get names.
        ("PhoneNumberController_findAll", "get", "/phone-number", "Phone Numbers", "list"),
        ("PhoneNumberController_findOne", "get", "/phone-number/{id}", "Phone Numbers", "get"),
        ("PhoneNumberController_remove", "delete", "/phone-number/{id}", "Phone Numbers", "delete"),
        (
            "PhoneNumberController_findAllPaginated",
            "get",
            "/v2/phone-number",
            "Phone Numbers",
            "list_paginated",
        ),
        ("ChatController_createChat", "post", "/chat", "Chats", "create"),
        ("ChatController_listChats", "get", "/chat", "Chats", "list"),
        ("ChatController_getChat", "get", "/chat/{id}", "Chats", "get"),
        (
            "ChatController_createOpenAIChat",
            "post",
            "/chat/responses",
            "Chats",
            "create_open_ai_chat",
        ),  # the noun is not right after the verb: kept
        ("CallController_deleteCallData", "delete", "/call/{id}", "Calls", "delete_call_data"),
        ("EvalController_removeRun", "delete", "/eval/run/{id}", "Eval", "delete_run"),
        (
            "ProviderResourceController_getProviderResourcesPaginated",
            "get",
            "/provider/{provider}/{resourceName}",
            "Provider Resources",
            "list_paginated",
        ),
        (
            "ProviderResourceController_createProviderResource",
            "post",
            "/provider/{provider}/{resourceName}",
            "Provider Resources",
            "create",
        ),
        # camelCase and PascalCase
        ("listPets", "get", "/pets", "pets", "list"),
        ("showPetById", "get", "/pets/{petId}", "pets", "show"),
        ("createChatCompletion", "post", "/chat/completions", "Chat", "create_chat_completion"),
        ("GetOwnerList", "get", "/owners", "Owners", "list"),
        ("CreateOwner", "post", "/owners", "Owners", "create"),
        # snake_case that only spells the method and the path: the path names the method
        ("get_files", "get", "/files", "files", "list"),
        ("get_files_id", "get", "/files/{id}", "files", "get"),
        ("delete_files_id", "delete", "/files/{id}", "files", "delete"),
        ("put_users_id_folders_0", "put", "/users/{id}/folders", "users", "update_folders"),
        ("get_files_id_download", "get", "/files/{id}/download", "files", "get_download"),
        # PascalCase that spells the method and the path (payment APIs)
        ("GetCustomers", "get", "/v1/customers", "", "list_customers"),
        ("GetCustomersCustomer", "get", "/v1/customers/{customer}", "customers", "get"),
        ("PostCustomersCustomer", "post", "/v1/customers/{customer}", "customers", "update"),
        (
            "PostPaymentIntentsIntentConfirm",
            "post",
            "/v1/payment_intents/{intent}/confirm",
            "payment_intents",
            "confirm",
        ),
        (
            "PostIssuingCardsCardDeliver",
            "post",
            "/v1/issuing/cards/{card}/deliver",
            "issuing",
            "deliver_card",
        ),
        # FastAPI: function name + path + method; the suffix goes
        ("add_voice_v1_voices_add_post", "post", "/v1/voices/add", "voices", "add"),
        ("get_voices_v1_voices_get", "get", "/v1/voices", "voices", "list"),
        (
            "get_voice_by_id_v1_voices__voice_id__get",
            "get",
            "/v1/voices/{voice_id}",
            "voices",
            "get",
        ),
        (
            "edit_voice_settings_v1_voices__voice_id__settings_edit_post",
            "post",
            "/v1/voices/{voice_id}/settings/edit",
            "voices",
            "edit_voice_settings",
        ),
        ("list_items_items_get", "get", "/items/", "items", "list"),
        ("read_root__get", "get", "/", "", "read_root"),
        # kebab-case and dotted
        ("list-toys", "get", "/toys", "toys", "list"),
        ("create-toy", "post", "/toys", "toys", "create"),
        ("orders.list", "get", "/orders", "orders", "list"),
        ("orders.cancel", "post", "/orders/{id}/cancel", "orders", "cancel"),
        (
            "repos/get-content",
            "get",
            "/repos/{owner}/{repo}/contents/{path}",
            "repos",
            "get_content",
        ),
        # what must still be an identifier
        ("3dSecure", "post", "/three-d-secure", "", "post_3d_secure"),
        ("X_import", "post", "/x", "", "import_"),
        ("0", "get", "/things/{id}", "things", "get"),  # a bare counter says nothing
        ("timeout", "post", "/jobs/{id}/timeout", "jobs", "timeout_"),
        # no operationId: the method and the path
        (None, "get", "/call/{id}", "", "get_call"),
        (None, "get", "/projects", "projects", "list"),
        (None, "get", "/projects/{id}/tasks", "projects", "list_tasks"),
        (None, "get", "/projects/{id}/tasks/{taskId}", "projects", "get_task"),
        (None, "post", "/projects/{id}/tasks", "projects", "create_task"),
        (None, "post", "/projects/{id}/archive", "projects", "archive"),
        (None, "delete", "/api/v2/projects/{id}", "projects", "delete"),
        (None, "get", "/health", "health", "get"),
        (None, "head", "/", "", "head"),
    ],
)
def test_method_name(
    operation_id: str | None, method: str, path: str, resource: str, expected: str
) -> None:
    assert naming.method_name(operation_id, method, path, resource) == expected


def test_put_beside_patch_is_replace() -> None:
    siblings = frozenset({"get", "put", "patch"})
    put = naming.method_name_candidates("put_files_id", "put", "/files/{id}", "files", siblings)
    patch = naming.method_name_candidates("patch_files_id", "patch", "/files/{id}", "files")
    assert (put[0], patch[0]) == ("replace", "update")


def test_candidates_give_a_meaningful_second_choice() -> None:
    """When the short name is taken, the next candidate keeps the noun (never `get2`)."""
    candidates = naming.method_name_candidates("getChat", "get", "/chat/{id}", "Chats")
    assert candidates[:2] == ("get", "get_chat")
    scope = naming.NameScope()
    scope.reserve("get")
    assert scope.claim_first(candidates) == "get_chat"


@pytest.mark.parametrize(
    ("path", "resource"),
    [
        ("/v1/voices/{voice_id}", "voices"),
        ("/api/v2/projects/{id}/tasks", "projects"),
        ("/2010-04-01/Accounts/{Sid}.json", "Accounts"),
        ("/{tenant}/invoices", "invoices"),
        ("/v1", None),
        ("/", None),
    ],
)
def test_path_resource(path: str, resource: str | None) -> None:
    assert naming.path_resource(path) == resource


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("DateCreated", "date_created"),
        ("DateCreated<", "date_created_before"),
        ("DateCreated>", "date_created_after"),
        ("StartTime>=", "start_time_on_or_after"),
        ("StartTime<=", "start_time_on_or_before"),
        ("Status!=", "status_not"),
        ("created[gte]", "created_gte"),
        ("created[lt]", "created_lt"),
        ("page[size]", "page_size"),
    ],
)
def test_parameter_names_spell_out_operators(wire: str, expected: str) -> None:
    assert naming.parameter_name(wire) == expected


def test_resource_class_candidates_differ() -> None:
    candidates = naming.resource_class_candidates("dubbing")
    assert candidates[0] == "DubbingResource"
    assert len(set(candidates)) == len(candidates)
    assert naming.resource_class_candidates("")[0] == "DefaultResource"


def test_inline_names_are_bounded_readable_and_distinct() -> None:
    parts = ["organization", "departments", "Item", "teams", "Item", "members", "Item"]
    parts += ["preferences", "notifications", "schedule", "quietHours", "timeWindow"]
    first, *rest = naming.inline_class_names("OrganizationChart", *parts)
    assert len(first) <= naming.INLINE_NAME_LIMIT
    assert first.startswith("OrganizationChart") and first.endswith("TimeWindow")
    assert all(len(name) <= naming.INLINE_NAME_LIMIT for name in rest)
    assert rest[-1] != first  # the digest fallback is always a new name
    assert naming.inline_class_names("Pet", "owner") == ("PetOwner",)  # short: numbered if taken
    # the same call gives the same names (no state, no hash seed)
    assert naming.inline_class_names("OrganizationChart", *parts) == (first, *rest)


def test_inline_names_under_the_limit_are_parent_plus_path() -> None:
    assert naming.inline_class_name("Pet", "owner", "address") == "PetOwnerAddress"


def test_the_fallback_inline_name_keeps_the_parents_last_words() -> None:
    names = naming.inline_class_names(
        "QuarterlyWarehouseInventoryReportSouth", "perShelfRestockingThresholds"
    )
    assert names[:2] == (
        "QuarterlyWarehouseInventoryPerShelfRestockingThresholds",
        "WarehouseInventoryReportSouthPerShelfRestockingThresholds",
    )


def test_module_names_are_bounded_and_distinct() -> None:
    long_a = "A" + "VeryLongComponentName" * 6 + "Alpha"
    long_b = "A" + "VeryLongComponentName" * 6 + "Beta"
    a, b = naming.module_name(long_a), naming.module_name(long_b)
    assert len(a) <= naming.MODULE_NAME_LIMIT and len(b) <= naming.MODULE_NAME_LIMIT
    assert a != b and a.isidentifier()
    assert naming.module_name("UpdateByoPhoneNumberDTO") == "update_byo_phone_number_dto"


def test_private_factory_names_stay_short() -> None:
    name = naming.type_factory_name("get_" + "very_long_words_" * 8 + "end", "200")
    assert len(name) <= 60 and name.startswith("_get_very") and name.isidentifier()
    assert naming.type_factory_name("update", "body") == "_update_body"


def test_parameters_named_alike_are_told_apart_by_location() -> None:
    scope = naming.NameScope()
    path = scope.claim_first(naming.parameter_name_candidates("id", "path"))
    header = scope.claim_first(naming.parameter_name_candidates("ID", "header"))
    assert (path, header) == ("id", "id_header")
    assert naming.parameter_name_candidates("timeout", "query") == ("timeout_", "timeout_query")


@pytest.mark.parametrize(
    ("operation_id", "method", "path", "stem"),
    [
        (
            "get_voice_by_id_v1_voices__voice_id__get",
            "get",
            "/v1/voices/{voice_id}",
            "GetVoiceById",
        ),
        ("PhoneNumberController_create", "post", "/phone-number", "PhoneNumberControllerCreate"),
        (None, "get", "/call/{id}", "GetCallId"),
    ],
)
def test_operation_class_stem(operation_id: str | None, method: str, path: str, stem: str) -> None:
    """What an operation's inline bodies and responses are named after."""
    assert naming.operation_class_stem(operation_id, method, path) == stem
