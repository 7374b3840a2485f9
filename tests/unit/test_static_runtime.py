"""The static runtime modules (`templates/python/package/`) are real Python, checked in place
the way generated code is, and copied into every package below the generated-file header."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.render.files import STATIC_ROOT, render_static
from generator.render.header import GENERATED_LINE, HeaderView
from generator.targets.client import RUNTIME
from generator.targets.models import STATIC as MODELS_STATIC
from generator.targets.webhooks import STATIC as WEBHOOKS_STATIC

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STATIC = TEMPLATES / STATIC_ROOT
CHECKS = {
    "ruff-check": ("ruff", "check", "--isolated", "--target-version", "py310", "--no-cache"),
    "ruff-format": ("ruff", "format", "--isolated", "--check", "--no-cache"),
}


@pytest.mark.parametrize("command", list(CHECKS.values()), ids=list(CHECKS))
def test_the_static_modules_pass_ruff(command: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command, str(STATIC)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_static_modules_pass_mypy_strict(tmp_path: Path) -> None:
    # run from `templates/python`, so `package._client._core`'s `from .. import errors` resolves
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10"]
    command += ["--explicit-package-bases", "--cache-dir", str(tmp_path), "package"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=STATIC.parent, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_static_module_is_rendered_and_every_rendered_one_exists() -> None:
    on_disk = {str(path.relative_to(STATIC)) for path in STATIC.rglob("*.py")}
    rendered = {*RUNTIME, *MODELS_STATIC, *WEBHOOKS_STATIC}  # every target's static modules
    assert rendered == on_disk


def test_a_static_module_is_copied_below_the_header() -> None:
    file = render_static("_client/_core.py", "shop_sdk", HeaderView())
    source = (STATIC / "_client" / "_core.py").read_text(encoding="utf-8")
    assert str(file.path) == "shop_sdk/_client/_core.py"
    assert file.content == f"# {GENERATED_LINE}\n{source}"
