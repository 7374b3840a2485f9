"""The spec corpus: every spec of `tests/specs/` (not `invalid/`) generates a complete SDK
(models, webhooks, client, validators, docs) whose modules all import and whose models all
build, that passes `ruff check`, `ruff format --check` and `mypy --strict`, and whose every
`example` validates with the models and the validators, or is a known spec defect listed in
`tests/specs/known-defects.toml` with its reason.

The corpus is generated once per test run, even with xdist workers (a file lock in the run's
shared temporary folder), and checked by one ruff and one mypy over all of its packages.
A failure names the spec, the check and the modules at fault.
"""

from __future__ import annotations

import fcntl
import json
import os
import tomllib
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from tests.corpus_checks import (
    CHECKS,
    SPECS,
    check_constants,
    corpus_specs,
    generate_all,
    run_child,
    run_tools,
)

KNOWN = SPECS / "known-defects.toml"
TYPE_CHECKS = ("generate", "import", "ruff-check", "ruff-format", "mypy", "constants")


def known() -> dict[str, Any]:
    return tomllib.loads(KNOWN.read_text(encoding="utf-8")) if KNOWN.exists() else {}


def known_failures() -> dict[tuple[str, str], str]:
    """(spec, check) → why it fails today: each is an xfail(strict=True), so a fix shows."""
    entries = known().get("xfail", [])
    return {(entry["spec"], entry["check"]): entry["reason"] for entry in entries}


def known_example_defects(spec: str) -> set[tuple[str, str]]:
    """(example pointer, `models` or `validators`) of the spec's examples that are wrong."""
    entries = known().get("example", [])
    return {(e["where"], e["check"]) for e in entries if e["spec"] == spec}


def build_corpus(folder: Path) -> dict[str, Any]:
    outcomes = generate_all(folder)
    check_constants(folder, outcomes)
    run_tools(folder, outcomes)
    run_child(folder, outcomes)
    return {spec: asdict(outcome) for spec, outcome in outcomes.items()}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Each spec's outcome: built by the first worker that needs it, read by the others."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, shared by its workers
    results = base / "corpus-results.json"
    with (base / "corpus.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not results.exists():
            outcomes = build_corpus(base / "corpus")
            results.write_text(json.dumps(outcomes), encoding="utf-8")
    found: dict[str, Any] = json.loads(results.read_text(encoding="utf-8"))
    return found


def cases() -> list[Any]:
    xfails = known_failures()
    params = []
    for spec in (path.name for path in corpus_specs()):
        for check in CHECKS:
            reason = xfails.get((spec, check))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(spec, check, marks=marks, id=f"{spec}-{check}"))
    return params


@pytest.mark.parametrize(("spec", "check"), cases())
def test_spec(corpus: dict[str, Any], spec: str, check: str) -> None:
    outcome = corpus[spec]
    package = outcome["package"]
    if check != "generate" and outcome["failures"]["generate"]:
        pytest.fail(f"{spec}: did not generate, so nothing to {check}")
    if check == "examples":
        check_examples(spec, outcome)
        return
    failures = outcome["failures"][check]
    listing = "\n  ".join(failures[:40])
    assert not failures, f"{spec} ({package}): {check} failed:\n  {listing}"


def check_examples(spec: str, outcome: dict[str, Any]) -> None:
    """Every example passes both checks, or is a known defect; a listed one that passes now
    must leave the list."""
    defects = known_example_defects(spec)
    failed = {(where, check): error for where, check, error in outcome["example_failures"]}
    unexpected = [f"{where} ({check}): {error}" for (where, check), error in failed.items()]
    unexpected = [line for line, key in zip(unexpected, failed, strict=True) if key not in defects]
    stale = sorted(f"{where} ({check})" for where, check in defects - set(failed))
    assert not unexpected, f"{spec} ({outcome['package']}): examples fail:\n  " + "\n  ".join(
        unexpected
    )
    assert not stale, f"{spec}: listed in known-defects.toml but valid now: {stale}"


def tally(corpus: dict[str, Any]) -> tuple[int, int]:
    clean = [o for o in corpus.values() if not any(o["failures"][c] for c in TYPE_CHECKS)]
    return len(clean), len(corpus)


def test_tally(corpus: dict[str, Any], record_property: Any) -> None:
    """'N of N specs generate, import, type-check': shown in the terminal summary (conftest)
    and by `benchmarks/corpus_tally.py`. Only the specs with a known failure may be missing."""
    clean, total = tally(corpus)
    line = f"corpus: {clean} of {total} specs generate, import, type-check"
    record_property("corpus_tally", line)
    expected_broken = {spec for spec, check in known_failures() if check in TYPE_CHECKS}
    assert total > 0
    assert clean == total - len(expected_broken & set(corpus)), line


def test_package_names_are_valid_and_unique() -> None:
    from tests.corpus_checks import package_names  # noqa: PLC0415

    specs = [Path(name) for name in ("a-b.yaml", "a_b.yaml", "a-b.json", "3d.yml", "-.yaml")]
    names = package_names(specs)
    assert len(set(names.values())) == len(specs)
    assert all(name.isidentifier() for name in names.values())
    assert names["a-b.yaml"] == "corpus_a_b" and names["3d.yml"] == "corpus_3d"


def test_the_harness_finds_wrong_examples_and_failed_generation(tmp_path: Path) -> None:
    """The checks can fail: a wrong example is caught by both models and validators, one
    illustrating an inline schema by its validator, and a spec that cannot load is reported."""
    from tests.corpus_checks import generate_all  # noqa: PLC0415

    specs = tmp_path / "specs"
    specs.mkdir()
    good = {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}
    body = {"content": {"application/json": {"schema": {"type": "string"}, "example": 3}}}
    no_content = {"204": {"description": "none"}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"post": {"requestBody": body, "responses": no_content}}},
        "components": {"schemas": {"Thing": {**good, "example": {"n": "five"}}}},
    }
    (specs / "wrong.json").write_text(json.dumps(document), encoding="utf-8")
    (specs / "broken.yaml").write_text("openapi: 3.0.3\ninfo: [\n", encoding="utf-8")
    outcomes = generate_all(tmp_path / "out", specs)
    run_child(tmp_path / "out", outcomes)
    assert outcomes["broken.yaml"].failures["generate"][0].startswith("clean error: ")
    wrong = outcomes["wrong.json"]
    assert wrong.failures["import"] == []
    found = sorted((where, check) for where, check, _ in wrong.example_failures)
    assert found == [
        ("/components/schemas/Thing/example", "models"),
        ("/components/schemas/Thing/example", "validators"),
        ("/paths/~1a/post/requestBody/content/application~1json/example", "validators"),
    ]


def test_the_constants_check_finds_an_unannotated_constant(tmp_path: Path) -> None:
    from tests.corpus_checks import SpecOutcome  # noqa: PLC0415

    package = tmp_path / "pkg" / "pkg"
    (package / "_client").mkdir(parents=True)
    (package / "__init__.py").write_text('__all__ = ["A"]\nA: str = "a"\n', encoding="utf-8")
    code = 'from typing import TypeVar\nT = TypeVar("T")\nLIMIT = 5\n'
    (package / "_client" / "_core.py").write_text(code, encoding="utf-8")
    outcomes = {"s.yaml": SpecOutcome("s.yaml", "pkg")}
    check_constants(tmp_path, outcomes)
    assert outcomes["s.yaml"].failures["constants"] == [
        "pkg/pkg/_client/_core.py:3: LIMIT has no annotation"
    ]
