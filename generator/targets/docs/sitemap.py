"""Where everything lives in the docs: page stems, anchors, and who uses each schema.

Decided once per run, in sorted order, so a page's name depends only on its own name and those
that would collide with it. The Markdown and HTML trees share the same layout:
`index`, `resources/<stem>` and `schemas/<stem>` (and, for HTML, `schemas/index`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from generator.ir import Alias, Api, Model, NamedSchema, Operation, Ref, SchemaId, TypeExpr
from generator.ir.walk import iter_type
from generator.naming import NameScope, doc_anchor, doc_field_anchor, doc_page_name
from generator.targets.docs.rich import Link, PageRef, Shown

INDEX = PageRef("", "index")
SCHEMA_INDEX = PageRef("schemas", "index")


class FieldUse(NamedTuple):
    """`schema` refers to the used schema in `field` (None: in its alias type or extra values)."""

    schema: SchemaId
    field: str | None


class OperationKey(NamedTuple):
    resource: str
    py_name: str


class TypeCells(NamedTuple):
    """What tables show about one type (see `words.cells`)."""

    type: Shown  #: the linked type name
    constraints: Shown  #: its constraints in words
    has_union: bool  #: a union is written inside it (and gets a variants table)


@dataclass(frozen=True, slots=True)
class SiteMap:
    schema_pages: dict[SchemaId, PageRef]
    schema_names: dict[SchemaId, str]  #: class names
    resource_pages: dict[str, PageRef]  #: by the resource's attribute name
    operation_anchors: dict[OperationKey, str]
    used_by_schemas: dict[SchemaId, tuple[FieldUse, ...]]
    used_by_operations: dict[SchemaId, tuple[OperationKey, ...]]
    field_anchors: dict[SchemaId, dict[str, str]]  #: a model's field anchors by wire name
    #: what tables show about each distinct type, worked out once (`words.cells`)
    type_cells: dict[TypeExpr, TypeCells] = field(default_factory=dict)

    def schema_link(self, schema_id: SchemaId, anchor: str | None = None) -> Link:
        name = self.schema_names.get(schema_id, schema_id)
        return Link(name, self.schema_pages[schema_id], anchor)

    def operation_link(self, key: OperationKey, text: str | None = None) -> Link:
        label = text or f"{key.resource}.{key.py_name}"
        return Link(label, self.resource_pages[key.resource], self.operation_anchors[key])


def operation_key(operation: Operation) -> OperationKey:
    return OperationKey(operation.resource, operation.py_name)


def build_sitemap(api: Api) -> SiteMap:
    schema_scope = NameScope(fold_case=True)
    schema_scope.reserve("index")  # `schemas/index` lists every schema
    schema_pages = {
        schema.id: PageRef("schemas", schema_scope.claim(doc_page_name(schema.class_name)))
        for schema in sorted(api.schemas, key=lambda s: (s.class_name, s.id))
    }
    resource_scope = NameScope(fold_case=True)
    resource_pages = {
        resource.attr_name: PageRef(
            "resources", resource_scope.claim(doc_page_name(resource.attr_name))
        )
        for resource in api.resources
    }
    anchors: dict[OperationKey, str] = {}
    scopes: dict[str, NameScope] = defaultdict(NameScope)
    for operation in sorted(api.operations, key=lambda o: (o.resource, o.py_name)):
        anchors[operation_key(operation)] = scopes[operation.resource].claim(
            doc_anchor(operation.py_name)
        )
    return SiteMap(
        schema_pages=schema_pages,
        schema_names={schema.id: schema.class_name for schema in api.schemas},
        resource_pages=resource_pages,
        operation_anchors=anchors,
        used_by_schemas=_schema_uses(api.schemas),
        used_by_operations=_operation_uses(api.operations),
        field_anchors={
            schema.id: _field_anchors(schema) for schema in api.schemas if isinstance(schema, Model)
        },
    )


def _field_anchors(model: Model) -> dict[str, str]:
    scope = NameScope()
    return {f.wire_name: scope.claim(_field_anchor(f.wire_name)) for f in model.fields}


#: Most wire names recur across schemas (`id`, `createdAt`); the rule is pure.
_field_anchor = cache(doc_field_anchor)


def refs_in(type_: TypeExpr) -> list[SchemaId]:
    return [t.target for t in iter_type(type_) if isinstance(t, Ref)]


def _schema_uses(schemas: tuple[NamedSchema, ...]) -> dict[SchemaId, tuple[FieldUse, ...]]:
    uses: dict[SchemaId, set[FieldUse]] = defaultdict(set)
    for schema in schemas:
        if isinstance(schema, Model):
            for field in schema.fields:
                for target in refs_in(field.type):
                    uses[target].add(FieldUse(schema.id, field.wire_name))
            for target in refs_in(schema.extra) if schema.extra is not None else ():
                uses[target].add(FieldUse(schema.id, None))
        elif isinstance(schema, Alias):
            for target in refs_in(schema.type):
                uses[target].add(FieldUse(schema.id, None))
    return {
        target: tuple(sorted(found, key=lambda u: (u.schema, u.field or "")))
        for target, found in uses.items()
    }


def _operation_uses(operations: tuple[Operation, ...]) -> dict[SchemaId, tuple[OperationKey, ...]]:
    uses: dict[SchemaId, set[OperationKey]] = defaultdict(set)
    for operation in operations:
        types = [parameter.type for parameter in operation.parameters]
        contents = [*(operation.body.contents if operation.body else ())]
        contents += [content for response in operation.responses for content in response.contents]
        types += [content.type for content in contents if content.type is not None]
        for type_ in types:
            for target in refs_in(type_):
                uses[target].add(operation_key(operation))
    return {
        target: tuple(sorted(found, key=lambda k: (k.resource, k.py_name)))
        for target, found in uses.items()
    }
