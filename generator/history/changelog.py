"""`CHANGELOG.md` in the generated project: one entry per regeneration that changed the SDK,
newest first. The file is read back and rewritten, so text a user adds above or between the
entries stays; each entry starts with a marker line, which is how the docs find them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.diff import DiffReport

NAME = "CHANGELOG.md"
MARKER = "<!-- sdkgen: one regeneration -->"
NO_PREVIOUS = "No previous generation to compare with."
_TITLE = (
    "# Changelog\n\nWritten by `sdkgen generate`: what each regeneration changed, newest first.\n"
)


def entry(version: str, api_version: str, report: DiffReport | None) -> str:
    """One entry: the package version, the spec's `info.version`, and the diff's markdown
    report under it (its own title left out), or the line that there was nothing to compare."""
    heading = f"## {version} (API version {api_version})"
    # The report's own title ("## API changes: a → b") is left out: the entry has its heading.
    body = NO_PREVIOUS if report is None else _report_body(report)
    return f"{MARKER}\n{heading}\n\n{body}\n"


def _report_body(report: DiffReport) -> str:
    from generator.diff.report import markdown  # noqa: PLC0415 - only when there is a diff

    return markdown(report).split("\n", 1)[1].strip("\n")


def prepend(existing: str | None, new_entry: str) -> str:
    """The changelog with `new_entry` first: after the title, before every earlier entry."""
    if not existing or not existing.strip():
        return f"{_TITLE}\n{new_entry}"
    head, marker, rest = existing.partition(MARKER)
    if not marker:  # a changelog of the user's own, with no entry of ours yet: keep it all
        return f"{existing.rstrip()}\n\n{new_entry}"
    return f"{head.rstrip()}\n\n{new_entry}\n{marker}{rest}"


def entries(changelog: str) -> tuple[str, ...]:
    """The entries' markdown (markers left out), newest first."""
    parts = changelog.split(MARKER)[1:]
    return tuple(part.strip("\n") + "\n" for part in parts if part.strip())
