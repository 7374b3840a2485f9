"""The checked-in `generated/` is exactly what `sdkgen generate` renders, and it is clean code."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.config import resolve_config
from generator.pipeline import generate
from generator.writer import unified_diff
from tests.conftest import REPO

GENERATED = REPO / "generated"


def test_generated_is_current() -> None:
    """As `sdkgen generate --check` sees it: with the history (snapshot, CHANGELOG.md, the
    version) that a run reads back from the folder."""
    config = resolve_config({}, cwd=REPO)
    assert config.out == GENERATED
    plan = generate(config, check=True).plan
    if not plan.is_current:
        diff = unified_diff(plan, max_lines=200)
        raise AssertionError(f"{GENERATED} is stale; run `sdkgen generate`.\n{diff}")


def tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=REPO, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "--isolated", "--target-version", "py310", "generated"),
        ("ruff", "format", "--isolated", "--check", "generated"),
        ("mypy", "--strict", "--python-version", "3.10", "generated/vapi_sdk"),
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_generated_code_is_clean(command: tuple[str, ...]) -> None:
    result = tool(*command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_package_imports() -> None:
    code = "import vapi_sdk; print(vapi_sdk.API_TITLE, vapi_sdk.API_VERSION)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=GENERATED, check=False
    )
    assert result.stdout.strip() == "Vapi API 1.0", result.stderr
