"""The schema quirks real specs contain: each of `tests/specs/quirk-*.yaml` generates, its
models import, and the resulting models behave as the spec means (one quirk per test)."""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pydantic
import pytest
from pydantic import ValidationError

from generator.lint import lint
from generator.lowering import ALL_RULES
from generator.pipeline import Loaded, load_api, load_index
from generator.validators import compile_schema
from tests.conftest import REPO
from tests.models.packages import generate_models, import_models

SPECS = REPO / "tests" / "specs"
Generate = Callable[[str], ModuleType]


def loaded(name: str) -> Loaded:
    return load_api(str(SPECS / f"quirk-{name}.yaml"), repairs=frozenset(ALL_RULES))


@pytest.fixture
def models(tmp_path: Path) -> Generate:
    """`quirk-<name>.yaml` generated into a temporary folder; its `models` module."""

    def run(name: str) -> ModuleType:
        package = "quirk_" + name.replace("-", "_") + "_" + tmp_path.name.replace("-", "_")
        out = generate_models(SPECS / f"quirk-{name}.yaml", tmp_path / package, package)
        return import_models(out, package)

    return run


def rules(found: Loaded, rule: str) -> list[str]:
    """Where `rule` was reported, pointers only."""
    return sorted(d.where.split("#", 1)[1] for d in found.diagnostics if d.rule == rule)


def test_type_enum_is_inferred_from_the_values(models: Generate) -> None:
    found = rules(loaded("enum-type"), "enum-type")
    assert found == [
        "/components/schemas/Mood",
        "/components/schemas/Room/properties/ambience/oneOf/0",
        "/components/schemas/Room/properties/level",
    ]
    m = models("enum-type")
    room = m.Room.model_validate({"ambience": "cafe", "level": 2})
    assert room.model_dump(exclude_unset=True) == {"ambience": "cafe", "level": 2}
    # the string branch is an open enum (`open-enum` sees the repaired branch): any URL
    assert m.Room.model_validate({"ambience": "https://example.com/a.mp3"}).ambience
    with pytest.raises(ValidationError):
        m.Room.model_validate({"ambience": "cafe", "level": 4})
    with pytest.raises(ValidationError):
        m.Room.model_validate({"ambience": 3})
    assert m.Room.model_validate({"ambience": "quiet"}).ambience == "quiet"


def test_a_31_type_list_with_null_beside_an_enum(models: Generate) -> None:
    m = models("nullable-enum-31")
    lamp = m.Lamp.model_validate({"shade": None, "mode": None, "brightness": 2})
    assert lamp.model_dump(exclude_unset=True) == {"shade": None, "mode": None, "brightness": 2}
    assert m.Lamp.model_validate({"shade": "dark"}).shade == "dark"
    with pytest.raises(ValidationError):  # null is not among its values: the enum refuses it
        m.Lamp.model_validate({"brightness": None})
    with pytest.raises(ValidationError):
        m.Lamp.model_validate({"brightness": 4})


def test_a_discriminated_member_that_is_a_union_itself(models: Generate) -> None:
    m = models("discriminator-nested-union")
    payload = {
        "parts": [
            {"kind": "text", "text": "hi"},
            {"kind": "image", "url": "https://example.com/cat.png"},
            {"kind": "image", "data": "aGk="},
            {"kind": "video", "frames": 3},
        ]
    }
    message = m.Message.model_validate(payload)
    kinds = [type(part).__name__ for part in message.parts]
    assert kinds == ["TextPart", "ImageUrl", "ImageData", "UnknownVariant"]
    assert message.model_dump(exclude_unset=True) == payload
    built = m.Message(
        parts=[m.ImageData(kind="image", data="eA=="), m.TextPart(kind="text", text="")]
    )
    assert [p.kind for p in built.parts] == ["image", "text"]
    with pytest.raises(ValidationError, match="expected one of: 'image', 'text'"):
        m.Message(parts=[{"kind": "video"}])


def test_constraints_of_a_formatted_string_apply_to_its_wire_text(models: Generate) -> None:
    m = models("format-constraints")
    known = "0b9f2c1e-5a7d-4f3b-9c2e-8d1a6b4e7f00"
    payload = {"id": known, "issuedAt": "2026-01-17T12:34:00Z", "day": "2026-01-17", "ids": [known]}
    ticket = m.Ticket.model_validate(payload)
    assert ticket.model_dump(exclude_unset=True) == payload
    assert str(ticket.id) == known and ticket.issued_at.year == 2026
    for bad, reason in [
        ({"issuedAt": "2026-01-17T12:34:00+00:00"}, "should match pattern"),
        ({"ids": [known.upper()]}, "should match pattern"),
        ({"issuedAt": "2026-01-17T12:34:00.0000000000000000000000Z"}, "at most 40 characters"),
    ]:
        with pytest.raises(ValidationError, match=reason):
            m.Ticket.model_validate({"id": known, **bad})
    assert str(m.Ticket(id=ticket.id).id) == known  # a value made in code is not text: no check


