"""`sdkgen generate` end to end on the full Vapi spec: what the whole run costs, and what each
part adds to it.

Each run is a fresh `sdkgen generate` process writing into an empty folder (sdkgen skips files
that are already current, so a reused folder would measure nothing), timed from the outside:
interpreter start-up, imports, loading, repairs, the IR, rendering and writing all count. The
selections run interleaved, round after round, so a slow spell of this shared machine lands on
all of them alike; figures are medians.

- "all": every part (models, client, validators, docs);
- "all - validators", "all - docs": the same without one part; the difference to "all" is what
  that part adds to a run (issue targets: ≤ 0.5 s each);
- "models": `--only models` (issue target: ≤ 1.0 s; its peak RSS is in bench_models.py);
- "fs floor": creating as many empty files as "all" writes, in the same folder, by one process:
  what this machine's file system alone costs (it varies a lot between folders here).

`--against DIR` also runs "all" with the sdkgen checked out in DIR (e.g. a `git worktree` of
an earlier commit), interleaved with this one's, and prints this checkout's median over that
one's: what a change costs a run.

Run: python benchmarks/bench_generate.py [--runs 7] [--workdir DIR] [--json OUT] [--against DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO.parent / "shared" / "specs" / "vapi" / "vapi-2026-06-10.json"
PARTS = ("models", "client", "validators", "docs")
SELECTIONS = {
    "all": PARTS,
    "all - validators": tuple(p for p in PARTS if p != "validators"),
    "all - docs": tuple(p for p in PARTS if p != "docs"),
    "models": ("models",),
}
TARGETS = {"models": 1.0, "adds: validators": 0.5, "adds: docs": 0.5}


def generate(parts: tuple[str, ...], workdir: Path, repo: Path = REPO) -> tuple[float, float, int]:
    """(wall s, CPU s, files written) of one `sdkgen generate` into a new folder. The CPU
    time is user + system of the process and its workers: the work done, whatever the
    schedule (it varies much less than wall time on this shared machine)."""
    out = Path(tempfile.mkdtemp(dir=workdir))
    only = [arg for part in parts for arg in ("--only", part)]
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(SPEC)]
    command += ["--out", str(out), "--package-name", "vapi_sdk", *only]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**_environment(), "PYTHONPATH": str(repo)}  # that checkout's sdkgen, not the installed
    subprocess.run(command, cwd=repo, capture_output=True, check=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    files = sum(len(names) for _, _, names in os.walk(out))
    return wall, cpu, files  # the folder stays until the end: see `main`


def _environment() -> dict[str, str]:
    """Bytecode caches on (a user's installed sdkgen has them), whatever this machine sets."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def fs_floor(count: int, workdir: Path) -> float:
    folder = Path(tempfile.mkdtemp(dir=workdir))
    started = time.perf_counter()
    for number in range(count):
        os.close(os.open(folder / f"f{number}.py", os.O_WRONLY | os.O_CREAT, 0o666))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--against", type=Path, help="another sdkgen checkout to compare with")
    options = parser.parse_args()
    if not SPEC.is_file():
        sys.exit(f"the full spec is missing: {SPEC}")
    # Outputs are removed only at the end: on ext4 here, creating files right after removing
    # thousands nearby costs up to 40x more (measured: 28 µs vs 1.1 ms a file), which would
    # time the previous run's clean-up instead of this one.
    with tempfile.TemporaryDirectory(dir=options.workdir, prefix="bench-generate-") as workdir:
        options.workdir = Path(workdir)
        run_rounds(options)


def run_rounds(options: argparse.Namespace) -> None:
    generate(PARTS, options.workdir)  # warm the bytecode caches and the page cache
    walls: dict[str, list[float]] = {name: [] for name in SELECTIONS}
    cpus: dict[str, list[float]] = {name: [] for name in SELECTIONS}
    counts: dict[str, int] = {}
    for round_number in range(options.runs):
        print(f"… round {round_number + 1}/{options.runs}", file=sys.stderr, flush=True)
        for name, parts in SELECTIONS.items():
            wall, cpu, counts[name] = generate(parts, options.workdir)
            walls[name].append(wall)
            cpus[name].append(cpu)
        if options.against:
            wall, cpu, counts["baseline"] = generate(PARTS, options.workdir, options.against)
            walls.setdefault("baseline", []).append(wall)
            cpus.setdefault("baseline", []).append(cpu)
    floor = statistics.median(fs_floor(counts["all"], options.workdir) for _ in range(3))
    report(walls, cpus, counts, floor, options)
    if options.against:
        compare(walls, cpus, options.against)


def compare(walls: dict[str, list[float]], cpus: dict[str, list[float]], against: Path) -> None:
    ours, theirs = statistics.median(walls["all"]), statistics.median(walls["baseline"])
    ours_cpu, theirs_cpu = statistics.median(cpus["all"]), statistics.median(cpus["baseline"])
    print(f"\n'all' here vs {against}: {ours:.3f} s / {theirs:.3f} s = {ours / theirs:.3f}x wall,")
    print(f"{ours_cpu:.2f} s / {theirs_cpu:.2f} s = {ours_cpu / theirs_cpu:.3f}x CPU (medians)")


def report(
    walls: dict[str, list[float]],
    cpus: dict[str, list[float]],
    counts: dict[str, int],
    floor: float,
    options: argparse.Namespace,
) -> None:
    median = {name: statistics.median(values) for name, values in walls.items()}
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    figures = {
        **{name: median[name] for name in SELECTIONS},
        "adds: validators": median["all"] - median["all - validators"],
        "adds: docs": median["all"] - median["all - docs"],
    }
    added_cpu = {
        "adds: validators": cpu["all"] - cpu["all - validators"],
        "adds: docs": cpu["all"] - cpu["all - docs"],
    }
    print(f"sdkgen generate, full Vapi spec, {options.runs} rounds, cores: {os.cpu_count()}, ")
    print(f"output in {options.workdir}, load average now {os.getloadavg()[0]:.1f}\n")
    print(f"{'run':<20} {'median s':>9} {'min-max s':>13} {'CPU s':>7} {'files':>6}  target")
    for name in SELECTIONS:
        spread = f"{min(walls[name]):.2f}-{max(walls[name]):.2f}"
        row = f"{name:<20} {median[name]:>9.3f} {spread:>13} {cpu[name]:>7.2f} {counts[name]:>6}"
        print(f"{row}  {_verdict(name, figures[name])}")
    for name, value in added_cpu.items():
        row = f"{name:<20} {figures[name]:>9.3f} {'':>13} {value:>7.2f} {'':>6}"
        print(f"{row}  {_verdict(name, figures[name])}")
    print(f"\nfs floor: creating {counts['all']} empty files in that folder took {floor:.3f} s")
    if options.json:
        figures["fs_floor_s"] = floor
        result = {"median_s": figures, "cpu_s": cpu, "runs": walls, "cpu_runs": cpus}
        options.json.write_text(json.dumps(result, indent=1))


def _verdict(name: str, value: float) -> str:
    if name not in TARGETS:
        return ""
    return f"≤ {TARGETS[name]} s {'✓' if value <= TARGETS[name] else '✗'}"


if __name__ == "__main__":
    main()
