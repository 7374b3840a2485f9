"""Comparing the named schemas of two IRs: classes, their fields, enum values, aliases."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from generator.diff.records import Finding, Kind
from generator.diff.types import Site, compare_types
from generator.ir import (
    Alias,
    Api,
    Enum,
    Field,
    LiteralOf,
    Model,
    NamedSchema,
    Nullable,
    SchemaId,
    TypeExpr,
)
from generator.ir.display import type_label

_KIND_NAMES = {Model: "model", Enum: "enum", Alias: "alias"}


def compare_schemas(old: Api, new: Api, site: Site) -> Iterator[Finding]:
    """`site` carries the two name tables; each schema gets its own symbol and owner."""
    old_by = {schema.class_name: schema for schema in old.schemas}
    new_by = {schema.class_name: schema for schema in new.schemas}
    for name, schema in old_by.items():
        if name not in new_by:
            yield Finding(
                symbol=f"models.{name}",
                kind="removed",
                detail=_KIND_NAMES[type(schema)],
                owner=schema.id,
            )
    for name, schema in new_by.items():
        here = Site(f"models.{name}", site.old_names, site.new_names, owner=schema.id)
        if name not in old_by:
            yield here.finding("added", _KIND_NAMES[type(schema)])
        else:
            yield from _compare_schema(old_by[name], schema, here)


def _compare_schema(old: NamedSchema, new: NamedSchema, site: Site) -> Iterator[Finding]:
    if old == new:  # most schemas of two versions: sources are pointers, equal across files
        return
    yield from compare_docs(old.description, new.description, old.deprecated, new.deprecated, site)
    match old, new:
        case Model(), Model():
            yield from _compare_models(old, new, site)
        case Enum(), Enum():
            yield from compare_types(_enum_type(old), _enum_type(new), site)
        case Alias(), Alias():
            yield from compare_types(old.type, new.type, site)
        case _:
            detail = f"{_KIND_NAMES[type(old)]} -> {_KIND_NAMES[type(new)]}"
            yield site.finding("type-changed", detail)


def compare_docs(
    old_text: str | None, new_text: str | None, was: bool, now: bool, site: Site
) -> Iterator[Finding]:
    """Description and deprecation: the parts of a symbol that change no type."""
    if (old_text or "").strip() != (new_text or "").strip():
        yield site.finding("description-changed", "description")
    if was != now:
        yield site.finding("deprecated", "deprecated" if now else "no longer deprecated")


def _enum_type(enum: Enum) -> TypeExpr:
    values = tuple(member.value for member in enum.members)
    literal = LiteralOf(values, open=enum.open, base=enum.base)
    return Nullable(literal) if enum.nullable else literal


def _compare_models(old: Model, new: Model, site: Site) -> Iterator[Finding]:
    old_fields = {field.wire_name: field for field in old.fields}
    new_fields = {field.wire_name: field for field in new.fields}
    for wire, field in old_fields.items():
        if wire not in new_fields:
            yield site.at(f"{site.symbol}.{field.py_name}").finding(
                "removed", type_label(field.type, site.old_names)
            )
    for wire, field in new_fields.items():
        here = site.at(f"{site.symbol}.{field.py_name}")
        if wire not in old_fields:
            # A read-only field is never sent, so a required one asks nothing of a request.
            required = field.required and not field.read_only
            label = type_label(field.type, site.new_names)
            yield here.finding("added", label, required=required)
        else:
            yield from _compare_fields(
                old_fields[wire], field, _one_way(old_fields[wire], field, here)
            )
    yield from _compare_extra(old.extra, new.extra, site.at(f"{site.symbol}.*"))
    old_tags = {(t.property_name, t.value) for t in old.implied_tags}
    new_tags = {(t.property_name, t.value) for t in new.implied_tags}
    if old_tags != new_tags:
        yield site.finding("type-changed", f"implied tags {sorted(old_tags)} -> {sorted(new_tags)}")


def _one_way(old: Field, new: Field, site: Site) -> Site:
    """A field read-only (or write-only) in both versions only ever travels in responses (or
    in requests), whichever way its model goes: it is judged on that side alone."""
    if old.read_only and new.read_only:
        return replace(site, side="response")
    if old.write_only and new.write_only:
        return replace(site, side="request")
    return site


def _compare_fields(old: Field, new: Field, site: Site) -> Iterator[Finding]:
    if old == new:
        return
    if old.required != new.required:
        yield site.finding("became-required" if new.required else "became-optional", "")
    yield from compare_types(old.type, new.type, site)
    if (old.has_default, old.default) != (new.has_default, new.default):
        yield site.finding("default-changed", f"{_default(old)} -> {_default(new)}")
    yield from compare_docs(old.description, new.description, old.deprecated, new.deprecated, site)


def _default(field: Field) -> str:
    return repr(field.default) if field.has_default else "none"


def _compare_extra(old: TypeExpr | None, new: TypeExpr | None, site: Site) -> Iterator[Finding]:
    """Properties a model does not list: `None` is `additionalProperties: false`."""
    if old == new:
        return
    if old is None or new is None:
        kind: Kind = "constraint-loosened" if new is not None else "constraint-tightened"
        detail = "other properties allowed" if new is not None else "no other properties"
        yield site.finding(kind, detail)
        return
    yield from compare_types(old, new, site)


def names_of(api: Api) -> Mapping[SchemaId, str]:
    return {schema.id: schema.class_name for schema in api.schemas}