def test_all_of_a_reference_and_annotations_is_the_referenced_type(models: Generate) -> None:
    m = models("allof-annotation")
    money = m.Money.model_validate({"units": 250, "currency": "EUR", "payee": 17})
    assert money.model_dump(exclude_unset=True) == {"units": 250, "currency": "EUR", "payee": 17}
    assert m.Money.model_validate({"units": 1, "currency": "USD", "payee": "shop"}).payee == "shop"
    for bad in ({"units": -1}, {"units": "250"}, {"currency": {}}, {"payee": 1.5}):
        with pytest.raises(ValidationError):
            m.Money.model_validate({"units": 1, "currency": "EUR", **bad})
    found = loaded("allof-annotation").api.schema("#/components/schemas/Price")
    assert type(found).__name__ == "Alias"  # not an empty object model


def test_aliases_that_refer_to_themselves_or_each_other_import(models: Generate) -> None:
    m = models("recursive-aliases")
    payload = {"data": {"a": [1, "x", True, {"b": []}]}, "outline": ["intro", ["part", ["x"]]]}
    document = m.Document.model_validate(payload)
    assert document.model_dump(exclude_unset=True) == payload
    for bad in ({"data": [None]}, {"outline": ["a", [3]]}, {"outline": "flat"}):
        with pytest.raises(ValidationError):
            m.Document.model_validate(bad)
    package = m.__name__.rsplit(".", 1)[0]
    out = Path(m.__file__).parents[1]
    for name in ("branch", "tree", "json"):  # each module imported first, in a fresh process
        code = f"import {package}._models.{name} as x; print(x.{name.title()}.__name__)"
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(out)},
            check=False,
        )
        assert (done.returncode, done.stdout.strip()) == (0, name.title()), done.stderr


def test_a_required_name_without_a_property_is_a_required_field_of_any_type(
    models: Generate,
) -> None:
    assert rules(loaded("required-undeclared"), "required-undeclared") == [
        "/components/schemas/SignedUpload/required",
        "/components/schemas/Upload/required",
    ]
    m = models("required-undeclared")
    upload = m.Upload.model_validate({"name": "a.pdf", "checksum": 7})
    assert upload.checksum == 7 and upload.model_dump() == {"name": "a.pdf", "checksum": 7}
    with pytest.raises(ValidationError, match="checksum\n  Field required"):
        m.Upload.model_validate({"name": "a.pdf"})
    signed = {"name": "a", "checksum": "x", "signature": {"alg": "none"}}
    assert m.SignedUpload.model_validate(signed).signature == {"alg": "none"}
    with pytest.raises(ValidationError, match="signature\n  Field required"):
        m.SignedUpload.model_validate({"name": "a", "checksum": "x"})


def test_a_one_of_of_consts_is_an_enum_open_when_parsing(models: Generate) -> None:
    found = loaded("const-enum").api.schema("#/components/schemas/Priority")
    assert type(found).__name__ == "Enum"
    assert [member.value for member in found.members] == ["low", "high"]  # type: ignore[union-attr]
    m = models("const-enum")
    job = m.Job.model_validate({"priority": "urgent", "retries": None, "channel": "fax"})
    assert type(job.priority).__name__ == type(job.channel).__name__ == "UnknownValue"
    assert job.model_dump() == {"priority": "urgent", "retries": None, "channel": "fax"}
    assert m.Job(priority="high", retries=3).retries == 3
    for bad in ({"priority": "urgent"}, {"priority": "low", "retries": 1}):
        with pytest.raises(ValidationError):
            m.Job(**bad)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2021-01-17T12:34:00.000+0000", datetime.timedelta(0)),
        ("2021-01-17T12:34:00", None),  # no offset: a local time
        ("2021-01-17 12:34:00Z", datetime.timedelta(0)),
        ("2021-01-17t12:34:00.5-0530", -datetime.timedelta(hours=5, minutes=30)),
        ("2021-01-17T12:34Z", datetime.timedelta(0)),
    ],
)
def test_real_world_date_times_parse_and_keep_their_text(
    models: Generate, text: str, offset: datetime.timedelta | None
) -> None:
    m = models("date-times")
    event = m.Event.model_validate({"at": text})
    assert (event.at.year, event.at.minute, event.at.utcoffset()) == (2021, 34, offset)
    assert event.model_dump(exclude_unset=True) == {"at": text}
    parsed = m.Event.model_validate_json(f'{{"at": "{text}"}}')
    assert parsed.model_dump_json(exclude_unset=True) == f'{{"at":"{text}"}}'


