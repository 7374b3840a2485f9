"""Discriminator inference: which property, if any, tells a union's object variants apart.

A property qualifies when every variant declares it with fixed string values (a `const`, or an
`enum`: `ServerMessageTranscript.type` lists two) and no two variants share a value. Of several
candidates the first in the first variant's property order wins, preferring ones every variant
requires.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.refs import SpecIndex, join_pointer


@dataclass(frozen=True, slots=True)
class VariantShape:
    """What tag inference needs to know of one union variant."""

    location: str  #: the variant's schema (after following `$ref`s)
    is_object: bool
    properties: Mapping[str, Any]
    required: frozenset[str]


@dataclass(frozen=True, slots=True)
class InferredTags:
    property_name: str
    values: tuple[tuple[str, ...], ...]  #: each variant's tags, in variant order


def single_value(schema: Any) -> tuple[bool, Any]:
    """`(True, value)` if the schema allows exactly one value, else `(False, None)`."""
    if isinstance(schema, dict):
        if "const" in schema:
            return (True, schema["const"])
        enum = schema.get("enum")
        if isinstance(enum, list) and len(enum) == 1:
            return (True, enum[0])
    return (False, None)


def variant_shape(index: SpecIndex, node: Any, location: str) -> VariantShape:
    """Follow `$ref`s and single-part `allOf` wrappers; gather the properties of `allOf` parts."""
    node, location = index.follow(node, location)
    return index.derived("variant-shape", location, lambda: _shape(index, node, location))


def _shape(index: SpecIndex, node: Any, location: str) -> VariantShape:
    if not isinstance(node, dict):
        return VariantShape(location, False, {}, frozenset())
    properties = dict(node.get("properties") or {})
    required = set(node.get("required") or ())
    for position, part in enumerate(node.get("allOf") or ()):
        inner = variant_shape(index, part, join_pointer(location, "allOf", position))
        properties = {**inner.properties, **properties}
        required |= inner.required
    is_object = node.get("type") == "object" or bool(properties)
    return VariantShape(location, is_object, properties, frozenset(required))


def infer_tags(shapes: Sequence[VariantShape]) -> InferredTags | str:
    """The tag property and each variant's value, or the reason there is none."""
    if len(shapes) < 2:
        return "fewer than two variants"
    if not all(shape.is_object for shape in shapes):
        return "not every variant is an object"
    candidates = [name for name in shapes[0].properties if _is_tag(shapes, name)]
    if not candidates:
        return "no property has distinct fixed values in every variant"
    required_everywhere = [n for n in candidates if all(n in s.required for s in shapes)]
    name = (required_everywhere or candidates)[0]
    return InferredTags(name, tuple(tag_values(s.properties[name]) or () for s in shapes))


def tag_values(schema: Any) -> tuple[str, ...] | None:
    """The fixed string values a property schema allows, or None if it is not fixed."""
    has_value, value = single_value(schema)
    values = [value] if has_value else schema.get("enum") if isinstance(schema, dict) else None
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        return None
    return tuple(values)


def _is_tag(shapes: Sequence[VariantShape], name: str) -> bool:
    seen: set[str] = set()
    for shape in shapes:
        values = tag_values(shape.properties.get(name))
        if values is None or seen & set(values):
            return False
        seen |= set(values)
    return True
