"""The full Vapi spec, from day one: it builds, its YAML twin builds the same, and its structure
matches the committed snapshot (names and types only; the spec's text is never committed)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.ir import Model, Ref, UnionOf
from generator.ir.walk import all_types
from generator.lowering import ALL_RULES
from generator.pipeline import Loaded, load_api, render
from generator.snapshot import structure
from tests.conftest import VAPI, require_shared

SNAPSHOT = Path(__file__).with_name("vapi_structure.json")
UPDATE = os.environ.get("SDKGEN_UPDATE_SNAPSHOTS") == "1"


@pytest.fixture(scope="module")
def vapi(vapi_json_module: Path) -> Loaded:
    return load_api(str(vapi_json_module), repairs=frozenset(ALL_RULES))


@pytest.fixture(scope="module")
def vapi_json_module() -> Path:
    return require_shared(VAPI / "vapi-2026-06-10.json")


def test_structure_matches_the_snapshot(vapi: Loaded) -> None:
    current = json.dumps(structure(vapi.api), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if UPDATE:
        SNAPSHOT.write_text(current, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    assert current == expected, (
        "the IR of the Vapi spec changed; review, then regenerate with "
        "SDKGEN_UPDATE_SNAPSHOTS=1 pytest tests/full_spec and read `git diff`"
    )


def test_counts_and_key_facts(vapi: Loaded) -> None:
    api = vapi.api
    assert (len(api.schemas), len(api.operations), api.client_name) == (893, 86, "Vapi")
    assert all(s.class_name == s.id.rsplit("/", 1)[-1] for s in api.schemas)  # verbatim
    update = api.schema("#/components/schemas/UpdateByoPhoneNumberDTO")
    assert isinstance(update, Model)
    assert [(t.property_name, t.value) for t in update.implied_tags] == [
        ("provider", "byo-phone-number")
    ]
    hooks = next(f for f in update.fields if f.wire_name == "hooks")
    union = hooks.type.item  # type: ignore[union-attr]
    assert isinstance(union, UnionOf) and union.discriminator is not None
    assert union.discriminator.property_name == "on" and union.discriminator.inferred
    calls = {op.py_name for op in api.operations if op.resource == "calls"}
    assert {"create", "list", "get", "update", "delete_call_data"} <= calls
    paged = next(op for op in api.operations if op.path == "/v2/phone-number")
    assert paged.pagination is not None and paged.pagination.items_field == "results"


def test_every_defect_class_is_repaired(vapi: Loaded) -> None:
    rules = {d.rule for d in vapi.diagnostics}
    assert rules >= {
        "js-regex-literal",
        "array-enum-on-items",
        "object-typed-enum",
        "open-enum",
        "overlapping-one-of",
        "empty-enum",
        "default-type-mismatch",
        "examples-in-3.0",
        "null-type-in-3.0",
        "parameter-schema-keywords",
        "undeclared-path-parameter",
        "placeholder-pattern",
    }
    assert all(d.where.startswith("vapi-2026-06-10.json#/") for d in vapi.diagnostics)


def test_yaml_twin_gives_the_same_ir_and_output(vapi: Loaded) -> None:
    twin = load_api(
        str(require_shared(VAPI / "vapi-2026-06-10.yaml")), repairs=frozenset(ALL_RULES)
    )
    assert structure(twin.api) == structure(vapi.api)

    def without_source(loaded: Loaded) -> list[tuple[str, str]]:
        """The files with the spec's name and hash blanked: the two files differ only there."""
        name, sha = loaded.api.spec_name, loaded.api.spec_sha256
        return [
            (str(f.path), f.content.replace(sha, "SHA").replace(sha[:16], "SHA").replace(name, "S"))
            for f in render(loaded, "vapi_sdk", parts=frozenset({"models", "client", "validators"}))
        ]

    assert without_source(twin) == without_source(vapi)


def test_every_ref_is_a_named_schema(vapi: Loaded) -> None:
    ids = {s.id for s in vapi.api.schemas}
    refs = {t.target for t in all_types(vapi.api.schemas, vapi.api) if isinstance(t, Ref)}
    assert refs <= ids
