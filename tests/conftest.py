"""Shared fixtures: the repository, ../shared, and building an IR from an inline spec."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.lowering import ALL_RULES
from generator.pipeline import Loaded, load_api

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
VAPI = SHARED / "specs" / "vapi"


def require_shared(path: Path) -> Path:
    """`path` under ../shared; a skip with a reason locally, a failure under CI=true."""
    if not path.exists():
        message = f"{path} is missing (../shared is read-only reference data beside the repo)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def vapi_json() -> Path:
    return require_shared(VAPI / "vapi-2026-06-10.json")


@pytest.fixture
def vapi_yaml() -> Path:
    return require_shared(VAPI / "vapi-2026-06-10.yaml")


def minimal_spec(schemas: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Test API", "version": "1.0"},
        "paths": {},
        "components": {"schemas": schemas or {}},
    }
    spec.update(extra)
    return spec


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., Loaded]:
    """Write a spec dict to a file and build its IR (all repairs on unless told otherwise)."""

    def run(spec: dict[str, Any], *, repairs: frozenset[str] | None = None) -> Loaded:
        path = tmp_path / "spec.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        enabled = frozenset(ALL_RULES) if repairs is None else repairs
        return load_api(str(path), repairs=enabled)

    return run


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The corpus tally (tests/test_corpus.py records it; xdist carries it to this process)."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        for key, value in getattr(report, "user_properties", ()):
            if key == "corpus_tally":
                terminalreporter.write_line(str(value))
