"""`CodeWriter`: an indentation-aware line buffer for emitting Python source.

Emitters never concatenate schema text into code themselves; they pass finished lines here
(with every schema literal already `repr()`-ed) and open nested blocks with `block()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_INDENT = "    "


class CodeWriter:
    """Accumulates lines of Python at the current indentation and hands out unique names."""

    def __init__(self, *, reserved: frozenset[str] = frozenset()) -> None:
        self._lines: list[str] = []
        self._depth = 0
        self._counters: dict[str, int] = {}
        self._reserved = reserved

    @property
    def depth(self) -> int:
        return self._depth

    def line(self, text: str = "") -> None:
        self._lines.append(_INDENT * self._depth + text if text else "")

    @contextmanager
    def block(self, header: str) -> Iterator[None]:
        """Write `header` (ending in ':') and indent what is written inside the block.

        An empty block gets a ``pass`` so that emitters may open blocks speculatively.
        """
        self.line(header)
        self._depth += 1
        mark = len(self._lines)
        try:
            yield
        finally:
            if len(self._lines) == mark:
                self.line("pass")
            self._depth -= 1

    def fresh_name(self, stem: str) -> str:
        """A local name not handed out before by this writer (`stem`, `stem_1`, ...)."""
        count = self._counters.get(stem, 0)
        self._counters[stem] = count + 1
        name = stem if count == 0 and stem not in self._reserved else f"{stem}_{count}"
        return name

    def extend(self, other: CodeWriter) -> None:
        """Append another writer's lines at this writer's current indentation."""
        prefix = _INDENT * self._depth
        self._lines.extend(prefix + text if text else "" for text in other._lines)

    def source(self) -> str:
        return "\n".join(self._lines) + "\n"
