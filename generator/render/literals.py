"""The only ways a spec string reaches generated text: as a literal, a docstring, or prose.

OpenAPI strings are untrusted input (openapi-python-client GHSA-9x4c-63pf-525f): never build code
by concatenating them. Every function here escapes for exactly one context.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from generator.ir import JsonValue

_UNSAFE_IN_DOCSTRING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]")
_PLAIN = re.compile(r"[ -\[\]-~]*")  #: printable ASCII without a backslash
_SPECIAL = re.compile(r"[^ -\[\]-~]|[\\'\"]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


@lru_cache(maxsize=1 << 16)  # spec strings repeat: the same descriptions, names and values
def py_str(text: str) -> str:
    """A string literal, quoted the way ruff format would: double unless that escapes more."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    if _PLAIN.fullmatch(text) and quote not in text:
        return quote + text + quote  # the common case: nothing to escape

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in ("\\", quote):
            return "\\" + char
        return char if char.isprintable() else repr(char)[1:-1]  # \n, \x00, \u2028

    return quote + _SPECIAL.sub(escape, text) + quote


def py_literal(value: JsonValue) -> str:
    """A Python expression for a JSON value: strings via `py_str`, other scalars via `repr()`."""
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, dict):
        items = ", ".join(f"{py_str(k)}: {py_literal(v)}" for k, v in sorted(value.items()))
        return "{" + items + "}"
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(item) for item in value) + "]"
    return repr(value)


def py_docstring(text: str, indent: str = "") -> str:
    """A triple-quoted docstring holding `text` exactly, whatever it contains."""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    body = _UNSAFE_IN_DOCSTRING.sub(lambda m: f"\\u{ord(m.group()):04x}", body).strip("\n")
    # A last quote would run into the closing `"""`; one that is escaped already (odd
    # backslashes before it, as in an escaped `"""`) must not be escaped again.
    before = body[:-1]
    if body.endswith('"') and (len(before) - len(before.rstrip("\\"))) % 2 == 0:
        body = before + '\\"'
    lines = body.split("\n")
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    return '"""' + ("\n" + indent).join(lines) + "\n" + indent + '"""'


def py_comment(text: str) -> str:
    """One line of a `#` comment: newlines and control characters folded to spaces."""
    return " ".join(_UNSAFE_IN_DOCSTRING.sub(" ", text).split())


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def md_text(text: str) -> str:
    """Plain text for Markdown: special characters escaped, one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
