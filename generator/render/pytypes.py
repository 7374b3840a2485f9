"""IR types → Python annotations for the generated pydantic models.

Every spec string that lands in an annotation (literal values, patterns, tags) goes through
`py_str`/`py_literal`. The `_sdk` prefix names the generated runtime module (`_models/_base.py`):
its helpers carry behaviour pydantic lacks (wire-faithful dates, unknown tags and enum values
kept when parsing, JavaScript patterns), and the prefix cannot clash with a spec's class names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import assert_never

from generator.ir import (
    Alias,
    ArrayOf,
    Constraints,
    Enum,
    LiteralOf,
    MapOf,
    Model,
    NamedSchema,
    Nullable,
    Primitive,
    Ref,
    SchemaId,
    TypeExpr,
    UnionOf,
)
from generator.patterns import PatternError, translate_pattern
from generator.render.layout import Atom, Chain, Expr, Keyword, call, chain, subscript
from generator.render.literals import py_literal, py_str

_FORMATS = {"date-time": "_sdk.DateTime", "date": "_sdk.Date", "uuid": "_sdk.Uuid"}
_SCALARS = {"integer": "int", "boolean": "bool", "null": "None", "any": "Any"}
NONE = Atom("None")


@dataclass(slots=True)
class TypeContext:
    """What one module's annotations need: the named schemas, and the names they use."""

    schemas: Mapping[SchemaId, NamedSchema]
    classes: set[str] = field(default_factory=set)  #: generated class and alias names
    typing: set[str] = field(default_factory=set)  #: names from `typing`
    pydantic: set[str] = field(default_factory=set)  #: names from `pydantic`
    regex: bool = False  #: a pattern needs the `regex` package

    def use(self, module: str, name: str) -> str:
        {"typing": self.typing, "pydantic": self.pydantic}[module].add(name)
        return name

    def include(self, other: TypeContext) -> None:
        """Take on what `other` recorded: its names and imports are this module's too."""
        self.classes |= other.classes
        self.typing |= other.typing
        self.pydantic |= other.pydantic
        self.regex = self.regex or other.regex


def annotation(type_: TypeExpr, ctx: TypeContext) -> Expr:
    """The annotation for a value of `type_` anywhere (constraints included)."""
    match type_:
        case Primitive() | ArrayOf() | MapOf():
            return constrained(bare(type_, ctx), type_, ctx)
        case Ref(target=target):
            name = ctx.schemas[target].class_name
            ctx.classes.add(name)
            return Atom(name)
        case LiteralOf():
            return literal(type_, ctx)
        case Nullable(inner=inner):
            return nullable(annotation(inner, ctx))
        case UnionOf():
            return union(type_, ctx)
        case _:
            assert_never(type_)


def bare(type_: Primitive | ArrayOf | MapOf, ctx: TypeContext) -> Expr:
    """The type without its constraints (a field states those in its own `Field`)."""
    match type_:
        case Primitive(kind="string", format=fmt):
            if fmt == "binary":
                return Atom("bytes")
            return Atom(_FORMATS.get(fmt or "", "str"))
        case Primitive(kind="number"):
            # `int | float`, not `float`: an integral number stays an int, so it is dumped as
            # it came (`5`, not `5.0`).
            return chain([Atom("int"), Atom("float")])
        case Primitive(kind=kind):
            if kind == "any":
                ctx.use("typing", "Any")
            return Atom(_SCALARS[kind])
        case ArrayOf(prefix=prefix) if prefix:
            return positional(type_, ctx)
        case ArrayOf(item=item):
            return subscript("list", annotation(item, ctx))
        case MapOf(value=value):
            return subscript("dict", Atom("str"), annotation(value, ctx))
        case _:
            assert_never(type_)


