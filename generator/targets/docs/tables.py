"""The rows of the docs' tables and lists, and how each format writes them.

Tables are written here rather than in template loops: a Jinja loop costs a context lookup and an
escape call per cell, and the Vapi schema pages alone have ~5,000 field rows. Each writer returns
a `Shown`, the Markdown and the HTML of the whole table (without a final newline). Cells are
`Shown` values, escaped when they were made; the few plain strings that reach the HTML (anchors,
fixed words) go through `escape`, as they went through the templates' autoescaping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from markupsafe import Markup, escape

from generator.targets.docs.rich import EMPTY, Shown


class FieldRow(NamedTuple):
    anchor: str
    wire_name: Shown
    py_name: Shown
    renamed: bool  #: the Python name differs from the wire name
    type: Shown
    required: bool
    default: Shown  #: empty when the field has none
    constraints: Shown
    deprecated: bool
    access: str  #: "read-only", "write-only" or ""
    description: Shown


class ParameterRow(NamedTuple):
    wire_name: Shown
    py_name: Shown
    renamed: bool
    location: str
    type: Shown
    required: bool
    constraints: Shown
    deprecated: bool
    description: Shown


class ContentRow(NamedTuple):
    """A request body or a response, in one media type."""

    status: Shown  #: empty for a request body
    media_type: Shown  #: empty for JSON, the usual case
    type: Shown
    description: Shown


class VariantRow(NamedTuple):
    type: Shown
    label: Shown  #: the spec's title for the variant
    tags: Shown  #: the discriminator values that select it


class UnionTable(NamedTuple):
    anchor: str
    title: Shown
    rule: Shown  #: how a value picks its variant, in words
    discriminator: Shown  #: the property's name, or empty
    rows: tuple[VariantRow, ...]


class Entry(NamedTuple):
    """A page in a list of pages: the front page's tables, the A to Z of schemas."""

    link: Shown
    detail: Shown  #: "client.phone_numbers · 6 operations", "model", …
    summary: Shown  #: the description's first sentences, as plain text


def fields_table(rows: Sequence[FieldRow]) -> Shown:
    """A model's fields; empty when it has none."""
    if not rows:
        return EMPTY
    md = [
        "| Field | Python name | Type | Required | Default | Constraints | Description |",
        "|---|---|---|---|---|---|---|",
    ]
    html = []
    for row in rows:
        anchor, required = escape(row.anchor), _yes_no(row.required)
        md.append(
            f'| <a id="{row.anchor}"></a>{row.wire_name.md} | {row.py_name.md} | {row.type.md} '
            f"| {required} | {row.default.md} | {row.constraints.md} "
            f"| {_md_badges(row.deprecated, row.access)}{row.description.md} |"
        )
        html.append(
            f'<tr id="{anchor}"><td data-label="Field"><a class="self" href="#{anchor}">'
            f"{row.wire_name.html}</a>{_html_py_name(row.renamed, row.py_name)}</td>"
            f'<td class="type" data-label="Type">{row.type.html}</td>'
            f'<td data-label="Required">{required}</td>'
            f'<td data-label="Default">{row.default.html}</td>'
            f'<td data-label="Constraints">{row.constraints.html}</td>'
            f'<td data-label="Description">{_html_badges(row.deprecated, row.access)}'
            f"{row.description.html}</td></tr>"
        )
    head = "Field Type Required Default Constraints Description"
    return Shown("\n".join(md), _html_table("fields stack", head.split(), html))


def parameters_table(rows: Sequence[ParameterRow]) -> Shown:
    """An operation's parameters; empty when it has none."""
    if not rows:
        return EMPTY
    md = [
        "| Name | Python name | In | Type | Required | Constraints | Description |",
        "|---|---|---|---|---|---|---|",
    ]
    html = []
    for row in rows:
        required = _yes_no(row.required)
        md.append(
            f"| {row.wire_name.md} | {row.py_name.md} | {row.location} | {row.type.md} "
            f"| {required} | {row.constraints.md} "
            f"| {_md_badges(row.deprecated, '')}{row.description.md} |"
        )
        html.append(
            f'<tr><td data-label="Name">{row.wire_name.html}'
            f"{_html_py_name(row.renamed, row.py_name)}</td>"
            f'<td data-label="In">{escape(row.location)}</td>'
            f'<td class="type" data-label="Type">{row.type.html}</td>'
            f'<td data-label="Required">{required}</td>'
            f'<td data-label="Constraints">{row.constraints.html}</td>'
            f'<td data-label="Description">{_html_badges(row.deprecated, "")}'
            f"{row.description.html}</td></tr>"
        )
    head = ["Name", "In", "Type", "Required", "Constraints", "Description"]
    return Shown("\n".join(md), _html_table("parameters stack", head, html))


