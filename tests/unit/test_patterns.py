"""ECMA-262 -> Python pattern translation: real spec patterns, JS/Python differences, errors."""

from __future__ import annotations

import re

import pytest
import regex

from generator.patterns import PatternError, split_js_literal, translate_pattern

VAPI_SEGMENTS = "/^[a-zA-Z0-9][a-zA-Z0-9._-]*(?:\\/[a-zA-Z0-9][a-zA-Z0-9._-]*){0,2}$/"

#: (pattern, strings that must match, strings that must not)
TABLE: list[tuple[str, list[str], list[str]]] = [
    ("/^[a-zA-Z][a-zA-Z0-9_]*$/", ["abc", "a_1", "Z"], ["", "1abc", "ab-c", "abc\n"]),
    (
        "/^\\p{L}[\\p{L}\\d]*(?::[+-]?\\d+)?$/u",
        ["élan", "日本語", "abc:12", "x1:-3"],
        ["1abc", "abc:", "ab c", "abc:\u0661"],  # Arabic-Indic digit one
    ),
    ("^org-[a-z0-9-]+$", ["org-abc", "org-a-1"], ["org-", "org-ABC", "xorg-a"]),
    (VAPI_SEGMENTS, ["a", "a.b", "a/b", "a/b/c", "a-b/c_d"], ["a/b/c/d", "/a", "a//b", ".a"]),
    ("/^[a-zA-Z0-9_-]{1,40}$/", ["a", "a" * 40], ["", "a" * 41, "a b"]),
    ("/^[A-Z][A-Z0-9_]*$/", ["ABC_1"], ["aBC", "A-B"]),
    ("ORG_ROLE_OR_CUSTOM_ROLE_PATTERN", ["xORG_ROLE_OR_CUSTOM_ROLE_PATTERNx"], ["org_role"]),
    # JavaScript semantics that differ from Python's
    ("^abc$", ["abc"], ["abc\n"]),
    ("^\\d+$", ["0123"], ["\u0661\u0662", "12\n"]),
    ("^\\w+$", ["a_Z9"], ["é", "ab-"]),
    ("^\\s$", [" ", "\t", "\u00a0", "\u2028", "\ufeff"], ["a", ""]),
    ("^\\S$", ["a"], [" ", "\u3000"]),
    ("^.$", ["a", "é"], ["\n", "\r", "\u2028"]),
    ("^[^\\D]$", ["5"], ["a", "٣"]),
    ("^[\\Wa]$", ["a", "-"], ["b", "_"]),
    ("a{,2}", ["a{,2}"], ["aa"]),
    ("x{2", ["x{2"], ["xx"]),
    ("^\\cC$", ["\x03"], ["C"]),
    ("^\\u00e9$", ["é"], ["e"]),
    ("^\\uD83D\\uDE00$", ["😀"], ["\ud83d"]),
    ("/^\\u{1F600}$/u", ["😀"], ["u"]),
    ("(?<year>\\d{4})-\\k<year>", ["2024-2024"], ["2024-2025"]),
    ("^a\\/b$", ["a/b"], ["a\\/b"]),
    ("\\bfoo\\b", ["a foo b", "foo", "éfooé"], ["foobar", "_foo"]),  # é is not a JS word char
    ("^[]$", [], ["", "a"]),
    ("^[^]$", ["\n", "a"], ["ab"]),
    ("/^abc$/i", ["ABC", "abc"], ["abd"]),
    ("/^a.b$/s", ["a\nb"], ["ab"]),
    ("/^b$/m", ["a\nb", "b\nc"], ["ab"]),
    ("(?<=\\$)\\d+", ["$42"], ["42"]),
    ("(?<=a+)b", ["aab"], ["b"]),
    ("^\\p{Letter}cole$", ["école"], ["1cole"]),
]


def _search(pattern: str, text: str) -> bool:
    translated = translate_pattern(pattern)
    engine = regex if translated.engine == "regex" else re
    return engine.compile(translated.python).search(text) is not None


@pytest.mark.parametrize(("pattern", "matching", "not_matching"), TABLE)
def test_translation_matches_like_javascript(
    pattern: str, matching: list[str], not_matching: list[str]
) -> None:
    for text in matching:
        assert _search(pattern, text), f"{pattern!r} should match {text!r}"
    for text in not_matching:
        assert not _search(pattern, text), f"{pattern!r} should not match {text!r}"


def test_engine_is_regex_only_when_needed() -> None:
    assert translate_pattern("^[a-z]+$").engine == "re"
    assert translate_pattern("/^\\p{L}+$/u").engine == "regex"
    assert translate_pattern("(?<=a+)b").engine == "regex"  # variable-width lookbehind


def test_source_is_kept_and_result_is_deterministic() -> None:
    first = translate_pattern(VAPI_SEGMENTS)
    assert first.source == VAPI_SEGMENTS
    assert translate_pattern.__wrapped__(VAPI_SEGMENTS) == first


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("/^a$/", ("^a$", "")),
        ("/^\\p{L}$/u", ("^\\p{L}$", "u")),
        (VAPI_SEGMENTS, (VAPI_SEGMENTS[1:-1], "")),
        ("^a/b$", None),
        ("/a/b/", None),  # an unescaped '/' would have ended a JS literal
        ("/a/x", None),  # not a flag
        ("/a/gg", None),  # duplicate flag
        ("/", None),
        ("//", None),
        ("/[/]/", ("[/]", "")),
    ],
)
def test_split_js_literal(literal: str, expected: tuple[str, str] | None) -> None:
    assert split_js_literal(literal) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        "(?P<x>a)",  # Python-only syntax
        "a**",
        "a++",  # possessive in Python, an error in JavaScript
        "[z-a]",
        "(",
        "\\",
        "/[a&&b]/v",  # v-flag set operations
        "/[\\p{L}--[a-z]]/v",
        "(?#comment)",
        "(?i:a)",
        "/a{/u",
        "/\\q/u",
        "\\p{No Such}",
        "(?<1bad>a)",
    ],
)
def test_untranslatable_patterns_raise_pattern_error(pattern: str) -> None:
    with pytest.raises(PatternError):
        translate_pattern(pattern)


def test_unknown_flag_is_an_error() -> None:
    with pytest.raises(PatternError, match="flag"):
        translate_pattern("a", "x")
