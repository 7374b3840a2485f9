"""Phase 2 of building the IR: schema objects → type expressions and named schemas.

One `SchemaBuilder` lives for one build. It reads the (repaired) documents through the index,
turns every `$ref` to a named schema into `Ref(target)`, and gives inline objects that need a
class a name from their path (parent class + property). OpenAPI 3.0 quirks are handled here and
in `composition.py`, each where it arises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import naming
from generator.build import composition
from generator.errors import Diagnostics
from generator.ir import (
    ANY,
    NO_CONSTRAINTS,
    Alias,
    ArrayOf,
    Constraints,
    Enum,
    EnumMember,
    Field,
    JsonValue,
    LiteralOf,
    MapOf,
    Model,
    NamedSchema,
    Nullable,
    Primitive,
    PrimitiveKind,
    Ref,
    TypeExpr,
)
from generator.refs import SpecIndex, join_pointer

_PRIMITIVES: frozenset[str] = frozenset({"string", "integer", "number", "boolean", "null"})
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


@dataclass(frozen=True, slots=True)
class Hint:
    """Where an inline schema sits, for naming its class: the parent class and the path."""

    parent: str
    parts: tuple[str, ...] = ()

    def child(self, *parts: str) -> Hint:
        return Hint(self.parent, (*self.parts, *parts))


@dataclass(slots=True)
class SchemaBuilder:
    index: SpecIndex
    diagnostics: Diagnostics
    names: dict[str, str]  #: location → class name of every named schema (declared up front)
    scope: naming.NameScope  #: class names taken so far
    built: dict[str, NamedSchema] = field(default_factory=dict)
    _building: set[str] = field(default_factory=set)

    # -- named schemas -------------------------------------------------------------------

    def build_named(self, location: str) -> None:
        """Build the named schema at `location` (once), and everything it needs."""
        if location in self.built or location in self._building:
            return
        self._building.add(location)
        node = self.index.node_at(location)
        self.built[location] = self.named_schema(location, self.names[location], node)
        self._building.discard(location)

    def named_schema(self, location: str, class_name: str, node: Any) -> NamedSchema:
        if not isinstance(node, dict):
            return Alias(id=location, class_name=class_name, type=ANY, source=location)
        meta = _meta(node)
        if _is_enum(node):
            return self.enum(location, class_name, node, meta)
        if _is_object(node):
            return self.model(location, class_name, node, meta)
        type_ = self.type_of(node, location, Hint(class_name))
        return Alias(id=location, class_name=class_name, type=type_, source=location, **meta)

    def enum(self, location: str, class_name: str, node: Mapping[str, Any], meta: Any) -> Enum:
        values = [value for value in node["enum"] if value is not None]
        scope = naming.NameScope()
        members = tuple(
            EnumMember(py_name=scope.claim(naming.enum_member_name(value)), value=value)
            for value in values
        )
        nullable = node.get("nullable") is True or None in node["enum"]
        base = _enum_base(node, values)
        return Enum(
            id=location,
            class_name=class_name,
            base=base,
            members=members,
            nullable=nullable,
            source=location,
            **meta,
        )

    def model(self, location: str, class_name: str, node: Mapping[str, Any], meta: Any) -> Model:
        properties, required, extra_node = composition.object_parts(self, node, location)
        scope = naming.NameScope()
        fields = tuple(
            self.field(Hint(class_name), wire, prop_node, prop_location, wire in required, scope)
            for wire, (prop_node, prop_location) in properties.items()
        )
        extra = self.extra_type(extra_node, location, Hint(class_name))
        return Model(
            id=location, class_name=class_name, fields=fields, extra=extra, source=location, **meta
        )

    def extra_type(self, extra_node: Any, location: str, hint: Hint) -> TypeExpr | None:
        if extra_node is False:
            return None
        if isinstance(extra_node, dict) and extra_node:
            return self.type_of(
                extra_node, join_pointer(location, "additionalProperties"), hint.child("Value")
            )
        return ANY

    def field(
        self,
        hint: Hint,
        wire: str,
        node: Any,
        location: str,
        required: bool,
        scope: naming.NameScope,
    ) -> Field:
        node = node if isinstance(node, dict) else {}
        type_ = self.type_of(node, location, hint.child(wire))
        return Field(
            wire_name=wire,
            py_name=scope.claim(naming.field_name(wire)),
            type=type_,
            required=required,
            has_default="default" in node,
            default=node.get("default"),
            description=node.get("description"),
            deprecated=node.get("deprecated") is True,
            read_only=node.get("readOnly") is True,
            write_only=node.get("writeOnly") is True,
            examples=_examples(node),
            source=location,
        )

    def inline_model(self, node: Mapping[str, Any], location: str, hint: Hint) -> Ref:
        """An inline object with properties becomes a class named from its path."""
        if location not in self.names:
            self.names[location] = self.scope.claim(
                naming.inline_class_name(hint.parent, *hint.parts)
            )
            meta = _meta(node)
            self.built[location] = self.model(location, self.names[location], node, meta)
        return Ref(location)

    # -- type expressions ------------------------------------------------------------------

    def type_of(self, node: Any, location: str, hint: Hint) -> TypeExpr:
        """The type a schema object describes."""
        if not isinstance(node, dict):
            return ANY  # `true` / `{}`-like schemas
        if isinstance(node.get("$ref"), str):
            return self.ref_type(node["$ref"], location, hint)
        type_ = self.bare_type(node, location, hint)
        if node.get("nullable") is True and not isinstance(type_, Nullable):
            return Nullable(type_)
        return type_

    def ref_type(self, ref: str, location: str, hint: Hint) -> TypeExpr:
        target = self.index.target_of(ref, at=location)
        if target in self.names:
            self.build_named(target)
            return Ref(target)
        # A ref to a schema that is not named (e.g. into a path's body): build it in place.
        if target in self._building:
            self.diagnostics.warn(
                self.index.display(location),
                "unnamed-recursive-ref",
                "recursive $ref to an unnamed schema; typed as any value",
            )
            return ANY
        self._building.add(target)
        try:
            return self.type_of(self.index.resolve(ref, at=location).node, target, hint)
        finally:
            self._building.discard(target)

    def bare_type(self, node: Mapping[str, Any], location: str, hint: Hint) -> TypeExpr:
        if "allOf" in node:
            return composition.all_of(self, node, location, hint)
        if "oneOf" in node or "anyOf" in node:
            return composition.union(self, node, location, hint)
        if "const" in node:
            return LiteralOf((node["const"],), base=_json_kind(node["const"]))
        if isinstance(node.get("enum"), list) and node["enum"]:
            return _literal(node)
        kinds = node.get("type")
        if isinstance(kinds, list):
            return self.type_list(node, kinds, location, hint)
        return self.single_type(node, kinds, location, hint)

    def type_list(
        self, node: Mapping[str, Any], kinds: list[Any], location: str, hint: Hint
    ) -> TypeExpr:
        """OpenAPI 3.1 `type: [string, "null"]`: the same IR as 3.0's `nullable`."""
        non_null = [kind for kind in kinds if kind != "null"]
        options = [self.single_type(node, kind, location, hint) for kind in non_null]
        inner = options[0] if len(options) == 1 else composition.plain_union(options, location)
        return Nullable(inner) if "null" in kinds else inner

    def single_type(
        self, node: Mapping[str, Any], kind: Any, location: str, hint: Hint
    ) -> TypeExpr:
        if kind is None:
            kind = _implied_kind(node)
        if kind == "array":
            items = node.get("items")
            item_type = self.type_of(items, join_pointer(location, "items"), hint.child("Item"))
            return ArrayOf(item_type, constraints(node, "array"))
        if kind == "object":
            if isinstance(node.get("properties"), dict) and node["properties"]:
                return self.inline_model(node, location, hint)
            extra = self.extra_type(node.get("additionalProperties"), location, hint)
            return MapOf(extra or ANY, constraints(node, "object"))
        if kind in _PRIMITIVES:
            return Primitive(kind, node.get("format"), constraints(node, kind))
        return ANY


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


