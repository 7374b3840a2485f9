"""Hostile JSON values for the payload fuzzer (`test_payloads.py`): what an attacker or a broken
client may send, as `json.loads` would give it to the generated code.

Huge integers (beyond the 4,300 digits `repr` accepts), NaN and infinities (`json.loads` reads
them), lone surrogates, megabyte strings, nesting 10,000 levels deep, wrong types at every
depth, and valid examples with one value replaced by any of these (so that the fuzzer gets
past the first type check of a schema).
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

HUGE = 7**20_000  # 16,903 digits
BIG_STRING = "\ud800x" * 500_000  # a megabyte, with a lone surrogate every other character


def deep(depth: int, kind: str) -> Any:
    """A value nesting `depth` levels of lists (`kind` "list") or objects ("dict")."""
    value: Any = None
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


#: Values hypothesis must not print when it describes a strategy (repr refuses HUGE), by name.
_NAMED: dict[str, Any] = {
    "huge": HUGE,
    "-huge": -HUGE,
    "2**63": 2**63,
    "-2**64": -(2**64),
    "10**4300": 10**4300,
    "big string": BIG_STRING,
    "100,000 x": "x" * 100_000,
}


def named(key: str) -> Any:
    """One of the values of `_NAMED` (a function: strategies print it as its name)."""
    return _NAMED[key]


_TEXT = st.text(alphabet=st.characters(codec=None, categories=None), max_size=40)
LEAVES: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(sorted(_NAMED)).map(named),
    st.floats(allow_nan=True, allow_infinity=True),
    _TEXT,  # any code point, lone surrogates included
    st.sampled_from(["", "\ud800", "\udfff\ud800", "\x00"]),
    st.sampled_from(["0f8fad5b-d9cb-469f-a165-70867728950e", "2021-01-17T12:34:00.000+0000"]),
)
DEEP: st.SearchStrategy[Any] = st.builds(
    deep, st.sampled_from([200, 1_000, 10_000]), st.sampled_from(["list", "dict"])
)


def _json(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(_TEXT, st.sampled_from(["type", "on", "provider"])), children, max_size=4
        ),
    )


VALUES: st.SearchStrategy[Any] = st.one_of(
    DEEP, st.recursive(st.one_of(LEAVES, DEEP), _json, max_leaves=12)
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location in `value` (containers and leaves), the root first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """A copy of `value` with `new` at `path` (the root when `path` is empty)."""
    if not path:
        return new
    result = copy.deepcopy(value)
    node = result
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = new
    return result


@st.composite
def mutated(draw: st.DrawFn, examples: list[Any]) -> Any:
    """A valid example with one location (or the whole) replaced by a hostile value."""
    example = draw(st.sampled_from(examples))
    path = draw(st.sampled_from(paths(example)))
    return replaced(example, path, draw(VALUES))
