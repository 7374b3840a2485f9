"""`sdkgen generate` records each regeneration: IR snapshot, CHANGELOG.md, version, docs page;
and a new spec changes only the files whose content changed (no provenance in headers)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.history.changelog import NO_PREVIOUS, entries
from generator.history.release import SNAPSHOT
from generator.render.header import GENERATED_LINE
from generator.writer import MANIFEST
from tests.conftest import REPO, VAPI, require_shared

SPECS = REPO / "tests" / "specs"
V1, V2 = SPECS / "changes-v1.yaml", SPECS / "changes-v2.yaml"


def generate(cwd: Path, spec: Path, *extra: str) -> Result:
    """`sdkgen generate` run from `cwd` (whose pyproject.toml may set a version policy)."""
    args = ["generate", "--spec", str(spec), "--out", str(cwd / "out"), "--package-name", "garden"]
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return runner.invoke(cli, [*args, *extra])


def policy(cwd: Path, table: str) -> Path:
    (cwd / "pyproject.toml").write_text(f"[tool.sdkgen]\n{table}\n", encoding="utf-8")
    return cwd


def tree(root: Path) -> dict[str, bytes]:
    files = sorted(path for path in root.rglob("*") if path.is_file())
    return {str(path.relative_to(root)): path.read_bytes() for path in files}


def project_version(out: Path) -> str:
    for line in (out / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("version = "):
            return line.split('"')[1]
    raise AssertionError("no version in the generated pyproject.toml")


def test_first_generation_records_a_snapshot_and_a_first_entry(tmp_path: Path) -> None:
    result = generate(tmp_path, V1)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert "changes: no previous generation to compare with" in result.output
    assert SNAPSHOT in (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert "CHANGELOG.md" in (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    log = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 2024.1 (API version 2024.1)" in log and NO_PREVIOUS in log
    assert project_version(out) == "2024.1"  # the default policy: the spec's info.version


def test_rerunning_the_same_spec_changes_nothing(tmp_path: Path) -> None:
    generate(tmp_path, V1)
    before = tree(tmp_path / "out")
    result = generate(tmp_path, V1)
    assert result.exit_code == 0
    assert "files: 0 written" in result.output
    assert "changes: none since the last generation" in result.output
    assert tree(tmp_path / "out") == before
    assert generate(tmp_path, V1, "--check").exit_code == 0


def test_semver_policy_bumps_from_the_diff_and_logs_it_newest_first(tmp_path: Path) -> None:
    policy(tmp_path, 'version-policy = "semver"\ninitial-version = "0.4.0"')
    generate(tmp_path, V1)
    out = tmp_path / "out"
    assert project_version(out) == "0.4.0"
    check = generate(tmp_path, V2, "--check")
    assert check.exit_code == 1  # stale, as before; and the diff's summary with it
    assert "changes: previous generation -> changes-v2.yaml: minor" in check.output
    assert "version 0.4.0 -> 0.5.0" in check.output
    result = generate(tmp_path, V2)
    assert result.exit_code == 0, result.output
    assert project_version(out) == "0.5.0"
    log = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.index("## 0.5.0 (API version 2024.2)") < log.index("## 0.4.0 (API version 2024.1)")
    assert "`models.NewPlant.bed`" in log and "Suggested version bump: **minor**" in log
    assert "version 2024.2 of the API" in (out / "README.md").read_text(encoding="utf-8")
    # the docs carry the same entries, and link them from the index and the sidebar
    page = (out / "docs" / "html" / "changelog.html").read_text(encoding="utf-8")
    assert page.index("0.5.0 (API version 2024.2)") < page.index("0.4.0 (API version 2024.1)")
    assert "<code>models.NewPlant.bed</code>" in page
    assert "0.5.0 (API version 2024.2)" in (out / "docs" / "changelog.md").read_text("utf-8")
    assert 'href="changelog.html"' in (out / "docs" / "html" / "index.html").read_text("utf-8")
    resource = next((out / "docs" / "html" / "resources").glob("*.html"))
    assert 'href="../changelog.html"' in resource.read_text(encoding="utf-8")
    assert "(changelog.md)" in (out / "docs" / "index.md").read_text(encoding="utf-8")
    # going back is a removal on both sides: breaking, so a major bump
    generate(tmp_path, V1)
    assert project_version(out) == "1.0.0"


def test_fixed_version_policy(tmp_path: Path) -> None:
    policy(tmp_path, 'version = "3.1.4"')
    generate(tmp_path, V1)
    generate(tmp_path, V2)
    assert project_version(tmp_path / "out") == "3.1.4"
    log = (tmp_path / "out" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.count("## 3.1.4 (API version") == 2


def test_a_bad_policy_is_one_line_and_exit_2(tmp_path: Path) -> None:
    policy(tmp_path, 'version-policy = "semver"\ninitial-version = "one"')
    result = generate(tmp_path, V1)
    assert result.exit_code == 2
    assert "pyproject.toml: initial-version 'one' is not a release number" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize("damage", ["corrupt", "missing"])
def test_a_damaged_snapshot_is_a_warning_and_nothing_else_is_lost(
    tmp_path: Path, damage: str
) -> None:
    policy(tmp_path, 'version-policy = "semver"')
    out = tmp_path / "out"
    generate(tmp_path, V1)
    generate(tmp_path, V2)
    if damage == "corrupt":
        (out / SNAPSHOT).write_text('{"format": 1, "schemas": [', encoding="utf-8")
    else:
        (out / SNAPSHOT).unlink()
    result = generate(tmp_path, V1)
    assert result.exit_code == 0, result.output
    assert f"{out / SNAPSHOT}: " in result.output and "[ir-snapshot]" in result.output
    assert "changes: no previous generation to compare with" in result.output
    log = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    newest, *earlier = entries(log)
    assert newest == f"## 0.2.0 (API version 2024.1)\n\n{NO_PREVIOUS}\n"
    assert [entry.splitlines()[0] for entry in earlier] == [  # kept
        "## 0.2.0 (API version 2024.2)",
        "## 0.1.0 (API version 2024.1)",
    ]
    assert project_version(out) == "0.2.0"  # no diff to judge a bump by: kept as it was
    assert json.loads((out / SNAPSHOT).read_text(encoding="utf-8"))["format"] == 1
    assert generate(tmp_path, V1, "--check").exit_code == 0


def test_json_yaml_and_renamed_copies_of_a_spec_give_identical_trees(tmp_path: Path) -> None:
    data = yaml.safe_load(V2.read_text(encoding="utf-8"))
    copies = {
        "yaml": V2,
        "json": tmp_path / "garden.json",
        "renamed": tmp_path / "other-name.yaml",
    }
    copies["json"].write_text(json.dumps(data, indent=4), encoding="utf-8")
    copies["renamed"].write_bytes(V2.read_bytes())
    trees = []
    for name, spec in copies.items():
        (tmp_path / name).mkdir()
        assert generate(tmp_path / name, spec).exit_code == 0
        trees.append(tree(tmp_path / name / "out"))
    assert trees[0] == trees[1] == trees[2]


def test_headers_say_generated_and_nothing_about_the_spec(tmp_path: Path) -> None:
    generate(tmp_path, V1)
    out = tmp_path / "out"
    for path in (*out.rglob("*.py"), out / "pyproject.toml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# {GENERATED_LINE}", path
    everything = b"".join(tree(out).values())
    assert b"changes-v1" not in everything  # the spec's file name is nowhere in the tree


@pytest.mark.slow
def test_vapi_0604_to_0610_changes_only_the_97_models_and_their_pages(tmp_path: Path) -> None:
    old = require_shared(VAPI / "vapi-2026-06-04.json")
    new_json = require_shared(VAPI / "vapi-2026-06-10.json")
    new_yaml = require_shared(VAPI / "vapi-2026-06-10.yaml")
    generate(tmp_path, old)
    before = tree(tmp_path / "out")
    result = generate(tmp_path, new_json)
    assert result.exit_code == 0, result.output
    assert "patch (0 breaking, 0 non-breaking, 98 docs-only)" in result.output
    after = tree(tmp_path / "out")
    changed = sorted(path for path in after if before.get(path) != after[path])
    assert set(before) <= set(after)
    folders = Counter(path.rsplit("/", 1)[0] if "/" in path else "" for path in changed)
    assert folders == {
        "garden/_models": 97,
        "docs/schemas": 97,
        "docs/html/schemas": 97,
        # the history (snapshot, CHANGELOG.md, its docs pages), SPEC_SHA256, the search index
        "": 2,
        "docs": 1,
        "docs/html": 1,
        "garden": 1,
        "docs/html/assets": 1,
    }, folders
    assert not [p for p in changed if "/validators/" in p or "/_client/" in p]
    # the YAML twin of the new spec is the same SDK: nothing is stale
    assert generate(tmp_path, new_yaml, "--check").exit_code == 0
