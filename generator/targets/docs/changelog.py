"""The docs' changelog page: the entries of the generated project's CHANGELOG.md (the same
reports `sdkgen generate` prepends there), newest first, in Markdown and HTML.

The entries are read back from a file a user may edit, so they go through the same filters as
a spec's prose: Markdown that is not safe verbatim is escaped, and the HTML allows no raw HTML
and only absolute web links.
"""

from __future__ import annotations

from typing import NamedTuple

from markupsafe import Markup

from generator.targets.docs import prose
from generator.targets.docs.rich import PageRef

CHANGELOG = PageRef("", "changelog")
TITLE = "Changelog"


class ChangelogPage(NamedTuple):
    title: str
    entries_md: tuple[str, ...]
    entries_html: tuple[Markup, ...]


def changelog_page(entries: tuple[str, ...]) -> ChangelogPage:
    return ChangelogPage(
        TITLE,
        tuple(prose.to_markdown(entry) for entry in entries),
        tuple(Markup(prose.to_html(entry)) for entry in entries),  # markdown-it escaped it
    )
