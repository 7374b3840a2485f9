"""Broken and hostile `$ref`s and `$id`s: each is one clear error naming the ref's pointer,
never a traceback (the CLI turns a `GeneratorError` into one line and exit 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.errors import GeneratorError
from generator.pipeline import load_api

CASES: dict[str, tuple[dict[str, Any], str]] = {
    "bad IPv6 host": ({"A": {"$ref": "https://[bad/x"}}, "is not a valid URI"),
    "bad $id": ({"A": {"$id": "https://[bad/x", "type": "string"}}, "is not a valid URI"),
    "lone surrogate in $id": ({"A": {"$id": "https://x/\ud800"}}, "is not a valid URI"),
    "NUL in a file name": ({"A": {"$ref": "a\x00b.json"}}, "contains a NUL character"),
    "lone surrogate": ({"A": {"$ref": "\ud800.json"}}, "contains a lone surrogate"),
    "a folder": ({"A": {"$ref": "./"}}, "not a regular file"),
    "a missing file": ({"A": {"$ref": "other.json#/X"}}, "no such file"),
    "a missing anchor": ({"A": {"$dynamicRef": "#nope"}}, "no $anchor 'nope'"),
    "a pointer into an $id that has nothing there": (
        {"A": {"$id": "https://x.test/a", "type": "string", "$ref": "https://x.test/a#/no"}},
        "points to nothing",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_ref_is_one_error_at_its_pointer(tmp_path: Path, case: str) -> None:
    schemas, words = CASES[case]
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        load_api(str(path), repairs=frozenset())
    assert caught.value.where == "spec.json#/components/schemas/A"
    assert words in caught.value.message and "\n" not in str(caught.value)
