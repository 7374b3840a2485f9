"""Independent parts rendered side by side: forked workers, one per core, results in part order.

The parts (models, client, validators, docs) share nothing but the loaded spec, so on a
machine with more than one core the run takes about as long as its heaviest parts rather than
their sum; a part that renders a file per schema is also split into one shard per core, so a
run of that part alone uses every core too. Workers are forked after the spec is loaded and
read it from this module, so nothing large is pickled on the way in; only the rendered text
comes back. The output does not depend on the schedule: results are collected by part and
shard, in a fixed order.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.render.files import Placement, Target
    from generator.writer import RenderedFile

Part = Callable[[Any], Iterable["RenderedFile"]]

#: the spec being rendered, inherited by forked workers (set only around a parallel run)
_TARGET: Any = None


def render_parts(
    chosen: tuple[tuple[Part, Placement], ...], target: Target
) -> list[list[RenderedFile]]:
    """Each part's files, in the order of `chosen`. A "main" part renders in this process
    (forking and sending its result back would cost more than it takes)."""
    cores = _cores()
    tasks = sum(cores if where == "shards" else where == "worker" for _, where in chosen)
    if cores < 2 or tasks < 2 or not sys.platform.startswith("linux"):  # fork is Linux's
        return [list(part(target)) for part, _ in chosen]
    global _TARGET  # noqa: PLW0603 - handed to forked workers without pickling
    _TARGET = target
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(cores, tasks), mp_context=context) as pool:
            futures = [_submit(pool, part, where, cores) for part, where in chosen]
            local = [list(part(target)) if where == "main" else [] for part, where in chosen]
            return [
                [file for future in part_futures for file in future.result()] or files
                for part_futures, files in zip(futures, local, strict=True)
            ]
    finally:
        _TARGET = None


def _submit(
    pool: ProcessPoolExecutor, part: Part, where: Placement, cores: int
) -> list[Future[list[RenderedFile]]]:
    """The worker tasks of one part, in shard order (none for a part rendered here)."""
    if where == "main":
        return []
    count = cores if where == "shards" else 1
    return [pool.submit(_render, part, index, count) for index in range(count)]


def _render(part: Part, index: int, count: int) -> list[RenderedFile]:
    from generator.render.files import Shard  # noqa: PLC0415 - in a forked worker, loaded

    return list(part(replace(_TARGET, shard=Shard(index, count))))


def _cores() -> int:
    """Cores this process may use; `SDKGEN_JOBS` caps it (1 renders in this process)."""
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    requested = os.environ.get("SDKGEN_JOBS", "")
    return min(available, int(requested)) if requested.isdigit() else available
