"""Schema pages: a model's fields, an enum's values, an alias's type, union variants, back-links."""

from __future__ import annotations

from typing import NamedTuple

from generator.ir import ANY, Alias, Enum, Field, Model, NamedSchema, TypeExpr, UnionOf
from generator.ir.walk import iter_type
from generator.naming import NameScope, doc_variants_anchor
from generator.render.literals import py_literal
from generator.targets.docs.rich import (
    EMPTY,
    Code,
    Link,
    PageRef,
    Rich,
    Show,
    Shown,
    Text,
    concat,
)
from generator.targets.docs.sitemap import SiteMap, TypeCells
from generator.targets.docs.tables import (
    FieldRow,
    UnionTable,
    VariantRow,
    fields_table,
    link_list,
    union_sections,
    values_table,
)
from generator.targets.docs.words import cells, json_value, type_shown

#: Every schema page sits one folder below the docs root.
SHOW = Show("../")
_MODES = {
    "oneOf": "A value matches exactly one variant.",
    "anyOf": "A value matches one or more variants.",
}
#: The anchors of a schema page's sections.
SECTIONS = ("fields", "values", "type", "variants", "used-by")


class SchemaPage(NamedTuple):
    page: PageRef
    name: str
    title: Shown
    kind: str  #: "model", "enum" or "alias"
    description: Shown
    source_description: str | None  #: as the spec writes it, for summaries
    deprecated: bool
    import_line: Shown
    fields: Shown = EMPTY  #: the table of a model's fields
    extra: Shown = EMPTY  #: the type of properties not listed, when notable
    implied_tags: tuple[Shown, ...] = ()
    alias_type: Shown = EMPTY
    values: Shown = EMPTY  #: the table of an enum's values
    enum_note: Shown = EMPTY
    unions: Shown = EMPTY  #: the variants tables
    used_by: Shown = EMPTY  #: the list of what refers to the schema


def schema_kind(schema: NamedSchema) -> str:
    """ "model", "enum" or "alias", as the pages call them."""
    match schema:
        case Model():
            return "model"
        case Enum():
            return "enum"
        case _:
            return "alias"


def schema_page(schema: NamedSchema, site: SiteMap, package: str) -> SchemaPage:
    base = SchemaPage(
        page=site.schema_pages[schema.id],
        name=schema.class_name,
        title=SHOW.code(schema.class_name),
        kind=schema_kind(schema),
        description=SHOW.prose(schema.description),
        source_description=schema.description,
        deprecated=schema.deprecated,
        import_line=SHOW.code_block(f"from {package}.models import {schema.class_name}"),
        used_by=link_list([SHOW.link(link) for link in _used_by(schema, site)], "used-by"),
    )
    match schema:
        case Model():
            return _model_page(schema, site, base)
        case Enum():
            values = values_table(
                [(SHOW.code(json_value(m.value)), SHOW.code(m.py_name)) for m in schema.members]
            )
            return base._replace(values=values, enum_note=_enum_note(schema))
        case Alias():
            scope = _page_scope()
            unions = union_tables(schema.type, "type-variants", (Text("Variants"),), site, scope)
            alias_type = type_shown(schema.type, site, SHOW)
            return base._replace(alias_type=alias_type, unions=union_sections(unions))


def _model_page(model: Model, site: SiteMap, base: SchemaPage) -> SchemaPage:
    anchors = site.field_anchors[model.id]
    scope = _page_scope()
    rows, unions = [], []
    for field in model.fields:
        anchor = anchors[field.wire_name]
        type_cells = cells(field.type, site, SHOW)
        rows.append(_field_row(field, anchor, type_cells))
        if type_cells.has_union:
            link = Link(field.wire_name, site.schema_pages[model.id], anchor)
            title = (Text("Variants of "), link)
            unions += union_tables(
                field.type, doc_variants_anchor(field.wire_name), title, site, scope
            )
    extra = EMPTY
    if model.extra is None:
        extra = SHOW.text("none: properties not listed here are rejected")
    elif model.extra != ANY:
        extra = type_shown(model.extra, site, SHOW)
    implied = tuple(
        SHOW.rich((Code(tag.property_name), Text(" is "), Code(json_value(tag.value))))
        for tag in model.implied_tags
    )
    return base._replace(
        fields=fields_table(rows),
        extra=extra,
        implied_tags=implied,
        unions=union_sections(unions),
    )


def _page_scope() -> NameScope:
    """Anchors on a schema page; the sections' own are taken (field anchors have a prefix)."""
    scope = NameScope()
    scope.reserve(*SECTIONS)
    return scope


def _field_row(field: Field, anchor: str, type_cells: TypeCells) -> FieldRow:
    access = "read-only" if field.read_only else "write-only" if field.write_only else ""
    type_, constraints, _ = type_cells
    return FieldRow(
        anchor=anchor,
        wire_name=SHOW.code(field.wire_name),
        py_name=SHOW.code(field.py_name),
        renamed=field.py_name != field.wire_name,
        type=type_,
        required=field.required,
        default=SHOW.code(py_literal(field.default)) if field.has_default else EMPTY,
        constraints=constraints,
        deprecated=field.deprecated,
        access=access,
        description=SHOW.cell(field.description),
    )


def union_tables(
    type_: TypeExpr, anchor: str, title: Rich, site: SiteMap, scope: NameScope
) -> list[UnionTable]:
    """One table per union written inside `type_` (a list of unions has one too)."""
    tables = []
    for union in (t for t in iter_type(type_) if isinstance(t, UnionOf)):
        tag = union.discriminator
        rule: Rich = (Text(_MODES[union.mode]),)
        if tag is not None:
            how = "found in the variants" if tag.inferred else "declared by the spec"
            rule = (Text("The value of "), Code(tag.property_name), Text(f" selects it ({how})."))
        rows = tuple(
            VariantRow(
                type=cells(variant.type, site, SHOW).type,
                label=SHOW.text(variant.label or ""),
                tags=concat([SHOW.code(json_value(t)) for t in variant.tags], SHOW.text(", ")),
            )
            for variant in union.variants
        )
        tables.append(
            UnionTable(
                anchor=scope.claim(anchor),
                title=SHOW.rich(title),
                rule=SHOW.rich(rule),
                discriminator=SHOW.code(tag.property_name) if tag else EMPTY,
                rows=rows,
            )
        )
    return tables


def _enum_note(enum: Enum) -> Shown:
    notes = [f"Values are {enum.base}s."]
    if enum.open:
        notes.append(f"Other {enum.base} values are accepted too: the list is not closed.")
    if enum.nullable:
        notes.append("The value may also be null.")
    return SHOW.text(" ".join(notes))


def _used_by(schema: NamedSchema, site: SiteMap) -> list[Link]:
    """Operations first (by resource and method), then fields of other schemas (by class)."""
    links = [site.operation_link(key) for key in site.used_by_operations.get(schema.id, ())]
    uses = sorted(
        site.used_by_schemas.get(schema.id, ()),
        key=lambda use: (site.schema_names[use.schema], use.field or ""),
    )
    for use in uses:
        name = site.schema_names[use.schema]
        if use.field is None:
            links.append(site.schema_link(use.schema))
        else:
            anchor = site.field_anchors[use.schema][use.field]
            links.append(Link(f"{name}.{use.field}", site.schema_pages[use.schema], anchor))
    return links
