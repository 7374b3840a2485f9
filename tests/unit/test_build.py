"""Spec fragments → IR values, one behaviour per test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from generator.ir import (
    ANY,
    ArrayOf,
    Constraints,
    Discriminator,
    Enum,
    ImpliedTag,
    LiteralOf,
    MapOf,
    Model,
    Nullable,
    Primitive,
    Ref,
    UnionOf,
)
from generator.pipeline import Loaded
from tests.conftest import minimal_spec

Build = Callable[..., Loaded]
S = "#/components/schemas/"


def model(loaded: Loaded, name: str) -> Model:
    found = loaded.api.schema(S + name)
    assert isinstance(found, Model)
    return found


def field_type(loaded: Loaded, schema: str, wire: str) -> Any:
    return next(f for f in model(loaded, schema).fields if f.wire_name == wire).type


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def tagged(value: str, prop: str = "type") -> dict[str, Any]:
    return obj(**{prop: {"type": "string", "enum": [value]}, "x": {"type": "string"}})


def test_fields_keep_spec_order_wire_names_and_metadata(build: Build) -> None:
    loaded = build(
        minimal_spec(
            {
                "A": {
                    "type": "object",
                    "required": ["zLast"],
                    "properties": {
                        "zLast": {
                            "type": "string",
                            "maxLength": 40,
                            "description": "d",
                            "example": "ex",
                        },
                        "aFirst": {
                            "type": "integer",
                            "default": 3,
                            "deprecated": True,
                            "readOnly": True,
                        },
                    },
                }
            }
        )
    )
    a = model(loaded, "A")
    assert [(f.wire_name, f.py_name, f.required) for f in a.fields] == [
        ("zLast", "z_last", True),
        ("aFirst", "a_first", False),
    ]
    z, first = a.fields
    assert z.type == Primitive("string", None, Constraints(max_length=40))
    assert (z.description, z.examples) == ("d", ("ex",))
    assert (first.has_default, first.default, first.deprecated, first.read_only) == (
        True,
        3,
        True,
        True,
    )
    assert a.extra == ANY


def test_single_ref_allof_is_the_ref_and_keeps_the_wrapper_description(build: Build) -> None:
    loaded = build(
        minimal_spec(
            {
                "Server": obj(url={"type": "string"}),
                "A": obj(
                    server={"description": "where webhooks go", "allOf": [{"$ref": S + "Server"}]}
                ),
            }
        )
    )
    server = model(loaded, "A").fields[0]
    assert server.type == Ref(S + "Server")
    assert server.description == "where webhooks go"
    assert {s.class_name for s in loaded.api.schemas} == {"A", "Server"}


def test_allof_of_several_parts_merges_and_reports_conflicts(build: Build) -> None:
    loaded = build(
        minimal_spec(
            {
                "Base": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}},
                },
                "Child": {
                    "allOf": [
                        {"$ref": S + "Base"},
                        {
                            "type": "object",
                            "properties": {"id": {"type": "integer"}, "n": {"type": "number"}},
                        },
                    ]
                },
            }
        )
    )
    child = model(loaded, "Child")
    assert [(f.wire_name, f.required) for f in child.fields] == [("id", True), ("n", False)]
    assert child.fields[0].type == Primitive("integer")
    assert [d.rule for d in loaded.diagnostics] == ["allof-conflict"]


def test_explicit_discriminator_with_and_without_mapping(build: Build) -> None:
    plain = {"type": "object", "properties": {"kind": {"type": "string"}}}
    loaded = build(
        minimal_spec(
            {
                "Bird": plain,
                "Fish": plain,
                "Mapped": {
                    "oneOf": [{"$ref": S + "Bird"}, {"$ref": S + "Fish"}],
                    "discriminator": {
                        "propertyName": "kind",
                        "mapping": {"b": S + "Bird", "fish": "Fish"},
                    },
                },
                "Unmapped": {
                    "oneOf": [{"$ref": S + "Bird"}, {"$ref": S + "Fish"}],
                    "discriminator": {"propertyName": "kind"},
                },
            }
        )
    )
    mapped = loaded.api.schema(S + "Mapped").type  # type: ignore[union-attr]
    assert mapped.discriminator == Discriminator("kind", (("b", S + "Bird"), ("fish", S + "Fish")))
    assert [v.tags for v in mapped.variants] == [("b",), ("fish",)]
    unmapped = loaded.api.schema(S + "Unmapped").type  # type: ignore[union-attr]
    assert unmapped.discriminator.mapping == (("Bird", S + "Bird"), ("Fish", S + "Fish"))


def test_values_a_member_declares_win_over_its_mapping_and_schema_name(build: Build) -> None:
    """A member whose tag property is an enum can only carry those values (Vapi maps
    `elevenlabs` to a member whose `provider` is `11labs`)."""
    loaded = build(
        minimal_spec(
            {
                "Cat": tagged("cat", "kind"),
                "Dog": tagged("dog", "kind"),
                "Mapped": {
                    "oneOf": [{"$ref": S + "Cat"}, {"$ref": S + "Dog"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"c": S + "Cat"}},
                },
            }
        )
    )
    mapped = loaded.api.schema(S + "Mapped").type  # type: ignore[union-attr]
    assert mapped.discriminator.mapping == (("cat", S + "Cat"), ("dog", S + "Dog"))


def test_discriminator_is_inferred_from_single_valued_properties(build: Build) -> None:
    loaded = build(
        minimal_spec(
            {
                "Number": tagged("number"),
                "Sip": tagged("sip"),
                "A": obj(
                    dest={
                        "oneOf": [
                            {"$ref": S + "Number", "title": "NumberDest"},
                            {"$ref": S + "Sip"},
                        ]
                    }
                ),
            }
        )
    )
    union = field_type(loaded, "A", "dest")
    assert isinstance(union, UnionOf)
    assert union.discriminator == Discriminator(
        "type", (("number", S + "Number"), ("sip", S + "Sip")), inferred=True
    )
    assert [(v.label, v.tags) for v in union.variants] == [
        ("NumberDest", ("number",)),
        (None, ("sip",)),
    ]


def test_untagged_union_says_why(build: Build) -> None:
    loaded = build(
        minimal_spec({"A": obj(v={"oneOf": [{"type": "string"}, {"type": "array", "items": {}}]})})
    )
    union = field_type(loaded, "A", "v")
    assert isinstance(union, UnionOf) and union.discriminator is None
    assert union.untagged_reason == "not every variant is a reference to a named object schema"
    assert union.source == S + "A/properties/v"


def test_variants_without_the_discriminator_property_get_implied_tags(build: Build) -> None:
    """The seed's case: the PATCH body's variants do not declare `provider`."""
    body = {
        "oneOf": [{"$ref": S + "UpdateByo"}, {"$ref": S + "UpdateTwilio"}],
        "discriminator": {
            "propertyName": "provider",
            "mapping": {"byo-phone-number": S + "UpdateByo", "twilio": S + "UpdateTwilio"},
        },
    }
    spec = minimal_spec(
        {"UpdateByo": obj(name={"type": "string"}), "UpdateTwilio": obj(sid={"type": "string"})}
    )
    spec["paths"] = {
        "/phone-number/{id}": {
            "patch": {
                "operationId": "PhoneNumberController_update",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {"content": {"application/json": {"schema": body}}},
                "responses": {"200": {"description": "ok"}},
            }
        }
    }
    loaded = build(spec)
    assert model(loaded, "UpdateByo").implied_tags == (
        ImpliedTag(
            property_name="provider",
            value="byo-phone-number",
            union_source="#/paths/~1phone-number~1{id}/patch/requestBody/content/application~1json/schema",
        ),
    )
    assert [f.wire_name for f in model(loaded, "UpdateByo").fields] == ["name"]


def test_nullable_30_and_type_null_31_are_one_concept(build: Build) -> None:
    v30 = build(minimal_spec({"A": obj(x={"type": "string", "nullable": True})}))
    spec31 = minimal_spec({"A": obj(x={"type": ["string", "null"]})}, openapi="3.1.0")
    v31 = build(spec31)
    assert field_type(v30, "A", "x") == field_type(v31, "A", "x") == Nullable(Primitive("string"))


def test_inline_objects_get_path_names_and_inline_enums_are_literals(build: Build) -> None:
    loaded = build(
        minimal_spec(
            {
                "Owner": obj(
                    pets={"type": "array", "items": obj(name={"type": "string"})},
                    size={"type": "string", "enum": ["s", "m"]},
                    meta={"type": "object", "additionalProperties": {"type": "integer"}},
                    free={"type": "object"},
                )
            }
        )
    )
    assert field_type(loaded, "Owner", "pets") == ArrayOf(Ref(S + "Owner/properties/pets/items"))
    assert loaded.api.schema(S + "Owner/properties/pets/items").class_name == "OwnerPetsItem"
    assert field_type(loaded, "Owner", "size") == LiteralOf(("s", "m"))
    assert field_type(loaded, "Owner", "meta") == MapOf(Primitive("integer"))
    assert field_type(loaded, "Owner", "free") == MapOf(ANY)


def test_component_enum_and_draft4_exclusive_bounds(build: Build) -> None:
    loaded = build(
        minimal_spec(
            {
                "Color": {"type": "string", "enum": ["red", "dark-blue"]},
                "A": obj(
                    n={"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 9}
                ),
            }
        )
    )
    color = loaded.api.schema(S + "Color")
    assert isinstance(color, Enum)
    assert [(m.py_name, m.value) for m in color.members] == [
        ("RED", "red"),
        ("DARK_BLUE", "dark-blue"),
    ]
    assert field_type(loaded, "A", "n").constraints == Constraints(exclusive_minimum=0, maximum=9)


def test_recursive_schemas_are_refs(build: Build) -> None:
    loaded = build(
        minimal_spec({"Node": obj(children={"type": "array", "items": {"$ref": S + "Node"}})})
    )
    assert field_type(loaded, "Node", "children") == ArrayOf(Ref(S + "Node"))


def test_an_unrelated_schema_renames_nothing(build: Build) -> None:
    base = {"A": obj(x=obj(y={"type": "string"})), "B": {"type": "string", "enum": ["a", "b"]}}
    before = {s.id: s.class_name for s in build(minimal_spec(base)).api.schemas}
    added = {**base, "Aardvark": obj(z=obj(q={"type": "string"})), "Zebra": {"type": "string"}}
    after = {s.id: s.class_name for s in build(minimal_spec(added)).api.schemas}
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(after) == len(before) + 3


def test_a_component_keeps_its_verbatim_name_over_an_inline_class(build: Build) -> None:
    """Components are named first: on an exact clash, the inline class yields."""
    loaded = build(
        minimal_spec({"A": obj(x=obj(y={"type": "string"})), "AX": obj(z={"type": "string"})})
    )
    names = {s.id: s.class_name for s in loaded.api.schemas}
    assert names[S + "AX"] == "AX"
    assert names[S + "A/properties/x"] == "AX2"


REPAIR_CASES: list[tuple[str, dict[str, Any], str, Any]] = [
    ("js-regex-literal", {"type": "string", "pattern": "/^[a-z]+$/u"}, "pattern", "^[a-z]+$"),
    ("placeholder-pattern", {"type": "string", "pattern": "ORG_ROLE_PATTERN"}, "pattern", None),
    ("untranslatable-pattern", {"type": "string", "pattern": "(unclosed"}, "pattern", None),
    ("enum-type", {"type": "enum", "enum": ["off", "office"]}, "type", "string"),
    ("empty-enum", {"type": "string", "enum": []}, "enum", None),
    (
        "array-enum-on-items",
        {"type": "array", "enum": ["a", "b"], "items": {"type": "string"}},
        "items",
        {"type": "string", "enum": ["a", "b"]},
    ),
    ("object-typed-enum", {"type": "object", "enum": ["fixed", "exponential"]}, "type", "string"),
    (
        "open-enum",
        {"oneOf": [{"type": "string", "enum": ["nova-2"]}, {"type": "string"}]},
        "anyOf",
        [{"type": "string", "enum": ["nova-2"]}, {"type": "string"}],
    ),
    ("default-type-mismatch", {"type": "string", "default": ["a"]}, "default", None),
    ("examples-in-3.0", {"type": "string", "examples": ["a", "b"]}, "x-examples", ["a", "b"]),
    ("null-type-in-3.0", {"oneOf": [{"type": "string"}, {"type": "null"}]}, "nullable", True),
]


@pytest.mark.parametrize(
    ("rule", "schema", "key", "expected"), REPAIR_CASES, ids=[case[0] for case in REPAIR_CASES]
)
def test_each_repair_rule(
    build: Build, rule: str, schema: dict[str, Any], key: str, expected: Any
) -> None:
    loaded = build(minimal_spec({"A": obj(p=schema)}))
    repaired = loaded.index.node_at(S + "A/properties/p")
    assert repaired.get(key) == expected
    assert [(d.rule, d.where) for d in loaded.diagnostics] == [
        (rule, "spec.json#/components/schemas/A/properties/p")
    ]
    untouched = build(minimal_spec({"A": obj(p=schema)}), repairs=frozenset())
    assert untouched.index.node_at(S + "A/properties/p") == schema
    assert untouched.diagnostics == ()


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "enum", "enum": [1, 2]}, {"type": "integer", "enum": [1, 2]}),
        ({"type": "enum", "enum": [1, 2.5]}, {"type": "number", "enum": [1, 2.5]}),
        ({"type": "enum", "enum": ["a", 1]}, {"enum": ["a", 1]}),
        (
            {"type": ["enum", "null"], "enum": ["a", None]},
            {"type": ["string", "null"], "enum": ["a", None]},
        ),
        ({"type": "file"}, {"type": "string", "format": "binary"}),
        ({"type": ["file", "null"]}, {"type": ["string", "null"], "format": "binary"}),
        ({"type": "text", "maxLength": 3}, {"maxLength": 3}),
    ],
)
def test_types_that_are_not_json_types(
    build: Build, schema: dict[str, Any], expected: dict[str, Any]
) -> None:
    spec = minimal_spec({"A": obj(p=schema)})
    spec["openapi"] = "3.1.0"
    loaded = build(spec)
    assert loaded.index.node_at(S + "A/properties/p") == expected
    assert {d.rule for d in loaded.diagnostics} <= {"enum-type", "unknown-type", "untyped-any"}
    unrepaired = build(spec, repairs=frozenset())
    if schema.get("type") in ("file", "text"):  # the models say what they make of it
        assert [d.rule for d in unrepaired.diagnostics] == ["unknown-type"]


def test_open_enum_is_an_open_literal(build: Build) -> None:
    loaded = build(
        minimal_spec(
            {
                "A": obj(
                    model={
                        "oneOf": [
                            {"type": "string", "enum": ["nova-2", "nova-3"]},
                            {"type": "string"},
                        ]
                    }
                )
            }
        )
    )
    assert field_type(loaded, "A", "model") == LiteralOf(("nova-2", "nova-3"), open=True)


def test_overlapping_object_branches_become_anyof_and_stay_untagged(build: Build) -> None:
    message = {
        "type": "object",
        "required": ["role"],
        "properties": {"role": {"type": "string"}, "message": {"type": "string"}},
    }
    loaded = build(
        minimal_spec(
            {
                "UserMessage": message,
                "BotMessage": message,
                "A": obj(
                    messages={
                        "type": "array",
                        "items": {
                            "oneOf": [{"$ref": S + "UserMessage"}, {"$ref": S + "BotMessage"}]
                        },
                    }
                ),
            }
        )
    )
    assert [d.rule for d in loaded.diagnostics] == ["overlapping-one-of"]
    union = field_type(loaded, "A", "messages").item
    assert union.mode == "anyOf" and union.discriminator is None


def test_tagged_object_branches_are_not_overlapping(build: Build) -> None:
    loaded = build(
        minimal_spec(
            {
                "X": tagged("x"),
                "Y": tagged("y"),
                "A": obj(v={"oneOf": [{"$ref": S + "X"}, {"$ref": S + "Y"}]}),
            }
        )
    )
    assert loaded.diagnostics == ()
    assert field_type(loaded, "A", "v").mode == "oneOf"


def test_repairs_inside_a_repaired_union_are_kept(build: Build) -> None:
    """Child repairs (empty enum) survive the parent's (oneOf → anyOf)."""
    loaded = build(
        minimal_spec(
            {"A": obj(voice={"oneOf": [{"type": "string", "enum": []}, {"type": "string"}]})}
        )
    )
    node = loaded.index.node_at(S + "A/properties/voice")
    assert node == {"anyOf": [{"type": "string"}, {"type": "string"}]}
    assert sorted(d.rule for d in loaded.diagnostics) == ["empty-enum", "open-enum"]


