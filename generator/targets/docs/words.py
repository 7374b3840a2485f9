"""Types and constraints as readers see them: linked type names and constraints in words."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import assert_never

from generator.ir import (
    ArrayOf,
    Constraints,
    JsonScalar,
    LiteralOf,
    MapOf,
    Nullable,
    Primitive,
    Ref,
    TypeExpr,
    UnionOf,
)
from generator.ir.walk import iter_type
from generator.targets.docs.rich import Code, Rich, Show, Shown, Text, concat, joined
from generator.targets.docs.sitemap import SiteMap, TypeCells


def type_shown(type_: TypeExpr, site: SiteMap, show: Show) -> Shown:
    """`list[TransferDestinationNumber | TransferDestinationSip] | null`, names linked.

    Constraints are left out: they have their own column, in words. Each part is written once
    (names and links are cached) and the whole is their concatenation, as it reads.
    """
    match type_:
        case Primitive(kind=kind, format=fmt):
            return show.code(f"{kind}({fmt})" if fmt else kind)
        case ArrayOf(item=item):
            return concat([show.text("list["), type_shown(item, site, show), show.text("]")])
        case MapOf(value=value):
            value_shown = type_shown(value, site, show)
            return concat([show.text("map[string, "), value_shown, show.text("]")])
        case Ref(target=target):
            return show.rich((site.schema_link(target),))
        case LiteralOf(values=values, open=is_open, base=base):
            shown = [show.code(json_value(value)) for value in values]
            return concat([*shown, show.code(base)] if is_open else shown, show.text(" | "))
        case Nullable(inner=inner):
            inner_shown = type_shown(inner, site, show)
            return concat([inner_shown, show.text(" | "), show.code("null")])
        case UnionOf(variants=variants):
            return concat([type_shown(v.type, site, show) for v in variants], show.text(" | "))
        case _:
            assert_never(type_)


def cells(type_: TypeExpr, site: SiteMap, show: Show) -> TypeCells:
    """What a table shows about a type, worked out once per distinct type in a run.

    Types are compared by value, and `1 == True == 1.0`: a type holding a literal that is not a
    string is never stored, so it cannot be mistaken for one that differs only there.
    """
    found = site.type_cells.get(type_)
    if found is None:
        inner = list(iter_type(type_))
        has_union = any(isinstance(t, UnionOf) for t in inner)
        found = TypeCells(
            type_shown(type_, site, show), show.rich(constraints_rich(type_)), has_union
        )
        literals = (t.values for t in inner if isinstance(t, LiteralOf))
        if all(isinstance(value, str) for values in literals for value in values):
            site.type_cells[type_] = found
    return found


@lru_cache(maxsize=None, typed=True)  # typed: `True` and `1` are equal keys otherwise
def json_value(value: JsonScalar) -> str:
    """A literal value as JSON, as the wire carries it (`"sip"`, `true`)."""
    return json.dumps(value, ensure_ascii=False)


def constraints_rich(type_: TypeExpr) -> Rich:
    """What the type constrains, in words: `3 to 40 characters; matches ^\\+?[1-9]\\d{1,14}$`."""
    phrases: list[Rich] = []
    match type_:
        case Nullable(inner=inner):
            return constraints_rich(inner)
        case Primitive(constraints=constraints) | MapOf(constraints=constraints):
            phrases = constraint_phrases(constraints)
        case ArrayOf(item=item, constraints=constraints):
            phrases = constraint_phrases(constraints)
            item_words = constraints_rich(item)
            if item_words:
                phrases.append((Text("each item: "), *item_words))
        case Ref() | LiteralOf() | UnionOf():
            pass  # stated on the schema's own page, or shown as the values themselves
        case _:
            assert_never(type_)
    return joined(phrases, "; ")


def constraint_phrases(c: Constraints) -> list[Rich]:
    phrases = [
        _range(c.min_length, c.max_length, "character"),
        _range(c.min_items, c.max_items, "item"),
        _range(c.min_properties, c.max_properties, "property"),
    ]
    out: list[Rich] = [(Text(phrase),) for phrase in phrases if phrase]
    if c.pattern is not None:
        out.append((Text("matches "), Code(c.pattern)))
    bounds = (
        ("at least", c.minimum),
        ("more than", c.exclusive_minimum),
        ("at most", c.maximum),
        ("less than", c.exclusive_maximum),
        ("a multiple of", c.multiple_of),
    )
    out += [
        (Text(f"{words} "), Code(_number(value))) for words, value in bounds if value is not None
    ]
    if c.unique_items:
        out.append((Text("no duplicate items"),))
    return out


def _range(low: int | None, high: int | None, unit: str) -> str | None:
    plural = "properties" if unit == "property" else unit + "s"
    if low is None and high is None:
        return None
    if low == high:
        return f"exactly {low} {unit if low == 1 else plural}"
    if low is not None and high is not None:
        return f"{low} to {high} {plural}"
    if low is not None:
        return f"at least {low} {unit if low == 1 else plural}"
    return f"at most {high} {unit if high == 1 else plural}"


def _number(value: float) -> str:
    """`0`, not `0.0`: the spec's numbers read as written."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)
