"""The version and changelog of one regeneration, from the snapshot the previous one left.

`prepare` runs before rendering: it reads the previous snapshot, `CHANGELOG.md` and version
from the output folder, compares the IRs with `generator.diff`, and decides the new version.
Nothing here writes: the snapshot and the changelog go out as rendered files, through the
writer, like every other file (so `--check` sees them, and an unchanged run changes nothing).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.errors import Diagnostic
from generator.history import changelog, codec
from generator.history.policy import VersionPolicy
from generator.ir import Api
from generator.writer import MANIFEST, RenderedFile, normalize

if TYPE_CHECKING:
    from generator.diff import DiffReport

SNAPSHOT = ".sdkgen-snapshot.json"
RULE = "ir-snapshot"
_PREVIOUS = "previous generation"


@dataclass(frozen=True, slots=True)
class Release:
    """What the renderers need to know of the history (small: it travels to the workers)."""

    version: str  #: the generated package's version
    api_version: str  #: the spec's `info.version`, recorded beside it
    content_sha256: str  #: of the IR snapshot: the same for a spec's JSON and YAML copies
    entries: tuple[str, ...] = ()  #: the changelog's entries, markdown, newest first


@dataclass(frozen=True, slots=True)
class Prepared:
    release: Release
    files: tuple[RenderedFile, ...]  #: the snapshot and CHANGELOG.md
    summary: str  #: one line for the terminal
    diagnostics: tuple[Diagnostic, ...] = ()


def prepare(api: Api, out: Path, policy: VersionPolicy) -> Prepared:
    """The new snapshot and changelog, the version, and what to tell the user."""
    text = codec.encode(api)
    old_text = _read(out / SNAPSHOT)
    old_log = _read(out / changelog.NAME)
    previous = _previous_version(out)
    # a folder sdkgen has written to before (it has a manifest) should have a snapshot
    report, problem = _previous_report(api, text, old_text, (out / MANIFEST).is_file())
    diagnostics = () if problem is None else (Diagnostic(str(out / SNAPSHOT), RULE, problem),)
    version = _next_version(policy, api, previous, report)
    if report is not None and not report.changes and old_log is not None:
        log, line = old_log, "none since the last generation"
    else:
        log = changelog.prepend(old_log, changelog.entry(version, api.version, report))
        line = "no previous generation to compare with" if report is None else _summary(report)
        if previous and previous != version:
            line += f"; version {previous} -> {version}"
    log = normalize(log)
    release = Release(version, api.version, codec.content_sha256(text), changelog.entries(log))
    files = (
        RenderedFile(PurePosixPath(SNAPSHOT), text),
        RenderedFile(PurePosixPath(changelog.NAME), log),
    )
    return Prepared(release, files, f"changes: {line}", diagnostics)


def _summary(report: DiffReport) -> str:
    from generator.diff.report import summary  # noqa: PLC0415 - see `_previous_report`

    return summary(report)


def _previous_report(
    api: Api, text: str, old_text: str | None, existed: bool
) -> tuple[DiffReport | None, str | None]:
    """The diff from the previous snapshot (None: there is none to read), and the warning.
    `generator.diff` is imported only here: a first run or a rerun of one spec needs none."""
    from generator.diff import DiffReport, compare  # noqa: PLC0415 - only with an old tree

    if old_text == text:  # the usual rerun: no need to decode and compare
        return DiffReport(old=_PREVIOUS, new=api.spec_name, changes=()), None
    if old_text is None:
        missing = "missing: no previous generation to compare with, so no changes are listed"
        return None, (missing if existed else None)
    try:
        old = codec.decode(old_text)
    except codec.SnapshotError as exc:
        return None, f"{exc}; no previous generation to compare with, so no changes are listed"
    return compare(old, api, old_name=_PREVIOUS, new_name=api.spec_name), None


def _next_version(
    policy: VersionPolicy, api: Api, previous: str | None, report: DiffReport | None
) -> str:
    if policy.name != "semver" or previous is None:
        return _first(policy, api)
    if report is None:  # nothing to judge the bump by: keep it, and the warning says why
        return previous
    return bump(previous, report.semver)


def _first(policy: VersionPolicy, api: Api) -> str:
    if policy.name != "spec":
        return policy.version
    parts = api.version.split(".")
    return api.version if all(part.isdigit() and part.isascii() for part in parts) else "0"


def bump(version: str, semver: str) -> str:
    """`version` bumped by `major`, `minor` or `patch` (`none`: as it is)."""
    numbers = [int(part) for part in version.split(".")] + [0, 0]
    major, minor, patch = numbers[:3]
    if semver == "major":
        return f"{major + 1}.0.0"
    if semver == "minor":
        return f"{major}.{minor + 1}.0"
    if semver == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def _previous_version(out: Path) -> str | None:
    """The version the generated project has now: its pyproject.toml is the record."""
    text = _read(out / "pyproject.toml")
    try:
        version = tomllib.loads(text or "").get("project", {}).get("version")
    except tomllib.TOMLDecodeError:
        return None
    return version if isinstance(version, str) else None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def first_release(api: Api, policy: VersionPolicy | None = None) -> Release:
    """The release of a generation with no history: for rendering outside `generate`."""
    version = _first(policy or VersionPolicy(), api)
    return Release(version, api.version, codec.content_sha256(codec.encode(api)))
