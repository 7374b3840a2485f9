"""Differential test on the real spec: the generated validators and jsonschema agree.

For every named schema of the Vapi spec (which includes `ServerMessage`, `CreateAssistantDTO`
and every schema with a pattern or a numeric bound), schema-driven payloads and mutated copies
of them get a verdict from the generated package and from the `jsonschema` oracle run over the
document `sdkgen lint --fix` writes (see `oracle.py`).  Every disagreement must be listed, with
its reason, in `differential_known.json`; a listed one that no longer happens must be removed.
"""

from __future__ import annotations

import json
import random
import zlib
from pathlib import Path
from typing import Any

import pytest

from tests.validators.conftest import Package
from tests.validators.oracle import Oracle
from tests.validators.payloads import PayloadGenerator, mutations

pytestmark = pytest.mark.slow
KNOWN = Path(__file__).with_name("differential_known.json")
BOUND_KEYWORDS = ("pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
#: Schemas that get more payloads: the large unions every webhook and assistant goes through.
FOCUS = {"ServerMessage": 12, "CreateAssistantDTO": 12}
INSTANCES, MUTATIONS = 2, 4


def _has_bound(node: Any) -> bool:
    if isinstance(node, dict):
        if any(keyword in node for keyword in (*BOUND_KEYWORDS, "multipleOf")):
            return True
        return any(_has_bound(v) for k, v in node.items() if k not in ("enum", "default"))
    return isinstance(node, list) and any(_has_bound(item) for item in node)


def _payloads(document: dict[str, Any], name: str) -> list[Any]:
    seed = zlib.crc32(name.encode("utf-8"))  # hash() differs between runs
    generator, rng = PayloadGenerator(document, seed), random.Random(seed)
    payloads = []
    for _ in range(FOCUS.get(name, INSTANCES)):
        instance = generator.instance(name)
        payloads.append(instance)
        payloads.extend(mutations(instance, rng, MUTATIONS))
    return payloads


def _key(name: str, payload: Any) -> str:
    return f"{name} {json.dumps(payload, sort_keys=True, ensure_ascii=False)}"


@pytest.fixture(scope="module")
def fixed(vapi_fixed: dict[str, Any]) -> dict[str, Any]:
    return vapi_fixed


def test_the_selection_covers_what_the_issue_asks(fixed: dict[str, Any]) -> None:
    schemas = fixed["components"]["schemas"]
    bounded = {name for name, schema in schemas.items() if _has_bound(schema)}
    assert len(schemas) >= 200
    assert {"ServerMessage", "CreateAssistantDTO"} <= set(schemas)
    assert len(bounded) > 150  # every one of them is in the run: all schemas are


def test_generated_validators_agree_with_jsonschema(
    vapi_package: Package, fixed: dict[str, Any]
) -> None:
    oracle = Oracle(fixed)
    validators = vapi_package.validators
    known = {
        _key(d["schema"], d["payload"]): d for d in json.loads(KNOWN.read_text())["differences"]
    }
    differences, seen, counts = [], set(), {"payloads": 0, "valid": 0, "instances": 0, "ok": 0}
    for name in sorted(fixed["components"]["schemas"]):
        for index, payload in enumerate(_payloads(fixed, name)):
            ours, theirs = validators.is_valid(name, payload), oracle.is_valid(name, payload)
            errors = validators.validate(name, payload)
            assert (errors == []) is ours, f"{name}: validate and is_valid disagree on {payload}"
            counts["payloads"] += 1
            counts["valid"] += theirs
            if index % (MUTATIONS + 1) == 0:  # an instance built to be valid
                counts["instances"] += 1
                counts["ok"] += theirs
            if ours != theirs:
                key = _key(name, payload)
                seen.add(key)
                if key not in known:
                    differences.append(f"{key[:300]}: ours={ours} jsonschema={theirs} {errors[:2]}")
    print(counts)
    assert not differences, "unexplained differences:\n" + "\n".join(differences[:20])
    assert not set(known) - seen, f"listed differences that no longer occur: {set(known) - seen}"
    assert counts["ok"] >= 0.9 * counts["instances"]  # the payloads reach deep into the schemas
    assert 0.1 * counts["payloads"] < counts["valid"] < 0.9 * counts["payloads"]
