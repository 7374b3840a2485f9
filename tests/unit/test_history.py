"""`generator.history`: the IR snapshot codec, the changelog file and the version policy."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.history import changelog, codec
from generator.history.policy import VersionPolicy, policy_from
from generator.history.release import bump
from generator.lowering import ALL_RULES
from generator.pipeline import load_api
from tests.conftest import REPO, minimal_spec

PROJECT_SPEC = REPO / "specs" / "phone-numbers.yaml"


def test_snapshot_round_trips_the_project_ir_exactly() -> None:
    api = load_api(str(PROJECT_SPEC), repairs=frozenset(ALL_RULES)).api
    text = codec.encode(api)
    assert codec.decode(text) == dataclasses.replace(api, spec_name="", spec_sha256="")
    assert codec.encode(codec.decode(text)) == text


def test_snapshot_keeps_json_lists_apart_from_tuples_and_false_apart_from_zero(
    tmp_path: Path,
) -> None:
    schema = {
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": {"type": "string"}, "default": ["a"]},
            "on": {"type": "boolean", "default": False},
            "n": {"type": "integer", "default": 0},
            "meta": {"type": "object", "example": {"k": [1, 2]}},
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(minimal_spec({"Thing": schema})), encoding="utf-8")
    api = load_api(str(path), repairs=frozenset(ALL_RULES)).api
    back = codec.decode(codec.encode(api))
    fields = {f.wire_name: f for f in back.schemas[0].fields}  # type: ignore[union-attr]
    assert fields["tags"].default == ["a"] and type(fields["tags"].default) is list
    assert fields["on"].default is False
    assert fields["n"].default == 0 and type(fields["n"].default) is int
    assert back == dataclasses.replace(api, spec_name="", spec_sha256="")


def test_snapshot_has_one_schema_and_one_field_per_line() -> None:
    api = load_api(str(PROJECT_SPEC), repairs=frozenset(ALL_RULES)).api
    lines = codec.encode(api).splitlines()
    fields = sum(len(getattr(s, "fields", ())) for s in api.schemas)
    assert len(lines) > len(api.schemas) + fields
    assert max(len(line) for line in lines) < 5_000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "cannot read it"),
        ("{not json", "cannot read it"),
        ('{"format": 99}', "not an sdkgen IR snapshot"),
        ('{"format": 1, "api": {}, "schemas": [], "operations": [], "resources": []}', "cannot"),
        (
            '{"format": 1, "api": {}, "schemas": [{"@": "Evil"}], "operations": [], '
            '"resources": []}',
            "unknown IR class 'Evil'",
        ),
    ],
)
def test_a_corrupt_snapshot_is_a_snapshot_error(text: str, reason: str) -> None:
    with pytest.raises(codec.SnapshotError, match=reason):
        codec.decode(text)


def test_changelog_prepends_after_the_title_and_keeps_earlier_text() -> None:
    first = changelog.prepend(None, changelog.entry("0.1.0", "1.0", None))
    edited = first.replace("newest first.\n", "newest first.\n\nA note of the maintainer's.\n")
    second = changelog.prepend(edited, changelog.entry("0.2.0", "1.1", None))
    assert second.startswith("# Changelog")
    assert "A note of the maintainer's." in second
    assert second.index("## 0.2.0") < second.index("## 0.1.0")
    found = changelog.entries(second)
    assert [entry.splitlines()[0] for entry in found] == [
        "## 0.2.0 (API version 1.1)",
        "## 0.1.0 (API version 1.0)",
    ]
    assert changelog.NO_PREVIOUS in found[1]


def test_a_changelog_of_the_users_own_is_kept_whole() -> None:
    mine = "# History\n\nHand-written notes.\n"
    merged = changelog.prepend(mine, changelog.entry("2.0.0", "2", None))
    assert merged.startswith(mine.rstrip())
    assert len(changelog.entries(merged)) == 1


@pytest.mark.parametrize(
    ("version", "semver", "expected"),
    [
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
        ("1.2.3", "none", "1.2.3"),
        ("1.0", "patch", "1.0.1"),
    ],
)
def test_bump(version: str, semver: str, expected: str) -> None:
    assert bump(version, semver) == expected


def test_policies_from_the_configuration() -> None:
    assert policy_from({}, "x") == VersionPolicy("spec")
    assert policy_from({"version": "1.2.3"}, "x") == VersionPolicy("fixed", "1.2.3")
    semver = policy_from({"version_policy": "semver", "initial_version": "0.3.0"}, "x")
    assert semver == VersionPolicy("semver", "0.3.0")
    assert policy_from({"version_policy": "semver"}, "x") == VersionPolicy("semver", "0.1.0")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"version": "1.2.beta"}, "version '1.2.beta' is not a release number"),
        ({"version": 3}, "version 3 is not a release number"),
        ({"version_policy": "calver"}, "version-policy 'calver' is not one of"),
        ({"version_policy": "semver", "initial_version": "1.0"}, "not MAJOR.MINOR.PATCH"),
        ({"version": "1.0.0", "version_policy": "semver"}, "not both"),
    ],
)
def test_bad_policies_name_the_key(values: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        policy_from(values, "pyproject.toml")
