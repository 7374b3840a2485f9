"""`allOf`, `oneOf` and `anyOf`: merged objects, unions and their discriminators.

- `allOf` of one `$ref` (797 of them in the Vapi spec) is that reference, and so is one beside
  parts that only annotate it (`{example: …}`); the wrapper's own description stays with the
  field that holds it. `allOf` of several parts is one merged object.
- A `oneOf`/`anyOf` whose branches are all `const`s is an enum (`const_enum`).
- `oneOf`/`anyOf` become `UnionOf`. An explicit `discriminator` is honoured, with or without a
  `mapping` (OpenAPI 3.0.3 §4.7.25: an unmapped variant's value is its schema name); without
  one, a discriminator is inferred when every variant has a property with a distinct single
  value (see `tags.py`), and the union records why when none can be.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from generator.errors import Diagnostics, UnsupportedSchemaError
from generator.ir import (
    Discriminator,
    LiteralOf,
    Nullable,
    Primitive,
    PrimitiveKind,
    Ref,
    TypeExpr,
    UnionOf,
    Variant,
)
from generator.lowering.hints import Hint
from generator.lowering.repairs import inline_string_branches
from generator.lowering.tags import infer_tags, tag_values, variant_shape
from generator.refs import SpecIndex, join_pointer, unescape_token


class SchemaBuilder(Protocol):
    """What the composition rules call back into: `schemas.SchemaBuilder`, seen through a
    protocol so that the two modules do not import each other."""

    index: SpecIndex
    diagnostics: Diagnostics

    def type_of(self, node: Any, location: str, hint: Hint) -> TypeExpr: ...

    def single_type(
        self, node: Mapping[str, Any], kind: Any, location: str, hint: Hint
    ) -> TypeExpr: ...

    def inline_model(self, node: Mapping[str, Any], location: str, hint: Hint) -> Ref: ...

    @staticmethod
    def kind_of(value: Any) -> PrimitiveKind: ...


_PROSE = frozenset({"description", "title", "example", "examples", "x-examples", "deprecated"})

Properties = dict[str, tuple[Any, str]]  #: wire name → (schema node, location), in order


def all_of_is_object(node: Mapping[str, Any]) -> bool:
    """An `allOf` that merges objects, rather than one that wraps a single reference."""
    parts = node.get("allOf")
    return isinstance(parts, list) and (_wrapped(parts) is None or "properties" in node)


def _wrapped(parts: list[Any]) -> int | None:
    """The position of the one part that says what the value is, when every other part only
    annotates it (`allOf: [{$ref: Amount}, {example: 250}]` is an `Amount`)."""
    substantive = [i for i, part in enumerate(parts) if not _annotates(part)]
    if len(substantive) == 1:
        return substantive[0]
    return 0 if not substantive else None


def _annotates(part: Any) -> bool:
    return isinstance(part, dict) and set(part) <= _PROSE | {"nullable"}


def all_of(builder: SchemaBuilder, node: Mapping[str, Any], location: str, hint: Hint) -> TypeExpr:
    if all_of_is_object(node):
        return builder.inline_model(node, location, hint)
    parts = node["allOf"]
    if not parts:
        return builder.single_type(node, node.get("type"), location, hint)
    position = _wrapped(parts) or 0
    type_ = builder.type_of(parts[position], join_pointer(location, "allOf", position), hint)
    if any(isinstance(p, dict) and p.get("nullable") is True for p in parts):
        return type_ if isinstance(type_, Nullable) else Nullable(type_)
    return type_


def object_parts(
    builder: SchemaBuilder, node: Mapping[str, Any], location: str
) -> tuple[Properties, frozenset[str], Any]:
    """Properties (merged over `allOf` parts), required names, and `additionalProperties`.

    Memoised per location: a schema that several others `allOf` is merged once, not once per
    path to it (fan-out made this exponential: each schema `allOf`s the previous one 9 times).
    The result is shared: callers read it and never change it.
    """
    memo: dict[str, Any] = builder.index.derived("object-parts", "", dict)
    known = memo.get(location)
    if known is _MERGING:
        # `shape.check_shape` refuses these before the build: this is a last guard.
        raise UnsupportedSchemaError(
            "a schema made of itself through allOf", where=builder.index.display(location)
        )
    if known is None:
        memo[location] = _MERGING
        try:
            conflicts = Diagnostics()
            known = memo[location] = (*_object_parts(builder, node, location, conflicts), conflicts)
        finally:
            if memo[location] is _MERGING:
                del memo[location]
    *parts, conflicts = known
    builder.diagnostics.extend(conflicts.items)  # each build reports its own (deduplicated)
    properties, required, extra = parts
    return properties, required, extra


_MERGING = object()  #: the memo's mark for a merge in progress


def _object_parts(
    builder: SchemaBuilder, node: Mapping[str, Any], location: str, conflicts: Diagnostics
) -> tuple[Properties, frozenset[str], Any]:
    properties: Properties = {}
    required: set[str] = set()
    extra = node.get("additionalProperties")
    for position, part in enumerate(node.get("allOf") or ()):
        part_node, part_location = builder.index.follow(
            part, join_pointer(location, "allOf", position)
        )
        if not isinstance(part_node, dict):
            continue
        if _not_an_object(part_node):
            conflicts.warn(
                builder.index.display(join_pointer(location, "allOf", position)),
                "allof-part-not-object",
                "an allOf part that is not an object: the model has none of its constraints "
                "(the validators check them)",
            )
        part_properties, part_required, part_extra = object_parts(builder, part_node, part_location)
        _merge(builder, conflicts, properties, part_properties, location)
        required |= part_required
        extra = False if part_extra is False else extra
    own = node.get("properties") or {}
    own_properties = {
        wire: (schema, join_pointer(location, "properties", wire)) for wire, schema in own.items()
    }
    _merge(builder, conflicts, properties, own_properties, location)
    required |= {name for name in node.get("required") or () if isinstance(name, str)}
    return properties, frozenset(required), extra


def _not_an_object(part: Mapping[str, Any]) -> bool:
    """A part that says something other than properties: a scalar or array type, an enum,
    a union (a model merges only the properties of its parts)."""
    kind = part.get("type")
    scalar = isinstance(kind, str) and kind not in ("object", "null")
    return scalar or "enum" in part or "oneOf" in part or "anyOf" in part


def _merge(
    builder: SchemaBuilder, conflicts: Diagnostics, into: Properties, new: Properties, location: str
) -> None:
    for wire, (schema, where) in new.items():
        if wire in into and _structure(into[wire][0]) != _structure(schema):
            conflicts.warn(
                builder.index.display(location),
                "allof-conflict",
                f"property {wire!r} is defined differently by two allOf parts; the later wins",
            )
        into[wire] = (schema, where)


def _structure(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {key: value for key, value in schema.items() if key not in _PROSE}
    return schema


def const_enum(node: Mapping[str, Any]) -> tuple[list[Any], bool] | None:
    """`oneOf: [{const: a, title: …}, {const: b}]` (or `anyOf`) is an enum: its values, and
    whether null is one of them. Every branch must be a `const` (or one-value `enum`) of a
    scalar, with at most a `type` and prose beside it."""
    mode = "oneOf" if "oneOf" in node else "anyOf"
    branches = node.get(mode)
    if not isinstance(branches, list) or not branches:
        return None
    values: list[Any] = []
    for branch in branches:
        value = _const_of(branch)
        if value is _NOT_CONST:
            return None
        values.append(value)
    known = [value for value in dict.fromkeys(values) if value is not None]
    kinds = {type(value) for value in known}
    if not known or (len(kinds) > 1 and not kinds <= {int, float}):
        return None
    return known, None in values


_NOT_CONST = object()
_CONST_SIBLINGS = _PROSE | {"type", "const", "enum", "nullable"}


def _const_of(branch: Any) -> Any:
    if not isinstance(branch, dict) or not set(branch) <= _CONST_SIBLINGS:
        return _NOT_CONST
    if branch.get("type") == "null" and "const" not in branch and "enum" not in branch:
        return None
    enum = branch.get("enum")
    if "const" in branch:
        value = branch["const"]
    else:
        value = enum[0] if isinstance(enum, list) and len(enum) == 1 else _NOT_CONST
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return _NOT_CONST


def union(builder: SchemaBuilder, node: Mapping[str, Any], location: str, hint: Hint) -> TypeExpr:
    mode = "oneOf" if "oneOf" in node else "anyOf"
    branches = node[mode] if isinstance(node[mode], list) else []
    open_enum = _open_enum(branches, mode)
    if open_enum is not None:
        return open_enum
    consts = const_enum(node)
    if consts is not None:
        values, nullable = consts
        literal = LiteralOf(tuple(values), base=builder.kind_of(values[0]))
        return Nullable(literal) if nullable else literal
    variants: list[Variant] = []
    nullable = False
    for position, branch in enumerate(branches):
        label = branch.get("title") if isinstance(branch, dict) else None
        part = label if isinstance(label, str) and label else f"Option{position + 1}"
        branch_location = join_pointer(location, mode, position)
        type_ = builder.type_of(branch, branch_location, hint.child(part))
        if type_ == Primitive("null"):
            nullable = True
            continue
        variants.append(Variant(type_, label if isinstance(label, str) else None))
    result = _tagged_union(builder, node, variants, branches, location, mode)
    return Nullable(result) if nullable else result


def _tagged_union(
    builder: SchemaBuilder,
    node: Mapping[str, Any],
    variants: list[Variant],
    branches: list[Any],
    location: str,
    mode: str,
) -> TypeExpr:
    if len(variants) == 1:
        return variants[0].type
    explicit = node.get("discriminator")
    if isinstance(explicit, dict) and isinstance(explicit.get("propertyName"), str):
        found = _explicit_discriminator(builder, explicit, variants, branches, location, mode)
        reason = None
        if not all(isinstance(variant.type, Ref) for variant in variants):
            # The models select by the tag only among named members (see pytypes.union).
            builder.diagnostics.warn(
                builder.index.display(join_pointer(location, "discriminator")),
                "discriminator-unused",
                "a member is written inline, not a $ref: the models pick the member "
                "that fits best instead of reading the tag",
            )
    else:
        found, reason = _inferred_discriminator(builder, variants, branches, location, mode)
    if found is None:
        return UnionOf(tuple(variants), None, _mode(mode), location, reason)
    discriminator, tagged = found
    return UnionOf(tagged, discriminator, _mode(mode), location)


def _mode(mode: str) -> Any:
    return "anyOf" if mode == "anyOf" else "oneOf"


def _explicit_discriminator(
    builder: SchemaBuilder,
    explicit: Mapping[str, Any],
    variants: list[Variant],
    branches: list[Any],
    location: str,
    mode: str,
) -> tuple[Discriminator, tuple[Variant, ...]] | None:
    """The declared mapping, except where a member fixes the tag property's values itself.

    A member whose tag property is an `enum`/`const` can only ever carry those values, so they
    are its tags whatever the mapping or the implicit schema-name rule says: Vapi maps
    `elevenlabs` to a member whose `provider` is `11labs`, and leaves out mappings whose
    schema names are not the values its members declare.
    """
    prop = explicit["propertyName"]
    mapping: dict[str, str] = {}
    for value, target in (explicit.get("mapping") or {}).items():
        ref = target if "/" in target or "#" in target else f"#/components/schemas/{target}"
        mapping[str(value)] = builder.index.target_of(ref, at=location)
    declared = _declared_tags(builder, branches, location, mode, prop)
    mapped = set(mapping.values())
    for variant in variants:
        if isinstance(variant.type, Ref) and variant.type.target not in mapped:
            # OpenAPI 3.0.3 §4.7.25: without a mapping entry the value is the schema's name.
            mapping[unescape_token(variant.type.target.rsplit("/", 1)[-1])] = variant.type.target
    for target, values in declared.items():
        mapping = {tag: to for tag, to in mapping.items() if to != target}
        mapping.update(dict.fromkeys(values, target))
    discriminator = Discriminator(prop, tuple(sorted(mapping.items())))
    return discriminator, _with_tags(variants, discriminator)


def _declared_tags(
    builder: SchemaBuilder, branches: list[Any], location: str, mode: str, prop: str, depth: int = 0
) -> dict[str, tuple[str, ...]]:
    """Member schema → the fixed values it declares for `prop` (members that declare some).

    A member that is itself a `oneOf`/`anyOf` declares the values its own members all do
    (an LLM API's content part: `image` selects a union of an image by URL and one inline).
    """
    found: dict[str, tuple[str, ...]] = {}
    for position, branch in enumerate(branches):
        shape = variant_shape(builder.index, branch, join_pointer(location, mode, position))
        values = tag_values(shape.properties.get(prop))
        if not values and depth < _NESTING_LIMIT:
            values = _nested_tags(builder, shape.location, prop, depth + 1)
        if values:
            found[shape.location] = values
    return found


_NESTING_LIMIT = 4  #: unions of unions this deep are looked through (and cycles stop)


def _nested_tags(
    builder: SchemaBuilder, location: str, prop: str, depth: int
) -> tuple[str, ...] | None:
    node = builder.index.node_at(location)
    for keyword in ("oneOf", "anyOf"):
        nested = node.get(keyword) if isinstance(node, dict) else None
        if isinstance(nested, list) and nested:
            found = _declared_tags(builder, nested, location, keyword, prop, depth)
            if len(found) < len(nested):
                return None  # some member leaves the tag open: the union's name stays its tag
            return tuple(dict.fromkeys(value for values in found.values() for value in values))
    return None


def _inferred_discriminator(
    builder: SchemaBuilder, variants: list[Variant], branches: list[Any], location: str, mode: str
) -> tuple[tuple[Discriminator, tuple[Variant, ...]] | None, str]:
    if not all(isinstance(variant.type, Ref) for variant in variants):
        return None, "not every variant is a reference to a named object schema"
    shapes = [
        variant_shape(builder.index, branch, join_pointer(location, mode, position))
        for position, branch in enumerate(branches)
        if not (isinstance(branch, dict) and branch.get("type") == "null")
    ]
    inferred = infer_tags(shapes)
    if isinstance(inferred, str):
        return None, inferred
    targets = [variant.type.target for variant in variants if isinstance(variant.type, Ref)]
    pairs = zip(inferred.values, targets, strict=True)
    mapping = tuple(sorted((tag, target) for tags, target in pairs for tag in tags))
    discriminator = Discriminator(inferred.property_name, mapping, inferred=True)
    return (discriminator, _with_tags(variants, discriminator)), ""


def _with_tags(variants: list[Variant], discriminator: Discriminator) -> tuple[Variant, ...]:
    tagged = []
    for variant in variants:
        target = variant.type.target if isinstance(variant.type, Ref) else None
        tags = tuple(value for value, to in discriminator.mapping if to == target)
        tagged.append(Variant(variant.type, variant.label, tags))
    return tuple(tagged)


def _open_enum(branches: list[Any], mode: str) -> LiteralOf | None:
    """`anyOf: [{type: string, enum: […]}, {type: string}]` (see repairs.open_enum)."""
    if mode != "anyOf" or not branches or not inline_string_branches(branches):
        return None
    values = tuple(v for b in branches for v in b.get("enum") or () if isinstance(v, str))
    if not values or all("enum" in b for b in branches):
        return None
    return LiteralOf(tuple(dict.fromkeys(values)), open=True, base="string")


def plain_union(options: list[TypeExpr], location: str) -> UnionOf:
    """A union of distinct JSON types (`type: [string, integer]`): always disjoint."""
    return UnionOf(
        tuple(Variant(option) for option in options),
        None,
        "oneOf",
        location,
        "variants are distinct JSON types; the value's type selects one",
    )
