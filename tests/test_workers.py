"""Render workers that die or send damaged records: one clean error, nothing taken as a result."""

from __future__ import annotations

import os
import pickle
import random
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from generator import writer
from generator.errors import GeneratorError
from generator.render import parallel
from generator.render.files import WHOLE, PartPlan, Shard
from generator.writer import RenderedFile

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork")

NAMES = ["models (shard 1 of 2)", "client"]


def record(number: int, outcome: object | None) -> bytes:
    """A record as a worker writes it: a "took it" record when `outcome` is None."""
    payload = b"" if outcome is None else pickle.dumps(outcome)
    size = len(payload)
    return parallel._HEADER.pack(number, size, parallel._checksum(number, size, payload)) + payload


def good_stream() -> bytes:
    files = [RenderedFile(PurePosixPath(f"f{n}.py"), "x = 1\n" * n) for n in range(30)]
    return b"".join(
        [record(0, None), record(0, (files, [])), record(1, None), record(1, (files[:3], []))]
    )


def drain(data: bytes) -> parallel._Pool:
    """Feed `data` to a pool's reader, on a thread of its own as in a real run."""
    read_end, write_end = os.pipe()
    pool = parallel._Pool(-1, {4242: read_end}, NAMES)
    reader = threading.Thread(target=pool.read, args=(read_end,), daemon=True)
    reader.start()

    def send() -> None:  # as a worker does: it blocks while the pipe is full
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
        os.close(write_end)

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    sender.join(timeout=20)
    assert not sender.is_alive(), "the reader stopped draining: the worker would block"
    reader.join()
    return pool


@pytest.fixture
def no_thread_output(capfd: pytest.CaptureFixture[str]) -> Iterator[list[object]]:
    """Whatever reaches `threading.excepthook`, and a check that nothing was printed."""
    hooked: list[object] = []
    previous = threading.excepthook
    threading.excepthook = hooked.append
    try:
        yield hooked
    finally:
        threading.excepthook = previous
    captured = capfd.readouterr()
    assert not hooked and captured.err == "" and captured.out == ""


def test_a_whole_stream_gives_every_result(no_thread_output: list[object]) -> None:
    pool = drain(good_stream())
    assert sorted(pool.results) == [0, 1] and not pool.broken and not pool.running
    assert len(pool.results[0][0]) == 30


def test_every_cut_short_stream_is_a_clean_error(no_thread_output: list[object]) -> None:
    data = good_stream()
    ends = _record_ends(data)
    for cut in range(1, len(data)):
        pool = drain(data[:cut])
        if cut in ends:  # the stream ends between records: the parent sees what is missing
            assert not pool.broken, cut
        else:
            (error,) = pool.broken
            assert str(error).startswith("a render worker (pid 4242) sent a"), error
            assert "\n" not in str(error)
        for number, (files, _) in pool.results.items():
            assert len(files) == (30 if number == 0 else 3)  # never part of a result
        assert 1 not in pool.results or cut == len(data)


def test_every_damaged_byte_is_a_clean_error(no_thread_output: list[object]) -> None:
    data = good_stream()
    chooser = random.Random(18)
    for position in sorted(chooser.sample(range(len(data)), 300)):
        damaged = bytearray(data)
        damaged[position] ^= 1 << chooser.randrange(8)
        pool = drain(bytes(damaged))
        assert len(pool.broken) == 1, position
        assert "render worker" in str(pool.broken[0])


def test_a_huge_size_in_a_damaged_header_allocates_nothing(
    no_thread_output: list[object],
) -> None:
    header = parallel._HEADER.pack(1, 1 << 62, 0)
    pool = drain(record(1, None) + header + b"short")
    assert "cut short (5 of" in str(pool.broken[0])
    assert "while rendering client" in str(pool.broken[0])


def test_a_record_that_unpickles_to_nonsense_is_refused(no_thread_output: list[object]) -> None:
    pool = drain(record(0, None) + record(0, "not a result"))
    assert "wrong shape" in str(pool.broken[0]) and not pool.results
    garbage = b"\x80\x05definitely not a pickle"
    size = len(garbage)
    raw = parallel._HEADER.pack(0, size, parallel._checksum(0, size, garbage)) + garbage
    pool = drain(raw)
    assert "cannot be read (UnpicklingError)" in str(pool.broken[0])


def _record_ends(data: bytes) -> set[int]:
    ends, offset = set(), 0
    while offset < len(data):
        _, size, _ = parallel._HEADER.unpack_from(data, offset)
        offset += parallel._HEADER.size + size
        ends.add(offset)
    return ends


# Real forked workers, killed at random moments while they pickle and send a large result.

PARENT = os.getpid()


