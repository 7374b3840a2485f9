"""The corpus tally: "N of N specs generate, import, type-check", and what fails where.

Runs the checks of `tests/test_corpus.py` (the same code, `tests/corpus_checks.py`) on every
spec of `tests/specs/`, in a temporary folder, and prints one line per spec that fails a check
(the check and its first finding), then the tally and the time it took. With `--vapi`, the
older Vapi versions in ../shared/specs/vapi/ are rendered too (in memory, generation only:
they are Vapi's text and nothing of them is written).

Run: python benchmarks/corpus_tally.py [--vapi [--shared DIR]] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.corpus_checks import (  # noqa: E402  # the repository is put on sys.path first
    CHECKS,
    check_constants,
    generate_all,
    run_child,
    run_tools,
)

SHARED = REPO.parent / "shared"
OLD_VAPI = ("vapi-2026-04-17.json", "vapi-2026-04-22.json", "vapi-2026-06-04.json")
TYPE_CHECKS = ("generate", "import", "ruff-check", "ruff-format", "mypy", "constants")


def tally(root: Path) -> int:
    started = time.perf_counter()
    outcomes = generate_all(root)
    check_constants(root, outcomes)
    run_tools(root, outcomes)
    run_child(root, outcomes)
    clean = 0
    for spec, outcome in sorted(outcomes.items()):
        failed = {check: outcome.failures[check][0] for check in CHECKS if outcome.failures[check]}
        if outcome.example_failures:
            where, check, error = outcome.example_failures[0]
            count = len(outcome.example_failures)
            failed[f"examples ({count})"] = f"{where} ({check}): {error}"
        if not any(outcome.failures[check] for check in TYPE_CHECKS):
            clean += 1
        for check, first in failed.items():
            print(f"  {spec}: {check}: {' '.join(first.split())[:160]}")
    wall = time.perf_counter() - started
    cpu = sum(
        getattr(resource.getrusage(who), field)
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        for field in ("ru_utime", "ru_stime")
    )
    total = len(outcomes)
    print(f"{clean} of {total} specs generate, import, type-check")
    print(f"(wall {wall:.1f} s, CPU {cpu:.1f} s)")
    return 0 if clean == len(outcomes) else 1


def vapi_versions(shared: Path) -> None:
    from generator.config import PARTS  # noqa: PLC0415
    from generator.errors import GeneratorError  # noqa: PLC0415
    from generator.lowering import ALL_RULES  # noqa: PLC0415
    from generator.pipeline import load_api, render  # noqa: PLC0415

    for name in OLD_VAPI:
        spec = shared / "specs" / "vapi" / name
        if not spec.exists():
            print(f"  {name}: missing ({spec})")
            continue
        try:
            loaded = load_api(str(spec), repairs=frozenset(ALL_RULES))
            files = render(loaded, "vapi_old", parts=PARTS)
            print(f"  {name}: generates ({len(files)} files)")
        except GeneratorError as exc:
            print(f"  {name}: clean error: {exc}")
        except Exception as exc:  # a finding to print, whatever it is
            print(f"  {name}: {type(exc).__name__}: {str(exc)[:200]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vapi", action="store_true", help="also the older Vapi versions")
    parser.add_argument("--keep", type=Path, help="generate here and keep it")
    parser.add_argument("--shared", type=Path, default=SHARED, help="default: ../shared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="corpus-") as scratch:
        root = args.keep or Path(scratch) / "corpus"
        status = tally(root)
        if args.vapi:
            vapi_versions(args.shared)
    return status


if __name__ == "__main__":
    sys.exit(main())
