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
import signal
import struct
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, BinaryIO

from generator.errors import GeneratorError
from generator.render.files import PartPlan, Shard, Target

if TYPE_CHECKING:
    from generator.writer import RenderedFile

Part = Callable[[Any], Iterable["RenderedFile"]]
Task = tuple[int, int, int]  #: (position of the part, shard index, shard count)
After = Callable[[list["RenderedFile"]], list[PurePosixPath]]
Result = tuple[list["RenderedFile"], list[PurePosixPath]]  #: a task's files, what `after` did
_TASK = struct.Struct("<I")
#: A record on a result pipe: task number, payload size, CRC-32 of both and the payload.
#: Size 0: the worker took the task (so a worker that dies can be named with its task);
#: otherwise the pickled outcome follows. A worker can die mid-record, so the reader checks
#: the size and the checksum before it unpickles anything.
_HEADER = struct.Struct("<IQI")
_PIECE = 1 << 20


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
    names: list[str]  #: each task's name, for messages
    results: dict[int, Result] = field(default_factory=dict)
    errors: list[BaseException] = field(default_factory=list)  #: raised by a task's code
    broken: list[GeneratorError] = field(default_factory=list)  #: records that cannot be read
    running: dict[int, int] = field(default_factory=dict)  #: result pipe → task started, unsent
    readers: list[threading.Thread] = field(default_factory=list)

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
        pool = cls(task_read, pids, [_task_name(chosen, task) for task in tasks])
        for descriptor in pids.values():  # a reader per child: none waits on a full pipe
            reader = threading.Thread(target=pool.read, args=(descriptor,), daemon=True)
            reader.start()
            pool.readers.append(reader)
        return pool

    def read(self, descriptor: int) -> None:
        """Drain one worker's records. Nothing may escape a reader thread (it would print a
        traceback of its own): a record that is cut short or corrupt becomes a clean error."""
        try:
            with os.fdopen(descriptor, "rb") as stream:
                try:
                    while header := stream.read(_HEADER.size):
                        self._record(descriptor, stream, header)
                    return
                except _BrokenRecord as broken:
                    message = self._broken_message(descriptor, str(broken))
                    self.broken.append(GeneratorError(message))
                while stream.read(_PIECE):  # to the end: the worker ends as it would, not on EPIPE
                    pass
        except BaseException as exc:  # handed to the parent thread, as above
            self.broken.append(GeneratorError(f"reading a render worker's result: {exc!r}"))

    def _record(self, descriptor: int, stream: BinaryIO, header: bytes) -> None:
        if len(header) != _HEADER.size:
            raise _BrokenRecord(f"a record header cut short ({len(header)} bytes)")
        number, size, checksum = _HEADER.unpack(header)
        if number >= len(self.names):
            raise _BrokenRecord(f"a record for task {number}, which does not exist")
        if size == 0:  # the worker took this task
            if checksum != _checksum(number, 0, b""):
                raise _BrokenRecord("a corrupt record header")
            self.running[descriptor] = number
            return
        self.running[descriptor] = number
        payload = _read_exactly(stream, size)
        if len(payload) != size:
            raise _BrokenRecord(f"a result cut short ({len(payload)} of {size} bytes)")
        if _checksum(number, size, payload) != checksum:
            raise _BrokenRecord("a corrupt result (checksum mismatch)")
        try:
            outcome = pickle.loads(payload)
        except Exception as exc:  # any unpickling failure means the same
            raise _BrokenRecord(f"a result that cannot be read ({type(exc).__name__})") from None
        if isinstance(outcome, BaseException):
            self.errors.append(outcome)
        elif _is_result(outcome):
            self.results[number] = outcome
        else:
            raise _BrokenRecord("a result of the wrong shape")
        del self.running[descriptor]

    def _broken_message(self, descriptor: int, what: str) -> str:
        pid = next((pid for pid, fd in self.children.items() if fd == descriptor), None)
        task = self.running.get(descriptor)
        during = f" while rendering {self.names[task]}" if task is not None else ""
        return f"a render worker (pid {pid}) sent {what}{during}"

    def join(self) -> dict[int, Result]:
        """Every task's result, once the workers are done; the first failure as one error:
        the task's own error first (it names the spec's pointer), then a broken record, then
        a worker that stopped without its result."""
        os.close(self.source)
        self.source = -1
        for reader in self.readers:
            reader.join()
        statuses = {pid: os.waitpid(pid, 0)[1] for pid in self.children}
        children, self.children = self.children, {}
        if self.errors:
            raise self.errors[0]
        if self.broken:
            raise self.broken[0]
        for pid, status in statuses.items():
            if status != 0:
                task = self.running.get(children[pid])
                during = f" while rendering {self.names[task]}" if task is not None else ""
                raise GeneratorError(
                    f"a render worker (pid {pid}) {_how(status)}{during}, before its result"
                )
        missing = [n for n in range(len(self.names)) if n not in self.results]
        if missing:  # (only if a worker exited 0 without finishing what it took)
            raise GeneratorError(f"no result for {self.names[missing[0]]} from the render workers")
        return self.results

    def stop(self) -> None:
        """After an error in this process: end the children, leave no zombie behind."""
        if self.source >= 0:
            os.close(self.source)
            self.source = -1
        for pid in self.children:
            try:
                os.kill(pid, 15)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.children.clear()
        for reader in self.readers:  # their pipes end with the children: nothing is left
            reader.join()


