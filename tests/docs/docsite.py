"""Helpers for the docs tests: render a spec's docs into a folder, and read a site's pages."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.lowering import ALL_RULES
from generator.pipeline import load_api
from generator.render.files import Target
from generator.targets.docs import render_docs
from tests.conftest import REPO

PROJECT_SPEC = REPO / "specs" / "phone-numbers.yaml"


def write_docs(spec: Path, out: Path, package: str = "vapi_sdk") -> Path:
    """The docs part's files for `spec`, written under `out`; returns `out / "docs"`."""
    loaded = load_api(str(spec), repairs=frozenset(ALL_RULES))
    for file in render_docs(Target(loaded.api, loaded.index, package)):
        path = out / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.content, encoding="utf-8")
    return out / "docs"


class Page(HTMLParser):
    """One HTML page, parsed: its ids, its links and resources, and every tag with attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.references: list[str] = []  #: href and src values, in order
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.references.append(str(attributes[name]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def is_internal(reference: str) -> bool:
    return not urlsplit(reference).scheme and not reference.startswith("//")


def resolve(page: Path, reference: str) -> tuple[Path, str]:
    """The file and the fragment an internal reference on `page` points at."""
    parts = urlsplit(reference)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
    return target, unquote(parts.fragment)
