"""The models generated from the project spec (`generated/vapi_sdk`): types, wire fidelity,
constraints, unions and forward compatibility."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from typing import Any

import pytest
from pydantic import ValidationError

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "generated"))

from vapi_sdk import models

UPDATE = {
    "name": "Support line",
    "hooks": [
        {
            "on": "call.ringing",
            "do": [{"type": "say", "exact": "Connecting you now."}],
        }
    ],
    "fallbackDestination": {"type": "number", "number": "+14155551234"},
    "numberE164CheckEnabled": False,
}
META = {"itemsPerPage": 10, "totalItems": 3, "currentPage": 1}


def errors_of(call: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as raised:
        call()
    return [(".".join(map(str, e["loc"])), e["type"]) for e in raised.value.errors()]


def test_component_names_are_kept_and_attributes_are_snake_case() -> None:
    dto = models.UpdateByoPhoneNumberDTO.model_validate(UPDATE)
    assert type(dto).__name__ == "UpdateByoPhoneNumberDTO"
    assert dto.number_e164_check_enabled is False
    assert isinstance(dto.fallback_destination, models.TransferDestinationNumber)
    assert isinstance(dto.hooks[0], models.PhoneNumberHookCallRinging)  # type: ignore[index]


def test_either_name_constructs() -> None:
    by_alias = models.UpdateByoPhoneNumberDTO.model_validate({"credentialId": "c-1"})
    by_name = models.UpdateByoPhoneNumberDTO(credential_id="c-1")
    assert by_alias.credential_id == by_name.credential_id == "c-1"


def test_dump_returns_the_wire_json_that_came_in() -> None:
    dto = models.UpdateByoPhoneNumberDTO.model_validate(UPDATE)
    assert dto.model_dump(by_alias=True, exclude_unset=True) == UPDATE
    assert dto.model_dump(exclude_unset=True) == UPDATE  # aliases are the default
    assert "squadId" not in dto.model_dump(exclude_unset=True)  # absent stays absent


def test_timestamps_are_datetimes_written_back_as_they_came() -> None:
    stamp = "2026-03-01T09:30:00.120Z"
    meta = models.PaginationMeta.model_validate({**META, "createdAtLe": stamp})
    assert meta.created_at_le is not None
    assert (meta.created_at_le.year, meta.created_at_le.microsecond) == (2026, 120000)
    assert meta.model_dump(exclude_unset=True)["createdAtLe"] == stamp
    assert meta.model_dump_json(exclude_unset=True).count(stamp) == 1
    assert errors_of(
        lambda: models.PaginationMeta.model_validate({**META, "createdAtLe": "soon"})
    ) == [("createdAtLe", "datetime_type")]


def test_json_types_are_not_coerced() -> None:
    found = errors_of(lambda: models.PaginationMeta.model_validate({**META, "itemsPerPage": "9"}))
    assert found == [("itemsPerPage.int", "int_type"), ("itemsPerPage.float", "float_type")]
    integral = models.PaginationMeta.model_validate(META)
    assert integral.model_dump_json(exclude_unset=True).startswith('{"itemsPerPage":10,')


def test_constraints_are_enforced() -> None:
    assert errors_of(lambda: models.UpdateByoPhoneNumberDTO(name="x" * 50)) == [
        ("name", "string_too_long")
    ]
    assert errors_of(lambda: models.UpdateByoPhoneNumberDTO(number="12")) == [
        ("number", "string_too_short")
    ]


def test_optional_fields_refuse_an_explicit_null_unless_nullable() -> None:
    assert errors_of(lambda: models.UpdateByoPhoneNumberDTO(name=None)) == [("name", "string_type")]
    assert models.UpdateByoPhoneNumberDTO().name is None  # absent reads as None


def test_defaults_apply_and_are_not_dumped_as_set() -> None:
    dto = models.UpdateByoPhoneNumberDTO()
    assert dto.number_e164_check_enabled is True
    assert dto.model_dump(exclude_unset=True) == {}


def test_unknown_fields_are_kept_and_round_trip() -> None:
    payload = {**UPDATE, "futureField": {"nested": [1, 2]}}
    dto = models.UpdateByoPhoneNumberDTO.model_validate(payload)
    assert dto.model_extra == {"futureField": {"nested": [1, 2]}}
    assert dto.model_dump(exclude_unset=True) == payload


def test_an_unknown_tag_parses_into_an_unknown_variant_and_round_trips() -> None:
    payload = {"fallbackDestination": {"type": "carrier-pigeon", "loft": "North"}}
    dto = models.UpdateByoPhoneNumberDTO.model_validate(payload)
    assert isinstance(dto.fallback_destination, models.UnknownVariant)
    assert dto.fallback_destination.model_extra == {"type": "carrier-pigeon", "loft": "North"}
    assert dto.model_dump(exclude_unset=True) == payload
    assert models.UpdateByoPhoneNumberDTO.model_validate_json(
        '{"fallbackDestination": {"type": "carrier-pigeon"}}'
    ).fallback_destination == models.UnknownVariant.model_validate({"type": "carrier-pigeon"})


def test_construction_rejects_unknown_tags_with_the_allowed_ones() -> None:
    with pytest.raises(ValidationError) as raised:
        models.UpdateByoPhoneNumberDTO(fallbackDestination={"type": "carrier-pigeon"})
    (error,) = raised.value.errors()
    assert error["type"] == "union_tag_invalid"
    assert "'number', 'sip'" in error["msg"]
    strict = {"unknown": "reject"}
    assert errors_of(
        lambda: models.UpdateByoPhoneNumberDTO.model_validate(
            {"fallbackDestination": {"type": "fax"}}, context=strict
        )
    ) == [("fallbackDestination.*", "union_tag_invalid")]


def test_a_missing_tag_is_an_error_in_both_modes() -> None:
    untagged = {"fallbackDestination": {"number": "+14155551234"}}
    with pytest.raises(ValidationError, match="with 'type', one of: 'number', 'sip'"):
        models.UpdateByoPhoneNumberDTO.model_validate(untagged)
    with pytest.raises(ValidationError, match="with 'type', one of: 'number', 'sip'"):
        models.UpdateByoPhoneNumberDTO(**untagged)


def test_an_unknown_enum_value_is_kept_typed_when_parsing_and_refused_when_constructing() -> None:
    payload = {"type": "jittered", "maxRetries": 2, "baseDelaySeconds": 1}
    parsed = models.BackoffPlan.model_validate(payload)
    assert isinstance(parsed.type, models.UnknownValue)
    assert parsed.type == "jittered"
    assert parsed.model_dump(exclude_unset=True) == payload
    assert models.BackoffPlan.model_validate({**payload, "type": "fixed"}).type == "fixed"
    with pytest.raises(ValidationError, match="Input should be 'exponential' or 'fixed'"):
        models.BackoffPlan(**payload)


def test_lazy_package_root_and_models_index() -> None:
    code = (
        "import sys, vapi_sdk\n"
        "assert 'pydantic' not in sys.modules, 'the package root imports pydantic'\n"
        "from vapi_sdk import UpdateByoPhoneNumberDTO\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('vapi_sdk._models.'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO / "generated",
        check=True,
    )
    assert result.stdout.strip() == (
        "['vapi_sdk._models._base', 'vapi_sdk._models.update_byo_phone_number_dto']"
    )


def test_every_model_is_exported_and_unknown_names_fail() -> None:
    names = set(models.__all__)
    assert {"UpdateByoPhoneNumberDTO", "UnknownVariant", "UnknownValue", "DateTime"} <= names
    for name in sorted(names):
        assert getattr(models, name).__name__ == name
    with pytest.raises(AttributeError, match="NoSuchModel"):
        _ = models.NoSuchModel  # type: ignore[attr-defined]


def test_copies_and_pickles_keep_the_wire_text() -> None:
    stamp = "2026-03-01T09:30:00.000Z"
    meta = models.PaginationMeta.model_validate({**META, "createdAtLe": stamp})
    for clone in (copy.deepcopy(meta), pickle.loads(pickle.dumps(meta)), meta.model_copy()):
        assert clone.model_dump(exclude_unset=True)["createdAtLe"] == stamp
    made = models.DateTime(2026, 3, 1)
    assert (
        made.wire is None
        and models.PaginationMeta(**{**META, "createdAtLe": made}).model_dump(exclude_unset=True)[
            "createdAtLe"
        ]
        == "2026-03-01T00:00:00"
    )
