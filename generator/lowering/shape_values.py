"""The checks of `shape.py` for keywords checked in place: (walk, node, location, key, value,
here) → the children still to walk. `here` is the value's pointer, `location` its object's."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Protocol

Children = list[tuple[Any, str, str]]  #: (node, location, kind) still to walk


class Walk(Protocol):
    """How a check reports: `shape.Walk`, seen through a protocol so that the walk and its
    checks do not import each other."""

    def fail(self, location: str, message: str) -> None: ...

    def ignore(self, parent: str, key: str, message: str, rule: str = "ignored-value") -> None: ...

    def edit(self, location: str, change: tuple[str, Any, Any]) -> None: ...

    def expect(self, value: Any, kind: type, here: str, name: str) -> bool: ...

    def text(self, value: str, parent: str, key: str | int) -> None: ...


#: Bounds that keep numbers printable in generated code (a 300-digit literal is not a bound)
MAX_COUNT = 2**63 - 1
MAX_INTEGER_DIGITS = 30


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    names: dict[type, str] = {dict: "an object", list: "an array", str: "a string"}
    return names.get(type(value), "a value")


Check = Callable[[Walk, dict[str, Any], str, str, Any, str], Children]


def _string(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    walk.expect(value, str, here, "a string")
    walk.text(value, location, key)
    return []


def _prose(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    if isinstance(value, str):
        walk.text(value, location, key)
    else:
        walk.ignore(location, key, f"{key!r} should be text, found {kind_of(value)}")
    return []


def _version(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    """`version: 1.0` is a common slip in YAML (a number, not text): it reads as written."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return []
    return _prose(walk, node, location, key, value, here)


def _flag(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    if not isinstance(value, bool):
        walk.ignore(location, key, f"{key!r} should be true or false, found {kind_of(value)}")
    return []


def _strings(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    walk.expect(value, list, here, "an array of strings")
    for position, item in enumerate(value):
        walk.expect(item, str, f"{here}/{position}", "a string")
        walk.text(item, here, position)
    return []


def _types(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    """A type name or a list of them; what a name means is for the later stages to judge
    (a real spec writes `type: enum`)."""
    if isinstance(value, list):
        return _strings(walk, node, location, key, value, here)
    return _string(walk, node, location, key, value, here)


def _values(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    """`enum` (an array) and `const`: values the models compare, so arrays and objects are
    beyond them; the generator ignores such a constraint rather than half-render it."""
    values = value if key != "const" else [value]
    if key == "enum":
        walk.expect(value, list, here, "an array")
    if any(isinstance(item, dict | list) for item in values):
        walk.ignore(location, key, f"{key!r} with array or object values is not supported")
        return []
    for position, item in enumerate(values):
        if isinstance(item, str):
            walk.text(item, here if key == "enum" else location, position if key == "enum" else key)
        elif isinstance(item, float) and not math.isfinite(item):
            walk.fail(here, f"{key!r} holds {item!r}, which JSON cannot carry")
    return []


def _count(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    integral = isinstance(value, float) and value.is_integer() and 0 <= value <= MAX_COUNT
    if integral:
        walk.edit(location, ("set", key, int(value)))  # `5.0`: the same count, as an integer
    elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        shown = _number_text(value)
        walk.fail(here, f"{key!r} must be a whole number from 0 to 2**63-1, found {shown}")
    return []


def _number(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    if isinstance(value, bool) or not isinstance(value, int | float):
        walk.fail(here, f"{key!r} must be a number, found {_number_text(value)}")
    elif isinstance(value, float) and not math.isfinite(value):
        walk.fail(here, f"{key!r} must be a finite number, found {value!r}")
    elif isinstance(value, int) and len(str(abs(value))) > MAX_INTEGER_DIGITS:
        walk.fail(here, f"{key!r} has more than {MAX_INTEGER_DIGITS} digits")
    return []


def _positive(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    _number(walk, node, location, key, value, here)
    if value <= 0:
        walk.fail(here, f"{key!r} must be greater than 0, found {value!r}")
    return []


def _bound(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    return [] if isinstance(value, bool) else _number(walk, node, location, key, value, here)


def _schema(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    if not isinstance(value, dict | bool):
        walk.fail(here, f"expected a schema (an object or a boolean), found {kind_of(value)}")
    return [(value, here, "schema")]


def _items(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    if isinstance(value, list):  # the draft-4 tuple form
        return [(v, f"{here}/{i}", "schema") for i, v in enumerate(value)]
    return _schema(walk, node, location, key, value, here)


def _object(walk: Walk, node: Any, location: str, key: str, value: Any, here: str) -> Children:
    walk.expect(value, dict, here, "an object")
    return [(value, here, "scan")]


def _number_text(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = repr(value) if isinstance(value, float) or abs(value) < 10**40 else "a huge number"
        return text[:40]
    return kind_of(value)


SCALARS: dict[str, Check] = {
    "string": _string,
    "prose": _prose,
    "version": _version,
    "flag": _flag,
    "strings": _strings,
    "types": _types,
    "enum": _values,
    "value": _values,
    "count": _count,
    "number": _number,
    "positive": _positive,
    "bound": _bound,
    "schema": _schema,
    "items": _items,
    "object": _object,
}
