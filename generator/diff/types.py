"""Comparing two type expressions at one place (a field, a parameter, a body, an alias).

Reorders are not changes: enum values and union members are matched by value, tag or class,
never by position. A `Ref` to the same schema is equal here; what changed inside that schema is
reported once, at the schema.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Literal, TypedDict, Unpack

from generator.diff.records import Finding, Kind, Side
from generator.ir import (
    ArrayOf,
    Constraints,
    JsonScalar,
    LiteralOf,
    MapOf,
    Nullable,
    Primitive,
    Ref,
    SchemaId,
    TypeExpr,
    UnionOf,
    Variant,
)
from generator.ir.display import type_label

#: the string formats the generated models and client read as their own types
PYTHON_TYPED_FORMATS = frozenset({"date-time", "date", "uuid", "binary"})
_LOWER_BOUNDS = frozenset(
    {"min_length", "minimum", "exclusive_minimum", "min_items", "min_properties"}
)
_UPPER_BOUNDS = frozenset(
    {"max_length", "maximum", "exclusive_maximum", "max_items", "max_properties"}
)


class Facts(TypedDict, total=False):
    """What a `Finding` may say beyond its kind (see there)."""

    required: bool
    parses_unknown: bool
    became_nullable: bool
    removed_target: SchemaId | None
    tag_property: str | None


@dataclass(frozen=True, slots=True)
class Site:
    """Where two types are compared, and how to name schemas on either side."""

    symbol: str
    old_names: Mapping[SchemaId, str]
    new_names: Mapping[SchemaId, str]
    owner: SchemaId | None = None
    side: Side | None = None

    def at(self, symbol: str) -> Site:
        return replace(self, symbol=symbol)

    def finding(self, kind: Kind, detail: str, **facts: Unpack[Facts]) -> Finding:
        return Finding(
            symbol=self.symbol, kind=kind, detail=detail, owner=self.owner, side=self.side, **facts
        )

    def labels(self, old: TypeExpr, new: TypeExpr) -> str:
        return f"{type_label(old, self.old_names)} -> {type_label(new, self.new_names)}"


def compare_types(old: TypeExpr, new: TypeExpr, site: Site) -> Iterator[Finding]:
    if old == new:
        return
    old_inner, old_nullable = _unwrap(old)
    new_inner, new_nullable = _unwrap(new)
    if old_nullable != new_nullable:
        detail = "now accepts null" if new_nullable else "no longer accepts null"
        yield site.finding("nullable-changed", detail, became_nullable=new_nullable)
    yield from _compare_shapes(old_inner, new_inner, site)


def _unwrap(type_: TypeExpr) -> tuple[TypeExpr, bool]:
    nullable = False
    while isinstance(type_, Nullable):
        type_, nullable = type_.inner, True
    return type_, nullable


def _compare_shapes(old: TypeExpr, new: TypeExpr, site: Site) -> Iterator[Finding]:
    if old == new:
        return
    match old, new:
        case UnionOf(), UnionOf():
            yield from _compare_unions(old, new, site)
        case LiteralOf(), LiteralOf() if old.base == new.base:
            yield from _compare_literals(old, new, site)
        case ArrayOf(), ArrayOf():
            yield from compare_constraints(old.constraints, new.constraints, site)
            yield from compare_types(old.item, new.item, site)
        case MapOf(), MapOf():
            yield from compare_constraints(old.constraints, new.constraints, site)
            yield from compare_types(old.value, new.value, site)
        case Primitive(), Primitive() if old.kind == new.kind and not _retyped(old, new):
            if old.format != new.format:
                kind: Kind = "constraint-loosened" if new.format is None else "constraint-tightened"
                yield site.finding(kind, f"format {_shown(old.format)} -> {_shown(new.format)}")
            yield from compare_constraints(old.constraints, new.constraints, site)
        case Ref(), Ref() if site.old_names.get(old.target) == site.new_names.get(new.target):
            pass
        case Primitive(kind="string", format=None), LiteralOf(base="string", open=False):
            yield site.finding("constraint-tightened", "only the listed values")
        case LiteralOf(base="string", open=False), Primitive(kind="string", format=None):
            unknown = parses_unknown(old)
            yield site.finding("constraint-loosened", "any string", parses_unknown=unknown)
        case _:
            yield site.finding("type-changed", site.labels(old, new))


def _retyped(old: Primitive, new: Primitive) -> bool:
    """A format the SDK gives its own Python type (`datetime`, `UUID`, `bytes`) changes the
    type when it comes or goes; any other (`email`, `uri`) only narrows the strings allowed."""
    typed = old.format in PYTHON_TYPED_FORMATS or new.format in PYTHON_TYPED_FORMATS
    return typed and old.format != new.format


def _compare_literals(old: LiteralOf, new: LiteralOf, site: Site) -> Iterator[Finding]:
    # Keyed with their types: in a Python set `True` and `1` (or `1` and `1.0`) are one value.
    new_values = {(type(value), value) for value in new.values}
    old_values = {(type(value), value) for value in old.values}
    for value in old.values:
        if (type(value), value) not in new_values:
            yield site.at(_member(site.symbol, value)).finding("enum-value-removed", repr(value))
    unknown = parses_unknown(old)
    for value in new.values:
        if (type(value), value) not in old_values:
            finding = site.at(_member(site.symbol, value))
            yield finding.finding("enum-value-added", repr(value), parses_unknown=unknown)
    if old.open != new.open:
        kind: Kind = "constraint-loosened" if new.open else "constraint-tightened"
        detail = "any value is valid" if new.open else "only the listed values"
        yield site.finding(kind, detail, parses_unknown=unknown)


def parses_unknown(literal: LiteralOf) -> bool:
    """Whether the SDK parses a value it does not know as `UnknownValue` (or, open, as is):
    closed enums of several strings do, so the API may add values to them safely."""
    if literal.open:
        return True
    return len(literal.values) > 1 and all(isinstance(v, str) for v in literal.values)


def _member(symbol: str, key: JsonScalar) -> str:
    return f"{symbol}[{key!r}]"


def _compare_unions(old: UnionOf, new: UnionOf, site: Site) -> Iterator[Finding]:
    old_tag, new_tag = old.discriminator, new.discriminator
    if old_tag and new_tag and old_tag.property_name != new_tag.property_name:
        yield site.finding("type-changed", site.labels(old, new))
        return
    # Matched by tag only when both sides are tagged; else by class name or shape.
    by_tag = old.discriminator is not None and new.discriminator is not None
    old_by = _union_members(old, site.old_names, by_tag=by_tag)
    new_by = _union_members(new, site.new_names, by_tag=by_tag)
    unknown = is_tagged(old)
    tag_property = old.discriminator.property_name if by_tag and old.discriminator else None
    for key, variant in old_by.items():
        member = site.at(f"{site.symbol}[{key}]")
        if key not in new_by:
            target = variant.type.target if isinstance(variant.type, Ref) else None
            label = type_label(variant.type, site.old_names)
            yield member.finding(
                "union-member-removed", label, removed_target=target, tag_property=tag_property
            )
        else:
            yield from compare_types(variant.type, new_by[key].type, member)
    for key, variant in new_by.items():
        if key not in old_by:
            label = type_label(variant.type, site.new_names)
            member = site.at(f"{site.symbol}[{key}]")
            yield member.finding("union-member-added", label, parses_unknown=unknown)


def is_tagged(union: UnionOf) -> bool:
    """Tagged unions of models parse a tag they do not know as `UnknownVariant`."""
    return union.discriminator is not None and all(isinstance(v.type, Ref) for v in union.variants)


def _union_members(
    union: UnionOf, names: Mapping[SchemaId, str], *, by_tag: bool
) -> dict[str, Variant]:
    """Members keyed by tag value (`'trieve'`) when tagged, else by class or shape."""
    if by_tag and union.discriminator is not None:
        by_target = {v.type.target: v for v in union.variants if isinstance(v.type, Ref)}
        tagged = {
            repr(tag): by_target[target]
            for tag, target in union.discriminator.mapping
            if target in by_target
        }
        if len(tagged) == len(union.variants):
            return tagged
    keyed: dict[str, Variant] = {}
    seen: Counter[str] = Counter()
    for variant in union.variants:
        shape = _shape_key(variant.type, names)
        seen[shape] += 1  # two lists in one union: the second is `list#2`
        keyed[shape if seen[shape] == 1 else f"{shape}#{seen[shape]}"] = variant
    return keyed


def _shape_key(type_: TypeExpr, names: Mapping[SchemaId, str]) -> str:
    match type_:
        case Ref(target=target):
            return names.get(target, target)
        case Primitive(kind=kind, format=fmt):
            return f"{kind}({fmt})" if fmt else kind
        case ArrayOf():
            return "list"
        case MapOf():
            return "map"
        case LiteralOf():
            return "literal"
        case Nullable(inner=inner):
            return _shape_key(inner, names)
        case UnionOf():
            return "union"


def compare_constraints(old: Constraints, new: Constraints, site: Site) -> Iterator[Finding]:
    if old == new:
        return
    for name in Constraints.__slots__:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            direction = _direction(name, before, after)
            kind: Kind = "constraint-tightened" if direction == "tighter" else "constraint-loosened"
            yield site.finding(kind, f"{name} {_shown(before)} -> {_shown(after)}")


def _direction(name: str, before: object, after: object) -> Literal["tighter", "looser"]:
    """Whether a request value valid before may be invalid now (`tighter`)."""
    if after is None or after is False:
        return "looser"
    if before is None or before is False:
        return "tighter"
    if name in _LOWER_BOUNDS:
        return "tighter" if after > before else "looser"  # type: ignore[operator]
    if name in _UPPER_BOUNDS:
        return "tighter" if after < before else "looser"  # type: ignore[operator]
    if name == "multiple_of" and isinstance(before, int | float) and isinstance(after, int | float):
        # multiples of 10 are multiples of 5: a divisor of the old step accepts more
        return "looser" if after and before % after == 0 else "tighter"
    return "tighter"  # a different pattern: assume the worst


def _shown(value: object) -> str:
    return "none" if value is None or value is False else repr(value)