class _BrokenRecord(Exception):
    """A worker's record that cannot be taken as a result (why, for the message)."""


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    """`size` bytes, or fewer at the end of the stream; read in pieces so that a corrupt
    size allocates nothing up front."""
    pieces, left = [], size
    while left and (piece := stream.read(min(left, _PIECE))):
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


def _checksum(number: int, size: int, payload: bytes) -> int:
    """CRC-32 of a record's number, size and payload: any damaged byte shows."""
    return zlib.crc32(payload, zlib.crc32(_HEADER.pack(number, size, 0)))


def _is_result(outcome: object) -> bool:
    return (
        isinstance(outcome, tuple)
        and len(outcome) == 2
        and all(isinstance(item, list) for item in outcome)
    )


def _how(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    if code >= 0:
        return f"exited with status {code}"
    try:
        return f"was killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"was killed by signal {-code}"


def _task_name(chosen: tuple[PartPlan, ...], task: Task) -> str:
    """`validators (shard 2 of 2)`: the part's render function, for messages."""
    position, index, count = task
    name = getattr(chosen[position].render, "__name__", "a part").removeprefix("render_")
    return f"{name} (shard {index + 1} of {count})" if count > 1 else name


def _take(source: int) -> Iterator[int]:
    """Task numbers from the shared pipe until it is empty; each goes to one worker only."""
    while raw := os.read(source, _TASK.size):
        yield _TASK.unpack(raw)[0]


def _run(chosen: tuple[PartPlan, ...], target: Target, task: Task, after: After | None) -> Result:
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
            # Taken: the parent can name the task if this worker dies before its result.
            out.write(_HEADER.pack(number, 0, _checksum(number, 0, b"")))
            out.flush()
            try:
                outcome: object = _run(chosen, target, tasks[number], after)
            except BaseException as exc:  # handed to the parent, which raises it
                outcome, status = _picklable(exc), 1
            payload = _pickled(outcome)
            size = len(payload)
            out.write(_HEADER.pack(number, size, _checksum(number, size, payload)) + payload)
            if status:
                break
    os._exit(status)  # no atexit handlers or buffers of the parent's: they are the parent's


def _pickled(outcome: object) -> bytes:
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # a result that cannot travel is an error
        error = GeneratorError(f"a render worker cannot send its result: {exc!r}")
        return pickle.dumps(error, protocol=pickle.HIGHEST_PROTOCOL)


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
