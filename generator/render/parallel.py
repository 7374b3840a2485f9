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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.render.files import PartPlan, Target
    from generator.writer import RenderedFile

Part = Callable[[Any], Iterable["RenderedFile"]]
Task = tuple[int, int, int]  #: (position of the part, shard index, shard count)

#: the spec being rendered, inherited by forked workers (set only around a parallel run)
_TARGET: Any = None


def render_parts(chosen: tuple[PartPlan, ...], target: Target) -> list[list[RenderedFile]]:
    """Each part's files, in the order of `chosen`. A "main" part renders in this process
    (forking and sending its result back would cost more than it takes)."""
    cores = _cores()
    tasks = _tasks(chosen, cores)
    if cores < 2 or len(tasks) < 2 or not sys.platform.startswith("linux"):  # fork is Linux's
        return [list(plan.render(target)) for plan in chosen]
    global _TARGET  # noqa: PLW0603 - handed to forked workers without pickling
    _TARGET = target
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(cores, len(tasks)), mp_context=context) as pool:
            # Heaviest first: a worker that frees up takes the next largest task, so the
            # cores finish together instead of one waiting on the last big part.
            futures = {
                task: pool.submit(_render, chosen[task[0]].render, *task[1:]) for task in tasks
            }
            files = [
                list(plan.render(target)) if plan.placement == "main" else [] for plan in chosen
            ]
            for task in sorted(futures):  # part order, then shard order
                files[task[0]] += futures[task].result()
            return files
    finally:
        _TARGET = None


def _tasks(chosen: tuple[PartPlan, ...], cores: int) -> list[Task]:
    """The worker tasks, heaviest first (ties in part order): a "shards" part gives one task
    per core, each with a share of its weight."""
    weighted = []
    for position, plan in enumerate(chosen):
        count = {"main": 0, "worker": 1, "shards": cores}[plan.placement]
        weighted += [(-plan.weight / count, position, index, count) for index in range(count)]
    return [(position, index, count) for _, position, index, count in sorted(weighted)]


def _render(part: Part, index: int, count: int) -> list[RenderedFile]:
    from generator.render.files import Shard  # noqa: PLC0415 - in a forked worker, loaded

    return list(part(replace(_TARGET, shard=Shard(index, count))))


def _cores() -> int:
    """Cores this process may use; `SDKGEN_JOBS` caps it (1 renders in this process)."""
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    requested = os.environ.get("SDKGEN_JOBS", "")
    return min(available, int(requested)) if requested.isdigit() else available
