"""The writer never reaches outside `--out`, never removes what it did not write, and tells
an interrupted run's folder from a finished one."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from generator import writer
from generator.cli import cli
from generator.errors import OutputError
from generator.render.files import Target
from generator.targets.orchestrate import render_project
from generator.writer import JOURNAL, MANIFEST, NEW_SUFFIX, interrupted, plan_writes, recover
from tests.conftest import REPO

SMALL = REPO / "tests" / "specs" / "writer-small.yaml"


def tree(folder: Path) -> dict[str, str]:
    """Every entry under `folder`: a file's bytes, a link's target, a folder's mark."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {path.readlink()}"
        elif path.is_dir():
            found[name] = "/"
        else:
            found[name] = path.read_bytes().decode("utf-8", "replace")
    return found


def second_version(tmp_path: Path) -> Path:
    """The small spec changed: a schema gone, one added, a description edited."""
    spec = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    del schemas["Shelf"]["properties"]["level"]
    schemas["Item"]["properties"]["shelf"] = {"$ref": "#/components/schemas/Bin"}
    schemas["Bin"] = {"type": "object", "properties": {"label": {"type": "string"}}}
    del schemas["Shelf"]
    schemas["Item"]["description"] = "An item in stock, in its bin."
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def generate(out: Path, spec: Path = SMALL, *extra: str) -> Result:
    args = ["generate", "--spec", str(spec), "--out", str(out), "--package-name", "inv_sdk"]
    return CliRunner().invoke(cli, [*args, *extra])


def one_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and isinstance(result.exception, SystemExit)
    return line


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    assert generate(folder).exit_code == 0
    return folder


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victim.txt").write_text("not sdkgen's\n")
    (folder / "index.md").write_text("the user's own docs\n")
    return folder


def test_a_manifest_line_through_a_symlinked_folder_is_refused(
    out: Path, outside: Path, tmp_path: Path
) -> None:
    (out / "linkdir").symlink_to(outside)
    with (out / MANIFEST).open("a") as manifest:
        manifest.write("linkdir/victim.txt\n")
    before = tree(outside), tree(out)
    line = one_error(generate(out, second_version(tmp_path)))
    assert f"{out}/linkdir: is a symbolic link" in line
    assert (tree(outside), tree(out)) == before


