"""The spec fuzzer's long mode: many mutants of the project spec and of tests/fuzz/parcels.yaml,
run through the pipeline in worker processes, with counts per outcome class and one seed per
distinct defect (by where it was raised) to turn into a reproducer in tests/fuzz/corpus/.

Run: python benchmarks/fuzz_specs.py [--mutants 10000] [--seed 0] [--jobs 2] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("SDKGEN_JOBS", "1")

from tests.fuzz.harness import BASES, DEFECTS, OUTCOMES, load_base, run_mutant  # noqa: E402

_BASE_DOCUMENTS: dict[str, Any] = {}


def _one(job: tuple[str, int, str]) -> tuple[str, int, str, str, list[str], float]:
    base, seed, workdir = job
    document = _BASE_DOCUMENTS.setdefault(base, load_base(base))
    started = time.perf_counter()
    folder = Path(workdir) / f"{base}-{seed}"
    outcome, found = run_mutant(base, document, seed, folder)
    elapsed = time.perf_counter() - started
    return base, seed, outcome.kind, outcome.detail, list(found.steps), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, help="write every defect here")
    args = parser.parse_args()
    bases = sorted(BASES)
    with tempfile.TemporaryDirectory(prefix="sdkgen-fuzz-") as workdir:
        jobs = [(bases[i % len(bases)], args.seed + i, workdir) for i in range(args.mutants)]
        started = time.perf_counter()
        context = multiprocessing.get_context("fork")
        with context.Pool(args.jobs, maxtasksperchild=200) as pool:
            results = []
            try:
                for result in pool.imap_unordered(_one, jobs, chunksize=4):
                    results.append(result)
                    if len(results) % 500 == 0:  # a long run says how far it is
                        so_far = time.perf_counter() - started
                        print(f"  {len(results)} done, {so_far:.0f} s", flush=True)
            except KeyboardInterrupt:  # SIGINT to this process: report what is done
                print(f"  interrupted: {len(results)} of {len(jobs)} done", flush=True)
                pool.terminate()
        wall = time.perf_counter() - started
    counts = Counter((base, kind) for base, _, kind, _, _, _ in results)
    print(f"{len(results)} mutants in {wall:.0f} s ({args.jobs} jobs, seeds from {args.seed})")
    print(f"{'outcome':<24}" + "".join(f"{base:>10}" for base in bases) + f"{'total':>10}")
    for kind in OUTCOMES:
        row = [counts[(base, kind)] for base in bases]
        print(f"{kind:<24}" + "".join(f"{n:>10}" for n in row) + f"{sum(row):>10}")
    slowest = max(results, key=lambda r: r[5])
    print(f"slowest mutant: {slowest[0]} seed {slowest[1]}, {slowest[5]:.1f} s ({slowest[2]})")
    defects: dict[str, tuple[str, int, str, list[str]]] = {}
    for base, seed, kind, detail, steps, _ in sorted(results, key=lambda r: r[1]):
        if kind in DEFECTS or kind == "error-without-pointer":
            key = f"{kind}: {detail.split(': ', 2)[0] if kind == 'traceback' else detail[:90]}"
            defects.setdefault(key, (base, seed, detail, steps))
    for key, (base, seed, detail, steps) in sorted(defects.items()):
        print(f"\n{key}\n  {base} seed {seed}: {detail}\n  steps: {steps}")
    if args.json:
        args.json.write_text(json.dumps(defects, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
