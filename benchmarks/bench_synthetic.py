"""sdkgen beside datamodel-codegen on a synthetic spec of 2,500 models (benchmarks/synthetic.py),
in the same run: medians of interleaved rounds, wall and CPU time.

Each run is a fresh process writing into a new folder, timed from the outside (interpreter
start-up and imports count). The tools run one after the other in each round, so a slow spell
of this shared machine lands on all of them alike. CPU is user + system of the process and
its workers: the work done, whatever the schedule; on a busy machine it is the steadier
figure. Issue 12's target: the models of 2,500 schemas in <= 3 s wall here.

- "sdkgen models": `sdkgen generate --only models` (what datamodel-codegen makes too);
- "sdkgen all": every part (models, client, validators, docs), for scale;
- "datamodel-codegen": one pydantic v2 module, `--formatters ruff-format` when it has it;
- "fs floor": writing as many small files as "sdkgen models" does, from one process.

Run: python benchmarks/bench_synthetic.py [--runs 5] [--models 2500] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from synthetic import synthetic_spec  # noqa: E402  # benchmarks/ is put on sys.path first

TARGET_S = 3.0


def timed(command: list[str]) -> tuple[float, float, str]:
    """(wall s, CPU s, the last line of stderr when it failed, else "") of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    failed = result.stderr.strip().splitlines()[-1:] if result.returncode else []
    return wall, cpu, failed[0][:200] if failed else ""


def sdkgen(spec: Path, *only: str) -> Callable[[Path], list[str]]:
    def command(out: Path) -> list[str]:
        options = ["--spec", str(spec), "--out", str(out), "--package-name", "synthetic_sdk"]
        return [sys.executable, "-m", "generator", "generate", *options, *only]

    return command


def dmcg(spec: Path) -> Callable[[Path], list[str]]:
    tool = shutil.which("datamodel-codegen") or "datamodel-codegen"
    found = subprocess.run([tool, "--help"], capture_output=True, text=True, check=False)
    help_text = found.stdout
    formatters = ["--formatters", "ruff-format"] if "ruff-format" in help_text else []

    def command(out: Path) -> list[str]:
        out.mkdir()
        source = ["--input", str(spec), "--output", str(out / "models.py")]
        kinds = ["--input-file-type", "openapi", "--output-model-type", "pydantic_v2.BaseModel"]
        return [tool, *source, *kinds, *formatters]

    return command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", type=int, default=2500)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    # Outputs stay until the end: removing thousands of files right before a run slows the
    # next file creations here (see bench_models.py).
    with tempfile.TemporaryDirectory(dir=options.workdir, prefix="bench-synthetic-") as work:
        run_rounds(Path(work), options)


def run_rounds(work: Path, options: argparse.Namespace) -> None:
    spec = work / "synthetic.json"
    document = synthetic_spec(options.models)
    spec.write_text(json.dumps(document), encoding="utf-8")
    tools = {
        "sdkgen models": sdkgen(spec, "--only", "models"),
        "sdkgen all": sdkgen(spec),
        "datamodel-codegen": dmcg(spec),
    }
    walls: dict[str, list[float]] = {name: [] for name in tools}
    cpus: dict[str, list[float]] = {name: [] for name in tools}
    errors: dict[str, str] = {}
    timed(tools["sdkgen models"](work / "warm-up"))  # bytecode and page caches
    for number in range(options.runs):
        print(f"… round {number + 1}/{options.runs}", file=sys.stderr, flush=True)
        for name, command in tools.items():
            wall, cpu, error = timed(command(work / f"{name.replace(' ', '-')}-{number}"))
            walls[name].append(wall)
            cpus[name].append(cpu)
            if error:
                errors[name] = error
    files = sum(len(names) for _, _, names in os.walk(work / "sdkgen-models-0"))
    floor = statistics.median(fs_floor(files, work / f"floor-{n}") for n in range(3))
    report(len(document["components"]["schemas"]), walls, cpus, errors, options)
    print(f"\nfs floor: writing {files} files of 2 KB in one process here: {floor:.2f} s")


def fs_floor(count: int, folder: Path) -> float:
    """What creating `count` small files costs this machine's file system alone (it varies
    a lot here): a floor under any generator that writes a module per model."""
    folder.mkdir()
    started = time.perf_counter()
    for number in range(count):
        (folder / f"m{number}.py").write_bytes(b"x" * 2048)
    return time.perf_counter() - started


def report(
    schemas: int,
    walls: dict[str, list[float]],
    cpus: dict[str, list[float]],
    errors: dict[str, str],
    options: argparse.Namespace,
) -> None:
    print(f"synthetic spec: {schemas} schemas, {options.runs} rounds, cores: {os.cpu_count()}")
    print(f"load average now {os.getloadavg()[0]:.1f}\n")
    print(f"{'run':<20} {'median s':>9} {'min-max s':>13} {'CPU s':>7}  note")
    for name, runs in walls.items():
        median = statistics.median(runs)
        spread = f"{min(runs):.2f}-{max(runs):.2f}"
        note = f"FAILED: {errors[name]}" if name in errors else ""
        if name == "sdkgen models" and not note:
            note = f"target <= {TARGET_S:.1f} s: {'met' if median <= TARGET_S else 'NOT met'}"
        cpu = statistics.median(cpus[name])
        print(f"{name:<20} {median:>9.3f} {spread:>13} {cpu:>7.2f}  {note}")
    if options.json:
        result = {"wall_runs": walls, "cpu_runs": cpus, "errors": errors, "schemas": schemas}
        options.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
