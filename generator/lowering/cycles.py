"""A schema that is made of itself: a cycle through `$ref`, `allOf`, `oneOf`, `anyOf` alone.

`A: {allOf: [{$ref: A}]}` or `A → B → A` through `allOf` has no meaning (merging A's properties
needs A's properties first), nor has `A: {oneOf: [{$ref: A}, …]}` (a union that is one of its
own members: the models' type would be defined by itself). A recursive schema that nests itself
under `properties` or `items` is fine and never an edge here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

_NEW, _ACTIVE, _DONE = 0, 1, 2


def find_cycle(edges: Mapping[str, Sequence[str]]) -> list[str] | None:
    """The members of the first cycle (in `edges` order), first member repeated at the end;
    None when there is none. Iterative: a long chain cannot exhaust the stack."""
    state: dict[str, int] = {}
    for start in edges:
        if state.get(start, _NEW) != _NEW:
            continue
        path = [start]
        state[start] = _ACTIVE
        pending = [iter(edges.get(start, ()))]
        while pending:
            following = next(pending[-1], None)
            if following is None:
                pending.pop()
                state[path.pop()] = _DONE
            elif state.get(following, _NEW) == _ACTIVE:
                return _members([*path[path.index(following) :], following])
            elif state.get(following, _NEW) == _NEW:
                state[following] = _ACTIVE
                path.append(following)
                pending.append(iter(edges.get(following, ())))
    return None


def _members(cycle: list[str]) -> list[str]:
    """The schemas of a cycle, without the `allOf/N` (`oneOf/N`…) parts between them."""
    kept = [member for member in cycle if not _is_part(member)]
    if len(kept) < 2:  # `A: {allOf: [{$ref: A}]}`: A, its part, A again
        return cycle
    return kept


def _is_part(location: str) -> bool:
    head, _, last = location.rpartition("/")
    return last.isdigit() and head.endswith(("/allOf", "/oneOf", "/anyOf"))
