"""Type expressions: the shape of a value, independent of any target language.

A `$ref` to a named schema is only ever `Ref(target)`, so recursive schemas need no back-pointers
and every value here is hashable and serializes to JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

JsonScalar = str | int | float | bool | None
JsonValue = JsonScalar | list["JsonValue"] | dict[str, "JsonValue"]
SchemaId = str  #: canonical location of a named schema, e.g. `#/components/schemas/Server`

PrimitiveKind = Literal["string", "integer", "number", "boolean", "null", "any"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraints:
    """What the spec states about a value's size, range or shape; None means not stated."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None  #: ECMA-262 source, already unwrapped from any `/…/` literal
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None

    def is_empty(self) -> bool:
        return self == NO_CONSTRAINTS


NO_CONSTRAINTS = Constraints()


@dataclass(frozen=True, slots=True)
class Primitive:
    kind: PrimitiveKind
    format: str | None = None  #: `date-time`, `uuid`, `binary`, …
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True, slots=True)
class ArrayOf:
    """An array; with a `prefix` (3.1 `prefixItems`) its first items have types of their own
    and `item` is the type of those after them (none at all when `closed`: `items: false`)."""

    item: TypeExpr
    constraints: Constraints = NO_CONSTRAINTS
    prefix: tuple[TypeExpr, ...] = ()
    closed: bool = False


@dataclass(frozen=True, slots=True)
class MapOf:
    """A JSON object used as a map: string keys, values of one type."""

    value: TypeExpr
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True, slots=True)
class Ref:
    target: SchemaId


@dataclass(frozen=True, slots=True)
class LiteralOf:
    """One of a fixed set of values (an inline `enum` or `const`).

    `open` marks an open enum: the values are the known ones, but any value of `base` is valid
    (the spec wrote `oneOf: [{enum: […]}, {type: string}]`).
    """

    values: tuple[JsonScalar, ...]
    open: bool = False
    base: PrimitiveKind = "string"


@dataclass(frozen=True, slots=True)
class Nullable:
    """`nullable: true` (OpenAPI 3.0) and `type: [..., "null"]` (3.1) alike."""

    inner: TypeExpr


@dataclass(frozen=True, slots=True)
class Discriminator:
    """The property whose value selects a union variant, and the value → variant table."""

    property_name: str
    mapping: tuple[tuple[str, SchemaId], ...]  #: (wire value, variant), sorted by value
    inferred: bool = False  #: True when no `discriminator` was written and the tags were found


@dataclass(frozen=True, slots=True)
class Variant:
    type: TypeExpr
    label: str | None = None  #: from a `title` beside the `$ref` (a deliberate 3.0 deviation)
    tags: tuple[str, ...] = ()  #: the discriminator values that select this variant


@dataclass(frozen=True, slots=True)
class UnionOf:
    variants: tuple[Variant, ...]
    discriminator: Discriminator | None = None
    #: `oneOf` (exactly one variant matches) or `anyOf` (at least one does)
    mode: Literal["oneOf", "anyOf"] = "oneOf"
    source: str = ""  #: where the union is written, for `explain-unions` and messages
    untagged_reason: str | None = None  #: why no discriminator could be inferred


TypeExpr = Primitive | ArrayOf | MapOf | Ref | LiteralOf | Nullable | UnionOf

ANY = Primitive("any")
