"""Compare rendered files with a folder through the writer's own plan and diff."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.writer import RenderedFile, plan_writes, unified_diff


def assert_files_match(root: Path, files: Iterable[RenderedFile], *, fix: str) -> None:
    plan = plan_writes(root, files)
    if not plan.is_current:
        diff = unified_diff(plan, max_lines=200)
        raise AssertionError(f"{root} is stale; run `{fix}` and review `git diff`.\n{diff}")
