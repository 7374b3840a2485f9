"""Schema pages: a model's fields, an enum's values, an alias's type, union variants, back-links."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.ir import ANY, Alias, Enum, Field, Model, NamedSchema, TypeExpr, UnionOf
from generator.ir.walk import iter_type
from generator.naming import NameScope, doc_variants_anchor
from generator.render.docs.rich import EMPTY, Code, Link, PageRef, Rich, Show, Shown, Text, joined
from generator.render.docs.sitemap import SiteMap
from generator.render.docs.words import cells, json_value, type_rich
from generator.render.literals import py_literal

#: Every schema page sits one folder below the docs root.
SHOW = Show("../")
_MODES = {
    "oneOf": "A value matches exactly one variant.",
    "anyOf": "A value matches one or more variants.",
}
#: The anchors of a schema page's sections.
SECTIONS = ("fields", "values", "type", "variants", "used-by")


@dataclass(frozen=True, slots=True)
class FieldRow:
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


@dataclass(frozen=True, slots=True)
class VariantRow:
    type: Shown
    label: Shown  #: the spec's title for the variant
    tags: Shown  #: the discriminator values that select it


@dataclass(frozen=True, slots=True)
class UnionTable:
    anchor: str
    title: Shown
    rule: Shown  #: how a value picks its variant, in words
    discriminator: Shown  #: the property's name, or empty
    rows: tuple[VariantRow, ...]


@dataclass(frozen=True, slots=True)
class EnumRow:
    value: Shown  #: as JSON
    py_name: Shown


@dataclass(frozen=True, slots=True)
class SchemaPage:
    page: PageRef
    name: str
    title: Shown
    kind: str  #: "model", "enum" or "alias"
    description: Shown
    source_description: str | None  #: as the spec writes it, for summaries
    deprecated: bool
    import_line: Shown
    fields: tuple[FieldRow, ...] = ()
    extra: Shown = EMPTY  #: the type of properties not listed, when notable
    implied_tags: tuple[Shown, ...] = ()
    alias_type: Shown = EMPTY
    members: tuple[EnumRow, ...] = ()
    enum_note: Shown = EMPTY
    unions: tuple[UnionTable, ...] = ()
    used_by: tuple[Shown, ...] = ()


def schema_page(schema: NamedSchema, site: SiteMap, package: str) -> SchemaPage:
    base = SchemaPage(
        page=site.schema_pages[schema.id],
        name=schema.class_name,
        title=SHOW.code(schema.class_name),
        kind="model",
        description=SHOW.prose(schema.description),
        source_description=schema.description,
        deprecated=schema.deprecated,
        import_line=SHOW.code_block(f"from {package}.models import {schema.class_name}"),
        used_by=tuple(SHOW.rich(row) for row in _used_by(schema, site)),
    )
    match schema:
        case Model():
            return _model_page(schema, site, base)
        case Enum():
            members = tuple(
                EnumRow(SHOW.code(json_value(m.value)), SHOW.code(m.py_name))
                for m in schema.members
            )
            return replace(base, kind="enum", members=members, enum_note=_enum_note(schema))
        case Alias():
            scope = _page_scope()
            unions = union_tables(schema.type, "type-variants", (Text("Variants"),), site, scope)
            alias_type = SHOW.rich(type_rich(schema.type, site))
            return replace(base, kind="alias", alias_type=alias_type, unions=tuple(unions))


def _model_page(model: Model, site: SiteMap, base: SchemaPage) -> SchemaPage:
    anchors = site.field_anchors[model.id]
    scope = _page_scope()
    unions: list[UnionTable] = []
    for field in model.fields:
        if cells(field.type, site, SHOW).has_union:
            link = Link(field.wire_name, site.schema_pages[model.id], anchors[field.wire_name])
            anchor = doc_variants_anchor(field.wire_name)
            unions += union_tables(field.type, anchor, (Text("Variants of "), link), site, scope)
    extra: Rich = ()
    if model.extra is None:
        extra = (Text("none: properties not listed here are rejected"),)
    elif model.extra != ANY:
        extra = type_rich(model.extra, site)
    implied = tuple(
        SHOW.rich((Code(tag.property_name), Text(" is "), Code(json_value(tag.value))))
        for tag in model.implied_tags
    )
    return replace(
        base,
        fields=tuple(_field_row(field, anchors[field.wire_name], site) for field in model.fields),
        extra=SHOW.rich(extra),
        implied_tags=implied,
        unions=tuple(unions),
    )


def _page_scope() -> NameScope:
    """Anchors on a schema page; the sections' own are taken (field anchors have a prefix)."""
    scope = NameScope()
    scope.reserve(*SECTIONS)
    return scope


def _field_row(field: Field, anchor: str, site: SiteMap) -> FieldRow:
    access = "read-only" if field.read_only else "write-only" if field.write_only else ""
    type_, constraints, _ = cells(field.type, site, SHOW)
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
                tags=SHOW.rich(joined([(Code(json_value(t)),) for t in variant.tags], ", ")),
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


def _used_by(schema: NamedSchema, site: SiteMap) -> list[Rich]:
    """Operations first (by resource and method), then fields of other schemas (by class)."""
    rows: list[Rich] = [
        (site.operation_link(key),) for key in site.used_by_operations.get(schema.id, ())
    ]
    uses = sorted(
        site.used_by_schemas.get(schema.id, ()),
        key=lambda use: (site.schema_names[use.schema], use.field or ""),
    )
    for use in uses:
        name = site.schema_names[use.schema]
        if use.field is None:
            rows.append((site.schema_link(use.schema),))
        else:
            anchor = site.field_anchors[use.schema][use.field]
            rows.append((Link(f"{name}.{use.field}", site.schema_pages[use.schema], anchor),))
    return rows
