"""Translation of ECMA-262 (JavaScript) regular expressions, as used by JSON Schema ``pattern``,
into equivalent Python patterns for ``re`` or, when needed, the third-party ``regex`` module.

JSON Schema says ``pattern`` is an ECMA-262 regex applied as an unanchored search.  The two
dialects differ in ways that silently change verdicts (``\\d``/``\\w`` are ASCII in JavaScript,
``$`` does not match before a trailing newline, ``.`` excludes ``\\r``/U+2028/U+2029, ``{,n}`` is
a literal), so patterns are re-written token by token rather than passed through.  Unicode
property escapes (``\\p{L}``) need ``regex``; everything untranslatable raises `PatternError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

__all__ = [
    "MAX_PATTERN_LENGTH",
    "PatternError",
    "TranslatedPattern",
    "shown",
    "split_js_literal",
    "translate_pattern",
]

#: Longer patterns are refused at once (real ones are at most a few KB; 10,000 characters
#: translate and compile in ~40 ms).
MAX_PATTERN_LENGTH = 10_000
_SHOWN_LENGTH = 60
_JS_FLAGS = frozenset("dgimsuvy")
_LINE_TERMINATORS = "\\n\\r\\u2028\\u2029"
_DIGIT = "0-9"
_WORD = "A-Za-z0-9_"
#: ECMA-262 WhiteSpace + LineTerminator (the code points JavaScript's ``\s`` matches).
_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_SHORTHANDS = {"d": _DIGIT, "w": _WORD, "s": _SPACE}
_CONTROL_ESCAPES = {"f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B}
_WORD_BOUNDARY = f"(?:(?<=[{_WORD}])(?![{_WORD}])|(?<![{_WORD}])(?=[{_WORD}]))"
_NOT_WORD_BOUNDARY = f"(?:(?<=[{_WORD}])(?=[{_WORD}])|(?<![{_WORD}])(?![{_WORD}]))"
_QUANTIFIER_BRACE = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")
_GROUP_NAME = re.compile(r"<([^>]*)>")
#: ASCII punctuation that means itself both inside and outside Python character classes.
_PLAIN_PUNCTUATION = frozenset("_!\"#%',/:;<=>@`")
_DIGITS = frozenset("0123456789")
#: Escapes that denote a set or an assertion outside character classes.
_CLASS_ESCAPES = {
    **{name: f"[{chars}]" for name, chars in _SHORTHANDS.items()},
    **{name.upper(): f"[^{chars}]" for name, chars in _SHORTHANDS.items()},
    "b": _WORD_BOUNDARY,
    "B": _NOT_WORD_BOUNDARY,
}
#: Characters with their own translation method in `_Translator`.
_DISPATCH = {
    "\\": "escape",
    "[": "char_class",
    "(": "group_open",
    ".": "dot",
    "$": "dollar",
    "^": "caret",
    "{": "brace",
}


class PatternError(ValueError):
    """An ECMA-262 pattern that cannot be translated to an equivalent Python pattern."""


@dataclass(frozen=True, slots=True)
class TranslatedPattern:
    """An ECMA-262 pattern and its Python equivalent for ``.search()`` semantics."""

    source: str
    python: str
    engine: Literal["re", "regex"]


def split_js_literal(pattern: str) -> tuple[str, str] | None:
    """'/body/flags' -> (body, flags) when the string is a JS regex literal (flags ⊆ 'dgimsuvy')."""
    if not 2 <= len(pattern) <= MAX_PATTERN_LENGTH or not pattern.startswith("/"):
        return None  # too long: `translate_pattern` refuses it without reading it
    end = pattern.rfind("/")
    if end == 0:
        return None
    body, flags = pattern[1:end], pattern[end + 1 :]
    if not set(flags) <= _JS_FLAGS or len(set(flags)) != len(flags) or not body:
        return None
    if _has_unescaped_slash(body):
        return None
    return body, flags


def _has_unescaped_slash(body: str) -> bool:
    """Whether a literal body contains a '/' a JS lexer would have ended the literal at."""
    index, in_class = 0, False
    while index < len(body):
        char = body[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "/" and not in_class:
            return True
        index += 1
    return False


def shown(pattern: str) -> str:
    """A pattern as messages quote it: `repr`, cut short (a message is one readable line)."""
    if len(pattern) <= _SHOWN_LENGTH:
        return repr(pattern)
    return f"{pattern[:_SHOWN_LENGTH]!r}… ({len(pattern):,} characters)"


@lru_cache(maxsize=4096)
def translate_pattern(pattern: str, flags: str = "") -> TranslatedPattern:
    """Translate an ECMA-262 pattern (or a '/body/flags' literal) to Python syntax.

    A pattern over `MAX_PATTERN_LENGTH` is refused before any work: translating and compiling
    are linear-ish but a 5 MB pattern still takes most of a minute, and no real one is that long.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(
            f"pattern is {len(pattern):,} characters long, over the limit of "
            f"{MAX_PATTERN_LENGTH:,}: {shown(pattern)}"
        )
    literal = split_js_literal(pattern)
    body, all_flags = (literal[0], literal[1] + flags) if literal else (pattern, flags)
    unknown = set(all_flags) - _JS_FLAGS
    if unknown:
        raise PatternError(
            f"unknown regex flag(s) {''.join(sorted(unknown))!r} in {shown(pattern)}"
        )
    translator = _Translator(body, frozenset(all_flags))
    python = ("(?i)" if "i" in all_flags else "") + translator.translate()
    if "y" in all_flags:
        python = f"\\A(?:{python})"
    engine = _pick_engine(python, needs_regex=translator.needs_regex, source=pattern)
    return TranslatedPattern(source=pattern, python=python, engine=engine)


