"""Line layout for generated Python: the few expression shapes the renderers emit, laid out
the way `ruff format` lays them out, so output is clean without running a formatter.

A formatter run after generation would tie the output's bytes to the formatter's version; laying
out our own small grammar (atoms, bracketed lists, `|` chains) keeps the bytes ours. The rules
are ruff's for these shapes: a line that fits stays whole; otherwise the last bracket splits,
its contents on one line if they fit, else one item per line with a trailing comma.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

LINE_LENGTH = 88  #: ruff's default, which `ruff format --isolated` checks against
INDENT = "    "


@dataclass(frozen=True, slots=True)
class Atom:
    text: str  #: never split: a name, a literal, `key=value` with an atomic value

    def flat(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Bracket:
    """`head[items]`, `head(items)`, `[items]` or `{items}`."""

    head: str
    items: tuple[Expr, ...]
    open: str = "["
    close: str = "]"
    #: the one-line text, computed once: layout asks for it at every level
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        joined = ", ".join(item.flat() for item in self.items)
        object.__setattr__(self, "text", self.head + self.open + joined + self.close)

    def flat(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Keyword:
    """`name=value` inside a call; splits inside `value` only."""

    name: str
    value: Expr
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", f"{self.name}={self.value.flat()}")

    def flat(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Chain:
    """`a | b | c`: split before each operator, operands at the same indent."""

    operands: tuple[Expr, ...]
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", " | ".join(o.flat() for o in self.operands))

    def flat(self) -> str:
        return self.text


Expr = Atom | Bracket | Keyword | Chain


def call(head: str, *items: Expr, open_: str = "(", close: str = ")") -> Bracket:
    return Bracket(head, tuple(items), open_, close)


def subscript(head: str, *items: Expr) -> Bracket:
    return Bracket(head, tuple(items))


def chain(operands: Sequence[Expr]) -> Expr:
    return operands[0] if len(operands) == 1 else Chain(tuple(operands))


def fits(text: str, indent: int) -> bool:
    return "\n" not in text and indent * len(INDENT) + len(text) <= LINE_LENGTH


def lay_out(expr: Expr, indent: int, prefix: str = "", suffix: str = "") -> list[str]:
    """Lines (without indentation beyond `indent` levels) for `prefix + expr + suffix`."""
    pad = INDENT * indent
    whole = prefix + expr.flat() + suffix
    if fits(whole, indent) or isinstance(expr, Atom):
        return [pad + whole]
    if isinstance(expr, Keyword):
        return lay_out(expr.value, indent, f"{prefix}{expr.name}=", suffix)
    if isinstance(expr, Chain):
        return _lay_out_chain(expr, indent, prefix, suffix)
    return _lay_out_bracket(expr, indent, prefix, suffix)


def _lay_out_bracket(expr: Bracket, indent: int, prefix: str, suffix: str) -> list[str]:
    pad = INDENT * indent
    opening = [pad + prefix + expr.head + expr.open]
    closing = [pad + expr.close + suffix]
    joined = ", ".join(item.flat() for item in expr.items)
    is_literal = not expr.head and expr.open in "[{"  # ruff never hugs a list or dict display
    if not is_literal and not _is_chain_only(expr) and fits(joined, indent + 1):
        return [*opening, INDENT * (indent + 1) + joined, *closing]
    body = [line for item in expr.items for line in lay_out(item, indent + 1, suffix=",")]
    return [*opening, *body, *closing]


def _is_chain_only(expr: Bracket) -> bool:
    """A lone `|` chain in brackets is split at its operators, not hugged (ruff's rule)."""
    return len(expr.items) == 1 and isinstance(expr.items[0], Chain)


def _lay_out_chain(expr: Chain, indent: int, prefix: str, suffix: str) -> list[str]:
    lines: list[str] = []
    last = len(expr.operands) - 1
    for position, operand in enumerate(expr.operands):
        head = prefix if position == 0 else "| "
        lines += lay_out(operand, indent, head, suffix if position == last else "")
    return lines


def _lay_out_top(expr: Expr, indent: int, prefix: str, suffix: str = "") -> str:
    """A whole statement's expression: a `|` chain that does not fit gets parentheses."""
    if isinstance(expr, Chain) and not fits(prefix + expr.flat() + suffix, indent):
        pad = INDENT * indent
        if fits(expr.flat(), indent + 1):  # the chain whole, in parentheses
            return "\n".join([pad + prefix + "(", pad + INDENT + expr.flat(), pad + ")" + suffix])
        inner = _lay_out_chain(expr, indent + 1, "", "")
        return "\n".join([pad + prefix + "(", *inner, pad + ")" + suffix])
    return "\n".join(lay_out(expr, indent, prefix, suffix))


def statement(target: str, annotation: Expr, value: Expr | None, indent: int) -> str:
    """`target: annotation = value` (or without a value), split like ruff splits it: the
    value first (an atom in parentheses), the annotation only if that cannot fit."""
    prefix = f"{target}: "
    if value is None:
        return _lay_out_top(annotation, indent, prefix)
    head = f"{prefix}{annotation.flat()} = "
    if fits(head + value.flat(), indent):
        return INDENT * indent + head + value.flat()
    if isinstance(value, Atom) and fits(head + "(", indent):
        pad = INDENT * indent
        return "\n".join([pad + head + "(", pad + INDENT + value.text, pad + ")"])
    if isinstance(value, Bracket) and fits(head + value.head + value.open, indent):
        return "\n".join(lay_out(value, indent, head))
    lines = _lay_out_top(annotation, indent, prefix, f" = {value.flat()}").split("\n")
    if isinstance(value, Atom) or fits(lines[-1].strip(), indent):
        return "\n".join(lines)
    last = lines.pop().strip().removesuffix(f" = {value.flat()}")
    return "\n".join([*lines, *lay_out(value, indent, f"{last} = ")])


def assignment(target: str, value: Expr, indent: int = 0) -> str:
    """`target = value`; a value whose first line cannot fit after the target goes into
    parentheses when it then fits whole on a line of its own (ruff's rule; long generated names
    need it). Otherwise a bracketed value splits its own brackets, even past the line length."""
    prefix = f"{target} = "
    if isinstance(value, Atom | Bracket) and not fits(prefix + value.flat(), indent):
        opening = value.head + value.open if isinstance(value, Bracket) else value.text
        inside = fits(value.flat(), indent + 1)
        if not fits(prefix + opening, indent) and fits(prefix + "(", indent) and inside:
            pad = INDENT * indent
            return "\n".join([pad + prefix + "(", *lay_out(value, indent + 1), pad + ")"])
    return _lay_out_top(value, indent, prefix)


def class_line(name: str, base: str) -> str:
    """`class name(base):`, the base on a line of its own when the header is too long."""
    line = f"class {name}({base}):"
    return line if fits(line, 0) else f"class {name}(\n{INDENT}{base}\n):"


def property_def(name: str, returns: str, indent: int = 1) -> str:
    """`def name(self) -> returns:` in a class body, split as ruff splits it when long."""
    pad = INDENT * indent
    line = f"def {name}(self) -> {returns}:"
    if fits(line, indent):
        return pad + line
    return f"{pad}def {name}(\n{pad}{INDENT}self,\n{closing_line(returns, indent)}"


def return_call(callee: str, argument: str, indent: int) -> str:
    """`return callee(argument)`, the argument on a line of its own when too long."""
    pad = INDENT * indent
    line = f"return {callee}({argument})"
    if fits(line, indent):
        return pad + line
    return f"{pad}return {callee}(\n{pad}{INDENT}{argument}\n{pad})"


def closing_line(returns: str, indent: int) -> str:
    """`) -> returns:` closing a split signature; a return type too long for that line goes
    in parentheses when it then fits (ruff's rule)."""
    pad = INDENT * indent
    line = f") -> {returns}:"
    if fits(line, indent) or not fits(returns, indent + 1):
        return pad + line
    return f"{pad}) -> (\n{pad}{INDENT}{returns}\n{pad}):"


def import_line(module: str, names: list[str], indent: int = 0) -> str:
    """`from module import a, b`, split one name per line when too long (ruff's rule)."""
    line = f"from {module} import {', '.join(names)}"
    if fits(line, indent):
        return line
    return "\n".join([f"from {module} import (", *(f"    {n}," for n in names), ")"])
