"""Layout of the client's calls whose arguments hold dict literals, as `ruff format` lays
them out: a call that does not fit puts its arguments on one indented line if they fit,
else one per line; a dict literal that does not fit always has one entry per line (ruff
never packs a split collection literal's entries onto one line, unlike a call's arguments).
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.render.layout import INDENT, Bracket, Expr, Keyword, fits, lay_out


def call_lines(
    head: str, items: Sequence[Expr], indent: int, prefix: str = "", suffix: str = ""
) -> list[str]:
    """`prefix + head(items) + suffix`, laid out at `indent` levels."""
    pad = INDENT * indent
    joined = ", ".join(item.flat() for item in items)
    if fits(f"{prefix}{head}({joined}){suffix}", indent):
        return [f"{pad}{prefix}{head}({joined}){suffix}"]
    opening, closing = f"{pad}{prefix}{head}(", f"{pad}){suffix}"
    if fits(joined, indent + 1):
        return [opening, INDENT * (indent + 1) + joined, closing]
    body = [line for item in items for line in _item_lines(item, indent + 1)]
    return [opening, *body, closing]


def _item_lines(item: Expr, indent: int) -> list[str]:
    if fits(item.flat() + ",", indent):
        return [INDENT * indent + item.flat() + ","]
    if isinstance(item, Keyword) and _is_literal(item.value):
        return literal_lines(item.value, indent, prefix=f"{item.name}=", suffix=",")
    return lay_out(item, indent, suffix=",")


def _is_literal(expr: Expr) -> bool:
    return isinstance(expr, Bracket) and not expr.head and expr.open in "{["


def literal_lines(literal: Expr, indent: int, prefix: str = "", suffix: str = "") -> list[str]:
    """A dict or list literal, one entry per line unless it fits whole."""
    pad = INDENT * indent
    if fits(prefix + literal.flat() + suffix, indent) or not isinstance(literal, Bracket):
        return [pad + prefix + literal.flat() + suffix]
    entries = [INDENT * (indent + 1) + entry.flat() + "," for entry in literal.items]
    return [pad + prefix + literal.open, *entries, pad + literal.close + suffix]