def _pick_engine(python: str, *, needs_regex: bool, source: str) -> Literal["re", "regex"]:
    """Compile with ``re`` when possible; fall back to ``regex`` (variable-width lookbehind)."""
    if not needs_regex:
        try:
            re.compile(python)
            return "re"
        except re.error:
            pass  # maybe a construct only `regex` supports; checked below
    import regex  # noqa: PLC0415 - only some patterns need it; it costs ~12 ms to import

    try:
        regex.compile(python)
    except regex.error as error:
        raise PatternError(f"invalid or untranslatable pattern {shown(source)}: {error}") from None
    return "regex"


def _escape_code_point(code_point: int) -> str:
    """A Python-regex spelling of one literal code point, safe both in and outside classes."""
    char = chr(code_point)
    if char.isascii() and (char.isalnum() or char in _PLAIN_PUNCTUATION):
        return char
    if 0x20 < code_point < 0x7F:
        return "\\" + char  # punctuation that is special in or outside Python classes
    if code_point < 0x100:
        return f"\\x{code_point:02x}"
    if code_point < 0x10000:
        return f"\\u{code_point:04x}"
    return f"\\U{code_point:08x}"


@dataclass(frozen=True, slots=True)
class _ClassAtom:
    """One element of a character class: a literal code point or range, or a shorthand set."""

    text: str  # Python spelling of a positive set member (e.g. "a", "0-9", "\\p{L}")
    negated: bool = False  # True for \D, \W, \S, \P{..}: the complement of `text`
    code_point: int | None = None  # set for single literal code points (usable in ranges)


