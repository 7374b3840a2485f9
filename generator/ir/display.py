"""A compact, target-neutral label for a type expression (`list[Server] | null`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import assert_never

from generator.ir.types import (
    ArrayOf,
    Constraints,
    LiteralOf,
    MapOf,
    Nullable,
    Primitive,
    Ref,
    SchemaId,
    TypeExpr,
    UnionOf,
)


def type_label(type_: TypeExpr, names: Mapping[SchemaId, str]) -> str:
    """`names` maps schema ids to class names, so a `Ref` shows as the class it points at."""
    match type_:
        case Primitive(kind=kind, format=fmt, constraints=constraints):
            return (f"{kind}({fmt})" if fmt else kind) + constraint_label(constraints)
        case ArrayOf(item=item, constraints=constraints, prefix=()):
            return f"list[{type_label(item, names)}]" + constraint_label(constraints)
        case ArrayOf(item=item, constraints=constraints, prefix=prefix, closed=closed):
            parts = [type_label(part, names) for part in prefix]
            parts += [] if closed else [f"{type_label(item, names)}..."]
            return f"tuple[{', '.join(parts)}]" + constraint_label(constraints)
        case MapOf(value=value, constraints=constraints):
            return f"map[{type_label(value, names)}]" + constraint_label(constraints)
        case Ref(target=target):
            return names.get(target, target)
        case LiteralOf(values=values, open=is_open):
            shown = " | ".join(json.dumps(value) for value in values)
            return f"open[{shown}]" if is_open else shown
        case Nullable(inner=inner):
            return f"{type_label(inner, names)} | null"
        case UnionOf(variants=variants, discriminator=discriminator, mode=mode):
            shown = ", ".join(type_label(v.type, names) for v in variants)
            tag = f" by {discriminator.property_name}" if discriminator else ""
            return f"{mode}[{shown}]{tag}"
        case _:
            assert_never(type_)


def constraint_label(constraints: Constraints) -> str:
    """`{max_length=40}`: the stated constraints, in a fixed order; empty when none."""
    stated = [
        f"{name}={value!r}"
        for name in Constraints.__slots__
        if (value := getattr(constraints, name)) not in (None, False)
    ]
    return "{" + ", ".join(stated) + "}" if stated else ""
