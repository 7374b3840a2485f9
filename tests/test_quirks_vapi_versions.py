"""Older Vapi versions generate in full, and every model of theirs imports and builds.

They carry quirks the current spec no longer has (`type: enum` at
`WorkflowUserEditable.backgroundSound` until 2026-06), so they guard the repairs that make them
generate. The spec is read from ../shared and the output goes to a temporary folder only.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, VAPI, require_shared

#: Imports every model through the lazy `models` index and builds each model's validator.
_IMPORT_ALL = """
import pydantic
from vapi_sdk import models
built = 0
for name in models.__all__:
    value = getattr(models, name)
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        value.model_rebuild()
        built += 1
print(len(models.__all__), built)
"""


@pytest.mark.parametrize("version", ["2026-04-17", "2026-04-22", "2026-06-04"])
def test_an_older_vapi_version_generates_in_full_and_its_models_import(
    version: str, tmp_path: Path
) -> None:
    spec = require_shared(VAPI / f"vapi-{version}.json")
    out = tmp_path / "sdk"
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(spec)]
    command += ["--out", str(out), "--package-name", "vapi_sdk", "--client-name", "Vapi"]
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr
    for part in ("_models", "_client", "validators"):
        assert (out / "vapi_sdk" / part / "__init__.py").is_file(), part
    assert (out / "docs").is_dir()
    imported = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(out)},
        cwd=tmp_path,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    exported, built = map(int, imported.stdout.split())
    assert exported > 800 and built > 400, imported.stdout