def positional(type_: ArrayOf, ctx: TypeContext) -> Expr:
    """3.1 `prefixItems`: a tuple for each length the array may have (a shorter array is
    valid too, unless `minItems` says otherwise), the longest with the items after the prefix
    (`_sdk.Unpack[tuple[X, ...]]`) unless `items: false` or `maxItems` ends it there."""
    parts = [annotation(part, ctx) for part in type_.prefix]
    limits = type_.constraints
    longest = len(parts) if limits.max_items is None else min(len(parts), limits.max_items)
    shortest = min(limits.min_items or 0, longest)
    rest = None if type_.closed or longest < len(parts) else annotation(type_.item, ctx)
    members: list[Expr] = []
    for length in range(shortest, longest + 1):
        items = parts[:length]
        if length == longest and rest is not None:
            items = [*items, subscript("_sdk.Unpack", subscript("tuple", rest, Atom("...")))]
        members.append(subscript("tuple", *items) if items else Atom("tuple[()]"))
    arguments: list[Expr] = []
    if rest is not None:  # the length of the longest, open-ended form
        arguments += [
            Keyword(name, Atom(repr(value)))
            for name, value in (("min_items", limits.min_items), ("max_items", limits.max_items))
            if value is not None and value > len(parts)
        ]
    return subscript(
        ctx.use("typing", "Annotated"), union_of(members), call("_sdk.Positional", *arguments)
    )


def constraint_arguments(constraints: Constraints) -> list[Expr]:
    """`Field(...)` keyword arguments for the constraints pydantic checks natively."""
    pairs = [
        ("min_length", constraints.min_length),
        ("max_length", constraints.max_length),
        ("min_length", constraints.min_items),
        ("max_length", constraints.max_items),
        ("min_length", constraints.min_properties),
        ("max_length", constraints.max_properties),
        ("ge", constraints.minimum),
        ("le", constraints.maximum),
        ("gt", constraints.exclusive_minimum),
        ("lt", constraints.exclusive_maximum),
        ("multiple_of", constraints.multiple_of),
    ]
    return [Keyword(name, Atom(_number(value))) for name, value in pairs if value is not None]


def pattern_check(constraints: Constraints, ctx: TypeContext) -> Expr | None:
    """`_sdk.Pattern(...)` with the pattern translated to Python (one translation for models
    and validators). An untranslatable pattern was already reported and dropped by the
    `untranslatable-pattern` repair; with that repair off it is left unchecked here."""
    if constraints.pattern is None:
        return None
    try:
        translated = translate_pattern(constraints.pattern)
    except PatternError:
        return None
    arguments: list[Expr] = [Atom(py_str(translated.python))]
    if translated.engine == "regex":
        ctx.regex = True
        arguments.append(Keyword("engine", Atom(py_str("regex"))))
    return call("_sdk.Pattern", *arguments)


def checks(type_: Primitive | ArrayOf | MapOf, ctx: TypeContext) -> tuple[list[Expr], Expr | None]:
    """`Field(...)` arguments and the check after them for a value's constraints.

    A string parsed into another type (`uuid` → `UUID`, `date-time` → `datetime`) has its
    length and pattern checked on the wire text, before it is parsed (`_sdk.WireText`):
    pydantic's own length check would meet a `UUID` and raise a `TypeError`.
    """
    if isinstance(type_, Primitive) and type_.kind == "string" and type_.format in _FORMATS:
        return [], wire_text(type_.constraints, ctx)
    if isinstance(type_, ArrayOf) and type_.prefix:
        return [], None  # the lengths are in the tuple types (see `positional`)
    return constraint_arguments(type_.constraints), pattern_check(type_.constraints, ctx)


def wire_text(constraints: Constraints, ctx: TypeContext) -> Expr | None:
    arguments: list[Expr] = [
        Keyword(name, Atom(repr(value)))
        for name, value in (
            ("min_length", constraints.min_length),
            ("max_length", constraints.max_length),
        )
        if value is not None
    ]
    pattern = pattern_check(constraints, ctx)
    if pattern is not None:
        arguments.append(Keyword("pattern", pattern))
    return call("_sdk.WireText", *arguments) if arguments else None


def constrained(inner: Expr, type_: Primitive | ArrayOf | MapOf, ctx: TypeContext) -> Expr:
    metadata: list[Expr] = []
    arguments, check = checks(type_, ctx)
    if arguments:
        metadata.append(call(ctx.use("pydantic", "Field"), *arguments))
    if check is not None:
        metadata.append(check)
    if not metadata:
        return inner
    return subscript(ctx.use("typing", "Annotated"), inner, *metadata)


