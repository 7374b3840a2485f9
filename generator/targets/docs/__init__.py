"""The docs part of the output: a Markdown reference and a static HTML site, from one set of views.

Layout under the output root:

    docs/index.md, docs/resources/<resource>.md, docs/schemas/<schema>.md
    docs/html/index.html, docs/html/resources/<resource>.html, docs/html/schemas/<schema>.html,
    docs/html/schemas/index.html (every schema, A to Z), docs/html/assets/ (CSS, JS, search index)
    docs/changelog.md, docs/html/changelog.html (when `generate` has recorded a history)

The HTML works from `file://` and loads nothing from the network: styles and scripts are local
files, the search index is a script (not fetched JSON), and a Content-Security-Policy forbids
anything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import jinja2

from generator.render.environment import make_environment, template_dir
from generator.targets.docs.changelog import CHANGELOG, changelog_page
from generator.targets.docs.operations import resource_page
from generator.targets.docs.overview import (
    Frame,
    frame,
    overview,
    schema_entries,
    search_index,
)
from generator.targets.docs.rich import PageRef
from generator.targets.docs.schemas import SchemaPage, schema_page
from generator.targets.docs.sitemap import SCHEMA_INDEX, SiteMap, build_sitemap
from generator.writer import RenderedFile, normalize

if TYPE_CHECKING:
    from generator.ir import Api
    from generator.render.files import Target

ASSETS = ("style.css", "site.js")


def render_docs(target: Target) -> Iterable[RenderedFile]:
    """The docs, or one shard of them: each shard renders its share of the schema pages (the
    bulk: two of them per schema), the first one the rest too."""
    api, package, shard = target.api, target.package_name, target.shard
    site = build_sitemap(api)
    entries = target.release.entries if target.release else ()
    around = frame(api, site, changelog=bool(entries))
    schemas = [schema_page(schema, site, package) for schema in shard.pick(api.schemas)]
    files = [*_schema_pages(around, schemas)]
    if shard.first:
        files += _front_pages(api, site, around, package)
        files += _changelog_pages(entries, around) if entries else []
    return files


def _changelog_pages(entries: tuple[str, ...], around: Frame) -> list[RenderedFile]:
    """`docs/changelog.md` and `docs/html/changelog.html`, from CHANGELOG.md's entries."""
    page = changelog_page(entries)
    markdown = _template("docs/markdown/changelog.md.jinja")
    html = _template("docs/html/changelog.html")
    top = {"site": around, "root": "", "nav": around.nav_top}
    return [
        _render(markdown, _page_path("docs", CHANGELOG, ".md"), page=page),
        _render(html, _page_path("docs/html", CHANGELOG, ".html"), page=page, **top),
    ]


def _schema_pages(around: Frame, schemas: list[SchemaPage]) -> Iterator[RenderedFile]:
    template = _template("docs/markdown/schema.md.jinja")
    for schema in schemas:
        yield _render(template, _page_path("docs", schema.page, ".md"), site=around, page=schema)
    template = _template("docs/html/schema.html")
    nested = {"site": around, "root": "../", "nav": around.nav_nested}
    for schema in schemas:
        path = _page_path("docs/html", schema.page, ".html")
        yield _render(template, path, page=schema, **nested)


def _front_pages(api: Api, site: SiteMap, around: Frame, package: str) -> Iterator[RenderedFile]:
    """The index pages, a page per resource, the search index and the static assets."""
    schemas_by_id = api.schemas_by_id()
    resources = [
        resource_page(api, resource, site, package, schemas_by_id) for resource in api.resources
    ]
    front = overview(api, package, resources, schema_entries(api, site), around)
    yield _render(_template("docs/markdown/index.md.jinja"), "docs/index.md", site=front)
    template = _template("docs/markdown/resource.md.jinja")
    for resource in resources:
        path = _page_path("docs", resource.page, ".md")
        yield _render(template, path, site=front, page=resource)
    top = {"site": front, "root": "", "nav": front.nav_top}
    nested = {"site": front, "root": "../", "nav": front.nav_nested}
    yield _render(_template("docs/html/index.html"), "docs/html/index.html", **top)
    path = _page_path("docs/html", SCHEMA_INDEX, ".html")
    yield _render(_template("docs/html/schemas.html"), path, **nested)
    template = _template("docs/html/resource.html")
    for resource in resources:
        path = _page_path("docs/html", resource.page, ".html")
        yield _render(template, path, page=resource, **nested)
    for asset in ASSETS:  # static: copied as they are, not read as templates
        text = (template_dir() / "docs" / "html" / "assets" / asset).read_text(encoding="utf-8")
        yield RenderedFile(PurePosixPath(f"docs/html/assets/{asset}"), normalize(text))
    yield RenderedFile(PurePosixPath("docs/html/assets/search-index.js"), search_index(api, site))


def _template(name: str) -> jinja2.Template:
    """Looked up once per kind of page, not once per page (the shared environment does not
    reload templates, so each is compiled once per run)."""
    return make_environment().get_template(name)


def _render(template: jinja2.Template, path: str, **context: object) -> RenderedFile:
    return RenderedFile(PurePosixPath(path), normalize(template.render(**context)))


def _page_path(root: str, page: PageRef, suffix: str) -> str:
    folder = f"{root}/{page.folder}" if page.folder else root
    return f"{folder}/{page.stem}{suffix}"
