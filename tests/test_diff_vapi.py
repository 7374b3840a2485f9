"""Ground truth on real Vapi versions in ../shared (read there, never copied)."""

from __future__ import annotations

import functools

import pytest

from generator.diff import DiffReport, compare
from generator.diff.reach import reach
from generator.ir import Api
from generator.lowering import ALL_RULES
from generator.pipeline import load_api
from tests.conftest import VAPI, require_shared

pytestmark = pytest.mark.slow  # five full specs read: seconds, still run in CI

TRIEVE_MEMBER = "credentials['trieve']"
#: the models whose `credentials` union loses tag `trieve`, and that users send
SENT = {
    "AssistantOverrides",
    "CreateAssistantDTO",
    "CreateWorkflowDTO",
    "UpdateAssistantDTO",
    "UpdateWorkflowDTO",
    "Workflow",
    "WorkflowUserEditable",
}


@functools.cache
def vapi(version: str) -> Api:
    path = require_shared(VAPI / f"vapi-2026-{version}.json")
    return load_api(str(path), repairs=frozenset(ALL_RULES)).api


@functools.cache
def diff(old: str, new: str) -> DiffReport:
    return compare(vapi(old), vapi(new))


def test_04_17_to_04_22_is_major() -> None:
    report = diff("04-17", "04-22")
    assert report.semver == "major"
    removed = {c.symbol for c in report.changes if c.kind == "removed"}
    assert len(removed) == 10 and all(symbol.startswith("models.") for symbol in removed)
    assert all("Trieve" in symbol and symbol.count(".") == 1 for symbol in removed)
    assert all(c.breaking for c in report.changes if c.kind == "removed")
    assert not [c for c in report.changes if not c.symbol.startswith("models.")]  # 0 operations
    assert report.count_by_kind() == {"removed": 10, "union-member-removed": 8}


def test_04_22_drops_trieve_from_credentials_in_8_models() -> None:
    members = {
        c.symbol.split(".")[1]: c
        for c in diff("04-17", "04-22").changes
        if c.kind == "union-member-removed"
    }
    assert set(members) == {*SENT, "Assistant"}
    assert all(c.symbol.endswith(TRIEVE_MEMBER) for c in members.values())
    assert {name for name, c in members.items() if c.breaking} == SENT
    assert members["Assistant"].side == "response" and not members["Assistant"].breaking
    assert members["CreateAssistantDTO"].side == "both"  # a call returns the assistant it got
    assert members["UpdateAssistantDTO"].side == "request"
    # Breaking on the request side: the methods that send one of them, 14 in all.
    sending = {method for name in SENT for method in members[name].affected}
    assert len(sending) == 14 and "Vapi.assistants.create" in sending
    requests = reach(vapi("04-17"), "Vapi").request
    assert sending == {m for name in SENT for m in requests.get(f"#/components/schemas/{name}", ())}
    assert all(c.note and "no longer accepted" in c.note for c in members.values() if c.breaking)


def test_the_removed_credential_class_names_its_unions() -> None:
    notes = {c.symbol: c.note for c in diff("04-17", "04-22").changes}
    assert notes["models.CreateTrieveCredentialDTO"] == (
        "`CreateTrieveCredentialDTO` was removed; `credentials` no longer accepts provider "
        "'trieve' (8 models)"
    )


def test_06_04_to_06_10_is_patch_docs_only_in_97_schemas() -> None:
    report = diff("06-04", "06-10")
    assert report.semver == "patch"
    assert {c.verdict for c in report.changes} == {"docs-only"}
    assert {c.kind for c in report.changes} == {"description-changed"}
    assert len({c.symbol.split(".")[1] for c in report.changes}) == 97
    assert all(c.symbol.startswith("models.") for c in report.changes)


def test_json_and_yaml_twins_have_no_changes() -> None:
    yaml_path = require_shared(VAPI / "vapi-2026-06-10.yaml")
    twin = load_api(str(yaml_path), repairs=frozenset(ALL_RULES)).api
    assert compare(vapi("06-10"), twin).changes == ()


@pytest.mark.parametrize(("old", "new"), [("04-17", "04-22"), ("06-04", "06-10")])
def test_a_version_against_itself_reports_nothing(old: str, new: str) -> None:
    assert compare(vapi(old), vapi(old)).semver == "none"
    assert compare(vapi(new), vapi(new)).changes == ()
