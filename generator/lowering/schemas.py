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
from generator.errors import Diagnostics
from generator.ir import (
    ANY,
    Alias,
    ArrayOf,
    Enum,
    EnumMember,
    Field,
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
from generator.lowering import composition
from generator.lowering.hints import Hint
from generator.lowering.nodes import (
    MODELS_IGNORE,
    TYPED_KEYWORDS,
    constraints,
    enum_base,
    examples_of,
    implied_kind,
    is_enum,
    json_kind,
    literal,
    prose_of,
)
from generator.refs import SpecIndex, join_pointer, reference_of

_PRIMITIVES: frozenset[str] = frozenset({"string", "integer", "number", "boolean", "null"})


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
        meta = prose_of(node)
        consts = composition.const_enum(node) if "$ref" not in node else None
        if consts is not None:  # an enum written as a oneOf/anyOf of consts
            values, nullable = consts
            node = {"enum": [*values, None] if nullable else values, "type": json_kind(values[0])}
        if is_enum(node):
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
        base = enum_base(node, values)
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
        undeclared = sorted(required - properties.keys())
        if undeclared:
            # Required but never declared: the key must be there, of any type.
            self.diagnostics.warn(
                self.index.display(join_pointer(location, "required")),
                "required-undeclared",
                f"required {', '.join(map(repr, undeclared))} not among the properties; "
                "a required field of any type",
            )
            where = join_pointer(location, "required")
            properties = {**properties, **{name: ({}, where) for name in undeclared}}
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
            examples=examples_of(node),
            source=location,
        )

    def inline_model(self, node: Mapping[str, Any], location: str, hint: Hint) -> Ref:
        """An inline object with properties becomes a class named from its path."""
        if location not in self.names:
            self.names[location] = self.scope.claim_first(
                naming.inline_class_names(hint.parent, *hint.parts)
            )
            meta = prose_of(node)
            self.built[location] = self.model(location, self.names[location], node, meta)
        return Ref(location)

    # -- type expressions ------------------------------------------------------------------

    @staticmethod
    def kind_of(value: Any) -> PrimitiveKind:
        return json_kind(value)

    def type_of(self, node: Any, location: str, hint: Hint) -> TypeExpr:
        """The type a schema object describes."""
        if not isinstance(node, dict):
            return ANY  # `true` / `{}`-like schemas
        ref = reference_of(node)  # `$ref`, or a 3.1 `$dynamicRef` to the same effect
        if ref is not None:
            return self.ref_type(ref, location, hint)
        if not MODELS_IGNORE.isdisjoint(node):
            ignored = ", ".join(sorted(MODELS_IGNORE.intersection(node)))
            self.diagnostics.warn(
                self.index.display(location),
                "ignored-keyword",
                f"the models do not check {ignored} (the validators do)",
            )
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
            return LiteralOf((node["const"],), base=json_kind(node["const"]))
        if isinstance(node.get("enum"), list) and node["enum"]:
            return literal(node)
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

    def array(self, node: Mapping[str, Any], location: str, hint: Hint) -> ArrayOf:
        items = node.get("items")
        item_type = self.type_of(items, join_pointer(location, "items"), hint.child("Item"))
        prefix = node.get("prefixItems")
        if not isinstance(prefix, list) or not prefix:
            return ArrayOf(item_type, constraints(node, "array"))
        where = join_pointer(location, "prefixItems")
        positional = tuple(
            self.type_of(part, join_pointer(where, position), hint.child(f"Item{position + 1}"))
            for position, part in enumerate(prefix)
        )
        return ArrayOf(item_type, constraints(node, "array"), positional, closed=items is False)

    def single_type(
        self, node: Mapping[str, Any], kind: Any, location: str, hint: Hint
    ) -> TypeExpr:
        if kind is None:
            kind = implied_kind(node)
        if kind == "array":
            return self.array(node, location, hint)
        if kind == "object":
            if isinstance(node.get("properties"), dict) and node["properties"]:
                return self.inline_model(node, location, hint)
            extra = self.extra_type(node.get("additionalProperties"), location, hint)
            return MapOf(extra or ANY, constraints(node, "object"))
        if kind in _PRIMITIVES:
            return Primitive(kind, node.get("format"), constraints(node, kind))
        self.any_fallback(node, kind, location)
        return ANY

    def any_fallback(self, node: Mapping[str, Any], kind: Any, location: str) -> None:
        """Say so when a schema that states something becomes `Any` in the models."""
        where = self.index.display(location)
        if kind is not None:
            self.diagnostics.warn(
                where, "unknown-type", f"type {kind!r} is not a JSON type; any value"
            )
            return
        stated = sorted(TYPED_KEYWORDS.intersection(node))
        if stated:
            self.diagnostics.warn(
                where,
                "untyped-any",
                f"no type: any value, and the models do not check {', '.join(stated)}",
            )


def _is_object(node: Mapping[str, Any]) -> bool:
    if any(key in node for key in ("oneOf", "anyOf")) or reference_of(node) is not None:
        return False
    if "allOf" in node:
        return composition.all_of_is_object(node)
    return node.get("type") == "object" or "properties" in node
