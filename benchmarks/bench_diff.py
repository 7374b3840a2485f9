"""`sdkgen diff` on two full Vapi specs, beside api-smart-diff (npm) on the same pairs.

Each run is a fresh process timed from the outside (interpreter start-up, imports, reading and
building both IRs, comparing, printing JSON). sdkgen's runs interleave round by round over the
pairs, so a slow spell of this shared machine lands on all of them alike; figures are medians.
Issue target: ≤ 1.0 s.

The peer is the npm package api-smart-diff, installed with `npm install` into a cache folder
outside the repository (`$SDKGEN_BENCH_CACHE`, else `~/.cache/sdkgen-bench`); a small runner
written there calls its `apiCompare` on the same two files and prints how many entries it
reports and how many it calls breaking. It takes tens of seconds a pair, so it runs
`--peer-runs` times (default 1) after sdkgen's rounds. Without node/npm it is skipped with a
reason.

Run: python benchmarks/bench_diff.py [--runs 7] [--peer-runs 1] [--no-peer] [--shared DIR]
[--json OUT]   (--shared: the read-only reference data, default ../shared beside the checkout)
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
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PAIRS = {
    "04-17 -> 04-22": ("vapi-2026-04-17.json", "vapi-2026-04-22.json"),
    "06-04 -> 06-10": ("vapi-2026-06-04.json", "vapi-2026-06-10.json"),
}
TARGET_S = 1.0
PEER = "api-smart-diff"
PEER_VERSION = "1.0.6"  # the release this benchmark was written against; pinned
PEER_TIMEOUT_S = 600
# The peer's runner: both files in, entry counts out (it prints nothing of the specs).
RUNNER = """\
const fs = require("fs");
const { apiCompare } = require("api-smart-diff");
const load = (path) => JSON.parse(fs.readFileSync(path, "utf8"));
const { diffs } = apiCompare(load(process.argv[2]), load(process.argv[3]));
const byType = {};
for (const diff of diffs) byType[diff.type] = (byType[diff.type] || 0) + 1;
console.log(JSON.stringify({ entries: diffs.length, types: byType }));
"""


def sdkgen_diff(old: Path, new: Path) -> tuple[float, float, dict[str, object]]:
    """(wall s, CPU s, the JSON report) of one fresh `sdkgen diff` process."""
    command = [sys.executable, "-m", "generator", "diff", str(old), str(new), "--format", "json"]
    wall, cpu, output = _timed(command, cwd=REPO)
    return wall, cpu, json.loads(output)


def _timed(command: list[str], cwd: Path, timeout: float | None = None) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=True, timeout=timeout
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, done.stdout


def peer_folder() -> Path | str:
    """The folder with the peer installed, or why it cannot be."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "node/npm not found"
    cache = Path(os.environ.get("SDKGEN_BENCH_CACHE") or Path.home() / ".cache" / "sdkgen-bench")
    folder = cache / f"{PEER}-{PEER_VERSION}"
    if not (folder / "node_modules" / PEER / "package.json").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        install = ["npm", "install", "--no-audit", "--no-fund", f"{PEER}@{PEER_VERSION}"]
        done = subprocess.run(install, cwd=folder, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"npm install failed: {done.stderr.strip().splitlines()[-1:]}"
    (folder / "runner.js").write_text(RUNNER, encoding="utf-8")
    return folder


def peer_diff(folder: Path, old: Path, new: Path) -> tuple[float, float, dict[str, object]]:
    command = ["node", "--max-old-space-size=4096", "runner.js", str(old), str(new)]
    wall, cpu, output = _timed(command, cwd=folder, timeout=PEER_TIMEOUT_S)
    return wall, cpu, json.loads(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--peer-runs", type=int, default=1)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    vapi = options.shared.resolve() / "specs" / "vapi"
    missing = [name for pair in PAIRS.values() for name in pair if not (vapi / name).is_file()]
    if missing:
        sys.exit(f"the Vapi specs are missing from {vapi}: {', '.join(missing)}")
    results: dict[str, dict[str, object]] = {name: {} for name in PAIRS}
    run_sdkgen(vapi, options.runs, results)
    if not options.no_peer:
        run_peer(vapi, options.peer_runs, results)
    print_report(results, options)
    if options.json:
        options.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


def run_sdkgen(vapi: Path, runs: int, results: dict[str, dict[str, object]]) -> None:
    for old, new in PAIRS.values():  # warm the bytecode and page caches
        sdkgen_diff(vapi / old, vapi / new)
    walls: dict[str, list[float]] = {name: [] for name in PAIRS}
    cpus: dict[str, list[float]] = {name: [] for name in PAIRS}
    for number in range(runs):
        print(f"… sdkgen round {number + 1}/{runs}", file=sys.stderr, flush=True)
        for name, (old, new) in PAIRS.items():
            wall, cpu, report = sdkgen_diff(vapi / old, vapi / new)
            walls[name].append(wall)
            cpus[name].append(cpu)
            changes = report["changes"]
            assert isinstance(changes, list)
            results[name]["sdkgen_entries"] = len(changes)
            results[name]["sdkgen_breaking"] = sum(1 for c in changes if c["breaking"])
            results[name]["sdkgen_semver"] = report["semver"]
    for name in PAIRS:
        results[name]["sdkgen_runs_s"] = walls[name]
        results[name]["sdkgen_median_s"] = statistics.median(walls[name])
        results[name]["sdkgen_cpu_median_s"] = statistics.median(cpus[name])


def run_peer(vapi: Path, runs: int, results: dict[str, dict[str, object]]) -> None:
    folder = peer_folder()
    if isinstance(folder, str):
        for name in PAIRS:
            results[name]["peer_skipped"] = folder
        return
    for name, (old, new) in PAIRS.items():
        walls = []
        for number in range(runs):
            print(f"… {PEER} {name} run {number + 1}/{runs}", file=sys.stderr, flush=True)
            try:
                wall, _, counts = peer_diff(folder, vapi / old, vapi / new)
            except (subprocess.SubprocessError, json.JSONDecodeError) as exc:
                results[name]["peer_failed"] = str(exc).splitlines()[0][:200]
                break
            walls.append(wall)
            results[name]["peer_entries"] = counts["entries"]
            results[name]["peer_types"] = counts["types"]
        if walls:
            results[name]["peer_runs_s"] = walls
            results[name]["peer_median_s"] = statistics.median(walls)


def print_report(results: dict[str, dict[str, object]], options: argparse.Namespace) -> None:
    peer = "skipped" if options.no_peer else f"{options.peer_runs} run(s)"
    print(
        f"sdkgen diff vs {PEER} {PEER_VERSION}, full Vapi specs, {options.runs} rounds "
        f"(peer: {peer}), cores: {os.cpu_count()}, "
        f"load average now {os.getloadavg()[0]:.1f}\n"
    )
    for name, row in results.items():
        median = row["sdkgen_median_s"]
        assert isinstance(median, float)
        runs = row["sdkgen_runs_s"]
        assert isinstance(runs, list)
        mark = "✓" if median <= TARGET_S else "✗"
        print(f"{name}")
        print(
            f"  sdkgen diff   median {median:.3f} s ({min(runs):.2f}-{max(runs):.2f}, "
            f"CPU {row['sdkgen_cpu_median_s']:.2f} s)  target ≤ {TARGET_S} s {mark}; "
            f"{row['sdkgen_entries']} changes, {row['sdkgen_breaking']} breaking, "
            f"semver {row['sdkgen_semver']}"
        )
        if "peer_median_s" in row:
            print(
                f"  {PEER}  median {row['peer_median_s']:.1f} s; "
                f"{row['peer_entries']} entries {row['peer_types']}"
            )
        for key in ("peer_skipped", "peer_failed"):
            if key in row:
                print(f"  {PEER}  {key.removeprefix('peer_')}: {row[key]}")


if __name__ == "__main__":
    main()
