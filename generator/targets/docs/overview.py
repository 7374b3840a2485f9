"""The front page, the list of every schema, the sidebar, and the search index."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from generator.ir import Api, Model
from generator.targets.docs import prose
from generator.targets.docs.changelog import CHANGELOG
from generator.targets.docs.changelog import TITLE as CHANGELOG_TITLE
from generator.targets.docs.operations import ResourcePage, resource_title
from generator.targets.docs.rich import Link, PageRef, Show, Shown
from generator.targets.docs.schemas import schema_kind
from generator.targets.docs.sitemap import (
    INDEX,
    SCHEMA_INDEX,
    OperationKey,
    SiteMap,
    operation_key,
)
from generator.targets.docs.tables import Entry, entries_list_html, entries_table

TOP, NESTED = Show(""), Show("../")
#: Search entries' kinds, in the order results of equal rank are listed.
KINDS = ("resource", "operation", "schema", "field")
_SEARCH_TEXT_LIMIT = 100  #: characters of description per entry: enough to recognise it


class LetterGroup(NamedTuple):
    letter: str
    entries: Markup  #: the list of schemas with this initial


class Frame(NamedTuple):
    """What every HTML page shows around its content: the title and the sidebar."""

    title: str
    version: str
    nav_top: Markup  #: the HTML sidebar, for the front page
    nav_nested: Markup  #: the same, for pages one folder down
    changelog: bool = False  #: the site has a changelog page


class SchemaEntry(NamedTuple):
    """What the lists of every schema show of one."""

    page: PageRef
    name: str
    kind: str
    source_description: str | None


def frame(api: Api, site: SiteMap, *, changelog: bool = False) -> Frame:
    """`changelog`: the site has a changelog page (`docs.changelog`), linked last."""
    resources = ((resource_title(r), site.resource_pages[r.attr_name]) for r in api.resources)
    nav = [("Overview", INDEX), *resources, ("All schemas", SCHEMA_INDEX)]
    nav += [(CHANGELOG_TITLE, CHANGELOG)] if changelog else []
    return Frame(api.title, api.version, _nav(nav, TOP), _nav(nav, NESTED), changelog)


def schema_entries(api: Api, site: SiteMap) -> list[SchemaEntry]:
    return [
        SchemaEntry(site.schema_pages[s.id], s.class_name, schema_kind(s), s.description)
        for s in api.schemas
    ]


class Overview(NamedTuple):
    title: str
    version: str
    heading: Shown  #: "Vapi API 1.0"
    description: Shown
    package: Shown
    models_module: Shown
    client: Shown
    async_client: Shown
    servers: tuple[Shown, ...]
    quickstart: Shown
    resources: Shown  #: the table of resources, linked from the top folder
    schemas: Shown  #: the table of every schema, linked from the top folder
    schema_count: int
    letters: tuple[LetterGroup, ...]  #: every schema by initial, linked from `schemas/`
    nav_top: Markup  #: the HTML sidebar, for the front page
    nav_nested: Markup  #: the same, for pages one folder down
    changelog: bool = False  #: the site has a changelog page


def overview(
    api: Api,
    package: str,
    resources: list[ResourcePage],
    schemas: list[SchemaEntry],
    around: Frame,
) -> Overview:
    quickstart = (
        f'from {package} import {api.client_name}\n\nclient = {api.client_name}(token="...")'
    )
    return Overview(
        title=around.title,
        version=around.version,
        heading=TOP.text(f"{api.title} {api.version}"),
        description=TOP.prose(api.description),
        package=TOP.code(package),
        models_module=TOP.code(f"{package}.models"),
        client=TOP.code(api.client_name),
        async_client=TOP.code(f"Async{api.client_name}"),
        servers=tuple(TOP.code(server) for server in api.servers),
        quickstart=TOP.code_block(quickstart),
        resources=entries_table(
            ("Resource", "On the client", "Description"), [_resource_entry(p) for p in resources]
        ),
        schemas=entries_table(
            ("Schema", "Kind", "Description"), [_schema_entry(p, TOP) for p in schemas]
        ),
        schema_count=len(schemas),
        letters=_by_letter(schemas),
        nav_top=around.nav_top,
        nav_nested=around.nav_nested,
        changelog=around.changelog,
    )


def _resource_entry(page: ResourcePage) -> Entry:
    detail = f"client.{page.attr_name} · {len(page.operations)} operations"
    link = TOP.link(Link(page.name, page.page, code=False))
    return Entry(link, TOP.text(detail), TOP.text(prose.summary(page.source_description)))


def _schema_entry(page: SchemaEntry, show: Show) -> Entry:
    summary = show.text(prose.summary(page.source_description))
    return Entry(show.link(Link(page.name, page.page)), show.text(page.kind), summary)


def _by_letter(schemas: list[SchemaEntry]) -> tuple[LetterGroup, ...]:
    groups: dict[str, list[Entry]] = {}
    for page in schemas:
        initial = page.name[:1].upper()
        key = initial if "A" <= initial <= "Z" else "#"
        groups.setdefault(key, []).append(_schema_entry(page, NESTED))
    return tuple(LetterGroup(key, entries_list_html(groups[key])) for key in sorted(groups))


def _nav(entries: list[tuple[str, PageRef]], show: Show) -> Markup:
    """Rendered once per folder depth rather than once per page."""
    items = (
        f'<li><a href="{escape(show.href(page, None, ".html"))}">{escape(title)}</a></li>'
        for title, page in entries
    )
    return Markup("\n".join(items))


def search_index(api: Api, site: SiteMap) -> str:
    """A script defining the index: pages once, then `[kind, name, page, anchor, text]` rows.

    A script rather than JSON, because a page opened from `file://` may not fetch files.
    """
    pages: list[str] = []
    rows: list[list[object]] = []

    def add(kind: str, name: str, page: PageRef, anchor: str, text: str | None) -> None:
        path = f"{page.folder}/{page.stem}.html"
        if not pages or pages[-1] != path:
            pages.append(path)
        text = prose.summary(text, _SEARCH_TEXT_LIMIT) if text else ""
        rows.append([KINDS.index(kind), name, len(pages) - 1, anchor, text])

    operations = {operation_key(op): op for op in api.operations}
    for resource in api.resources:
        page = site.resource_pages[resource.attr_name]
        add("resource", resource.tag or resource.attr_name, page, "", resource.description)
        for py_name in resource.operations:
            key = OperationKey(resource.attr_name, py_name)
            op = operations[key]
            text = f"{op.method.upper()} {op.path}. {op.summary or ''} {op.description or ''}"
            add(
                "operation",
                f"{key.resource}.{key.py_name}",
                page,
                site.operation_anchors[key],
                text,
            )
    for schema in api.schemas:
        page = site.schema_pages[schema.id]
        add("schema", schema.class_name, page, "", schema.description)
        for field in schema.fields if isinstance(schema, Model) else ():
            name = f"{schema.class_name}.{field.wire_name}"
            add(
                "field",
                name,
                page,
                site.field_anchors[schema.id][field.wire_name],
                field.description,
            )
    return _search_script(pages, rows)


def _search_script(pages: list[str], rows: list[list[object]]) -> str:
    """One page and one entry per line: a changed description shows as a line or two in a
    diff of the output, not as one changed line of ~700 KB."""

    def listed(items: list[Any]) -> str:
        return "[\n" + ",\n".join(json.dumps(item, separators=(",", ":")) for item in items) + "\n]"

    kinds = json.dumps(KINDS, separators=(",", ":"))
    body = f'{{"kinds":{kinds},\n"pages":{listed(pages)},\n"entries":{listed(rows)}}}'
    return f"window.SDKGEN_SEARCH = {body};\n"
