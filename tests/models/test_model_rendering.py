"""Models from small inline specs: one behaviour each (nullable, patterns, implied tags,
recursion, named unions and enums, deprecation, untagged unions)."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import ValidationError

from tests.conftest import minimal_spec
from tests.models.packages import generate_models, import_models

_NAMES = itertools.count()


def models_of(tmp_path: Path, schemas: dict[str, Any]) -> ModuleType:
    package = f"inline_models_{next(_NAMES)}"
    out = generate_models(minimal_spec(schemas), tmp_path / package, package)
    return import_models(out, package)


def test_a_nullable_field_keeps_an_explicit_null(tmp_path: Path) -> None:
    models = models_of(
        tmp_path,
        {"Note": {"type": "object", "properties": {"text": {"type": "string", "nullable": True}}}},
    )
    note = models.Note.model_validate({"text": None})
    assert note.model_dump(exclude_unset=True) == {"text": None}
    assert models.Note.model_validate({}).model_dump(exclude_unset=True) == {}


def test_javascript_patterns_are_translated(tmp_path: Path) -> None:
    properties = {
        "slug": {"type": "string", "pattern": "/^[a-zA-Z][a-zA-Z0-9_]*$/"},
        "word": {"type": "string", "pattern": "/^\\p{L}+$/u"},
        "digits": {"type": "string", "pattern": "^\\d+$"},
    }
    models = models_of(tmp_path, {"Tag": {"type": "object", "properties": properties}})
    ok = models.Tag.model_validate({"slug": "abc_1", "word": "Grüße", "digits": "42"})
    assert ok.slug == "abc_1"
    for bad in ({"slug": "1abc"}, {"word": "x1"}, {"digits": "٤٢"}):  # JS \d is ASCII only
        with pytest.raises(ValidationError, match="String should match pattern"):
            models.Tag.model_validate(bad)


def test_a_union_writes_the_tag_its_variants_do_not_declare(tmp_path: Path) -> None:
    schemas = {
        "Sms": {"type": "object", "properties": {"to": {"type": "string"}}},
        "Fax": {"type": "object", "properties": {"pages": {"type": "integer"}}},
        "Outbox": {
            "type": "object",
            "properties": {
                "item": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Sms"},
                        {"$ref": "#/components/schemas/Fax"},
                    ],
                    "discriminator": {
                        "propertyName": "channel",
                        "mapping": {
                            "sms": "#/components/schemas/Sms",
                            "fax": "#/components/schemas/Fax",
                        },
                    },
                }
            },
        },
    }
    models = models_of(tmp_path, schemas)
    outbox = models.Outbox(item=models.Sms(to="+14155550100"))
    assert outbox.model_dump(exclude_unset=True) == {
        "item": {"channel": "sms", "to": "+14155550100"}
    }
    parsed = models.Outbox.model_validate({"item": {"channel": "fax", "pages": 2}})
    assert isinstance(parsed.item, models.Fax)
    assert parsed.model_dump(exclude_unset=True) == {"item": {"channel": "fax", "pages": 2}}


def test_a_recursive_model_validates_nested_levels(tmp_path: Path) -> None:
    schemas = {
        "Folder": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Folder"}},
            },
        }
    }
    models = models_of(tmp_path, schemas)
    tree = {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}
    folder = models.Folder.model_validate(tree)
    assert folder.children[0].children[0].name == "c"
    assert folder.model_dump(exclude_unset=True) == tree
    with pytest.raises(ValidationError) as raised:
        models.Folder.model_validate({"name": "a", "children": [{"children": []}]})
    assert [e["loc"] for e in raised.value.errors()] == [("children", 0, "name")]


def test_named_enums_and_unions_are_type_aliases(tmp_path: Path) -> None:
    schemas = {
        "Color": {"type": "string", "enum": ["red", "green"]},
        "Amount": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
        "Paint": {
            "type": "object",
            "properties": {
                "color": {"$ref": "#/components/schemas/Color"},
                "amount": {"$ref": "#/components/schemas/Amount"},
            },
        },
    }
    models = models_of(tmp_path, schemas)
    paint = models.Paint.model_validate({"color": "red", "amount": "2 l"})
    assert (paint.color, paint.amount) == ("red", "2 l")
    assert models.Paint.model_validate({"color": "teal"}).color == "teal"  # kept when parsing
    with pytest.raises(ValidationError):
        models.Paint(color="teal")
    with pytest.raises(ValidationError):
        models.Paint(amount=2.5)


def test_deprecated_fields_warn_on_access(tmp_path: Path) -> None:
    schemas = {
        "Old": {"type": "object", "properties": {"legacy": {"type": "string", "deprecated": True}}}
    }
    models = models_of(tmp_path, schemas)
    old = models.Old(legacy="x")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert old.legacy == "x"
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)


def test_untagged_object_unions_pick_the_best_fitting_member(tmp_path: Path) -> None:
    schemas = {
        "Short": {"type": "object", "properties": {"a": {"type": "string"}}},
        "Long": {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        },
        "Holder": {
            "type": "object",
            "properties": {
                "value": {
                    "anyOf": [
                        {"$ref": "#/components/schemas/Short"},
                        {"$ref": "#/components/schemas/Long"},
                    ]
                }
            },
        },
    }
    models = models_of(tmp_path, schemas)
    assert type(models.Holder.model_validate({"value": {"a": "1"}}).value).__name__ == "Short"
    assert (
        type(models.Holder.model_validate({"value": {"a": "1", "b": "2"}}).value).__name__ == "Long"
    )
