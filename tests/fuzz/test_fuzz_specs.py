"""The spec fuzzer, bounded for CI: 300 mutants (fixed seeds) of the project spec and of
tests/fuzz/parcels.yaml, in six shards that pytest-xdist can spread over the cores. No mutant
may end in a traceback, a hang, a package that does not compile, or an injection.
`benchmarks/fuzz_specs.py --mutants 10000` is the long mode."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.fuzz.harness import DEFECTS, load_base, run_mutant

SHARDS = 6
PER_SHARD = 50


@pytest.mark.parametrize("shard", range(SHARDS))
def test_mutants_end_cleanly(shard: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_JOBS", "1")  # in this process: no forks per mutant
    base = ("project", "parcels")[shard % 2]
    document = load_base(base)
    counts: Counter[str] = Counter()
    defects = []
    for seed in range(shard * PER_SHARD, (shard + 1) * PER_SHARD):
        outcome, found = run_mutant(base, document, seed, tmp_path / str(seed))
        counts[outcome.kind] += 1
        if outcome.kind in DEFECTS:
            defects.append(f"{base} seed {seed}: {outcome.kind}: {outcome.detail} {found.steps}")
    print(dict(counts))
    assert not defects, "\n".join(defects)
    # The mutator must keep reaching both ends: specs that still generate, and clean refusals.
    assert counts["ok"] > 0 and counts["clean-error"] > 0