def _implied_kind(node: Mapping[str, Any]) -> str | None:
    if "properties" in node or "additionalProperties" in node:
        return "object"
    if "items" in node:
        return "array"
    return None


def _is_enum(node: Mapping[str, Any]) -> bool:
    enum = node.get("enum")
    return (
        isinstance(enum, list)
        and any(value is not None for value in enum)
        and all(isinstance(value, str | int | float | bool) or value is None for value in enum)
        and node.get("type") in (None, "string", "integer", "number", "boolean")
    )


def _is_object(node: Mapping[str, Any]) -> bool:
    if any(key in node for key in ("oneOf", "anyOf", "$ref")):
        return False
    if "allOf" in node:
        return composition.all_of_is_object(node)
    return node.get("type") == "object" or "properties" in node


def _enum_base(node: Mapping[str, Any], values: list[Any]) -> PrimitiveKind:
    declared = node.get("type")
    kind = declared if isinstance(declared, str) else _json_kind(values[0]) if values else ""
    return _ENUM_BASES.get(kind, "string")


_ENUM_BASES: dict[str, PrimitiveKind] = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
}


def _json_kind(value: Any) -> PrimitiveKind:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "null" if value is None else "string"


def _literal(node: Mapping[str, Any]) -> TypeExpr:
    values = tuple(value for value in node["enum"] if value is not None)
    if not values:
        return Primitive("null")
    declared = node.get("type")
    # A 3.1 `type: [string, "null"]` list is not hashable: only a single name can be the base.
    base = declared if not isinstance(declared, list) and declared in _PRIMITIVES else None
    literal = LiteralOf(values, base=base or _json_kind(values[0]))
    return Nullable(literal) if None in node["enum"] else literal


def _examples(node: Mapping[str, Any]) -> tuple[JsonValue, ...]:
    """`example`, then `x-examples` (3.0; see repairs.examples_in_30) or `examples` (3.1)."""
    listed = node.get("x-examples", node.get("examples"))
    examples = list(listed) if isinstance(listed, list) else []
    if "example" in node and node["example"] not in examples:
        examples.insert(0, node["example"])
    return tuple(examples)


def _meta(node: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "description": node.get("description"),
        "deprecated": node.get("deprecated") is True,
        "examples": _examples(node),
    }
