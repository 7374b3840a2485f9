"""Every defect the spec fuzzer found, as a small spec in tests/fuzz/corpus/ that says (in
`x-fuzz-expect`) how it must end now: `outcome` and a piece of the error line or warning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.loading import load_document
from generator.lowering import ALL_RULES
from generator.pipeline import load_api
from tests.fuzz.harness import run_spec

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(CORPUS.glob("*.yaml")) + sorted(CORPUS.glob("*.json"))


def expectation(spec: Path) -> dict[str, Any]:
    text = spec.read_text(encoding="utf-8")
    key = '"x-fuzz-expect":'
    if spec.suffix == ".json" and key in text:
        # read on its own: the rest of a reproducer may nest too deeply for any reader
        found: dict[str, Any] = json.JSONDecoder().raw_decode(text, text.index(key) + len(key) + 1)[
            0
        ]
        return found
    expect: dict[str, Any] = load_document(str(spec)).contents["x-fuzz-expect"]
    return expect


def test_there_is_a_corpus() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("spec", CASES, ids=[case.name for case in CASES])
def test_reproducer_ends_as_expected(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_JOBS", "1")
    expect = expectation(spec)
    outcome = run_spec(spec, docs=True)
    assert outcome.kind == expect["outcome"], outcome.detail
    if outcome.kind == "clean-error":
        assert f"{spec.name}#" in outcome.detail
        assert expect["contains"] in outcome.detail
    elif expect["contains"] is not None:  # generates, saying what it ignored or changed
        loaded = load_api(str(spec), repairs=frozenset(ALL_RULES))
        assert any(expect["contains"] in str(d) for d in loaded.diagnostics), loaded.diagnostics


CLI_CASES = [
    "corpus-info-is-a-string.yaml",
    "corpus-all-of-pair-cycle.yaml",
    "corpus-five-thousand-nested-items.json",
    "corpus-chain-of-300-named-refs.json",
]


@pytest.mark.parametrize("name", CLI_CASES)
def test_the_cli_prints_one_line_and_exits_2(name: str, tmp_path: Path) -> None:
    """What a user sees: the same refusal, through `sdkgen generate` in its own process."""
    spec = CORPUS / name
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(spec)]
    command += ["--out", str(out), "--package-name", "corpus_sdk"]
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1 and run.stderr.startswith(f"error: {name}#/"), run.stderr
    assert expectation(spec)["contains"] in run.stderr
    assert not out.exists()