class _Translator:
    """Single-pass scanner over an ECMA-262 pattern body emitting Python syntax."""

    def __init__(self, body: str, flags: frozenset[str]) -> None:
        self.body = body
        self.pos = 0
        self.unicode = bool(flags & {"u", "v"})
        self.set_mode = "v" in flags
        self.dot_all = "s" in flags
        self.multiline = "m" in flags
        self.needs_regex = False
        self.out: list[str] = []

    def error(self, what: str) -> PatternError:
        return PatternError(
            f"cannot translate pattern {shown(self.body)} at offset {self.pos}: {what}"
        )

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.body[index] if index < len(self.body) else ""

    def translate(self) -> str:
        while self.pos < len(self.body):
            self.out.append(self.atom())
        return "".join(self.out)

    def atom(self) -> str:
        char = self.body[self.pos]
        self.pos += 1
        if char in _DISPATCH:
            return getattr(self, _DISPATCH[char])()  # type: ignore[no-any-return]
        if char in ")|":
            return char
        if char in "}]":
            return "\\" + char  # JS (Annex B) reads a lone '}' or ']' as a literal
        if char in "*+?":
            return char + self.lazy_suffix()
        return _escape_code_point(ord(char))

    def dot(self) -> str:
        return "(?s:.)" if self.dot_all else f"[^{_LINE_TERMINATORS}]"

    def dollar(self) -> str:
        return f"(?=[{_LINE_TERMINATORS}]|\\Z)" if self.multiline else "\\Z"

    def caret(self) -> str:
        return f"(?<![^{_LINE_TERMINATORS}])" if self.multiline else "\\A"

    def lazy_suffix(self) -> str:
        """Copy a '?' making a quantifier lazy; reject a following '+' (possessive in Python)."""
        if self.peek() == "?":
            self.pos += 1
            return "?"
        if self.peek() in ("+", "*"):
            raise self.error("nothing to repeat")
        return ""

    def brace(self) -> str:
        """'{n,m}' is a quantifier only in its exact form; otherwise JS (Annex B) reads a '{'."""
        found = _QUANTIFIER_BRACE.match(self.body, self.pos - 1)
        if found is None:
            if self.unicode:
                raise self.error("lone '{' is a syntax error with the u flag")
            return "\\{"
        self.pos = found.end()
        return found.group() + self.lazy_suffix()

    def group_open(self) -> str:
        if self.peek() != "?":
            return "("
        head = self.body[self.pos : self.pos + 3]
        for prefix in ("?:", "?=", "?!", "?<=", "?<!"):
            if head.startswith(prefix):
                self.pos += len(prefix)
                return "(" + prefix
        if head.startswith("?<"):
            self.pos += 1
            return "(?P" + self.group_name()
        raise self.error(f"unsupported group syntax '({head}'")

    def group_name(self) -> str:
        found = _GROUP_NAME.match(self.body, self.pos)
        if found is None or not found.group(1).isidentifier():
            raise self.error("group name is not a valid Python identifier")
        self.pos = found.end()
        return found.group()

    def escape(self) -> str:
        char = self.peek()
        if not char:
            raise self.error("pattern ends with a backslash")
        self.pos += 1
        if char in _CLASS_ESCAPES:
            return _CLASS_ESCAPES[char]
        if char == "k" and self.peek() == "<":
            return "(?P=" + self.group_name()[1:-1] + ")"
        if char in "123456789":
            return "\\" + char + self.take_digits()
        if char in "pP":
            return self.property_escape(negated=char == "P")
        return _escape_code_point(self.code_point_escape(char))

    def take_digits(self) -> str:
        start = self.pos
        while self.peek() and self.peek() in _DIGITS:
            self.pos += 1
        return self.body[start : self.pos]

    def property_escape(self, *, negated: bool) -> str:
        """``\\p{..}``: Unicode property classes, which only the ``regex`` engine knows."""
        end = self.body.find("}", self.pos)
        if self.peek() != "{" or end < 0:
            raise self.error("\\p must be followed by {property}")
        name = self.body[self.pos + 1 : end]
        if not re.fullmatch(r"[A-Za-z_]+(?:=[A-Za-z_]+)?", name):
            raise self.error(f"invalid Unicode property name {name!r}")
        self.pos = end + 1
        self.needs_regex = True
        return ("\\P{" if negated else "\\p{") + name + "}"

    def code_point_escape(self, char: str) -> int:
        """The code point of a character escape that denotes a single character."""
        if char in _CONTROL_ESCAPES:
            return _CONTROL_ESCAPES[char]
        if char == "0" and self.peek() not in _DIGITS:
            return 0
        reader = {"c": self.control_letter, "x": self.hex_escape, "u": self.unicode_escape}
        if char in reader:
            return reader[char]()
        if char.isalnum() and self.unicode:
            raise self.error(f"invalid escape '\\{char}' with the u flag")
        return ord(char)  # identity escape: '\/' is '/', and (without u) '\a' is 'a'

    def control_letter(self) -> int:
        """'\\cX' is the control character X % 32; a '\\c' without letter is a backslash."""
        if self.peek().isascii() and self.peek().isalpha():
            self.pos += 1
            return ord(self.body[self.pos - 1]) % 32
        self.pos -= 1  # Annex B: re-read the 'c' as a literal after this backslash
        return ord("\\")

    def hex_escape(self) -> int:
        return self.hex_digits(2)

    def hex_digits(self, count: int) -> int:
        digits = self.body[self.pos : self.pos + count]
        if len(digits) != count or not all(d in "0123456789abcdefABCDEF" for d in digits):
            if self.unicode:
                raise self.error("malformed hexadecimal escape")
            return ord(self.body[self.pos - 1])  # Annex B: '\x' without digits is 'x'
        self.pos += count
        return int(digits, 16)

    def unicode_escape(self) -> int:
        if self.peek() == "{" and self.unicode:
            end = self.body.find("}", self.pos)
            digits = self.body[self.pos + 1 : end] if end > 0 else ""
            if not digits or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise self.error("malformed \\u{...} escape")
            self.pos = end + 1
            if int(digits, 16) > 0x10FFFF:
                raise self.error("code point out of range")
            return int(digits, 16)
        high = self.hex_digits(4)
        return self.join_surrogates(high) if 0xD800 <= high <= 0xDBFF else high

    def join_surrogates(self, high: int) -> int:
        """JavaScript strings are UTF-16: '\\uD83D\\uDE00' denotes one astral code point."""
        if self.body.startswith("\\u", self.pos):
            saved = self.pos
            self.pos += 2
            low = self.hex_digits(4)
            if 0xDC00 <= low <= 0xDFFF:
                return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            self.pos = saved
        return high

    def char_class(self) -> str:
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        atoms = self.class_atoms()
        return _render_class(atoms, negated=negated)

    def class_atoms(self) -> list[_ClassAtom]:
        atoms: list[_ClassAtom] = []
        while self.peek() != "]":
            if not self.peek():
                raise self.error("unterminated character class")
            if self.set_mode and self.body.startswith(("&&", "--", "[", "\\q"), self.pos):
                raise self.error("v-flag set operations are not supported")
            atom = self.class_atom()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                atom = self.class_range(atom)
            atoms.append(atom)
        self.pos += 1
        return atoms

    def class_range(self, start: _ClassAtom) -> _ClassAtom:
        self.pos += 1  # the '-'
        end = self.class_atom()
        if start.code_point is None or end.code_point is None:
            if self.unicode:
                raise self.error("character class escape used as a range bound")
            raise self.error("character class escape used as a range bound is not supported")
        if start.code_point > end.code_point:
            raise self.error("range out of order in character class")
        text = f"{_escape_code_point(start.code_point)}-{_escape_code_point(end.code_point)}"
        return _ClassAtom(text)

    def class_atom(self) -> _ClassAtom:
        char = self.body[self.pos]
        self.pos += 1
        if char != "\\":
            return _ClassAtom(_escape_code_point(ord(char)), code_point=ord(char))
        char = self.peek()
        self.pos += 1
        if char.lower() in _SHORTHANDS:
            return _ClassAtom(_SHORTHANDS[char.lower()], negated=char.isupper())
        if char in "pP":
            return _ClassAtom(self.property_escape(negated=False), negated=char == "P")
        code_point = 0x08 if char == "b" else self.code_point_escape(char)
        return _ClassAtom(_escape_code_point(code_point), code_point=code_point)


def _render_class(atoms: list[_ClassAtom], *, negated: bool) -> str:
    """Python spelling of a class; complemented shorthands (\\D, \\P{..}) need alternation."""
    plain = "".join(atom.text for atom in atoms if not atom.negated)
    complements = [atom.text for atom in atoms if atom.negated]
    if not complements:
        if not plain:
            return "(?s:.)" if negated else "(?!)"  # JS: [^] is any char, [] matches nothing
        return f"[{'^' if negated else ''}{plain}]"
    if not negated:  # x in [P\D] <=> x in [P] or x in [^0-9]
        branches = ([f"[{plain}]"] if plain else []) + [f"[^{text}]" for text in complements]
        return "(?:" + "|".join(branches) + ")"
    # x in [^P\D\W] <=> x not in [P] and x in [0-9] and x in [A-Za-z0-9_]
    guards = (f"(?![{plain}])" if plain else "") + "".join(f"(?=[{t}])" for t in complements)
    return f"(?:{guards}(?s:.))"
