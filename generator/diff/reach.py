"""Which client methods reach each schema, through request parameters and bodies or through
success responses: the side of a change, and the methods it affects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.diff.operations import method_symbol
from generator.diff.records import Side
from generator.ir import Api, Operation, Ref, SchemaId, TypeExpr
from generator.ir.graph import references
from generator.ir.walk import iter_type

_NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Reach:
    request: Mapping[SchemaId, frozenset[str]]  #: schema -> methods sending it
    response: Mapping[SchemaId, frozenset[str]]  #: schema -> methods returning it

    def side(self, schema: SchemaId) -> Side:
        sends, returns = bool(self.request.get(schema)), bool(self.response.get(schema))
        if sends and returns:
            return "both"
        return "request" if sends else "response" if returns else "unreachable"

    def methods(self, schema: SchemaId, side: Side) -> frozenset[str]:
        found = _NOBODY
        if side in ("request", "both"):
            found |= self.request.get(schema, _NOBODY)
        if side in ("response", "both"):
            found |= self.response.get(schema, _NOBODY)
        return found

    def merged(self, other: Reach) -> Reach:
        """Either version's reach: the old one says whom a removal hurts, the new one whom
        an addition concerns."""
        return Reach(_union(self.request, other.request), _union(self.response, other.response))


def reach(api: Api, client: str) -> Reach:
    """`client`: the client class name methods are named with (`Vapi.calls.get`)."""
    closure = _Closures({schema.id: references(schema) for schema in api.schemas})
    request: defaultdict[SchemaId, set[str]] = defaultdict(set)
    response: defaultdict[SchemaId, set[str]] = defaultdict(set)
    for operation in api.operations:
        method = method_symbol(client, operation)
        for schema in closure.of(_request_types(operation)):
            request[schema].add(method)
        for schema in closure.of(_response_types(operation)):
            response[schema].add(method)
    return Reach(_frozen(request), _frozen(response))


def _request_types(operation: Operation) -> Iterable[TypeExpr]:
    yield from (parameter.type for parameter in operation.parameters)
    if operation.body is not None:
        yield from (c.type for c in operation.body.contents if c.type is not None)


def _response_types(operation: Operation) -> Iterable[TypeExpr]:
    for response in operation.responses:
        if response.status.startswith("2"):
            yield from (c.type for c in response.contents if c.type is not None)


class _Closures:
    """The schemas reachable from each schema, computed once per root: many operations
    share their bodies' and responses' schemas."""

    def __init__(self, graph: Mapping[SchemaId, tuple[SchemaId, ...]]) -> None:
        self.graph = graph
        self.cache: dict[SchemaId, frozenset[SchemaId]] = {}

    def of(self, roots: Iterable[TypeExpr]) -> set[SchemaId]:
        found: set[SchemaId] = set()
        for root in roots:
            for type_ in iter_type(root):
                if isinstance(type_, Ref):
                    found |= self._from(type_.target)
        return found

    def _from(self, start: SchemaId) -> frozenset[SchemaId]:
        if start not in self.cache:
            pending, seen = [start], set()
            while pending:
                schema = pending.pop()
                if schema not in seen:
                    seen.add(schema)
                    pending.extend(self.graph.get(schema, ()))
            self.cache[start] = frozenset(seen)
        return self.cache[start]


def _frozen(table: Mapping[SchemaId, set[str]]) -> dict[SchemaId, frozenset[str]]:
    return {schema: frozenset(methods) for schema, methods in table.items()}


def _union(
    one: Mapping[SchemaId, frozenset[str]], other: Mapping[SchemaId, frozenset[str]]
) -> dict[SchemaId, frozenset[str]]:
    return {key: one.get(key, _NOBODY) | other.get(key, _NOBODY) for key in {*one, *other}}
