"""The command line, run as users run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import REPO, minimal_spec

PROJECT_SPEC = str(REPO / "specs" / "phone-numbers.yaml")


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        check=False,
    )


def generate_args(out: Path, spec: str = PROJECT_SPEC) -> list[str]:
    return ["generate", "--spec", spec, "--out", str(out), "--package-name", "demo_sdk"]


def test_generate_then_check(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, generate_args(tmp_path / "out"))
    assert first.exit_code == 0, first.output
    assert "Vapi API 1.0" in first.output and "36 schemas, 6 operations" in first.output
    assert (tmp_path / "out" / "demo_sdk" / "__init__.py").is_file()
    check = runner.invoke(cli, [*generate_args(tmp_path / "out"), "--check"])
    assert check.exit_code == 0 and "0 would be written" in check.output
    (tmp_path / "out" / "README.md").write_text("edited\n")
    stale = runner.invoke(cli, [*generate_args(tmp_path / "out"), "--check"])
    assert stale.exit_code == 1
    assert "-edited" in stale.output and "+++ b/README.md" in stale.output
    assert (tmp_path / "out" / "README.md").read_text() == "edited\n"  # --check wrote nothing


def test_defaults_come_from_the_nearest_pyproject(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "specs").mkdir(parents=True)
    shutil.copy(REPO / "specs" / "phone-numbers.yaml", project / "specs")
    shutil.copy(REPO / "specs" / "UpdateByoPhoneNumberDTO.schema.json", project / "specs")
    (project / "pyproject.toml").write_text(
        '[tool.sdkgen]\nspec = "specs/phone-numbers.yaml"\nout = "gen"\npackage-name = "p_sdk"\n'
    )
    (project / "sub").mkdir()
    result = run("generate", cwd=project / "sub")
    assert result.returncode == 0, result.stderr
    assert (project / "gen" / "p_sdk" / "__init__.py").is_file()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"openapi": "3.0.0", "paths": {}, "components": {"schemas": {"A": '
            '{"$ref": "#/components/schemas/B"}}}}',
            "spec.json#/components/schemas/A: $ref '#/components/schemas/B' points to nothing",
        ),
        ('{"openapi": "3.0.0",\n "paths": [,]}', "spec.json:2:12: invalid JSON"),
        ('{"info": {}}', "not an OpenAPI document"),
    ],
)
def test_bad_input_is_one_clear_line_exit_2_nothing_written(
    tmp_path: Path, content: str, message: str
) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(content)
    result = run(*generate_args(tmp_path / "out", str(spec)))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_error_in_a_render_worker_is_one_clear_line_too(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n"
        "  schemas:\n    A: {type: object, properties: {x: {$recursiveAnchor: true}}}\n"
    )
    env = {**os.environ, "SDKGEN_JOBS": "2"}  # the validators render in a forked worker
    result = run(*generate_args(tmp_path / "out", str(spec)), env=env)
    assert result.returncode == 2, result.stderr
    assert "spec.yaml#/components/schemas/A/properties/x" in result.stderr
    assert "'$recursiveAnchor' is not supported" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_output_folder_that_cannot_be_written_is_one_clear_line(
    tmp_path: Path, jobs: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder\n")
    out = tmp_path / "a-file" / "out"
    result = run(*generate_args(out), env={**os.environ, "SDKGEN_JOBS": jobs})
    assert result.returncode == 2, result.stderr
    assert f"{out}: cannot write the output: Not a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_options_and_bad_package_name(tmp_path: Path) -> None:
    result = run("generate", "--spec", PROJECT_SPEC, cwd=tmp_path)
    assert result.returncode == 2 and "--out is required" in result.stderr
    result = run(
        "generate", "--spec", PROJECT_SPEC, "--out", str(tmp_path), "--package-name", "import"
    )
    assert result.returncode == 2 and "not a Python identifier" in result.stderr


def test_lint_text_json_and_fix(tmp_path: Path) -> None:
    spec = minimal_spec(
        {
            "A": {
                "type": "object",
                "properties": {
                    "p": {"type": "string", "pattern": "/^[a-z]+$/"},
                    "e": {"type": "string", "enum": []},
                },
            }
        }
    )
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    text = run("lint", str(path))
    assert text.returncode == 0, text.stderr
    assert (
        "spec.json#/components/schemas/A/properties/p: warning: [js-regex-literal]" in text.stdout
    )
    found = json.loads(run("lint", "--format", "json", str(path)).stdout)
    assert sorted(item["rule"] for item in found) == ["empty-enum", "js-regex-literal"]
    fixed = tmp_path / "fixed.json"
    assert run("lint", "--fix", str(path), "-o", str(fixed)).returncode == 0
    properties = json.loads(fixed.read_text())["components"]["schemas"]["A"]["properties"]
    assert properties == {"p": {"type": "string", "pattern": "^[a-z]+$"}, "e": {"type": "string"}}


def test_lint_exits_1_on_schema_errors_no_repair_covers(tmp_path: Path) -> None:
    spec = minimal_spec({"A": {"type": "object", "properties": {"p": {"type": "strnig"}}}})
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    result = run("lint", str(path))
    assert result.returncode == 1
    assert (
        "spec.json#/components/schemas/A/properties/p/type: error: [openapi-schema] enum"
        in result.stdout
    )
    assert "'strnig'" in result.stdout or '"strnig"' in result.stdout


def test_explain_unions_lists_untagged_with_reason() -> None:
    result = run("explain-unions", PROJECT_SPEC)
    assert result.returncode == 0
    assert (
        "phone-numbers.yaml#/components/schemas/TransferPlan/properties/message: untagged "
        "oneOf: not every variant is a reference to a named object schema"
    ) in result.stdout
    assert "46 unions, 42 tagged, 4 untagged" in result.stderr


def test_every_command_explains_every_option() -> None:
    runner = CliRunner()
    for command in ("generate", "lint", "explain-unions"):
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0
        options = [line for line in result.output.splitlines() if line.strip().startswith("--")]
        assert options and all(len(line.split("  ")) > 1 for line in options), result.output


def test_only_renders_the_selected_parts(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, [*generate_args(out), "--only", "models"])
    assert result.exit_code == 0, result.output
    assert (out / "demo_sdk" / "models.py").is_file()
    assert not (out / "docs").exists()
    both = runner.invoke(cli, [*generate_args(out), "--only", "models", "--only", "docs"])
    assert both.exit_code == 0, both.output
    assert (out / "docs" / "index.md").is_file()
    again = runner.invoke(cli, [*generate_args(out), "--only", "models"])
    assert again.exit_code == 0 and not (out / "docs").exists()  # stale parts are removed
    wrong = runner.invoke(cli, [*generate_args(out), "--only", "everything"])
    assert wrong.exit_code == 2 and "'everything' is not one of" in wrong.output


def test_a_title_with_escape_sequences_is_printed_without_them(tmp_path: Path) -> None:
    spec = REPO / "tests" / "specs" / "writer-terminal-escapes.yaml"
    result = run(*generate_args(tmp_path / "out", str(spec)))
    assert result.returncode == 0, result.stderr
    heading = result.stdout.splitlines()[0]
    assert heading == "writer-terminal-escapes.yaml: Escapes API desreverend 1.0 (OpenAPI 3.0.3)"
    for text in (result.stdout, result.stderr):
        assert not [c for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F]
        assert "\u202e" not in text
