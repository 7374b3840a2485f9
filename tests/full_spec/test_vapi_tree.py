"""The whole output for the full Vapi spec, as file paths and content hashes (never the text).

A change that should not change the output (a restructure, a speed-up) proves it here: the
tree's hashes stay the same. A change that should, shows in the snapshot's diff which files it
touched; review that, then regenerate with `SDKGEN_UPDATE_SNAPSHOTS=1`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from generator.config import PARTS
from generator.lowering import ALL_RULES
from generator.pipeline import load_api, render
from tests.conftest import VAPI, require_shared

SNAPSHOT = Path(__file__).with_name("vapi_tree.json")
UPDATE = os.environ.get("SDKGEN_UPDATE_SNAPSHOTS") == "1"


def tree_hashes(files: list[tuple[str, str]]) -> dict[str, str]:
    """path → the first 16 hex digits of its content's SHA-256, and the whole tree's under ''."""
    hashes = {path: hashlib.sha256(text.encode()).hexdigest()[:16] for path, text in files}
    whole = hashlib.sha256(json.dumps(sorted(hashes.items())).encode()).hexdigest()[:16]
    return {"": whole, **dict(sorted(hashes.items()))}


@pytest.mark.slow
def test_the_output_tree_matches_the_snapshot() -> None:
    loaded = load_api(
        str(require_shared(VAPI / "vapi-2026-06-10.json")), repairs=frozenset(ALL_RULES)
    )
    files = [(str(f.path), f.content) for f in render(loaded, "vapi_sdk", parts=PARTS)]
    current = tree_hashes(files)
    if UPDATE:
        SNAPSHOT.write_text(json.dumps(current, indent=0) + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changed = sorted(
        p for p in current.keys() | expected.keys() if current.get(p) != expected.get(p)
    )
    assert not changed, (
        f"{len(changed)} output files differ from the snapshot (first: {changed[1:6]}); review, "
        "then regenerate with SDKGEN_UPDATE_SNAPSHOTS=1 pytest tests/full_spec"
    )


def test_the_tree_hash_sees_one_changed_byte() -> None:
    base = tree_hashes([("a.py", "x = 1\n"), ("b.py", "y = 2\n")])
    assert tree_hashes([("a.py", "x = 1\n"), ("b.py", "y = 3\n")])[""] != base[""]
    assert tree_hashes([("a.py", "x = 1\n"), ("c.py", "y = 2\n")]).keys() != base.keys()
