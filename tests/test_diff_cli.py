"""`sdkgen diff OLD NEW` as users run it: formats, exit codes, git revisions, bad input."""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import REPO, minimal_spec

PAIRS = REPO / "tests" / "specs" / "diff"
PROJECT_SPEC = REPO / "specs" / "phone-numbers.yaml"


def pair(case: str) -> list[str]:
    return [str(PAIRS / f"{case}.old.yaml"), str(PAIRS / f"{case}.new.yaml")]


def invoke(*args: str, color: bool = False) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args], color=color)
    return result.exit_code, result.output


def test_text_is_grouped_by_verdict_and_kind_with_counts() -> None:
    code, output = invoke(*pair("nullable-changed"))
    assert code == 0
    lines = output.splitlines()
    assert lines[0].endswith(
        "nullable-changed.new.yaml: major (2 breaking, 2 non-breaking, 0 docs-only)"
    )
    assert "breaking (2)" in lines and "non-breaking (2)" in lines
    assert lines.count("  nullable changed (2)") == 2
    assert "    models.Pet.note  now accepts null  [response; 1 method]" in lines
    assert "      `models.Pet.note` may now be null; handle `None` where you read it" in lines
    assert "\x1b[" not in output  # no colours when the output is not a terminal


def test_text_is_coloured_on_a_terminal() -> None:
    code, output = invoke(*pair("nullable-changed"), color=True)
    assert code == 0 and "\x1b[31m" in output  # breaking in red


def test_markdown_for_release_notes() -> None:
    code, output = invoke(*pair("union-member-removed"), "--format", "markdown")
    assert code == 0
    assert "Suggested version bump: **major** (1 breaking, 1 non-breaking, 0 docs-only)." in output
    assert "### Breaking changes (1)" in output and "### Other changes (1)" in output
    assert (
        "  - `models.PetInput.shape['square']` `Square` (request; `PetShop.pets.create`): "
        "`models.PetInput.shape['square']` is no longer accepted (Square); send another member"
    ) in output.splitlines()


def test_markdown_notes_keep_arrows_readable() -> None:
    code, output = invoke(*pair("operations"), "--format", "markdown")
    assert code == 0
    assert ": `PetShop.pets.get->200` changed type (Pet -> PetSummary); update" in output


def test_json_for_ci() -> None:
    code, output = invoke(*pair("operations"), "--format", "json")
    data = json.loads(output)
    assert code == 0 and data["semver"] == "major"
    assert data["verdicts"] == {"breaking": 5, "non-breaking": 2, "docs-only": 1}
    assert data["counts"] == {
        "added": 3,
        "removed": 2,
        "type-changed": 1,
        "constraint-tightened": 1,
        "description-changed": 1,
    }
    by_symbol = {change["symbol"]: change for change in data["changes"]}
    removed = by_symbol["PetShop.pets.delete"]
    assert removed == {
        "symbol": "PetShop.pets.delete",
        "kind": "removed",
        "side": "both",
        "verdict": "breaking",
        "breaking": True,
        "detail": "DELETE /pets/{id}",
        "affected": ["PetShop.pets.delete"],
        "note": "`PetShop.pets.delete` was removed; stop using it",
    }


@pytest.mark.parametrize(
    ("case", "fail_on", "code"),
    [
        ("removed", "breaking", 1),
        ("default-changed", "breaking", 0),
        ("description-changed", "breaking", 0),
        ("description-changed", "any", 1),
        ("reorder", "any", 0),
        ("removed", None, 0),
    ],
)
def test_fail_on(case: str, fail_on: str | None, code: int) -> None:
    options = ["--fail-on", fail_on] if fail_on else []
    assert invoke(*pair(case), *options)[0] == code


def test_reorders_report_nothing() -> None:
    code, output = invoke(*pair("reorder"))
    assert code == 0 and output.splitlines()[1:] == []
    assert output.endswith(": none (0 breaking, 0 non-breaking, 0 docs-only)\n")


def _one_error_line(code: int, output: str) -> str:
    lines = output.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "Traceback" not in output, output
    return lines[0]


def test_unreadable_input_is_one_line_exit_2(tmp_path: Path) -> None:
    line = _one_error_line(*invoke(str(tmp_path / "missing.yaml"), pair("removed")[1]))
    assert line == f"error: {tmp_path / 'missing.yaml'}: no such file"
    broken = tmp_path / "broken.json"
    broken.write_text('{"openapi": "3.0.3",\n "paths": [,]}')
    line = _one_error_line(*invoke(pair("removed")[0], str(broken)))
    assert line.startswith(f"error: {broken}:2:") and "invalid JSON" in line


