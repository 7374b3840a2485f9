"""The docs part of the output: a Markdown reference and a static HTML site, from one set of views.

Layout under the output root:

    docs/index.md, docs/resources/<resource>.md, docs/schemas/<schema>.md
    docs/html/index.html, docs/html/resources/<resource>.html, docs/html/schemas/<schema>.html,
    docs/html/schemas/index.html (every schema, A to Z), docs/html/assets/ (CSS, JS, search index)

The HTML works from `file://` and loads nothing from the network: styles and scripts are local
files, the search index is a script (not fetched JSON), and a Content-Security-Policy forbids
anything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import jinja2

from generator.render.docs.operations import ResourcePage, resource_page
from generator.render.docs.overview import Overview, overview, search_index
from generator.render.docs.rich import PageRef
from generator.render.docs.schemas import SchemaPage, schema_page
from generator.render.docs.sitemap import SCHEMA_INDEX, build_sitemap
from generator.render.environment import make_environment, template_dir
from generator.writer import RenderedFile, normalize

if TYPE_CHECKING:
    from generator.render.files import Target

ASSETS = ("style.css", "site.js")


def render_docs(target: Target) -> Iterable[RenderedFile]:
    api, package = target.api, target.package_name
    site = build_sitemap(api)
    schemas_by_id = api.schemas_by_id()
    schemas = [schema_page(schema, site, package) for schema in api.schemas]
    resources = [
        resource_page(api, resource, site, package, schemas_by_id) for resource in api.resources
    ]
    front = overview(api, package, resources, schemas)
    index = RenderedFile(PurePosixPath("docs/html/assets/search-index.js"), search_index(api, site))
    return [*_markdown(front, resources, schemas), *_html(front, resources, schemas), index]


def _markdown(
    front: Overview, resources: list[ResourcePage], schemas: list[SchemaPage]
) -> Iterator[RenderedFile]:
    yield _render("docs/markdown/index.md.jinja", "docs/index.md", site=front)
    for resource in resources:
        path = _page_path("docs", resource.page, ".md")
        yield _render("docs/markdown/resource.md.jinja", path, site=front, page=resource)
    for schema in schemas:
        path = _page_path("docs", schema.page, ".md")
        yield _render("docs/markdown/schema.md.jinja", path, site=front, page=schema)


def _html(
    front: Overview, resources: list[ResourcePage], schemas: list[SchemaPage]
) -> Iterator[RenderedFile]:
    top = {"site": front, "root": "", "nav": front.nav_top}
    nested = {"site": front, "root": "../", "nav": front.nav_nested}
    yield _render("docs/html/index.html", "docs/html/index.html", **top)
    path = _page_path("docs/html", SCHEMA_INDEX, ".html")
    yield _render("docs/html/schemas.html", path, **nested)
    for resource in resources:
        path = _page_path("docs/html", resource.page, ".html")
        yield _render("docs/html/resource.html", path, page=resource, **nested)
    for schema in schemas:
        path = _page_path("docs/html", schema.page, ".html")
        yield _render("docs/html/schema.html", path, page=schema, **nested)
    for asset in ASSETS:  # static: copied as they are, not read as templates
        text = (template_dir() / "docs" / "html" / "assets" / asset).read_text(encoding="utf-8")
        yield RenderedFile(PurePosixPath(f"docs/html/assets/{asset}"), normalize(text))


@cache
def _environment() -> jinja2.Environment:
    """The shared environment, minus the check of each template's mtime on every use: the docs
    render ~1,800 pages (and their `extends` and `import`s) from seven templates."""
    return make_environment().overlay(auto_reload=False)


def _render(template: str, path: str, **context: object) -> RenderedFile:
    content = _environment().get_template(template).render(**context)
    return RenderedFile(PurePosixPath(path), normalize(content))


def _page_path(root: str, page: PageRef, suffix: str) -> str:
    folder = f"{root}/{page.folder}" if page.folder else root
    return f"{folder}/{page.stem}{suffix}"
