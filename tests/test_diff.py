"""`generator.diff` on the project's own spec pairs (tests/specs/diff/<case>.{old,new}.yaml).

Each pair makes one kind of change twice: in `PetInput`, which only `pets.create` sends, and in
`Pet`, which only `pets.create` returns; so each pair shows both sides' verdicts for its kind.
`operations` changes methods, parameters and responses; `reorder` only reorders.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.diff import DiffReport, compare
from generator.diff.records import KINDS
from generator.diff.sources import UnrelatedSpecsError, check_related
from generator.ir import Api
from generator.lowering import ALL_RULES
from generator.pipeline import load_api
from tests.conftest import REPO, minimal_spec

PAIRS = REPO / "tests" / "specs" / "diff"
CREATE = "PetShop.pets.create"
B, N, D = "breaking", "non-breaking", "docs-only"

#: case -> {(symbol, kind, side, verdict)}: everything each pair must report, and nothing else
EXPECTED: dict[str, set[tuple[str, str, str, str]]] = {
    "added": {
        ("models.PetInput.owner", "added", "request", B),  # a new required request field
        ("models.PetInput.nickname", "added", "request", N),
        ("models.Pet.owner", "added", "response", N),
        ("models.Pet.nickname", "added", "response", N),
    },
    "removed": {
        ("models.PetInput.legacy", "removed", "request", B),
        ("models.Pet.legacy", "removed", "response", B),
    },
    "type-changed": {
        ("models.PetInput.value", "type-changed", "request", B),
        ("models.Pet.value", "type-changed", "response", B),
        # `date` is read as `datetime.date`: a new Python type, not just fewer strings
        ("models.PetInput.born", "type-changed", "request", B),
        ("models.Pet.born", "type-changed", "response", B),
    },
    "became-required": {
        ("models.PetInput.value", "became-required", "request", B),
        ("models.Pet.value", "became-required", "response", N),
    },
    "became-optional": {
        ("models.PetInput.value", "became-optional", "request", N),
        ("models.Pet.value", "became-optional", "response", B),
    },
    "nullable-changed": {
        ("models.PetInput.note", "nullable-changed", "request", N),  # now accepts null
        ("models.Pet.note", "nullable-changed", "response", B),
        ("models.PetInput.tag", "nullable-changed", "request", B),  # no longer accepts null
        ("models.Pet.tag", "nullable-changed", "response", N),
    },
    "enum-value-added": {
        ("models.PetInput.status['lost']", "enum-value-added", "request", N),
        ("models.Pet.status['lost']", "enum-value-added", "response", N),  # UnknownValue
        ("models.PetInput.level[3]", "enum-value-added", "request", N),
        # integers have no UnknownValue: the previous SDK cannot parse 3
        ("models.Pet.level[3]", "enum-value-added", "response", B),
        # a named enum both models use: judged on both sides, safe on either
        ("models.Size['huge']", "enum-value-added", "both", N),
    },
    "enum-value-removed": {
        ("models.PetInput.status['lost']", "enum-value-removed", "request", B),
        ("models.Pet.status['lost']", "enum-value-removed", "response", N),
    },
    "union-member-added": {
        ("models.PetInput.shape['triangle']", "union-member-added", "request", N),
        ("models.Pet.shape['triangle']", "union-member-added", "response", N),  # UnknownVariant
        ("models.Triangle", "added", "both", N),
    },
    "union-member-removed": {
        ("models.PetInput.shape['square']", "union-member-removed", "request", B),
        ("models.Pet.shape['square']", "union-member-removed", "response", N),
    },
    "constraint-tightened": {
        ("models.PetInput.name", "constraint-tightened", "request", B),
        ("models.PetInput.tags", "constraint-tightened", "request", B),
        ("models.Pet.name", "constraint-tightened", "response", N),
        ("models.Pet.tags", "constraint-tightened", "response", N),
        ("models.PetInput.contact", "constraint-tightened", "request", B),  # format: email
        ("models.Pet.contact", "constraint-tightened", "response", N),
        ("models.PetInput.mood", "constraint-tightened", "request", B),  # a string, now an enum
        ("models.Pet.mood", "constraint-tightened", "response", N),
        # read-only: never sent, so a narrower value asks nothing of requests
        ("models.PetInput.code", "constraint-tightened", "response", N),
        ("models.Pet.code", "constraint-tightened", "response", N),
        # additionalProperties: false
        ("models.PetInput.*", "constraint-tightened", "request", B),
        ("models.Pet.*", "constraint-tightened", "response", N),
    },
    "constraint-loosened": {
        ("models.PetInput.name", "constraint-loosened", "request", N),
        ("models.PetInput.age", "constraint-loosened", "request", N),
        # the previous SDK enforces the old bounds when it parses a response
        ("models.Pet.name", "constraint-loosened", "response", B),
        ("models.Pet.age", "constraint-loosened", "response", B),
        ("models.PetInput.site", "constraint-loosened", "request", N),  # format uri dropped
        ("models.Pet.site", "constraint-loosened", "response", B),
        # an enum of strings, now any string: the previous SDK reads others as UnknownValue
        ("models.PetInput.coat", "constraint-loosened", "request", N),
        ("models.Pet.coat", "constraint-loosened", "response", N),
        # additionalProperties: false no more
        ("models.PetInput.*", "constraint-loosened", "request", N),
        ("models.Pet.*", "constraint-loosened", "response", B),
    },
    "default-changed": {
        ("models.PetInput.size", "default-changed", "request", N),
        ("models.Pet.size", "default-changed", "response", N),
    },
    "deprecated": {
        ("models.PetInput.color", "deprecated", "request", N),
        ("models.Pet.color", "deprecated", "response", N),
    },
    "description-changed": {
        ("models.PetInput.color", "description-changed", "request", D),
        ("models.Pet.color", "description-changed", "response", D),
    },
    "operations": {
        ("PetShop.pets.delete", "removed", "both", B),
        ("PetShop.pets.update", "added", "both", N),
        ("PetShop.pets.list(shop)", "added", "request", B),  # a new required parameter
        ("PetShop.pets.list(sort)", "added", "request", N),
        ("PetShop.pets.list(offset)", "removed", "request", B),
        ("PetShop.pets.list(limit)", "constraint-tightened", "request", B),
        ("PetShop.pets.get->200", "type-changed", "response", B),
        ("PetShop.pets.create", "description-changed", "both", D),
    },
    "reorder": set(),
}


def diff_pair(case: str) -> DiffReport:
    repairs = frozenset(ALL_RULES)
    old = load_api(str(PAIRS / f"{case}.old.yaml"), repairs=repairs).api
    new = load_api(str(PAIRS / f"{case}.new.yaml"), repairs=repairs).api
    return compare(old, new, old_name=f"{case}.old.yaml", new_name=f"{case}.new.yaml")


def test_every_kind_has_a_pair_and_every_pair_an_expectation() -> None:
    cases = {path.name.removesuffix(".old.yaml") for path in PAIRS.glob("*.old.yaml")}
    assert cases == set(EXPECTED)
    assert all((PAIRS / f"{case}.new.yaml").is_file() for case in cases)
    assert set(KINDS) <= cases  # a pair per kind, on both sides each
    for kind in KINDS:
        sides = {side for _, found, side, _ in EXPECTED[kind] if found == kind}
        assert {"request", "response"} <= sides, kind


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_pair_reports_exactly_its_changes(case: str) -> None:
    report = diff_pair(case)
    found = {(c.symbol, c.kind, c.side, c.verdict) for c in report.changes}
    assert found == EXPECTED[case]
    for change in report.changes:
        assert change.breaking == (change.verdict == "breaking")
        assert (change.note is not None) == change.breaking  # every breaking change has one
        if change.symbol == "models.PetInput.code":  # read-only, and no method returns one
            assert change.affected == ()
        elif change.symbol.startswith("models."):  # only `pets.create` sends or returns one
            assert change.affected == (CREATE,)
        else:  # an operation's change affects that method
            assert change.affected == (change.symbol.split("(")[0].split("->")[0],)


@pytest.mark.parametrize(
    ("case", "semver"),
    [
        ("removed", "major"),
        ("default-changed", "minor"),
        ("description-changed", "patch"),
        ("reorder", "none"),
        ("operations", "major"),
        ("union-member-added", "minor"),
    ],
)
def test_semver_follows_the_strongest_verdict(case: str, semver: str) -> None:
    assert diff_pair(case).semver == semver


def test_a_spec_against_itself_reports_nothing() -> None:
    report = diff_pair("operations")
    api = load_api(str(PAIRS / "operations.new.yaml"), repairs=frozenset(ALL_RULES)).api
    assert report.changes and compare(api, api).changes == ()


def test_notes_name_what_to_do() -> None:
    notes = {c.symbol: c.note for c in diff_pair("union-member-removed").changes}
    assert notes["models.PetInput.shape['square']"] == (
        "`models.PetInput.shape['square']` is no longer accepted (Square); send another member"
    )
    assert notes["models.Pet.shape['square']"] is None  # non-breaking: no note
    added = {c.symbol: c for c in diff_pair("added").changes}
    assert added["models.PetInput.owner"].note == (
        "`models.PetInput.owner` is new and required; pass it in every call"
    )
    assert added["models.PetInput.owner"].detail == "string"


def test_details_say_what_changed() -> None:
    details = {(c.symbol, c.detail) for c in diff_pair("constraint-tightened").changes}
    assert ("models.PetInput.name", "max_length 40 -> 20") in details
    assert ("models.PetInput.tags", "max_items none -> 5") in details
    assert ("models.PetInput.contact", "format none -> 'email'") in details
    details = {(c.symbol, c.detail) for c in diff_pair("default-changed").changes}
    assert ("models.Pet.size", "'medium' -> 'large'") in details


def test_counts_by_kind_and_verdict() -> None:
    report = diff_pair("nullable-changed")
    assert report.count_by_kind() == {"nullable-changed": 4}
    assert report.count_by_verdict() == {"breaking": 2, "non-breaking": 2, "docs-only": 0}


def test_a_removed_class_names_the_unions_it_leaves() -> None:
    """The migration note of a removed member class says where it was accepted, by tag."""
    repairs = frozenset(ALL_RULES)
    old = load_api(str(PAIRS / "union-member-removed.old.yaml"), repairs=repairs).api
    new = load_api(str(PAIRS / "union-member-removed.new.yaml"), repairs=repairs).api
    # Dropping `Square` from the components as well as from the unions:
    trimmed = replace(new, schemas=tuple(s for s in new.schemas if s.class_name != "Square"))
    notes = {c.symbol: c.note for c in compare(old, trimmed).changes}
    assert notes["models.Square"] == (
        "`Square` was removed; `shape` no longer accepts kind 'square' (2 models)"
    )


def test_changes_are_sorted_by_verdict_then_symbol() -> None:
    report = diff_pair("operations")
    rank = {"breaking": 0, "non-breaking": 1, "docs-only": 2}
    keys = [(rank[c.verdict], c.symbol, c.kind, c.detail) for c in report.changes]
    assert keys == sorted(keys)


def _load(tmp_path: Path, name: str, spec: dict[str, Any]) -> Api:
    path = tmp_path / name
    path.write_text(json.dumps(spec), encoding="utf-8")
    return load_api(str(path), repairs=frozenset(ALL_RULES)).api


def test_a_schema_no_method_reaches_is_judged_as_both_sides(tmp_path: Path) -> None:
    """A webhook payload, say: the SDK cannot tell who sends it, so either side's rule holds."""
    before = {"Event": {"type": "object", "properties": {"at": {"type": "string"}}}}
    after = {"Event": {"type": "object", "properties": {"at": {"type": "string", "maxLength": 10}}}}
    report = compare(
        _load(tmp_path, "old.json", minimal_spec(before)),
        _load(tmp_path, "new.json", minimal_spec(after)),
    )
    [change] = report.changes
    assert (change.symbol, change.kind, change.side) == (
        "models.Event.at",
        "constraint-tightened",
        "unreachable",
    )
    assert change.breaking and change.affected == ()


def test_a_retitled_spec_is_still_the_same_api(tmp_path: Path) -> None:
    schemas = {"Event": {"type": "object", "properties": {"at": {"type": "string"}}}}
    old = _load(tmp_path, "old.json", minimal_spec(schemas))
    renamed = minimal_spec(schemas)
    renamed["info"]["title"] = "Events API"
    new = _load(tmp_path, "new.json", renamed)
    check_related(old, new, old_name="old.json", new_name="new.json")  # no error
    other = _load(tmp_path, "other.json", minimal_spec({"Order": {"type": "object"}}))
    with pytest.raises(UnrelatedSpecsError, match="0 of 1 schema and method names in common"):
        check_related(old, other, old_name="old.json", new_name="other.json")
