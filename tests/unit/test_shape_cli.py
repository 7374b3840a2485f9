"""The CLI's last resort: a bug is one line naming the place being read, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator import cli, pipeline


def _fails_while_reading(config: Any, **_: Any) -> Any:
    location = "#/components/schemas/Box"  # what the innermost frame was working on
    raise KeyError(location.rsplit("/", 1)[-1])


def test_an_internal_error_is_one_line_with_the_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "generate", _fails_while_reading)
    spec = Path(__file__).resolve().parents[2] / "specs" / "phone-numbers.yaml"
    args = ["generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--package-name", "x"]
    result = CliRunner().invoke(cli.cli, args)
    assert result.exit_code == 2
    assert result.output == (
        "error: internal error: #/components/schemas/Box: KeyError: 'Box'"
        " (a bug in sdkgen; please report it)\n"
    )
    assert "Traceback" not in result.output