@pytest.mark.parametrize(
    "text", ["2021-01-17", "2021-01-17T12:34:00+05", "2021-02-30T12:34:00Z", "yesterday", ""]
)
def test_what_is_not_a_date_time_is_still_refused(models: Generate, text: str) -> None:
    with pytest.raises(ValidationError, match="valid datetime"):
        models("date-times").Event.model_validate({"at": text})


def test_prefix_items_are_tuples_read_and_written_as_arrays(models: Generate) -> None:
    m = models("prefix-items")
    payload = {"cells": ["total", 3, {"name": "red"}], "pair": ["yes"], "at": [1.5, 2]}
    row = m.Row.model_validate(payload)
    assert row.cells[:2] == ("total", 3) and type(row.cells[2]).__name__ == "Tag"
    assert row.model_dump(exclude_unset=True) == payload
    assert row.model_dump_json(exclude_unset=True) == (
        '{"cells":["total",3,{"name":"red"}],"pair":["yes"],"at":[1.5,2]}'
    )
    assert m.Row.model_validate({"cells": ["n", 0], "pair": []}).pair == ()
    for bad in (
        {"cells": ["total"]},  # minItems 2
        {"cells": ["total", "3"]},  # the second item is an integer
        {"cells": ["total", 3, 5]},  # items after the prefix are tags
        {"cells": ["total", 3], "pair": ["x", True, 1]},  # items: false
        {"cells": ["total", 3], "at": [1]},  # a point has both coordinates
    ):
        with pytest.raises(ValidationError):
            m.Row.model_validate(bad)


def test_what_is_not_rendered_is_a_warning_that_lint_lists(models: Generate) -> None:
    expected = [
        ("/components/schemas/Contact/allOf/1", "allof-part-not-object"),
        ("/components/schemas/Pet/discriminator", "discriminator-unused"),
        ("/components/schemas/Report/properties/attachment", "unknown-type"),
        ("/components/schemas/Report/properties/labels", "ignored-keyword"),
        ("/components/schemas/Report/properties/startedAt", "untyped-any"),
        ("/components/schemas/Report/properties/title", "ignored-keyword"),
        ("/paths/~1reports/post/callbacks/reportReady", "callback-skipped"),
        ("/paths/~1reports/post/requestBody/content/application~1xml", "media-type-unsupported"),
        ("/webhooks/ping/post", "webhook-skipped"),
    ]
    found = loaded("not-rendered")
    assert sorted((d.where.split("#", 1)[1], d.rule) for d in found.diagnostics) == expected
    report = lint(load_index(str(SPECS / "quirk-not-rendered.yaml")), frozenset(ALL_RULES))
    listed = sorted((d.where.split("#", 1)[1], d.rule, d.level) for d in report.diagnostics)
    assert listed == [(where, rule, "warning") for where, rule in expected]
    m = models("not-rendered")  # and the package is still whole
    report_model = m.Report.model_validate({"title": "", "startedAt": 5, "labels": {"y": 1}})
    assert report_model.started_at == 5  # no type: any value, as the warning says


@pytest.mark.parametrize(
    "name", sorted(p.stem[len("quirk-") :] for p in SPECS.glob("quirk-*.yaml"))
)
def test_every_example_of_a_quirk_spec_is_valid_for_its_models(models: Generate, name: str) -> None:
    m = models(name)
    schemas = loaded(name).index.root.contents["components"]["schemas"]
    examples = {key: schema["example"] for key, schema in schemas.items() if "example" in schema}
    assert examples, "every quirk spec shows its quirk with an example"
    for key, example in examples.items():
        target = getattr(m, key)
        if isinstance(target, type) and issubclass(target, pydantic.BaseModel):
            parsed = target.model_validate(example)
            assert parsed.model_dump(mode="json", exclude_unset=True) == example, key
        else:
            adapter: pydantic.TypeAdapter[object] = pydantic.TypeAdapter(target)
            value = adapter.validate_python(example, context={"unknown": "keep"})
            assert adapter.dump_python(value, mode="json") == example, key


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("amount", 19.99, True),
        ("amount", 12.5, True),
        ("amount", 3, True),
        ("amount", 19.995, False),
        ("rate", 0.0175, True),
        ("rate", 0.001, False),
        ("quantity", 15, True),
        ("quantity", 12, False),
        ("weight", 4.0, True),
        ("weight", 5, False),
    ],
)
def test_a_decimal_multiple_of_is_checked_on_the_decimal_the_payload_wrote(
    models: Generate, field: str, value: float, valid: bool
) -> None:

    payload = {"amount": 1, field: value}
    m = models("decimal-multiple-of")
    if valid:
        assert getattr(m.Price.model_validate(payload), field) == value
    else:
        with pytest.raises(pydantic.ValidationError, match="multiple of"):
            m.Price.model_validate(payload)
    schema = loaded("decimal-multiple-of").index.root.contents["components"]["schemas"]["Price"]
    assert compile_schema(schema, dialect="openapi-3.0").is_valid(payload) is valid
