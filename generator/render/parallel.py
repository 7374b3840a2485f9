"""Independent parts rendered side by side: forked workers, one per core, results in part order.

The parts (models, client, validators, docs) share nothing but the loaded spec, so on a
machine with more than one core the run takes about as long as its heaviest parts rather than
their sum; a part that renders a file per schema is also split into one shard per core, so a
run of that part alone uses every core too. The output does not depend on the schedule:
results are collected by part and shard, in a fixed order.

Workers are plain `os.fork()` children rather than a `concurrent.futures` pool: importing
`multiprocessing` alone costs 50-100 ms of a run that should take about a second. A child
inherits the loaded spec, so nothing large is pickled on the way in. It takes task numbers
from one shared pipe (4 bytes each; a pipe read that size is atomic, so each task goes to
exactly one worker) and sends each result back on a pipe of its own, which a thread of the
parent drains. The parent renders the light parts, then takes tasks from the same pipe.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from generator.errors import GeneratorError

if TYPE_CHECKING:
    from generator.render.files import PartPlan, Target
    from generator.writer import RenderedFile

Part = Callable[[Any], Iterable["RenderedFile"]]
Task = tuple[int, int, int]  #: (position of the part, shard index, shard count)
After = Callable[[list["RenderedFile"]], list[PurePosixPath]]
Result = tuple[list["RenderedFile"], list[PurePosixPath]]  #: a task's files, what `after` did
_TASK = struct.Struct("<I")
_SIZE = struct.Struct("<Q")


def render_parts(
    chosen: tuple[PartPlan, ...], target: Target, *, after: After | None = None
) -> tuple[list[list[RenderedFile]], list[PurePosixPath]]:
    """Each part's files, in the order of `chosen`, and the paths `after` returned.

    A "main" part renders in this process (forking and sending its result back would cost
    more than it takes). `after` runs in the worker on each task's files as soon as they are
    rendered (the writer stages them there), so that work overlaps the other tasks instead of
    following them all; rendering in one process, nothing is gained and it is not called.
    """
    cores = _cores()
    tasks = _tasks(chosen, cores)
    if cores < 2 or len(tasks) < 2 or not sys.platform.startswith("linux"):  # fork is Linux's
        return [list(plan.render(target)) for plan in chosen], []
    # This process is a worker too, once its light parts are done: one fork fewer, and no
    # third process competing for two cores.
    pool = _Pool.start(chosen, target, tasks, children=min(cores, len(tasks)) - 1, after=after)
    try:
        files = [list(plan.render(target)) if plan.placement == "main" else [] for plan in chosen]
        for number in _take(pool.source):
            pool.results[number] = _run(chosen, target, tasks[number], after)
        results = pool.join()
    finally:
        pool.stop()
    done: list[PurePosixPath] = []
    for number in sorted(range(len(tasks)), key=tasks.__getitem__):  # part, then shard order
        files[tasks[number][0]] += results[number][0]
        done += results[number][1]
    return files, done


def _tasks(chosen: tuple[PartPlan, ...], cores: int) -> list[Task]:
    """The worker tasks, heaviest first (ties in part and shard order): a "shards" part
    gives one task per core, each with a share of its weight."""
    weighted = []
    for position, plan in enumerate(chosen):
        count = {"main": 0, "worker": 1, "shards": cores}[plan.placement]
        weighted += [(-plan.weight / count, position, index, count) for index in range(count)]
    return [(position, index, count) for _, position, index, count in sorted(weighted)]


@dataclass(slots=True)
class _Pool:
    source: int  #: the read end of the task pipe
    children: dict[int, int]  #: pid → read end of its result pipe
    results: dict[int, Result]
    errors: list[BaseException]
    readers: list[threading.Thread]

    @classmethod
    def start(
        cls,
        chosen: tuple[PartPlan, ...],
        target: Target,
        tasks: list[Task],
        *,
        children: int,
        after: After | None,
    ) -> _Pool:
        task_read, task_write = os.pipe()
        pids: dict[int, int] = {}
        for _ in range(children):
            result_read, result_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: it never returns into the parent's code
                try:
                    os.close(task_write)
                    os.close(result_read)
                    _child(chosen, target, tasks, task_read, result_write, after)
                finally:
                    os._exit(1)  # reached only if `_child` itself failed
            os.close(result_write)
            pids[pid] = result_read
        os.write(task_write, b"".join(_TASK.pack(n) for n in range(len(tasks))))
        os.close(task_write)  # workers stop at its end
        pool = cls(task_read, pids, {}, [], [])
        for descriptor in pids.values():  # a reader per child: none waits on a full pipe
            reader = threading.Thread(target=pool._read, args=(descriptor,), daemon=True)
            reader.start()
            pool.readers.append(reader)
        return pool

    def _read(self, descriptor: int) -> None:
        with os.fdopen(descriptor, "rb") as stream:
            while header := stream.read(_SIZE.size):
                number, outcome = pickle.loads(stream.read(_SIZE.unpack(header)[0]))
                if isinstance(outcome, BaseException):
                    self.errors.append(outcome)
                else:
                    self.results[number] = outcome

    def join(self) -> dict[int, Result]:
        os.close(self.source)
        self.source = -1
        for reader in self.readers:
            reader.join()
        failed = [pid for pid in self.children if os.waitpid(pid, 0)[1] != 0]
        self.children.clear()
        if self.errors:
            raise self.errors[0]
        if failed:
            raise GeneratorError(f"a render worker (pid {failed[0]}) stopped without a result")
        return self.results

    def stop(self) -> None:
        """After an error in this process: end the children, leave no zombie behind."""
        if self.source >= 0:
            os.close(self.source)
        for pid in self.children:
            try:
                os.kill(pid, 15)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def _take(source: int) -> Iterator[int]:
    """Task numbers from the shared pipe until it is empty; each goes to one worker only."""
    while raw := os.read(source, _TASK.size):
        yield _TASK.unpack(raw)[0]


def _run(chosen: tuple[PartPlan, ...], target: Target, task: Task, after: After | None) -> Result:
    from generator.render.files import Shard  # noqa: PLC0415 - loaded by then

    position, index, count = task
    files = list(chosen[position].render(replace(target, shard=Shard(index, count))))
    return files, after(files) if after else []


def _child(
    chosen: tuple[PartPlan, ...],
    target: Target,
    tasks: list[Task],
    source: int,
    sink: int,
    after: After | None,
) -> None:
    status = 0
    with os.fdopen(sink, "wb") as out:
        for number in _take(source):
            try:
                outcome: object = _run(chosen, target, tasks[number], after)
            except BaseException as exc:  # handed to the parent, which raises it
                outcome, status = _picklable(exc), 1
            payload = pickle.dumps((number, outcome), protocol=pickle.HIGHEST_PROTOCOL)
            out.write(_SIZE.pack(len(payload)) + payload)
            if status:
                break
    os._exit(status)  # no atexit handlers or buffers of the parent's: they are the parent's


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # any exception can fail to pickle
        return GeneratorError(f"{type(exc).__name__}: {exc}")
    return exc


def _cores() -> int:
    """Cores this process may use; `SDKGEN_JOBS` caps it (1 renders in this process)."""
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    requested = os.environ.get("SDKGEN_JOBS", "")
    return min(available, int(requested)) if requested.isdigit() else available
