"""Words: how any spec string splits into words, and the cases built from them. Every other
naming rule (`generator.naming`) is made of these."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# A digit run with one letter after it is one word (`3dSecure` → 3d, Secure; `2fa` stays 2, fa).
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+[a-z](?![a-z])|[0-9]+")


def ascii_text(text: str) -> str:
    """Fold accents away (`Café` → `Cafe`); other non-ASCII letters are dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def split_words(text: str) -> list[str]:
    """`HTTPRequest` → [HTTP, Request]; `numberE164Check` → [number, E164, Check]."""
    words: list[str] = []
    for word in _WORD.findall(ascii_text(text)):
        # A digit run belongs to the word before it: `E164`, `v2`, `11labs` stays `11`, `labs`.
        if word.isdigit() and words and not words[-1].isdigit():
            words[-1] += word
        else:
            words.append(word)
    return words


def snake(text: str) -> str:
    return "_".join(word.lower() for word in split_words(text))


def pascal(text: str) -> str:
    """`org_role` and `ORG_ROLE` → `OrgRole`; `httpRequest` → `HttpRequest`."""
    return "".join(
        word.capitalize() if word.isupper() else word[:1].upper() + word[1:]
        for word in split_words(text)
    )


def upper_snake(text: str) -> str:
    return "_".join(word.upper() for word in split_words(text))


def digest(text: str) -> str:
    """A stable hex digest of a name, for bounded names that stay distinct."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
