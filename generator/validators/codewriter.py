"""`CodeWriter`: an indentation-aware line buffer for emitting Python source.

Emitters never concatenate schema text into code themselves; they pass finished lines here
(with every schema literal already quoted by `layout.literal`) and open nested blocks with
`block()`.  Generated modules must already be in ``ruff format`` style, and the formatter would
split any line over `LINE_LIMIT` columns, so emitters ask `fits()` and choose a shorter form
(a module constant, a helper call, a split call, a separate function) instead of ever writing
such a line; a line that still does not fit raises `LineTooLongError`, upon which the compiler
lays out the whole function again with shallower nesting.
"""

from __future__ import annotations

import functools
import re

#: ruff format's default line length: the generated package has no formatter configuration.
LINE_LIMIT = 88
_INDENT = "    "
#: String literals as `layout.literal` writes them (one line, backslash escapes).
_STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""")


class LineTooLongError(AssertionError):
    """An emitter wrote a line ruff format would split.  It never leaves the compiler: a
    function whose inline code does not fit is emitted again with every subschema called
    through its own function (`ModuleCompiler`), which keeps indentation shallow."""


class CodeWriter:
    """Accumulates lines of Python at the current indentation and hands out unique names."""

    __slots__ = ("_counters", "_depth", "_indent", "_lines", "_reserved", "_room")

    def __init__(
        self,
        *,
        reserved: frozenset[str] = frozenset(),
        depth: int = 0,
        counters: dict[str, int] | None = None,
    ) -> None:
        self._lines: list[str] = []
        self._counters: dict[str, int] = {} if counters is None else counters
        self._reserved = reserved
        self._set_depth(depth)

    def _set_depth(self, depth: int) -> None:
        # The indentation and the room left on a line are kept at hand: every line needs them.
        self._depth = depth
        self._indent = _INDENT * depth
        self._room = LINE_LIMIT - len(self._indent)

    @property
    def depth(self) -> int:
        return self._depth

    @property
    def room(self) -> int:
        """Columns left on a line at the current indentation."""
        return self._room

    def fits(self, text: str, extra_depth: int = 0) -> bool:
        """Whether `text` fits on one line at the current (plus `extra_depth`) indentation."""
        return len(text) + len(_INDENT) * extra_depth <= self._room

    def line(self, text: str = "") -> None:
        if len(text) > self._room:
            raise LineTooLongError(f"generated line over {LINE_LIMIT} columns: {text!r}")
        self._lines.append(self._indent + text if text else "")

    def call(self, function: str, arguments: list[str]) -> None:
        """The statement ``function(arguments...)``, split the way ruff format splits it when it
        does not fit: the arguments on one indented line, else one per line (trailing comma)."""
        joined = ", ".join(arguments)
        if len(function) + len(joined) + 2 <= self._room:
            self._lines.append(f"{self._indent}{function}({joined})")
            return
        self.line(f"{function}(")
        inner = self._indent + _INDENT
        if len(joined) <= self._room - len(_INDENT):
            self._lines.append(inner + joined)
        else:
            for argument in arguments:
                self.line(f"{_INDENT}{argument},")
        self._lines.append(self._indent + ")")

    def one_line_block(self, header: str, body: str) -> None:
        """`header` (ending in ':') and one line of body: `block` without the `with`."""
        self.line(header)
        if len(body) > self._room - len(_INDENT):
            raise LineTooLongError(f"generated line over {LINE_LIMIT} columns: {body!r}")
        self._lines.append(self._indent + _INDENT + body)

    def block(self, header: str) -> _Block:
        """Write `header` (ending in ':'); what is written inside the `with` is indented.

        An empty block gets a ``pass`` so that emitters may open blocks speculatively.
        """
        self.line(header)
        return _Block(self)

    def fresh_name(self, stem: str) -> str:
        """A local name not handed out before by this writer (`stem`, `stem_1`, ...)."""
        count = self._counters.get(stem, 0)
        self._counters[stem] = count + 1
        name = stem if count == 0 and stem not in self._reserved else f"{stem}_{count}"
        return name

    def sub(self, extra_depth: int = 0) -> CodeWriter:
        """A scratch writer at this position whose lines may later be `extend`ed in (or not)."""
        writer = CodeWriter.__new__(CodeWriter)  # (no keyword parsing: ~25,000 per spec)
        writer._lines = []
        writer._counters = self._counters
        writer._reserved = self._reserved
        writer._set_depth(self._depth + extra_depth)
        return writer

    def nest(self, header: str, body: CodeWriter, first: str = "") -> None:
        """`header` (ending in ':'), then `first` (if any) and the lines of `body` below it.

        `body` is a non-empty `sub(1)` of this writer; `first` is e.g. the assignment of a
        variable the body uses.
        """
        self.line(header)
        if first:
            body_room = self._room - len(_INDENT)
            if len(first) > body_room:
                raise LineTooLongError(f"generated line over {LINE_LIMIT} columns: {first!r}")
            self._lines.append(self._indent + _INDENT + first)
        self._lines.extend(body._lines)

    def extend(self, other: CodeWriter) -> None:
        """Append the lines of a writer made by `sub` (they are already indented)."""
        self._lines.extend(other._lines)

    @property
    def empty(self) -> bool:
        return not self._lines

    def uses(self, name: str) -> bool:
        """Whether the code written so far refers to local `name` (string contents ignored)."""
        word = _word(name)
        return any(
            name in line and word.search(line) and _outside_strings(line, word)
            for line in self._lines
        )

    def source(self) -> str:
        return "\n".join(self._lines) + "\n"


def _outside_strings(line: str, word: re.Pattern[str]) -> bool:
    """Whether `word` occurs in `line` outside its string literals."""
    if '"' not in line and "'" not in line:  # the usual line: nothing to take out
        return True
    return word.search(_STRING.sub('""', line)) is not None


@functools.cache
def _word(name: str) -> re.Pattern[str]:
    """`name` as a whole word (the writers ask about a few dozen names, over and over)."""
    return re.compile(rf"\b{re.escape(name)}\b")


class _Block:
    """The body of `CodeWriter.block` (a class: emitters open ~100,000 blocks per spec)."""

    __slots__ = ("_mark", "_writer")

    def __init__(self, writer: CodeWriter) -> None:
        self._writer = writer
        self._mark = 0

    def __enter__(self) -> None:
        writer = self._writer
        writer._depth += 1
        writer._indent += _INDENT
        writer._room -= len(_INDENT)
        self._mark = len(writer._lines)

    def __exit__(self, *exc_info: object) -> None:
        writer = self._writer
        if len(writer._lines) == self._mark:
            writer.line("pass")
        writer._depth -= 1
        writer._indent = writer._indent[: -len(_INDENT)]
        writer._room += len(_INDENT)
