"""Writing output: only what changed, only what we wrote, all or nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath

import pytest

from generator.errors import GeneratorError
from generator.writer import (
    JOURNAL,
    MANIFEST,
    NEW_SUFFIX,
    RenderedFile,
    apply,
    building_folder,
    new_folder_plan,
    normalize,
    plan_writes,
    publish,
    recover,
    stage,
    unified_diff,
)


def files(**contents: str) -> list[RenderedFile]:
    return [
        RenderedFile(PurePosixPath(name.replace("__", "/")), text)
        for name, text in contents.items()
    ]


def test_normalize() -> None:
    assert normalize("a  \r\nb\r\n\n\n") == "a\nb\n"
    assert normalize("x") == "x\n"


def test_writes_then_nothing_to_do(tmp_path: Path) -> None:
    apply(tmp_path, plan_writes(tmp_path, files(a="1\n", pkg__b="2\n")))
    assert (tmp_path / "pkg" / "b").read_text() == "2\n"
    assert (tmp_path / MANIFEST).read_text().splitlines()[1:] == ["a", "pkg/b"]
    again = plan_writes(tmp_path, files(a="1\n", pkg__b="2\n"))
    assert again.is_current and again.unchanged == (PurePosixPath("a"), PurePosixPath("pkg/b"))


def test_unchanged_files_keep_their_mtime(tmp_path: Path) -> None:
    apply(tmp_path, plan_writes(tmp_path, files(a="1\n", b="2\n")))
    os.utime(tmp_path / "a", (1_000_000, 1_000_000))
    apply(tmp_path, plan_writes(tmp_path, files(a="1\n", b="3\n")))
    assert (tmp_path / "a").stat().st_mtime == 1_000_000
    assert (tmp_path / "b").read_text() == "3\n"


def test_removes_only_stale_files_it_wrote(tmp_path: Path) -> None:
    apply(tmp_path, plan_writes(tmp_path, files(a="1\n", old__gone="x\n")))
    (tmp_path / "mine.txt").write_text("user file\n")
    (tmp_path / "old" / "keep.txt").write_text("user file\n")
    plan = plan_writes(tmp_path, files(a="1\n"))
    assert [str(path) for path, _ in plan.delete] == ["old/gone"]
    apply(tmp_path, plan)
    assert not (tmp_path / "old" / "gone").exists()
    assert (tmp_path / "mine.txt").exists() and (tmp_path / "old" / "keep.txt").exists()


def test_empty_generated_folders_are_removed(tmp_path: Path) -> None:
    apply(tmp_path, plan_writes(tmp_path, files(a="1\n", sub__deep__x="x\n")))
    apply(tmp_path, plan_writes(tmp_path, files(a="1\n")))
    assert not (tmp_path / "sub").exists()


def test_interrupted_swap_is_finished_by_the_next_run(tmp_path: Path) -> None:
    apply(tmp_path, plan_writes(tmp_path, files(a="old\n", b="old\n")))
    # Simulate a crash after staging and journaling, before any file was swapped in.
    (tmp_path / ("a" + NEW_SUFFIX)).write_text("new\n")
    (tmp_path / ("b" + NEW_SUFFIX)).write_text("new\n")
    journal = {"replace": ["a", "b"], "delete": [], "manifest": ["a", "b"]}
    (tmp_path / JOURNAL).write_text(json.dumps(journal))
    recover(tmp_path)
    assert (tmp_path / "a").read_text() == (tmp_path / "b").read_text() == "new\n"
    assert not (tmp_path / JOURNAL).exists()


def test_crash_before_the_journal_leaves_the_old_tree(tmp_path: Path) -> None:
    apply(tmp_path, plan_writes(tmp_path, files(a="old\n")))
    stage(tmp_path, files(a="half-written"))  # then the run was killed
    (tmp_path / ("mine" + NEW_SUFFIX)).write_text("a user's file\n")  # not staged by sdkgen
    recover(tmp_path)
    assert (tmp_path / "a").read_text() == "old\n"
    assert not (tmp_path / ("a" + NEW_SUFFIX)).exists()
    assert (tmp_path / ("mine" + NEW_SUFFIX)).read_text() == "a user's file\n"


def test_files_staged_early_are_swapped_in_with_the_rest(tmp_path: Path) -> None:
    apply(tmp_path, plan_writes(tmp_path, files(a="1\n", b="2\n")))
    rendered = files(a="1\n", b="two\n", pkg__c="3\n")
    staged = stage(tmp_path, rendered[:2])  # a render worker's share: `a` is unchanged
    assert staged == [PurePosixPath("b")]
    assert (tmp_path / "b").read_text() == "2\n"  # nothing is swapped in before `apply`
    apply(tmp_path, plan_writes(tmp_path, rendered), staged=frozenset(staged))
    assert [(tmp_path / name).read_text() for name in ("a", "b", "pkg/c")] == [
        "1\n",
        "two\n",
        "3\n",
    ]
    assert not list(tmp_path.rglob("*" + NEW_SUFFIX))


def test_a_failed_run_drops_what_it_staged(tmp_path: Path) -> None:
    apply(tmp_path, plan_writes(tmp_path, files(a="1\n")))
    stage(tmp_path, files(a="changed\n", pkg__b="2\n"))
    recover(tmp_path)  # as a failed run does on its way out
    assert (tmp_path / "a").read_text() == "1\n"
    assert not list(tmp_path.rglob("*" + NEW_SUFFIX))
    fresh = tmp_path / "fresh"
    stage(building_folder(fresh), files(a="1\n"), new=True)
    recover(fresh)  # the folder a first run was building goes with it
    assert not fresh.exists() and not building_folder(fresh).exists()


def test_a_new_folder_appears_whole(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    rendered = files(a="1\n", pkg__b="2\n", pkg__c="3\n")
    building = building_folder(out)
    assert building.parent == out.parent and building.name.startswith(".")
    staged = stage(building, rendered[:2], new=True)  # a worker's share, written as it goes
    assert not out.exists() and (building / "pkg" / "b").read_text() == "2\n"
    plan = new_folder_plan(rendered)
    assert [f.path for f in plan.create] == list(plan.manifest) and not plan.update
    publish(out, plan, staged=frozenset(staged))
    assert [(out / name).read_text() for name in ("a", "pkg/b", "pkg/c")] == ["1\n", "2\n", "3\n"]
    assert (out / MANIFEST).read_text().splitlines()[1:] == ["a", "pkg/b", "pkg/c"]
    assert [p.name for p in out.parent.iterdir()] == ["out"]  # nothing left beside it
    assert plan_writes(out, rendered).is_current


def test_an_interrupted_first_run_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stage(building_folder(out), files(a="half"), new=True)  # then the run was killed
    recover(out)
    assert list(tmp_path.iterdir()) == []


def test_refuses_duplicates_and_paths_outside(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="share a path"):
        plan_writes(tmp_path, [*files(a="1"), *files(a="2")])
    with pytest.raises(GeneratorError, match="outside"):
        plan_writes(tmp_path, [RenderedFile(PurePosixPath("../escape"), "x")])
    (tmp_path / MANIFEST).write_text("../../etc/passwd\n")
    with pytest.raises(GeneratorError, match="outside"):
        plan_writes(tmp_path, files(a="1"))


def test_unified_diff_shows_creates_updates_and_deletes(tmp_path: Path) -> None:
    apply(tmp_path, plan_writes(tmp_path, files(a="1\n", b="x\n")))
    diff = unified_diff(plan_writes(tmp_path, files(a="2\n", c="new\n")))
    assert "--- a/a\n+++ b/a\n" in diff and "-1\n+2\n" in diff
    assert "--- /dev/null\n+++ b/c\n" in diff
    assert "--- a/b\n+++ /dev/null\n" in diff
