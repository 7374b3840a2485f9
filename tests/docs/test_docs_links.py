"""The site for the full Vapi spec: every internal link and anchor resolves, nothing is missing.

It crawls from the front page, so a page nothing links to counts as missing too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.lowering import ALL_RULES
from generator.pipeline import Loaded, load_api
from generator.targets.docs.sitemap import build_sitemap, operation_key
from tests.conftest import VAPI, require_shared
from tests.docs.docsite import is_internal, parse_page, resolve, write_docs


@pytest.fixture(scope="module")
def vapi_spec() -> Path:
    return require_shared(VAPI / "vapi-2026-06-10.json")


@pytest.fixture(scope="module")
def vapi(vapi_spec: Path) -> Loaded:
    return load_api(str(vapi_spec), repairs=frozenset(ALL_RULES))


@pytest.fixture(scope="module")
def html(vapi_spec: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_docs(vapi_spec, tmp_path_factory.mktemp("vapi")) / "html"


def crawl(start: Path) -> tuple[dict[Path, set[str]], list[str]]:
    """Every page reachable from `start`, with its ids; and every broken reference found."""
    pages: dict[Path, set[str]] = {}
    wanted: list[tuple[Path, Path, str, str]] = []  # (from, file, fragment, as written)
    queue = [start.resolve()]
    while queue:
        path = queue.pop()
        if path in pages:
            continue
        page = parse_page(path)
        pages[path] = page.ids
        for reference in page.references:
            assert is_internal(reference) or reference.startswith(("https://", "http://"))
            if not is_internal(reference):
                continue
            target, fragment = resolve(path, reference)
            wanted.append((path, target, fragment, reference))
            if target.suffix == ".html" and target.is_file() and target not in pages:
                queue.append(target)
    broken = []
    for source, target, fragment, reference in wanted:
        if not target.is_file():
            broken.append(f"{source.name}: {reference} (no such file)")
        elif fragment and fragment not in pages.get(target, set()):
            broken.append(f"{source.name}: {reference} (no such anchor)")
    return pages, broken


def test_the_crawl_reports_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<a href="a.html#here">ok</a> <a href="a.html#gone">x</a> <a href="b.html">x</a>',
        encoding="utf-8",
    )
    (tmp_path / "a.html").write_text('<h1 id="here">A</h1>', encoding="utf-8")
    pages, broken = crawl(tmp_path / "index.html")
    assert len(pages) == 2
    assert broken == [
        "index.html: a.html#gone (no such anchor)",
        "index.html: b.html (no such file)",
    ]


@pytest.mark.slow
def test_every_link_and_anchor_resolves(html: Path, vapi: Loaded) -> None:
    pages, broken = crawl(html / "index.html")
    assert broken == []
    on_disk = {p.resolve() for p in html.rglob("*.html")}
    assert set(pages) == on_disk  # every page is reachable from the front page
    site = build_sitemap(vapi.api)
    for schema in vapi.api.schemas:
        page = site.schema_pages[schema.id]
        assert (html / page.folder / f"{page.stem}.html").resolve() in pages, schema.class_name
    for operation in vapi.api.operations:
        page = site.resource_pages[operation.resource]
        ids = pages[(html / page.folder / f"{page.stem}.html").resolve()]
        assert site.operation_anchors[operation_key(operation)] in ids
    assert len(pages) == 2 + len(vapi.api.resources) + len(vapi.api.schemas)


@pytest.mark.slow
def test_search_index_entries_resolve(html: Path, vapi: Loaded) -> None:
    script = (html / "assets" / "search-index.js").read_text(encoding="utf-8")
    data = json.loads(re.fullmatch(r"window\.SDKGEN_SEARCH = (.*);\n", script, re.DOTALL)[1])
    ids: dict[str, set[str]] = {}
    for _kind, name, page, anchor, _text in data["entries"]:
        path = data["pages"][page]
        if path not in ids:
            ids[path] = parse_page(html / path).ids
        assert not anchor or anchor in ids[path], (name, path, anchor)
    names = {entry[1] for entry in data["entries"]}
    assert {schema.class_name for schema in vapi.api.schemas} <= names


@pytest.mark.slow
def test_sizes_stay_within_budget(html: Path) -> None:
    heaviest = max(p.stat().st_size for p in html.rglob("*.html"))
    assert heaviest <= 1_000_000
    assert (html / "assets" / "search-index.js").stat().st_size <= 2_000_000
