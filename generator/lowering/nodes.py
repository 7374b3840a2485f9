"""What one schema node says, read without building anything: its kind, the constraints that
apply to it, its enum values, its prose, and which of its keywords the models cannot express."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.ir import (
    NO_CONSTRAINTS,
    Constraints,
    JsonValue,
    LiteralOf,
    Nullable,
    Primitive,
    PrimitiveKind,
    TypeExpr,
)

#: Keywords the models cannot express (the standalone validators check them): reported.
MODELS_IGNORE = frozenset(
    {
        "not",
        "if",
        "then",
        "else",
        "contains",
        "dependentRequired",
        "dependentSchemas",
        "dependencies",
        "patternProperties",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
#: Keywords that only mean something for a type: without one, the value is any and unchecked.
TYPED_KEYWORDS = frozenset(
    {"format", "minLength", "maxLength", "pattern", "minimum", "maximum", "multipleOf"}
)
_CONSTRAINT_KEYS = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "multipleOf": "multiple_of",
    "minItems": "min_items",
    "maxItems": "max_items",
    "uniqueItems": "unique_items",
    "minProperties": "min_properties",
    "maxProperties": "max_properties",
}
_APPLIES_TO = {
    "string": {"min_length", "max_length", "pattern"},
    "number": {"minimum", "maximum", "multiple_of", "exclusive_minimum", "exclusive_maximum"},
    "array": {"min_items", "max_items", "unique_items"},
    "object": {"min_properties", "max_properties"},
}
_APPLIES_TO["integer"] = _APPLIES_TO["number"]


def constraints(node: Mapping[str, Any], kind: str) -> Constraints:
    """The constraints that apply to values of `kind` (JSON Schema ignores the others)."""
    found: dict[str, Any] = {}
    for key, attribute in _CONSTRAINT_KEYS.items():
        if key in node and attribute in _APPLIES_TO.get(kind, ()):
            found[attribute] = node[key]
    if kind in ("number", "integer"):
        found.update(_exclusive_bounds(node))
    if found.get("unique_items") is not True:
        found.pop("unique_items", None)
    return Constraints(**found) if found else NO_CONSTRAINTS


def _exclusive_bounds(node: Mapping[str, Any]) -> dict[str, Any]:
    """Draft-4 (OpenAPI 3.0) booleans and 2020-12 numbers, as one numeric form."""
    bounds: dict[str, Any] = {}
    for keyword, attribute, limit in (
        ("exclusiveMinimum", "exclusive_minimum", "minimum"),
        ("exclusiveMaximum", "exclusive_maximum", "maximum"),
    ):
        value = node.get(keyword)
        if value is True and limit in node:
            bounds[attribute] = node[limit]
            bounds[limit] = None
        elif isinstance(value, int | float) and not isinstance(value, bool):
            bounds[attribute] = value
    return bounds


def implied_kind(node: Mapping[str, Any]) -> str | None:
    if "properties" in node or "additionalProperties" in node:
        return "object"
    if "items" in node or "prefixItems" in node:
        return "array"
    return None


def is_enum(node: Mapping[str, Any]) -> bool:
    enum = node.get("enum")
    return (
        isinstance(enum, list)
        and any(value is not None for value in enum)
        and all(isinstance(value, str | int | float | bool) or value is None for value in enum)
        and declared_kind(node) in (None, "string", "integer", "number", "boolean")
    )


def declared_kind(node: Mapping[str, Any]) -> Any:
    """`type`, read through a 3.1 type list (`[string, "null"]` is `string`; beside an `enum`
    the values say whether null is allowed)."""
    declared = node.get("type")
    if isinstance(declared, list):
        kinds = [kind for kind in declared if kind != "null"]
        return kinds[0] if len(kinds) == 1 else "null" if not kinds else "mixed"
    return declared


def enum_base(node: Mapping[str, Any], values: list[Any]) -> PrimitiveKind:
    declared = declared_kind(node)
    kind = declared if isinstance(declared, str) else json_kind(values[0]) if values else ""
    return ENUM_BASES.get(kind, "string")


ENUM_BASES: dict[str, PrimitiveKind] = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
}


def json_kind(value: Any) -> PrimitiveKind:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "null" if value is None else "string"


def literal(node: Mapping[str, Any]) -> TypeExpr:
    """An inline `enum` as a literal type (nullable when null is among its values)."""
    values = tuple(value for value in node["enum"] if value is not None)
    if not values:
        return Primitive("null")
    declared = declared_kind(node)
    base = ENUM_BASES.get(declared, "null") if isinstance(declared, str) else "null"
    found = LiteralOf(values, base=json_kind(values[0]) if base == "null" else base)
    return Nullable(found) if None in node["enum"] else found


def examples_of(node: Mapping[str, Any]) -> tuple[JsonValue, ...]:
    """`example`, then `x-examples` (3.0; see repairs.examples_in_30) or `examples` (3.1)."""
    listed = node.get("x-examples", node.get("examples"))
    examples = list(listed) if isinstance(listed, list) else []
    if "example" in node and node["example"] not in examples:
        examples.insert(0, node["example"])
    return tuple(examples)


def prose_of(node: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "description": node.get("description"),
        "deprecated": node.get("deprecated") is True,
        "examples": examples_of(node),
    }
