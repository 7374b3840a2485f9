"""Same spec, same bytes: whatever the hash seed, the working folder or the run."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from generator.lowering import ALL_RULES
from generator.pipeline import load_api, render
from generator.snapshot import structure
from tests.conftest import REPO

SPEC = REPO / "specs" / "phone-numbers.yaml"


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_two_runs_in_one_process_are_identical() -> None:
    first = load_api(str(SPEC), repairs=frozenset(ALL_RULES))
    second = load_api(str(SPEC), repairs=frozenset(ALL_RULES))
    assert first.api == second.api
    assert render(first, "p") == render(second, "p")


def test_hash_seeds_working_folders_and_workers_do_not_matter(tmp_path: Path) -> None:
    digests = set()
    # SDKGEN_JOBS=1 renders in one process; 2 forks workers and splits the models in shards
    for seed, cwd, jobs in (("0", REPO, "1"), ("1", tmp_path, "2"), ("12345", Path("/"), "")):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SDKGEN_JOBS": jobs}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "generate",
                "--spec",
                str(SPEC),
                "--out",
                str(out),
                "--package-name",
                "vapi_sdk",
            ],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        digests.add(tree_digest(out))
    assert len(digests) == 1


def test_structure_has_no_absolute_paths(tmp_path: Path) -> None:
    loaded = load_api(str(SPEC), repairs=frozenset(ALL_RULES))
    text = repr(structure(loaded.api)) + repr(render(loaded, "p"))
    assert str(REPO) not in text and str(tmp_path) not in text
