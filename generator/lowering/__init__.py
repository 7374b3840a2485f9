"""Lowering: the resolved documents → the frozen IR that every target reads.

In order: the shape check of the raw document (`shape`), the repairs (`repairs`), the class
names of every named schema declared up front (`declare`), the schemas with their unions and
merged objects (`schemas`, `composition`, `tags`), then operations and webhooks."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from generator import naming
from generator.errors import Diagnostics
from generator.ir import Api, ImpliedTag, Model, NamedSchema, SecurityScheme, UnionOf
from generator.ir.walk import all_types
from generator.lowering.declare import declare_schemas
from generator.lowering.operations import build_operations
from generator.lowering.patch import replace_nodes
from generator.lowering.repairs import ALL_RULES, Edit, operation_repairs, schema_repairs
from generator.lowering.schemas import SchemaBuilder
from generator.lowering.webhooks import build_webhooks
from generator.refs import SpecIndex

__all__ = ["ALL_RULES", "apply_repairs", "build_api", "enabled_repairs"]


def enabled_repairs(*, no_repair: bool, skip: Iterable[str] = ()) -> frozenset[str]:
    """The repair rules to apply: none with `no_repair`, else all but the skipped ones."""
    return frozenset() if no_repair else frozenset(ALL_RULES) - set(skip)


def apply_repairs(index: SpecIndex, enabled: Iterable[str]) -> tuple[SpecIndex, Diagnostics]:
    """The index with every enabled repair applied to its documents, and what was repaired."""
    rules = frozenset(enabled)
    diagnostics = Diagnostics()
    schemas, found = schema_repairs(index, rules)
    operations, found_ops = operation_repairs(index, rules)
    diagnostics.extend([*found, *found_ops])
    by_document: dict[str, dict[str, Edit]] = {}
    for location, edit in [*schemas.items(), *operations.items()]:
        key, pointer = index.physical(location)
        by_document.setdefault(key, {})[pointer] = edit
    documents = dict(index.documents)
    for key, replacements in by_document.items():
        contents = replace_nodes(documents[key].contents, replacements)
        documents[key] = dataclasses.replace(documents[key], contents=contents)
    return SpecIndex(documents, index.mounts, index.ids), diagnostics


def build_api(index: SpecIndex, diagnostics: Diagnostics, *, client_name: str | None) -> Api:
    """Build the whole IR from a (repaired) index."""
    document = index.root.contents
    scope = naming.NameScope()
    names = declare_schemas(index, scope)
    builder = SchemaBuilder(index, diagnostics, names, scope)
    for location in sorted(names):
        builder.build_named(location)
    operations, resources = build_operations(builder)
    webhooks = build_webhooks(builder)  # before `built` is read: it may name inline payloads
    info = document.get("info") or {}
    title = str(info.get("title") or index.root.name)
    api = Api(
        title=title,
        version=str(info.get("version") or ""),
        description=info.get("description"),
        openapi_version=str(document.get("openapi") or document.get("swagger") or ""),
        spec_name=index.root.name,
        spec_sha256=index.root.sha256,
        client_name=client_name or naming.client_class_name(title, frozenset(scope.taken)),
        servers=tuple(str(s.get("url")) for s in document.get("servers") or () if "url" in s),
        security_schemes=_security_schemes(document),
        schemas=tuple(sorted(builder.built.values(), key=lambda schema: schema.class_name)),
        operations=operations,
        resources=resources,
        webhooks=webhooks,
    )
    return dataclasses.replace(api, schemas=_with_implied_tags(api))


def _with_implied_tags(api: Api) -> tuple[NamedSchema, ...]:
    """Record on each model the discriminator values unions give it without a declared field."""
    implied: dict[str, set[ImpliedTag]] = {}
    by_id = api.schemas_by_id()
    for union in (t for t in all_types(api.schemas, api) if isinstance(t, UnionOf)):
        if union.discriminator is None:
            continue
        name = union.discriminator.property_name
        for value, target in union.discriminator.mapping:
            model = by_id.get(target)
            if isinstance(model, Model) and all(f.wire_name != name for f in model.fields):
                implied.setdefault(target, set()).add(
                    ImpliedTag(property_name=name, value=value, union_source=union.source)
                )
    return tuple(
        dataclasses.replace(
            schema,
            implied_tags=tuple(
                sorted(implied[schema.id], key=lambda t: (t.property_name, t.value, t.union_source))
            ),
        )
        if isinstance(schema, Model) and schema.id in implied
        else schema
        for schema in api.schemas
    )


def _security_schemes(document: dict[str, object]) -> tuple[SecurityScheme, ...]:
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(schemes, dict):
        return ()
    return tuple(
        SecurityScheme(
            name=name,
            kind=str(spec.get("type")),
            scheme=spec.get("scheme"),
            parameter_name=spec.get("name"),
            location=spec.get("in"),
            description=spec.get("description"),
        )
        for name, spec in sorted(schemes.items())
        if isinstance(spec, dict)
    )