def contents_table(rows: Sequence[ContentRow]) -> Shown:
    """Responses (or errors) by status; empty when there are none."""
    if not rows:
        return EMPTY
    md = ["| Status | Type | Description |", "|---|---|---|"]
    html = []
    for row in rows:
        media_md = f" ({row.media_type.md})" if row.media_type else ""
        media_html = f" ({row.media_type.html})" if row.media_type else ""
        md.append(f"| {row.status.md} | {row.type.md}{media_md} | {row.description.md} |")
        html.append(
            f'<tr><td data-label="Status">{row.status.html}</td>'
            f'<td class="type" data-label="Type">{row.type.html}{media_html}</td>'
            f'<td data-label="Description">{row.description.html}</td></tr>'
        )
    return Shown("\n".join(md), _html_table("stack", ["Status", "Type", "Description"], html))


def union_sections(tables: Iterable[UnionTable]) -> Shown:
    """Each union's variants table with its title and rule; unlike the tables, each section ends
    with a newline (a page shows none, one or several)."""
    md, html = [], []
    for table in tables:
        md.append(_union_md(table))
        html.append(_union_html(table))
    return Shown("".join(md), Markup("".join(html))) if md else EMPTY


def _union_md(table: UnionTable) -> str:
    selector = f"Value of {table.discriminator.md}" if table.discriminator else "Selected by"
    lines = [
        f'<a id="{table.anchor}"></a>',
        f"**{table.title.md}**: {table.rule.md}",
        "",
        f"| Variant | Title | {selector} |",
        "|---|---|---|",
    ]
    lines += [f"| {r.type.md} | {r.label.md} | {r.tags.md or 'its shape'} |" for r in table.rows]
    return "\n".join(lines) + "\n\n"


def _union_html(table: UnionTable) -> str:
    selector = f"Value of {table.discriminator.html}" if table.discriminator else "Selected by"
    rows = [
        f"<tr><td>{r.type.html}</td><td>{r.label.html}</td><td>{r.tags.html or 'its shape'}</td>"
        "</tr>"
        for r in table.rows
    ]
    return "\n".join(
        [
            f'<section class="variants" id="{escape(table.anchor)}">',
            f"<h3>{table.title.html}</h3>",
            f"<p>{table.rule.html}</p>",
            _html_table("variants-table", ["Variant", "Title", selector], rows),
            "</section>\n",
        ]
    )


def values_table(values: Sequence[tuple[Shown, Shown]]) -> Shown:
    """An enum's values (as JSON) and their Python names."""
    md = ["| Value | Python name |", "|---|---|"]
    md += [f"| {value.md} | {py_name.md} |" for value, py_name in values]
    html = [f"<tr><td>{value.html}</td><td>{py_name.html}</td></tr>" for value, py_name in values]
    return Shown("\n".join(md), _html_table("", ["Value", "Python name"], html))


def link_list(links: Sequence[Shown], css_class: str) -> Shown:
    """A bulleted list of links; empty when there are none."""
    if not links:
        return EMPTY
    items = "".join(f"<li>{link.html}</li>\n" for link in links)
    md = "\n".join(f"- {link.md}" for link in links)
    return Shown(md, Markup(f'<ul class="{css_class}">\n{items}</ul>'))


def entries_table(head: Sequence[str], entries: Sequence[Entry]) -> Shown:
    """Pages with what they are and their summary: the front page's tables."""
    md = ["| " + " | ".join(head) + " |", "|---|---|---|"]
    md += [f"| {e.link.md} | {e.detail.md} | {e.summary.md} |" for e in entries]
    html = [
        f"<tr><td>{e.link.html}</td><td>{e.detail.html}</td><td>{e.summary.html}</td></tr>"
        for e in entries
    ]
    return Shown("\n".join(md), _html_table("", head, html))


def entries_list_html(entries: Sequence[Entry]) -> Markup:
    """Pages as a list (the A to Z of schemas), summaries after the names."""
    items = [
        f'<li>{e.link.html} <span class="kind">{e.detail.html}</span>'
        + (f' <span class="summary">{e.summary.html}</span>' if e.summary else "")
        + "</li>"
        for e in entries
    ]
    return Markup("\n".join(['<ul class="entries">', *items, "</ul>"]))


def _html_table(css_class: str, head: Sequence[str], rows: list[str]) -> Markup:
    """A table in its scrolling wrapper; `head` is trusted text or escaped HTML."""
    table = f'<table class="{css_class}">' if css_class else "<table>"
    header = "".join(f"<th>{cell}</th>" for cell in head)
    lines = [f'<div class="table-wrap">{table}', f"<thead><tr>{header}</tr></thead>", "<tbody>"]
    return Markup("\n".join([*lines, *rows, "</tbody>", "</table></div>"]))


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _md_badges(deprecated: bool, access: str) -> str:
    return ("**Deprecated.** " if deprecated else "") + (f"*{access}.* " if access else "")


def _html_badges(deprecated: bool, access: str) -> str:
    badges = '<span class="badge">deprecated</span> ' if deprecated else ""
    return badges + (f'<span class="badge">{escape(access)}</span> ' if access else "")


def _html_py_name(renamed: bool, py_name: Shown) -> str:
    return f'<br><span class="py">Python: {py_name.html}</span>' if renamed else ""