def test_unrelated_specs_are_refused() -> None:
    line = _one_error_line(*invoke(str(PROJECT_SPEC), pair("removed")[1]))
    assert "look unrelated: 0 of " in line and "'Vapi API'" in line and "'Pet shop'" in line


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose one commit holds `specs/pets.yaml` (the `removed` pair's old side),
    a broken `specs/broken.json` and `specs/referring.json`, which refers to `pet.json`; the
    working tree holds the new side of `pets.yaml`."""
    spec = tmp_path / "specs" / "pets.yaml"
    spec.parent.mkdir()
    spec.write_bytes((PAIRS / "removed.old.yaml").read_bytes())
    (tmp_path / "specs" / "broken.json").write_text('{"openapi": "3.0.3",\n "paths": [,]}')
    referring = minimal_spec({"Pet": {"$ref": "pet.json#/Pet"}})
    (tmp_path / "specs" / "referring.json").write_text(json.dumps(referring))
    (tmp_path / "specs" / "pet.json").write_text('{"Pet": {"type": "object"}}')
    git = [
        "git",
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "-c",
        "commit.gpgsign=false",
    ]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "old"], cwd=tmp_path, check=True)
    spec.write_bytes((PAIRS / "removed.new.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_git_revision_against_the_working_tree(git_repo: Path) -> None:
    code, output = invoke("git:HEAD:specs/pets.yaml", "specs/pets.yaml", "--format", "json")
    data = json.loads(output)
    assert code == 0 and data["old"] == "git:HEAD:specs/pets.yaml" and data["semver"] == "major"
    assert {c["symbol"] for c in data["changes"]} == {"models.Pet.legacy", "models.PetInput.legacy"}


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("git:nosuchrev:specs/pets.yaml", "error: git:nosuchrev:specs/pets.yaml: "),
        ("git:HEAD:specs/missing.yaml", "error: git:HEAD:specs/missing.yaml: "),
        ("git:HEAD", "error: git:HEAD: expected git:REV:path"),
        # a defect is reported in the revision's file, not in a temporary copy
        ("git:HEAD:specs/broken.json", "error: git:HEAD:specs/broken.json:2:12: invalid JSON"),
        (
            "git:HEAD:specs/referring.json",
            "error: git:HEAD:specs/referring.json: a $ref to another file (pet.json): a spec "
            "read from git must be one file",
        ),
    ],
)
def test_a_missing_git_revision_or_path_is_one_line_exit_2(
    git_repo: Path, argument: str, message: str
) -> None:
    line = _one_error_line(*invoke(argument, "specs/pets.yaml"))
    assert line.startswith(message)


def test_the_real_command_exits_with_its_code() -> None:
    """Through `python -m generator`: the lazily imported command and `main`'s exit code."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "diff", *pair("removed"), "--fail-on", "breaking"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 1 and "removed (2)" in done.stdout, done.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert usage.returncode == 0 and "Usage: sdkgen diff [OPTIONS] OLD NEW" in usage.stdout


def test_output_is_byte_identical_whatever_the_hash_seed() -> None:
    outputs = set()
    for seed in ("0", "12345"):
        done = subprocess.run(
            [sys.executable, "-m", "generator", "diff", *pair("operations"), "--format", "json"],
            capture_output=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


@pytest.fixture
def served_pairs() -> Iterator[str]:
    """tests/specs/diff over http on 127.0.0.1: the base URL."""
    handler = functools.partial(QuietHandler, directory=str(PAIRS))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_urls_on_either_side(served_pairs: str) -> None:
    code, output = invoke(
        f"{served_pairs}/removed.old.yaml", pair("removed")[1], "--format", "json"
    )
    assert code == 0 and json.loads(output)["counts"] == {"removed": 2}
    line = _one_error_line(*invoke(f"{served_pairs}/missing.yaml", pair("removed")[1]))
    assert line == f"error: {served_pairs}/missing.yaml: HTTP 404 File not found"


def test_spec_strings_cannot_become_markup_or_terminal_codes(tmp_path: Path) -> None:
    """Values from the spec are shown through `repr` and in code spans; notes are escaped."""
    odd = "<b>`x\x1b[2J"
    specs = []
    for name, values in (("old", ["plain", odd]), ("new", ["plain"])):
        spec = minimal_spec({"Pet": {"type": "object", "properties": {"s": {"enum": values}}}})
        body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}
        spec["paths"] = {"/pets": {"post": {"requestBody": body, "responses": {"204": {}}}}}
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        specs.append(str(path))
    code, text = invoke(*specs)
    assert code == 0 and "\x1b" not in text and "'<b>`x\\x1b[2J'" in text
    code, markdown = invoke(*specs, "--format", "markdown")
    [item] = [line for line in markdown.splitlines() if line.startswith("  - ")]
    symbol, note = item.split(": ", 1)
    assert symbol.startswith("  - ``models.Pet.s['<b>`x\\x1b[2J']`` ")  # one code span
    assert "<" not in note and "&lt;b>" in note


def test_repairs_can_be_switched_off_like_for_generate(tmp_path: Path) -> None:
    """The new side writes its pattern as a JavaScript literal: repaired (`js-regex-literal`)
    it is the old pattern, unrepaired it is another one."""
    specs = []
    for name, pattern in (("old", "^[a-z]+$"), ("new", "/^[a-z]+$/")):
        status = {"type": "string", "pattern": pattern}
        spec = minimal_spec({"Pet": {"type": "object", "properties": {"status": status}}})
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        specs.append(str(path))

    def counts(*options: str) -> object:
        code, output = invoke(*specs, "--format", "json", *options)
        assert code == 0, output
        return json.loads(output)["counts"]

    assert counts() == {}
    assert counts("--skip-repair", "js-regex-literal") == {"constraint-tightened": 1}
    assert counts("--no-repair") == {"constraint-tightened": 1}
    code, output = invoke(*specs, "--skip-repair", "no-such-rule")
    assert code == 2 and "Invalid value for '--skip-repair'" in output