def literal(type_: LiteralOf, ctx: TypeContext) -> Expr:
    """Known values as `Literal`. A closed enum of several strings also admits
    `_sdk.UnknownValue` when parsing (a value the API added later); an open enum any value."""
    values = [value for value in type_.values if not isinstance(value, float)]
    if len(values) != len(type_.values):  # `Literal` cannot hold floats
        return Atom("float")
    known = subscript(ctx.use("typing", "Literal"), *(Atom(py_literal(v)) for v in values))
    if type_.open:
        return chain([known, Atom(_OPEN_BASE.get(type_.base, "str"))])
    if len(values) > 1 and all(isinstance(v, str) for v in values):
        return subscript(
            ctx.use("typing", "Annotated"),
            chain([known, Atom("_sdk.UnknownValue")]),
            Atom("_sdk.KEEP_UNKNOWN"),
        )
    return known


_OPEN_BASE = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def nullable(inner: Expr) -> Expr:
    if isinstance(inner, Atom) and inner.text == "None":
        return inner
    return union_of([inner, NONE])


def union_of(operands: list[Expr]) -> Expr:
    """`A | B`, nested unions flattened."""
    flat: list[Expr] = []
    for operand in operands:
        flat += operand.operands if isinstance(operand, Chain) else (operand,)
    return chain(flat)


def union(type_: UnionOf, ctx: TypeContext) -> Expr:
    variants = [annotation(variant.type, ctx) for variant in type_.variants]
    discriminator = type_.discriminator
    if discriminator is None or not all(isinstance(v.type, Ref) for v in type_.variants):
        if not any(_is_model(v.type, ctx) for v in type_.variants):
            return union_of(variants)
        # Models in an untagged union are compared on their own schemas (pydantic's smart
        # mode prefers the member that sets the most fields), not loaded lazily.
        return subscript(
            ctx.use("typing", "Annotated"), union_of(variants), Atom("_sdk.BEST_MATCH")
        )
    table = [
        Atom(f"{py_str(tag)}: {py_str(ctx.schemas[target].class_name)}")
        for tag, target in discriminator.mapping
    ]
    arguments: list[Expr] = [
        Atom(py_str(discriminator.property_name)),
        call("", *table, open_="{", close="}"),
    ]
    if _tag_is_implied(type_, ctx):
        arguments.append(Keyword("implied", Atom("True")))
    # A member that is a union itself is a value, not a class: it is passed by name.
    targets = [v.type.target for v in type_.variants if isinstance(v.type, Ref)]
    aliases = sorted(
        {ctx.schemas[t].class_name for t in targets if not isinstance(ctx.schemas[t], Model)}
    )
    if aliases:
        members = [Atom(f"{py_str(name)}: {name}") for name in aliases]
        arguments.append(Keyword("aliases", call("", *members, open_="{", close="}")))
    return subscript(
        ctx.use("typing", "Annotated"),
        union_of([*variants, Atom("_sdk.UnknownVariant")]),
        call("_sdk.Tagged", *arguments),
    )


def admits_null(type_: TypeExpr, ctx: TypeContext, seen: frozenset[SchemaId] = frozenset()) -> bool:
    """Whether `null` is a value of `type_`, through references to nullable enums and aliases."""
    match type_:
        case Nullable() | Primitive(kind="null"):
            return True
        case Ref(target=target) if target not in seen:
            schema = ctx.schemas[target]
            if isinstance(schema, Enum):
                return schema.nullable
            return isinstance(schema, Alias) and admits_null(schema.type, ctx, seen | {target})
        case UnionOf(variants=variants):
            return any(admits_null(variant.type, ctx, seen) for variant in variants)
        case _:
            return False


def _is_model(type_: TypeExpr, ctx: TypeContext) -> bool:
    return isinstance(type_, Ref) and isinstance(ctx.schemas[type_.target], Model)


def _tag_is_implied(type_: UnionOf, ctx: TypeContext) -> bool:
    """Whether some variant lacks the tag property, so serializing must write it."""
    assert type_.discriminator is not None
    prop = type_.discriminator.property_name
    for variant in type_.variants:
        assert isinstance(variant.type, Ref)
        schema = ctx.schemas[variant.type.target]
        if isinstance(schema, Model) and all(f.wire_name != prop for f in schema.fields):
            return True
    return False


def _number(value: float) -> str:
    return repr(int(value)) if float(value).is_integer() and abs(value) < 2**53 else repr(value)
