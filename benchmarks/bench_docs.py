"""Reference docs for the full Vapi spec: generation time, page sizes, and page load in Chromium.

- time: importing the docs part and rendering it (Markdown + HTML + search index, in memory),
  then writing its files into an empty folder, and a rerun's plan with nothing changed; each in a
  fresh process (imports and caches count as they do for a user), the IR loaded beforehand and
  not counted; wall clock (and CPU time for the render), medians;
- sizes: the heaviest HTML page and the search index;
- load: the heaviest page opened from `file://` in Debian's Chromium, its load event after
  navigation start (a new browser context each time, so nothing is cached), median.

Targets (issue "Reference docs"): ≤ 0.5 s added to generation, heaviest page ≤ 1 MB, search index
≤ 2 MB, load event ≤ 1 s.
Run: python benchmarks/bench_docs.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO.parent / "shared" / "specs" / "vapi" / "vapi-2026-06-10.json"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Prints "<import s> <render wall s> <render cpu s> <write s> <unchanged s>" for one fresh process:
# importing the docs part (markdown-it, the views), rendering, writing into an empty folder, and a
# second run's plan when nothing changed (it reads and compares, and writes nothing).
_TIMED = """
import sys, time
from pathlib import Path
from generator.lowering import ALL_RULES
from generator.pipeline import load_api
from generator.render.files import Target
from generator.writer import apply, plan_writes
loaded = load_api(sys.argv[1], repairs=frozenset(ALL_RULES))
out = Path(sys.argv[2])
started = time.perf_counter()
from generator.targets.docs import render_docs
imported, cpu = time.perf_counter(), time.process_time()
files = list(render_docs(Target(loaded.api, loaded.index, "vapi_sdk")))
rendered, rendered_cpu = time.perf_counter(), time.process_time()
apply(out, plan_writes(out, files))
written = time.perf_counter()
assert plan_writes(out, files).is_current
print(imported - started, rendered - imported, rendered_cpu - cpu, written - rendered,
      time.perf_counter() - written)
"""


def time_generation(runs: int) -> list[float]:
    """Medians of the five figures `_TIMED` prints, over `runs` fresh processes."""
    samples: list[list[float]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            result = subprocess.run(
                [sys.executable, "-c", _TIMED, str(SPEC), out],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
            )
        samples.append([float(value) for value in result.stdout.split()])
    return [statistics.median(column) for column in zip(*samples, strict=True)]


def write_site(out: Path) -> Path:
    """The full spec's docs under `out`; returns the HTML root."""
    sys.path.insert(0, str(REPO))
    from generator.lowering import ALL_RULES  # noqa: PLC0415
    from generator.pipeline import load_api  # noqa: PLC0415
    from generator.render.files import Target  # noqa: PLC0415
    from generator.targets.docs import render_docs  # noqa: PLC0415

    loaded = load_api(str(SPEC), repairs=frozenset(ALL_RULES))
    for file in render_docs(Target(loaded.api, loaded.index, "vapi_sdk")):
        path = out / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.content, encoding="utf-8")
    return out / "docs" / "html"


def load_times(page: Path, runs: int) -> list[float]:
    """Milliseconds from navigation start to the load event, one new context per run."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context()
            tab = context.new_page()
            tab.goto(page.as_uri(), wait_until="load")
            times.append(
                tab.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
            )
            context.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (median shown)")
    args = parser.parse_args()
    if not SPEC.is_file():
        sys.exit(f"{SPEC} is missing")
    imported, wall, cpu, write, unchanged = time_generation(args.runs)
    print(f"import of the docs part: {imported:.3f} s")
    print(f"render: {wall:.3f} s wall, {cpu:.3f} s CPU")
    print(f"write into an empty folder: {write:.3f} s")
    print(f"plan of a rerun, nothing changed: {unchanged:.3f} s")
    with tempfile.TemporaryDirectory() as out:
        html = write_site(Path(out))
        pages = sorted(html.rglob("*.html"), key=lambda p: (-p.stat().st_size, p.as_posix()))
        index = html / "assets" / "search-index.js"
        files = [p for p in Path(out).rglob("*") if p.is_file()]
        total = sum(p.stat().st_size for p in files)
        heaviest = pages[0]
        print(f"files: {len(files)}, {total / 1e6:.1f} MB in all")
        print(
            f"heaviest page: {heaviest.relative_to(html)}, {heaviest.stat().st_size / 1e3:.0f} kB"
        )
        print(f"search index: {index.stat().st_size / 1e3:.0f} kB")
        if CHROMIUM.exists():
            median = statistics.median(load_times(heaviest, args.runs))
            print(f"load event of the heaviest page from file://: {median:.0f} ms (median)")
        else:
            print(f"load event: not measured ({CHROMIUM} is missing)")
    print(
        f"targets: import + render ≤ 0.5 s, page ≤ 1000 kB, index ≤ 2000 kB, load ≤ 1000 ms "
        f"({args.runs} runs, medians)"
    )


if __name__ == "__main__":
    main()
