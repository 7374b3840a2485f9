"""`sdkgen generate` killed at random moments: the output folder holds the old tree, the new
one, or a state every later command recognises as interrupted; nothing outside it changes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from generator.writer import JOURNAL, NEW_SUFFIX, interrupted
from tests.conftest import REPO
from tests.test_writer_safety import SMALL, second_version
from tests.test_writer_safety import tree as full_tree

STAGING = ".sdkgen-staged."
#: the project's history (`generator.history`) grows with every run that changes the SDK, so a
#: tree of v1 after v2 differs from the first one there: compared without it
HISTORY = frozenset({"CHANGELOG.md", "docs/changelog.md", "docs/html/changelog.html"})
RUNS = 20


def command(spec: Path, out: Path, *extra: str) -> list[str]:
    args = ["generate", "--spec", str(spec), "--out", str(out), "--package-name", "inv_sdk"]
    return [sys.executable, "-m", "generator", *args, *extra]


def run(spec: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(spec, out, *extra), capture_output=True, text=True, cwd=REPO, check=False
    )


def killed_run(spec: Path, out: Path, after: float, *, once_staging: bool = False) -> int:
    """Start a run and SIGKILL it, with its workers, `after` seconds later (`once_staging`:
    after its first staged file appears, the few milliseconds in which the folder changes);
    its exit code."""
    env = {**os.environ, "SDKGEN_JOBS": "2", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(  # its own group: the workers die with it
        command(spec, out),
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    while once_staging and process.poll() is None and not _staging(out):
        time.sleep(0.0005)
    try:
        process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    return process.wait()


def tree(folder: Path) -> dict[str, str]:
    return {name: entry for name, entry in full_tree(folder).items() if name not in HISTORY}


def _staging(out: Path) -> bool:
    try:
        return any(path.name.startswith(STAGING) for path in out.iterdir())
    except FileNotFoundError:
        return False


def outside_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry beside the output folder and below those siblings: size and mtime."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if "out" in path.relative_to(folder).parts[:1]:
            continue
        status = path.lstat()
        found[str(path.relative_to(folder))] = (status.st_size, status.st_mtime_ns)
    return found


def without_staging(entries: dict[str, str]) -> dict[str, str]:
    """The tree as an interrupted run found it: its staging logs, the files they list (the
    `*.sdkgen-new` ones) and an uncommitted journal left out."""
    return {
        name: content
        for name, content in entries.items()
        if not name.startswith(STAGING)
        and not name.endswith(NEW_SUFFIX)
        and name != JOURNAL + ".tmp"
    }


@pytest.mark.slow
def test_generate_killed_at_random_moments(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    v1, v2 = SMALL, second_version(tmp_path)
    trees, took = {}, 0.0
    for name, spec in (("v1", v1), ("v2", v2)):
        started = time.perf_counter()
        assert killed_run(spec, work / "out", 120) == 0  # not killed: how long a run takes
        took = time.perf_counter() - started  # the last: a run that changes a tree
        trees[name] = tree(work / "out")
    (work / "outside").mkdir()
    (work / "outside" / "keep.txt").write_text("not sdkgen's\n")
    out = work / "out"  # holds v2 now
    before = outside_state(work)
    chooser = random.Random(6)
    outcomes: Counter[str] = Counter()
    for iteration in range(RUNS):
        current = "v1" if tree(out) == trees["v1"] else "v2"
        goal = "v2" if current == "v1" else "v1"
        spec = v2 if goal == "v2" else v1
        if iteration % 2:  # any moment of the run
            killed_run(spec, out, chooser.uniform(0.3, 1.0) * took)
        else:  # a moment of the few milliseconds in which it writes
            killed_run(spec, out, chooser.uniform(0.0, 0.4), once_staging=True)
        found = tree(out)
        if found in (trees[current], trees[goal]):
            outcomes["old" if found == trees[current] else "new"] += 1
        else:
            reason = interrupted(out)
            assert reason is not None, sorted(set(found) ^ set(trees[current]))[:10]
            check = run(v2 if goal == "v2" else v1, out, "--check")
            assert check.returncode == 1 and "the last run was interrupted" in check.stderr
            if JOURNAL in found:
                outcomes["interrupted swap"] += 1
            else:
                assert without_staging(found) == trees[current]  # the old tree, and its files
                outcomes["interrupted before the swap"] += 1
            finished = run(v2 if goal == "v2" else v1, out)
            assert finished.returncode == 0 and "note: " in finished.stderr, finished.stderr
            assert tree(out) == trees[goal]
        assert outside_state(work) == before, "a file outside --out was touched"
    print(dict(outcomes))
    assert outcomes["old"] + outcomes["new"] < RUNS, outcomes  # some kills landed mid-run
