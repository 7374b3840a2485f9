"""References between named schemas."""

from __future__ import annotations

from collections.abc import Iterable

from generator.ir.schema import Alias, NamedSchema
from generator.ir.types import Ref, SchemaId
from generator.ir.walk import schema_types


def references(schema: NamedSchema) -> tuple[SchemaId, ...]:
    """The schemas `schema` refers to, each once, in first-use order."""
    found = dict.fromkeys(t.target for t in schema_types(schema) if isinstance(t, Ref))
    return tuple(found)


def recursive_aliases(schemas: Iterable[NamedSchema]) -> frozenset[SchemaId]:
    """Aliases that refer to themselves through other aliases only (`Json = str | list[Json]`,
    or `Tree = list[Branch]` with `Branch = str | Tree`). A reference through a model does
    not count: models are classes, so such recursion needs nothing special."""
    aliases = {schema.id: schema for schema in schemas if isinstance(schema, Alias)}
    edges = {
        id_: [target for target in references(schema) if target in aliases]
        for id_, schema in aliases.items()
    }
    found: set[SchemaId] = set()
    for start in sorted(edges):
        # Depth first from each alias's successors, looking for the alias itself; aliases are
        # few and their graphs shallow (Vapi: no alias reaches more than a handful).
        seen: set[SchemaId] = set()
        stack = list(edges[start])
        while stack:
            current = stack.pop()
            if current == start:
                found.add(start)
                break
            if current not in seen:
                seen.add(current)
                stack.extend(edges[current])
    return frozenset(found)