def test_a_symlinked_subfolder_is_an_error_not_written_through(
    out: Path, outside: Path, tmp_path: Path
) -> None:
    # Runs in this process first: a folder found safe then must be checked again later.
    assert generate(out, second_version(tmp_path)).exit_code == 0
    assert generate(out).exit_code == 0
    docs = out / "docs"
    for path in sorted(docs.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    docs.rmdir()
    docs.symlink_to(outside)
    before = tree(outside), tree(out)
    for jobs in ("1", "2"):
        os.environ["SDKGEN_JOBS"] = jobs
        try:
            line = one_error(generate(out, second_version(tmp_path)))
        finally:
            del os.environ["SDKGEN_JOBS"]
        assert f"{docs}: is a symbolic link: sdkgen writes nothing through it" in line
        assert (tree(outside), tree(out)) == before


def test_a_file_replaced_by_a_link_is_not_read_through(out: Path, outside: Path) -> None:
    readme = out / "README.md"
    readme.unlink()
    readme.symlink_to(outside / "victim.txt")
    line = one_error(generate(out, SMALL, "--check"))
    assert f"{readme}: is a symbolic link where sdkgen writes a file" in line
    assert (outside / "victim.txt").read_text() == "not sdkgen's\n"


def test_recover_removes_only_what_sdkgen_staged(out: Path, tmp_path: Path) -> None:
    venv = out / ".venv" / "lib"
    venv.mkdir(parents=True)
    (venv / ("site" + NEW_SUFFIX)).write_text("a virtualenv's file\n")
    (out / ("notes" + NEW_SUFFIX)).write_text("the user's file\n")
    writer.stage(out, render_small(second_version(tmp_path))[:5])  # then the run was killed
    staged = sorted(p.name for p in out.rglob("*" + NEW_SUFFIX))
    assert len(staged) > 2
    result = generate(out)
    assert result.exit_code == 0, result.output
    assert "note: dropped" in result.stderr and "an interrupted run had staged" in result.stderr
    assert sorted(p.name for p in out.rglob("*" + NEW_SUFFIX)) == [
        "notes.sdkgen-new",
        "site.sdkgen-new",
    ]
    assert (venv / ("site" + NEW_SUFFIX)).read_text() == "a virtualenv's file\n"


def test_a_file_in_the_way_of_staging_is_not_overwritten(out: Path, tmp_path: Path) -> None:
    blocker = out / ("CHANGELOG.md" + NEW_SUFFIX)  # changes with every new spec
    blocker.write_text("the user's draft\n")
    line = one_error(generate(out, second_version(tmp_path)))
    assert f"{blocker}: is in the way: sdkgen did not stage it" in line
    assert blocker.read_text() == "the user's draft\n"
    assert not interrupted(out) and not list(out.glob(".sdkgen-staged*"))


BAD_RECORDS: dict[str, Callable[[Path], Any]] = {
    "a folder": lambda path: path.mkdir(),
    "garbage": lambda path: path.write_bytes(b"\x00\x01 not json at all {"),
    "non-UTF-8": lambda path: path.write_bytes(b"\xff\xfe\xfa broken"),
    "wrong JSON": lambda path: path.write_text('{"replace": "README.md"}'),
    "a path outside": lambda path: path.write_text(
        "# Files written by sdkgen\n../victim.txt\n"
        if path.name == MANIFEST
        else '{"replace": ["../victim.txt"], "delete": [], "manifest": []}'
    ),
}


@pytest.mark.parametrize(
    ("record", "damage"),
    # (a line of JSON in a manifest is only an odd file name)
    [
        (r, d)
        for r in (JOURNAL, MANIFEST)
        for d in sorted(BAD_RECORDS)
        if (r, d) != (MANIFEST, "wrong JSON")
    ],
)
def test_a_damaged_record_is_a_clean_error_and_changes_nothing(
    out: Path, tmp_path: Path, record: str, damage: str
) -> None:
    path = out / record
    if path.exists():
        path.unlink()
    BAD_RECORDS[damage](path)
    writer.stage(out, render_small(second_version(tmp_path))[:3])  # an interrupted run's files
    before = tree(out)
    for extra in ((), ("--check",)):
        line = one_error(generate(out, second_version(tmp_path), *extra))
        assert f"{path}: " in line, line
        assert tree(out) == before


def test_a_journal_tmp_left_by_a_crash_does_not_stay(out: Path) -> None:
    (out / (JOURNAL + ".tmp")).write_text('{"replace": [')  # killed while writing it
    check = generate(out, SMALL, "--check")
    assert check.exit_code == 1 and "interrupted before its swap" in check.stderr
    assert generate(out).exit_code == 0
    assert not (out / (JOURNAL + ".tmp")).exists()
    assert generate(out, SMALL, "--check").exit_code == 0


class Killed(BaseException):
    """Stands for SIGKILL: nothing catches it, no clean-up runs."""


@pytest.mark.parametrize("renames", [0, 1, 7, 15])  # of 19: headers no longer change
def test_an_interrupted_swap_is_recognised_then_finished(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renames: int
) -> None:
    v2 = second_version(tmp_path)
    reference = tmp_path / "reference"
    assert generate(reference, v2).exit_code == 0
    old = tree(out)
    files = render_small(v2)
    real_replace, count = os.replace, [0]

    def replace(source: str, target: str) -> None:
        if source.endswith(NEW_SUFFIX):
            count[0] += 1
            if count[0] > renames:
                raise Killed
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Killed):
        writer.apply(out, plan_writes(out, files))
    monkeypatch.setattr(os, "replace", real_replace)
    mixed = tree(out)
    assert mixed != old and JOURNAL in mixed
    check = generate(out, v2, "--check")
    assert check.exit_code == 1, check.output
    assert "the last run was interrupted during its swap" in check.stderr
    assert tree(out) == mixed  # --check writes nothing
    docs = CliRunner().invoke(cli, ["docs", "--out", str(out)])
    assert docs.exit_code == 0, docs.output
    assert "note: finished the swap of files an interrupted run had started" in docs.stderr
    assert generate(out, v2).exit_code == 0
    assert tree(out) == tree(reference)


def test_recover_of_a_damaged_journal_raises_and_keeps_the_tree(out: Path) -> None:
    (out / JOURNAL).write_text("[]")
    before = tree(out)
    with pytest.raises(OutputError, match="is not a journal sdkgen wrote"):
        recover(out)
    assert tree(out) == before


def render_small(spec: Path) -> list[writer.RenderedFile]:
    from generator.lowering import ALL_RULES  # noqa: PLC0415
    from generator.pipeline import load_api  # noqa: PLC0415

    loaded = load_api(str(spec), repairs=frozenset(ALL_RULES))
    target = Target(loaded.api, loaded.index, "inv_sdk")
    return list(render_project(target, parts=frozenset({"models", "client", "validators", "docs"})))


def test_a_link_in_place_of_the_building_folder_is_not_written_through(
    tmp_path: Path, outside: Path
) -> None:
    out = tmp_path / "fresh"
    writer.building_folder(out).symlink_to(outside)
    before = tree(outside)
    line = one_error(generate(out))
    assert f"{writer.building_folder(out)}: is in the way" in line
    assert tree(outside) == before and not out.exists()
