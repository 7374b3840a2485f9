"""Python literals and module-level statements laid out exactly as ``ruff format`` would.

Generated modules are checked with ``ruff format --check`` and sdkgen cannot run ruff while
generating, so the few statement shapes the compiler writes at module level (constants built
from literals, imports, function signatures) are laid out here by ruff's rules:

* a statement that fits in `LINE_LIMIT` columns stays on one line, with no trailing comma
  (except the comma a one-element tuple needs);
* otherwise a call's single argument, or a one-element list/set/dict, moves to its own
  indented line between the brackets, and is split further the same way if it still does not
  fit;
* a collection of several elements puts each on its own line with a trailing comma;
* a string that does not fit is left as it is (ruff never splits strings), but one assigned
  to a name moves into parentheses of its own when it fits there.

Every string from the spec goes through `literal`, i.e. `generator.render.literals.py_str`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from generator.render.literals import py_str
from generator.validators.codewriter import LINE_LIMIT

_INDENT = 4


# Named tuples rather than dataclasses: the compiler builds some 100,000 of them per spec.
class Seq(NamedTuple):
    """A bracketed collection: tuple, list, set or dict (whose items are `Pair`s)."""

    open: str
    close: str
    items: tuple[Node, ...]

    @property
    def is_tuple(self) -> bool:
        return self.open == "("


class Pair(NamedTuple):
    key: Node
    value: Node


class Call(NamedTuple):
    """A call with one argument, e.g. ``frozenset((...))`` or ``_re.compile("...")``."""

    function: str
    argument: Node


#: An expression: plain text (a name, number or string literal) or a structure to lay out.
Node = str | Seq | Pair | Call


def tuple_of(items: Sequence[Node]) -> Seq:
    return Seq("(", ")", tuple(items))


def string(text: str) -> str:
    """`py_str(text)`, with a shortcut for the common case it would quote as is."""
    if '"' not in text and "\\" not in text and text.isprintable():
        return f'"{text}"'  # exactly what py_str returns for such text: no escape needed
    return py_str(text)


def literal(value: Any) -> Node:
    """The expression for a JSON value; strings only through `string` (i.e. `py_str`)."""
    if isinstance(value, str):
        return string(value)
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list):
        return Seq("[", "]", tuple(literal(item) for item in value))
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return Seq("{", "}", tuple(Pair(string(k), literal(v)) for k, v in value.items()))
    raise TypeError(f"not a JSON value: {value!r}")


def number(value: float) -> str:
    """A float as ruff writes it: ``1e+16`` becomes ``1e16``; inf and nan are spelled out."""
    if not math.isfinite(value):
        return f'float("{value!r}")'
    return repr(value).replace("e+", "e")


def flat(node: Node) -> str:
    """The one-line form of `node`."""
    if isinstance(node, str):
        return node
    if isinstance(node, Pair):
        key, value = node
        key = key if type(key) is str else flat(key)
        return f"{key}: {value if type(value) is str else flat(value)}"
    if isinstance(node, Call):
        return f"{node.function}({flat(node.argument)})"
    # Most items are plain text: skip the call for them (constants hold ~200,000 items).
    inner = ", ".join([item if type(item) is str else flat(item) for item in node.items])
    comma = "," if len(node.items) == 1 and node.open == "(" else ""
    return f"{node.open}{inner}{comma}{node.close}"


def lay_out(
    node: Node, *, prefix: str = "", suffix: str = "", indent: int = 0, text: str | None = None
) -> list[str]:
    """Lines for `prefix + node + suffix` starting at column `indent` (see module docstring).

    `text` is `flat(node)` when the caller has it already.
    """
    pad = " " * indent
    text = flat(node) if text is None else text
    if indent + len(prefix) + len(text) + len(suffix) <= LINE_LIMIT or isinstance(node, str):
        return [pad + prefix + text + suffix]
    if isinstance(node, Pair):
        return lay_out(
            node.value, prefix=prefix + flat(node.key) + ": ", suffix=suffix, indent=indent
        )
    inner = indent + _INDENT
    if isinstance(node, Call):
        body = lay_out(node.argument, indent=inner)
        return [f"{pad}{prefix}{node.function}(", *body, f"{pad}){suffix}"]
    if len(node.items) == 1 and not node.is_tuple:
        body = lay_out(node.items[0], indent=inner)
    else:
        body = _item_lines(node.items, inner)
    return [f"{pad}{prefix}{node.open}", *body, f"{pad}{node.close}{suffix}"]


def _item_lines(items: tuple[Node, ...], indent: int) -> list[str]:
    """One item per line with a trailing comma; an item that does not fit is split further."""
    pad = " " * indent
    lines = []
    for item in items:
        if type(item) is str:  # text is never split: its one line, without a call
            lines.append(pad + item + ",")
        elif type(item) is Pair and type(item.key) is str and type(item.value) is str:
            lines.append(f"{pad}{item.key}: {item.value},")  # (idem: a union's value -> index)
        else:
            lines.extend(lay_out(item, suffix=",", indent=indent))
    return lines


def text_tuple(items: Sequence[str]) -> str:
    """`flat(tuple_of(items))` for items that are literals already."""
    return f"({', '.join(items)}{',' if len(items) == 1 else ''})"


def text_tuple_assignment(name: str, items: Sequence[str], text: str) -> str:
    """`assignment(name, tuple_of(items), text)` for items that are literals already: one
    line, or one item per line (text is never split)."""
    line = f"{name} = {text}"
    if len(line) <= LINE_LIMIT:
        return line
    body = "".join([f"    {item},\n" for item in items])
    return f"{name} = (\n{body})"


def assignment(name: str, node: Node, text: str | None = None) -> str:
    """``name = node``; `text` is `flat(node)` when the caller has it already.

    A plain value (a long string) that does not fit after ``name = `` but fits on a line of
    its own is put in parentheses, as ruff format does; a longer one stays on the line.
    """
    if type(node) is str:
        line = f"{name} = {node}"
        if len(line) > LINE_LIMIT and _INDENT + len(node) <= LINE_LIMIT:
            return f"{name} = (\n    {node}\n)"
        return line
    return "\n".join(lay_out(node, prefix=f"{name} = ", text=text))


def signature(name: str, parameters: Sequence[str], returns: str) -> str:
    """A top-level ``def`` line (or lines) ending in ``:``."""
    joined = ", ".join(parameters)
    one_line = f"def {name}({joined}) -> {returns}:"
    if len(one_line) <= LINE_LIMIT:
        return one_line
    if len(parameters) == 1:  # ruff adds a trailing comma after a lone parameter
        return f"def {name}(\n    {parameters[0]},\n) -> {returns}:"
    if _INDENT + len(joined) <= LINE_LIMIT:
        return f"def {name}(\n    {joined}\n) -> {returns}:"
    body = "".join(f"    {parameter},\n" for parameter in parameters)
    return f"def {name}(\n{body}) -> {returns}:"


def import_from(module: str, names: Sequence[str]) -> str:
    """``from module import a, b``, split one name per line when too long."""
    one_line = f"from {module} import {', '.join(names)}"
    if len(one_line) <= LINE_LIMIT:
        return one_line
    body = "".join(f"    {name},\n" for name in names)
    return f"from {module} import (\n{body})"
