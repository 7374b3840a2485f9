"""The generated client for the full Vapi spec: start-up cost and per-request overhead.

The package is generated from `../shared/specs/vapi/vapi-2026-06-10.json` into a temporary
folder (models, client and webhooks) and byte-compiled first (`compileall`, as after
`pip install`; this machine sets PYTHONDONTWRITEBYTECODE=1, which the children drop).

Measured (issue 4, "Speed"):
- fresh process, median of --runs: `import <package>; Vapi(token=...).assistants`, timed
  inside the process (interpreter start-up not counted); target <= 100 ms. Also shown: the
  same plus the first `assistants.get` (that is when httpx, pydantic and the models load);
- per request on loopback, median of --rounds calls after warm-up: the client's
  `assistants.get(id)` and `assistants.create(name=...)` against a bare `httpx.Client` making
  the same request (same headers, same JSON, `.json()` read) to the same local server (the
  tests' stdlib `ThreadingHTTPServer`), both on kept-alive connections, measured in
  alternating blocks so drift hits both alike; target: ours <= 1.3x bare.

Run: python benchmarks/bench_client.py [--runs 7] [--rounds 600] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from tests.client.packages import generate_client, import_package  # noqa: E402
from tests.client.server import Reply, TestServer  # noqa: E402

SPEC = REPO.parent / "shared" / "specs" / "vapi" / "vapi-2026-06-10.json"
PACKAGE = "bench_client_vapi"
TOKEN = "sk-bench-0123456789"
ID = "2f8e0c5e-9a55-4f43-9a1c-2d5c1a8e9b10"
STAMP = "2024-05-01T12:00:00.000Z"
ASSISTANT = {"id": ID, "orgId": "org-1", "createdAt": STAMP, "updatedAt": STAMP, "name": "Ada"}
STARTUP_TARGET = 0.100  # seconds
OVERHEAD_TARGET = 1.3  # ours / bare httpx
BLOCK = 50  # calls per alternating block

# A fresh process: argv[1] = server URL. Prints the two times in seconds.
_FRESH = """
import sys, time
started = time.perf_counter()
import {package}
client = {package}.Vapi(token={token!r}, base_url=sys.argv[1])
client.assistants
ready = time.perf_counter()
heavy = [m for m in ("httpx", "pydantic") if m in sys.modules]
client.assistants.get({id!r})
done = time.perf_counter()
print(ready - started, done - started, ",".join(heavy) or "-")
"""


def child_env() -> dict[str, str]:
    """The environment without what would make the children skip or rewrite bytecode."""
    drop = {"PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "PYTHONPATH"}
    return {key: value for key, value in os.environ.items() if key not in drop}


def prepare(folder: Path) -> Path:
    """The full package, generated and byte-compiled."""
    out = generate_client(SPEC, folder / "out", PACKAGE)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", PACKAGE],
        cwd=out,
        env=child_env(),
        check=True,
    )
    return out


def measure_startup(out: Path, url: str, runs: int) -> dict[str, Any]:
    code = _FRESH.format(package=PACKAGE, token=TOKEN, id=ID)
    ready, first, heavy = [], [], set()
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", code, url],
            cwd=out,
            env=child_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        to_ready, to_first, loaded = result.stdout.split()
        ready.append(float(to_ready))
        first.append(float(to_first))
        heavy.add(loaded)
    return {
        "ready_s": statistics.median(ready),
        "first_call_s": statistics.median(first),
        "runs": runs,
        "heavy_before_first_call": sorted(heavy),
    }


def alternate(calls: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds per call of each, measured in alternating blocks after warm-up."""
    timings: dict[str, list[float]] = {name: [] for name in calls}
    for call in calls.values():
        for _ in range(BLOCK):
            call()
    clock = time.perf_counter
    for _ in range(max(1, rounds // BLOCK)):
        for name, call in calls.items():
            bucket = timings[name]
            for _ in range(BLOCK):
                started = clock()
                call()
                bucket.append(clock() - started)
    return {name: statistics.median(values) for name, values in timings.items()}


def measure_overhead(out: Path, server: TestServer, rounds: int) -> dict[str, dict[str, float]]:
    sdk = import_package(out, PACKAGE)
    server.reply("GET", f"/assistant/{ID}", Reply(200, ASSISTANT))
    server.reply("POST", "/assistant", Reply(201, ASSISTANT))
    one = f"{server.url}/assistant/{ID}"
    many = f"{server.url}/assistant"
    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
    body = {"name": "Ada", "firstMessage": "Hello!"}
    results = {}
    with httpx.Client() as bare, sdk.Vapi(token=TOKEN, base_url=server.url) as client:
        get = alternate(
            {
                "bare": lambda: bare.get(one, headers=headers).json(),
                "ours": lambda: client.assistants.get(ID),
            },
            rounds,
        )
        results["GET /assistant/{id}"] = get
        post = alternate(
            {
                "bare": lambda: bare.post(many, headers=headers, json=body).json(),
                "ours": lambda: client.assistants.create(name="Ada", first_message="Hello!"),
            },
            rounds,
        )
        results["POST /assistant (JSON body)"] = post
    return results


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def print_table(startup: dict[str, Any], overhead: dict[str, dict[str, float]]) -> None:
    heavy = ", ".join(startup["heavy_before_first_call"])
    print(f"\nFresh process, median of {startup['runs']} (bytecode compiled beforehand)")
    print(f"  {'':46}{'ours':>10}  {'target':>9}")
    ready = startup["ready_s"]
    print(
        f"  {'import + Vapi(token=...) + .assistants':46}{ready * 1000:>7.1f} ms"
        f"  {'<= 100 ms':>9}  {verdict(ready <= STARTUP_TARGET)}"
    )
    first = startup["first_call_s"] * 1000
    print(f"  {'... + first assistants.get (loads httpx, models)':46}{first:>7.1f} ms")
    print(f"  modules loaded before the first call among httpx, pydantic: {heavy}")
    print("\nPer request on loopback, median (ours / bare httpx.Client, same request)")
    print(f"  {'':30}{'bare httpx':>12}{'ours':>12}{'ratio':>8}  {'target':>7}")
    for label, medians in overhead.items():
        bare, ours = medians["bare"], medians["ours"]
        ratio = ours / bare
        print(
            f"  {label:30}{bare * 1000:>9.3f} ms{ours * 1000:>9.3f} ms{ratio:>7.2f}x"
            f"  {'<= 1.3x':>7}  {verdict(ratio <= OVERHEAD_TARGET)}"
        )


def metadata(options: argparse.Namespace) -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "httpx": version("httpx"),
        "pydantic": version("pydantic"),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "runs": options.runs,
        "rounds": options.rounds,
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes (median)")
    parser.add_argument("--rounds", type=int, default=600, help="requests per case (median)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser.parse_args()


def main() -> int:
    options = parse_args()
    if not SPEC.exists():
        print(f"{SPEC} is missing (../shared is read-only reference data beside the repo)")
        return 2
    info = metadata(options)
    print("Client benchmark: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        out = prepare(Path(folder))
        print(f"generated and compiled the full package in {time.perf_counter() - started:.1f} s")
        server = TestServer()
        server.start()
        try:
            server.reply("GET", f"/assistant/{ID}", Reply(200, ASSISTANT))
            startup = measure_startup(out, server.url, options.runs)
            overhead = measure_overhead(out, server, options.rounds)
        finally:
            server.stop()
    print_table(startup, overhead)
    if options.json:
        report = {"metadata": info, "startup": startup, "overhead": overhead}
        options.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    ratios = [m["ours"] / m["bare"] for m in overhead.values()]
    met = startup["ready_s"] <= STARTUP_TARGET and max(ratios) <= OVERHEAD_TARGET
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
