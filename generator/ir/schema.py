"""Named schemas: object models, enums and aliases, with their fields."""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir.types import JsonValue, PrimitiveKind, SchemaId, TypeExpr


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    wire_name: str  #: the JSON key exactly as in the spec
    py_name: str  #: decided by naming.field_name; an alias is needed iff it differs
    type: TypeExpr  #: includes `Nullable` and the value's constraints
    required: bool
    has_default: bool = False
    default: JsonValue = None
    description: str | None = None
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    examples: tuple[JsonValue, ...] = ()
    source: str  #: location of the property's schema


@dataclass(frozen=True, slots=True, kw_only=True)
class ImpliedTag:
    """A discriminator value a model carries although it does not declare the property.

    The spec's `PATCH /phone-number/{id}` body is a `provider`-discriminated union whose variants
    (e.g. `UpdateByoPhoneNumberDTO`) have no `provider` property: a serialized variant must
    still carry `provider: byo-phone-number`, and parsing must read it.
    """

    property_name: str
    value: str
    union_source: str  #: the union that implies it


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    id: SchemaId
    class_name: str
    fields: tuple[Field, ...]  #: in the spec's property order
    #: the type of properties not listed (JSON Schema allows any unless it says otherwise);
    #: None when `additionalProperties: false`
    extra: TypeExpr | None
    implied_tags: tuple[ImpliedTag, ...] = ()
    description: str | None = None
    deprecated: bool = False
    examples: tuple[JsonValue, ...] = ()
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumMember:
    py_name: str
    value: str | int | float | bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Enum:
    id: SchemaId
    class_name: str
    base: PrimitiveKind  #: `string`, `integer` or `number`
    members: tuple[EnumMember, ...]  #: in the spec's order
    nullable: bool = False
    open: bool = False  #: unknown values of `base` are valid too
    description: str | None = None
    deprecated: bool = False
    examples: tuple[JsonValue, ...] = ()
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Alias:
    """A named schema that is not an object or an enum: a union, an array, a primitive."""

    id: SchemaId
    class_name: str
    type: TypeExpr
    description: str | None = None
    deprecated: bool = False
    examples: tuple[JsonValue, ...] = ()
    source: str


NamedSchema = Model | Enum | Alias
