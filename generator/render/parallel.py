"""Independent parts rendered side by side: one forked worker per core, results in part order.

The parts (models, client, validators, docs) share nothing but the loaded spec, so on a
machine with more than one core the run takes about as long as its heaviest parts rather than
their sum. Workers are forked after the spec is loaded and read it from this module, so
nothing large is pickled on the way in; only the rendered text comes back. The output does
not depend on the schedule: results are collected by part, in the fixed part order.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.writer import RenderedFile

#: the spec being rendered, inherited by forked workers (set only around a parallel run)
_TARGET: Any = None


def render_parts(
    parts: tuple[Callable[[Any], Iterable[RenderedFile]], ...],
    target: Any,
    *,
    heavy: frozenset[Callable[[Any], Iterable[RenderedFile]]] = frozenset(),
) -> list[list[RenderedFile]]:
    """Each part's files, in the order of `parts`. Only `heavy` parts are worth a worker:
    forking and sending results back cost more than a light part takes."""
    workers = min(sum(part in heavy for part in parts), _cores())
    if workers < 2 or not sys.platform.startswith("linux"):  # fork is Linux's to rely on
        return [list(part(target)) for part in parts]
    global _TARGET  # noqa: PLW0603 - handed to forked workers without pickling
    _TARGET = target
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {part: pool.submit(_render, part) for part in parts if part in heavy}
            light = {part: list(part(target)) for part in parts if part not in heavy}
            return [futures[part].result() if part in futures else light[part] for part in parts]
    finally:
        _TARGET = None


def _render(part: Callable[[Any], Iterable[RenderedFile]]) -> list[RenderedFile]:
    return list(part(_TARGET))


def _cores() -> int:
    """Cores this process may use; `SDKGEN_JOBS` caps it (1 renders in this process)."""
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    requested = os.environ.get("SDKGEN_JOBS", "")
    return min(available, int(requested)) if requested.isdigit() else available
