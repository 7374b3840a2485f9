"""YAML reads like JSON (1.2 core-schema numbers), bounded (aliases, nesting), errors on one line;
`$ref: null` (an unquoted `#`) and giant patterns are refused with their pointers."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import pytest

from generator.errors import SpecLoadError, UnresolvedRefError
from generator.loading import load_document, parse
from generator.patterns import MAX_PATTERN_LENGTH, PatternError, translate_pattern
from generator.pipeline import load_api, load_index
from tests.conftest import minimal_spec


def yaml(text: str) -> object:
    return parse(text.encode(), "t.yaml")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1e-08", 1e-08),
        ("1e+09", 1e09),
        ("1E5", 1e5),
        ("-2.5e3", -2500.0),
        (".5", 0.5),
        ("1.", 1.0),
        ("0o17", 15),
        ("0x1F", 31),
        ("012", 12),  # YAML 1.1 would read octal 10
        ("+3", 3),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        # strings in YAML 1.2 (numbers or booleans in 1.1)
        ("1_000", "1_000"),
        ("1:30", "1:30"),
        ("0b11", "0b11"),
        ("on", "on"),
        ("yes", "yes"),
        ("No", "No"),
        ("2024-01-02", "2024-01-02"),
        ("'1e3'", "1e3"),
        ("true", True),
        ("FALSE", False),
        ("~", None),
    ],
)
def test_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    loaded = yaml(f"v: {text}\n")
    assert isinstance(loaded, dict)
    assert loaded["v"] == value and type(loaded["v"]) is type(value)


def test_number_keys_keep_their_text() -> None:
    assert yaml("200: a\n1e3: b\n0x1F: c\ntrue: d\n") == {
        "200": "a",
        "1e3": "b",
        "0x1F": "c",
        "true": "d",
    }


def test_yaml_numbers_reach_the_ir_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Rate: {type: number, minimum: 1e-08, maximum: 1e+09, multipleOf: .5}\n",
        encoding="utf-8",
    )
    rate = load_api(str(path), repairs=frozenset()).api.schemas[0]
    constraints = rate.type.constraints  # type: ignore[attr-defined]
    assert (constraints.minimum, constraints.maximum) == (1e-08, 1e09)


@pytest.mark.parametrize("levels", [5, 6, 9])
def test_an_alias_bomb_is_refused_at_once(tmp_path: Path, levels: int) -> None:
    lines = ["openapi: 3.0.3", "x-bomb:", "  l0: &l0 [a, a, a, a, a, a, a, a, a]"]
    lines += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size < 1024
    started = time.perf_counter()
    with pytest.raises(SpecLoadError, match="YAML aliases expand this node") as caught:
        load_document(str(path))
    assert time.perf_counter() - started < 1.0
    assert caught.value.where is not None and caught.value.where.startswith(f"{path}:")


def test_modest_aliases_are_fine() -> None:
    text = "base: &b {type: string, maxLength: 5}\nuses: [*b, *b, *b]\n"
    assert yaml(text) == {
        "base": {"type": "string", "maxLength": 5},
        "uses": [{"type": "string", "maxLength": 5}] * 3,
    }


def test_a_cyclic_alias_is_refused() -> None:
    with pytest.raises(SpecLoadError, match="refers to a node that contains it") as caught:
        yaml("a: &a [1, *a]\n")
    assert caught.value.where == "t.yaml:1:4"


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("a: [unclosed\n", "t.yaml:2:1", "did not find expected ',' or ']'"),
        ("a:\n  - b\n c: d\n", "t.yaml:3:2", "did not find expected key"),
        ("a: b\x00\n", "t.yaml:1:5", "U+0000"),
        ("a: !!python/object:os.system x\n", "t.yaml:1:4", "could not determine a constructor"),
    ],
)
def test_yaml_errors_are_one_line_with_line_and_column(text: str, where: str, words: str) -> None:
    with pytest.raises(SpecLoadError) as caught:
        yaml(text)
    assert caught.value.where == where
    assert words in caught.value.message and "\n" not in str(caught.value)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    """libyaml composes recursively in C: 50,000 levels would overflow the main stack."""
    depth = 40_000
    with pytest.raises(SpecLoadError, match="nested too deeply"):
        yaml("a: " + "[" * depth + "]" * depth + "\n")
    with pytest.raises(SpecLoadError, match="nested deeper than 100 levels") as caught:
        parse(b"[" * depth + b"]" * depth, "t.json")
    assert caught.value.where == "t.json#" + "/0" * 101  # where the limit was passed


def test_a_null_ref_explains_the_yaml_comment(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: string}\n    B:\n      $ref: #/components/schemas/A\n",
        encoding="utf-8",
    )
    with pytest.raises(UnresolvedRefError) as caught:
        load_index(str(path))
    assert caught.value.where == "api.yaml#/components/schemas/B"
    assert "unquoted `#` starts a comment" in caught.value.message
    assert "$ref: '#/components/...'" in caught.value.message


def test_a_giant_pattern_is_refused_at_once(tmp_path: Path) -> None:
    giant = "a" * 5_000_000
    started = time.perf_counter()
    with pytest.raises(PatternError, match="over the limit of") as caught:
        translate_pattern(giant)
    assert len(str(caught.value)) < 200
    spec = minimal_spec({"Big": {"type": "string", "pattern": giant}})
    path = tmp_path / "api.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    loaded = load_api(str(path), repairs=frozenset({"untranslatable-pattern"}))
    [warning] = [d for d in loaded.diagnostics if d.rule == "untranslatable-pattern"]
    assert warning.where == "api.json#/components/schemas/Big" and len(warning.message) < 300
    assert time.perf_counter() - started < 5.0
    assert translate_pattern("a" * MAX_PATTERN_LENGTH).engine == "re"  # the limit itself is fine


def test_the_vapi_yaml_reads_as_its_json(vapi_json: Path, vapi_yaml: Path) -> None:
    """The same spec in both formats gives the same data (no anchors, so no alias check)."""
    assert load_document(str(vapi_yaml)).contents == load_document(str(vapi_json)).contents
