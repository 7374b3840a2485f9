"""A small benchmark of the generated client (not collected by pytest):

    python -m tests.client.benchmark

Prints the fresh-process cost of `import <package>; Vapi(token=...).phone_numbers`, of the
first call, and the per-request median against the same request made with a bare
`httpx.Client` (both against the loopback test server, same connection reuse)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.client.packages import generate_client, import_package
from tests.client.payloads import ID, byo
from tests.client.server import Reply, TestServer, running
from tests.conftest import REPO

PACKAGE = "bench_client_sdk"
ROUNDS = 400


def fresh_process(out: Path, url: str) -> str:
    code = f"""
import time
started = time.perf_counter()
import {PACKAGE}
client = {PACKAGE}.Vapi(token="t", base_url={url!r})
client.phone_numbers
ready = time.perf_counter()
client.phone_numbers.get({ID!r})
done = time.perf_counter()
print(f"import + Vapi() + .phone_numbers: {{(ready - started) * 1000:.1f}} ms; "
      f"first call: {{(done - ready) * 1000:.1f}} ms")
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=out, check=True
    )
    return result.stdout.strip()


def median_ms(call: Callable[[], object]) -> float:
    for _ in range(20):
        call()
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def compare(server: TestServer, out: Path) -> str:
    sdk = import_package(out, PACKAGE)
    url = f"{server.url}/phone-number/{ID}"
    headers = {"Authorization": "Bearer t", "Accept": "application/json"}
    with httpx.Client() as bare, sdk.Vapi(token="t", base_url=server.url) as client:
        baseline = median_ms(lambda: bare.get(url, headers=headers).json())
        ours = median_ms(lambda: client.phone_numbers.get(ID))
    return (
        f"bare httpx median: {baseline:.3f} ms; client median: {ours:.3f} ms; "
        f"ratio {ours / baseline:.2f}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = generate_client(REPO / "specs" / "phone-numbers.yaml", Path(folder), PACKAGE)
        servers = running()
        server = next(servers)
        try:
            server.reply("GET", f"/phone-number/{ID}", Reply(200, byo(1)))
            print(fresh_process(out, server.url))
            print(compare(server, out))
        finally:
            servers.close()


if __name__ == "__main__":
    main()
