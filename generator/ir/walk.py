"""Traversal of type expressions, for the consumers that need every one of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import assert_never

from generator.ir.api import Api
from generator.ir.schema import Alias, Enum, Model, NamedSchema
from generator.ir.types import (
    ArrayOf,
    LiteralOf,
    MapOf,
    Nullable,
    Primitive,
    Ref,
    TypeExpr,
    UnionOf,
)


def iter_type(type_: TypeExpr) -> Iterator[TypeExpr]:
    """`type_` and every type nested in it (not following `Ref`s), depth first."""
    yield type_
    match type_:
        case ArrayOf(item=inner, prefix=prefix):
            for positional in prefix:
                yield from iter_type(positional)
            yield from iter_type(inner)
        case MapOf(value=inner) | Nullable(inner=inner):
            yield from iter_type(inner)
        case UnionOf(variants=variants):
            for variant in variants:
                yield from iter_type(variant.type)
        case Primitive() | Ref() | LiteralOf():
            pass
        case _:
            assert_never(type_)


def schema_types(schema: NamedSchema) -> Iterator[TypeExpr]:
    match schema:
        case Model():
            for field in schema.fields:
                yield from iter_type(field.type)
            if schema.extra is not None:
                yield from iter_type(schema.extra)
        case Alias():
            yield from iter_type(schema.type)
        case Enum():
            pass
        case _:
            assert_never(schema)


def operation_types(api: Api) -> Iterator[TypeExpr]:
    for operation in api.operations:
        for parameter in operation.parameters:
            yield from iter_type(parameter.type)
        contents = [*(operation.body.contents if operation.body else ())]
        contents += [content for response in operation.responses for content in response.contents]
        for content in contents:
            if content.type is not None:
                yield from iter_type(content.type)


def all_types(schemas: Iterable[NamedSchema], api: Api | None = None) -> Iterator[TypeExpr]:
    for schema in schemas:
        yield from schema_types(schema)
    if api is not None:
        yield from operation_types(api)


def unions(api: Api) -> list[UnionOf]:
    """Every union in the API, once each, ordered by where it is written."""
    found = {t.source: t for t in all_types(api.schemas, api) if isinstance(t, UnionOf)}
    return [found[source] for source in sorted(found)]
