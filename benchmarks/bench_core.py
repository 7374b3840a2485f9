"""Load + resolve + build the IR of the full Vapi spec: time (median) and peak memory.

Each measurement runs in a fresh process, so imports and caches count as they do for a user.
Peers in the same run, on the same file:
- `json.load` alone: the floor (reading the bytes into Python data);
- openapi-spec-validator's `validate`: a widely used tool that reads and resolves the whole
  document (it checks rather than builds an IR, so it is a reference point, not a rival).

Targets (issue "The generator core"): ≤ 0.4 s and ≤ 100 MB peak RSS.
Run: python benchmarks/bench_core.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

SPEC = Path(__file__).resolve().parents[2] / "shared" / "specs" / "vapi" / "vapi-2026-06-10.json"

# Each snippet prints "<import s> <work s> <peak RSS in KiB>": the imports its case needs, then
# the first (cold) run of the work, in a fresh interpreter.
_TIMED = """
import resource, sys, time
spec = sys.argv[1]
started = time.perf_counter()
{imports}
imported = time.perf_counter()
{body}
done = time.perf_counter()
print(imported - started, done - imported, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

CASES = {
    "sdkgen load+resolve+IR": (
        """
from generator.lowering import ALL_RULES
from generator.pipeline import load_api
""",
        """
load_api(spec, repairs=frozenset(ALL_RULES))
""",
    ),
    "json.load (floor)": (
        "import json",
        """
with open(spec, "rb") as handle:
    json.load(handle)
""",
    ),
    "openapi-spec-validator validate": (
        """
import json
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
""",
        """
with open(spec, "rb") as handle:
    document = json.load(handle)
try:
    validate(document)
except OpenAPIValidationError:
    pass  # the Vapi spec has defects; the time to find the first is what is measured
""",
    ),
}


def measure(case: tuple[str, str], runs: int) -> tuple[float, float, float]:
    """Medians of (import seconds, work seconds, peak RSS in MB) over `runs` fresh processes."""
    imports, works, memory = [], [], []
    script = _TIMED.format(imports=case[0].strip(), body=case[1].strip())
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", script, str(SPEC)], capture_output=True, text=True, check=True
        )
        imported, work, kib = result.stdout.split()
        imports.append(float(imported))
        works.append(float(work))
        memory.append(int(kib) / 1024)
    return statistics.median(imports), statistics.median(works), statistics.median(memory)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per case (median is shown)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if not SPEC.is_file():
        sys.exit(f"{SPEC} is missing")
    results = {name: measure(case, args.runs) for name, case in CASES.items()}
    ours = results["sdkgen load+resolve+IR"][1]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'case':34} {'import s':>9} {'work s':>8} {'peak MB':>8} {'work vs sdkgen':>15}")
    for name, (imported, work, megabytes) in results.items():
        print(f"{name:34} {imported:9.3f} {work:8.3f} {megabytes:8.1f} {work / ours:14.2f}x")
    print(f"targets: sdkgen work ≤ 0.400 s, peak ≤ 100 MB ({args.runs} fresh processes, medians)")


if __name__ == "__main__":
    main()