def render_big(target: Any) -> Iterable[RenderedFile]:
    shard: Shard = target.shard
    files = [
        RenderedFile(PurePosixPath(f"s{shard.index}/f{n}.py"), f"# {n}\n" + "x = 1\n" * 200)
        for n in range(1500)
    ]
    if os.getpid() != PARENT and target.kill_after is not None:  # in a worker only
        timer = threading.Timer(target.kill_after, os.kill, (os.getpid(), signal.SIGKILL))
        timer.daemon = True
        timer.start()
    return files


@dataclass(frozen=True)
class _Target:
    """Just what `render_parts` and `render_big` read of a target."""

    kill_after: float | None
    shard: Shard = WHOLE


@pytest.fixture
def two_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs two cores to fork a worker")
    monkeypatch.setenv("SDKGEN_JOBS", "2")


def test_a_worker_killed_at_random_moments_is_one_clean_error(
    two_jobs: None, no_thread_output: list[object]
) -> None:
    chosen = (PartPlan(render_big, "shards", 1),)
    chooser = random.Random(15)
    outcomes: dict[str, int] = {}
    for _ in range(30):
        target = _Target(chooser.uniform(0.0, 0.012))
        try:
            files, _ = parallel.render_parts(chosen, target)  # type: ignore[arg-type]
        except GeneratorError as error:
            message = str(error)
            assert "\n" not in message and message.startswith("a render worker (pid ")
            assert "was killed by SIGKILL" in message or "sent a result cut short" in message
            outcomes["error"] = outcomes.get("error", 0) + 1
            outcomes["named"] = outcomes.get("named", 0) + ("while rendering big (shard" in message)
        else:  # the kill came too late to matter: then the result is whole
            assert [len(part) for part in files] == [3000]
            outcomes["ok"] = outcomes.get("ok", 0) + 1
    assert outcomes.get("error", 0) >= 10, outcomes
    assert outcomes.get("named", 0) >= 5, outcomes
    assert not _children(), "a worker was left behind"


def _children() -> list[int]:
    try:
        found = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return []
    return [found[0]] if found[0] else []


def test_a_worker_killed_while_it_stages_leaves_nothing_staged(
    two_jobs: None,
    no_thread_output: list[object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator import pipeline  # noqa: PLC0415
    from generator.config import GeneratorConfig  # noqa: PLC0415
    from tests.test_writer_safety import SMALL, second_version, tree  # noqa: PLC0415

    out = tmp_path / "out"
    old = GeneratorConfig(spec=str(SMALL), out=out, package_name="inv_sdk")
    pipeline.generate(old)
    before = tree(out)
    new = replace(old, spec=str(second_version(tmp_path)))
    real_stage, chooser = writer.stage, random.Random(18)

    def stage(root: Path, files: list[RenderedFile], *, new: bool) -> list[PurePosixPath]:
        if os.getpid() != PARENT:  # in a worker: die at a random moment of its writes
            delay = chooser.uniform(0.0, 0.004)
            threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL)).start()
        return real_stage(root, files, new=new)

    monkeypatch.setattr(pipeline, "stage_files", stage)
    failed = 0
    for _ in range(8):
        chooser.random()  # each fork starts from the parent's state: move it on
        try:
            pipeline.generate(new)
        except GeneratorError as error:
            message = str(error)
            assert "\n" not in message and message.startswith("a render worker"), message
            failed += 1
            assert tree(out) == before  # nothing staged is left, nothing swapped in
        else:  # every worker finished its writes before its kill: the new tree, whole
            assert tree(out) != before and not list(out.rglob("*.sdkgen-new"))
            monkeypatch.setattr(pipeline, "stage_files", real_stage)
            pipeline.generate(old)
            monkeypatch.setattr(pipeline, "stage_files", stage)
            # back to the old tree, but for the history each regeneration records
            assert _without_history(tree(out)) == _without_history(before)
            before = tree(out)
    assert failed >= 4


def test_a_damaged_record_mid_stream_does_not_block_the_worker(
    no_thread_output: list[object],
) -> None:
    """The reader drains the rest: a worker still writing (here 1 MB after the damage, more
    than a pipe holds) ends normally, neither blocked nor cut off by a broken pipe."""
    damaged = bytearray(record(0, None) + record(0, ([], [])))
    damaged[-1] ^= 0xFF
    pool = drain(bytes(damaged) + record(1, None) + record(1, (["x" * (1 << 20)], [])))
    assert len(pool.broken) == 1 and "checksum mismatch" in str(pool.broken[0])
    assert not pool.results


def _without_history(files: dict[str, Any]) -> dict[str, Any]:
    """A tree less the changelog each regeneration adds to (`CHANGELOG.md`, its docs pages)."""
    return {path: data for path, data in files.items() if "changelog" not in path.lower()}