def operation_spec(parameters: list[dict[str, Any]], path: str = "/call/{id}") -> dict[str, Any]:
    return minimal_spec(
        {},
        paths={
            path: {
                "delete": {
                    "operationId": "CallController_deleteCallData",
                    "tags": ["Calls"],
                    "parameters": parameters,
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    )


def test_undeclared_path_parameter_is_inferred_as_a_string(build: Build) -> None:
    loaded = build(operation_spec([]))
    (operation,) = loaded.api.operations
    assert (operation.resource, operation.py_name) == ("calls", "delete_call_data")
    assert [(p.wire_name, p.location, p.required, p.type) for p in operation.parameters] == [
        ("id", "path", True, Primitive("string"))
    ]
    assert [d.rule for d in loaded.diagnostics] == ["undeclared-path-parameter"]


def test_parameter_schema_keywords_move_into_schema(build: Build) -> None:
    spec = operation_spec(
        [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "overrides", "in": "query", "schema": {}, "allOf": [{"$ref": S + "O"}]},
        ]
    )
    spec["components"]["schemas"]["O"] = obj(a={"type": "string"})
    loaded = build(spec)
    (operation,) = loaded.api.operations
    assert operation.parameters[1].type == Ref(S + "O")
    assert [d.rule for d in loaded.diagnostics] == ["parameter-schema-keywords"]
