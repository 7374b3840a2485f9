"""The checked-in `generated/` is exactly what `sdkgen generate` renders, and it is clean code."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.config import resolve_config
from generator.pipeline import load_api, render
from tests.conftest import REPO
from tests.snapshots import assert_files_match

GENERATED = REPO / "generated"


def test_generated_is_current() -> None:
    config = resolve_config({}, cwd=REPO)
    loaded = load_api(config.spec, repairs=config.repairs, client_name=config.client_name)
    assert config.out == GENERATED
    assert_files_match(
        GENERATED, render(loaded, config.package_name, parts=config.parts), fix="sdkgen generate"
    )


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
