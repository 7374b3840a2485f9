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
    yield _render(_template("docs/markdown/index.md.jinja"), "docs/index.md", site=front)
    template = _template("docs/markdown/resource.md.jinja")
    for resource in resources:
        path = _page_path("docs", resource.page, ".md")
        yield _render(template, path, site=front, page=resource)
    template = _template("docs/markdown/schema.md.jinja")
    for schema in schemas:
        yield _render(template, _page_path("docs", schema.page, ".md"), site=front, page=schema)


def _html(
    front: Overview, resources: list[ResourcePage], schemas: list[SchemaPage]
) -> Iterator[RenderedFile]:
    top = {"site": front, "root": "", "nav": front.nav_top}
    nested = {"site": front, "root": "../", "nav": front.nav_nested}
    yield _render(_template("docs/html/index.html"), "docs/html/index.html", **top)
    path = _page_path("docs/html", SCHEMA_INDEX, ".html")
    yield _render(_template("docs/html/schemas.html"), path, **nested)
    template = _template("docs/html/resource.html")
    for resource in resources:
        path = _page_path("docs/html", resource.page, ".html")
        yield _render(template, path, page=resource, **nested)
    template = _template("docs/html/schema.html")
    for schema in schemas:
        path = _page_path("docs/html", schema.page, ".html")
        yield _render(template, path, page=schema, **nested)
    for asset in ASSETS:  # static: copied as they are, not read as templates
        text = (template_dir() / "docs" / "html" / "assets" / asset).read_text(encoding="utf-8")
        yield RenderedFile(PurePosixPath(f"docs/html/assets/{asset}"), normalize(text))


def _template(name: str) -> jinja2.Template:
    """Looked up once per kind of page, not once per page (the shared environment does not
    reload templates, so each is compiled once per run)."""
    return make_environment().get_template(name)


def _render(template: jinja2.Template, path: str, **context: object) -> RenderedFile:
    return RenderedFile(PurePosixPath(path), normalize(template.render(**context)))


def _page_path(root: str, page: PageRef, suffix: str) -> str:
    folder = f"{root}/{page.folder}" if page.folder else root
    return f"{folder}/{page.stem}{suffix}"
