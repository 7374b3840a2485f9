"""Paths → operations, grouped into resources by tag."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator import naming
from generator.ir import (
    ANY,
    ArrayOf,
    Content,
    Model,
    Operation,
    Pagination,
    Parameter,
    Ref,
    RequestBody,
    Resource,
    Response,
)
from generator.lowering.hints import Hint
from generator.lowering.schemas import SchemaBuilder
from generator.lowering.walk import HTTP_METHODS
from generator.refs import join_pointer

_LOCATIONS = ("path", "query", "header", "cookie")


def build_operations(builder: SchemaBuilder) -> tuple[tuple[Operation, ...], tuple[Resource, ...]]:
    """Every operation, named uniquely within its resource; sorted by (resource, method name)."""
    document = builder.index.root.contents
    global_security = _security_names(document.get("security"))
    found: list[_Site] = []
    for path, item in sorted((document.get("paths") or {}).items()):
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                location = join_pointer("#/paths", path, method)
                found.append(_Site(path, method, location, item, item[method]))
    scopes: dict[str, naming.NameScope] = {}
    operations = []
    for site in found:
        tags = site.spec.get("tags")
        tag = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else None
        # Without a tag, the path's first segment names the resource (not one `default`).
        noun = tag or naming.path_resource(site.path) or ""
        resource = naming.resource_name(noun)
        scope = scopes.setdefault(resource, naming.NameScope())
        operation_id = site.spec.get("operationId")
        operation_id = operation_id if isinstance(operation_id, str) else None
        siblings = frozenset(method for method in HTTP_METHODS if method in site.item)
        candidates = naming.method_name_candidates(
            operation_id, site.method, site.path, noun, siblings
        )
        py_name = scope.claim_first(candidates)
        operations.append(_operation(builder, site, tag, resource, py_name, global_security))
    operations.sort(key=lambda op: (op.resource, op.py_name))
    return tuple(operations), _resources(builder, operations)


@dataclass(frozen=True, slots=True)
class _Site:
    """Where an operation is written."""

    path: str
    method: str
    location: str
    item: Mapping[str, Any]  #: the path item (its parameters apply to every operation)
    spec: Mapping[str, Any]  #: the operation object


def _operation(
    builder: SchemaBuilder,
    site: _Site,
    tag: str | None,
    resource: str,
    py_name: str,
    global_security: tuple[str, ...],
) -> Operation:
    path, method, location, spec = site.path, site.method, site.location, site.spec
    operation_id = spec.get("operationId")
    hint = Hint(naming.operation_class_stem(operation_id, method, path))
    parameters = _parameters(builder, path, site.item, spec, location, hint)
    responses = _responses(builder, spec.get("responses") or {}, location, hint)
    security = _security_names(spec["security"]) if "security" in spec else global_security
    return Operation(
        operation_id=operation_id,
        py_name=py_name,
        resource=resource,
        method=method,
        path=path,
        tag=tag,
        parameters=parameters,
        body=_body(builder, spec.get("requestBody"), location, hint),
        responses=responses,
        pagination=_pagination(builder, parameters, responses),
        summary=spec.get("summary"),
        description=spec.get("description"),
        deprecated=spec.get("deprecated") is True,
        security=security,
        source=location,
    )


def _parameters(
    builder: SchemaBuilder,
    path: str,
    item: Mapping[str, Any],
    spec: Mapping[str, Any],
    location: str,
    hint: Hint,
) -> tuple[Parameter, ...]:
    """Path-item parameters overridden by the operation's; path ones first, in path order."""
    merged: dict[tuple[str, str], tuple[Any, str]] = {}
    item_location = location.rsplit("/", 1)[0]
    for owner, owner_location in ((item, item_location), (spec, location)):
        for position, raw in enumerate(owner.get("parameters") or ()):
            node, where = builder.index.follow(
                raw, join_pointer(owner_location, "parameters", position)
            )
            if isinstance(node, dict) and node.get("in") in _LOCATIONS:
                merged[(node["in"], str(node.get("name")))] = (node, where)
    order = {name: position for position, name in enumerate(re.findall(r"{([^{}]+)}", path))}
    keys = sorted(merged, key=lambda key: (key[0] != "path", order.get(key[1], 0)))
    scope = naming.NameScope()
    return tuple(_parameter(builder, *merged[key], hint, scope) for key in keys)


def _parameter(
    builder: SchemaBuilder,
    node: Mapping[str, Any],
    location: str,
    hint: Hint,
    scope: naming.NameScope,
) -> Parameter:
    name = str(node.get("name"))
    schema_location = join_pointer(location, "schema")
    type_ = builder.type_of(node.get("schema", {}), schema_location, hint.child(name))
    return Parameter(
        wire_name=name,
        py_name=scope.claim_first(naming.parameter_name_candidates(name, node["in"])),
        location=node["in"],
        type=type_ if "schema" in node else ANY,
        required=node.get("required") is True or node["in"] == "path",
        description=node.get("description"),
        deprecated=node.get("deprecated") is True,
        style=node.get("style"),
        explode=node.get("explode"),
        source=location,
    )


def _contents(
    builder: SchemaBuilder, owner: Mapping[str, Any], location: str, hint: Hint
) -> tuple[Content, ...]:
    contents = []
    for media_type, media in (owner.get("content") or {}).items():
        where = join_pointer(location, "content", media_type, "schema")
        has_schema = isinstance(media, dict) and "schema" in media
        type_ = builder.type_of(media["schema"], where, hint) if has_schema else None
        contents.append(Content(media_type=media_type, type=type_))
    return tuple(contents)


def _body(builder: SchemaBuilder, raw: Any, location: str, hint: Hint) -> RequestBody | None:
    node, where = builder.index.follow(raw, join_pointer(location, "requestBody"))
    if not isinstance(node, dict):
        return None
    return RequestBody(
        required=node.get("required") is True,
        contents=_contents(builder, node, where, hint.child("Body")),
        description=node.get("description"),
    )


def _responses(
    builder: SchemaBuilder, responses: Mapping[str, Any], location: str, hint: Hint
) -> tuple[Response, ...]:
    built = []
    for status in sorted(responses):
        node, where = builder.index.follow(
            responses[status], join_pointer(location, "responses", status)
        )
        if isinstance(node, dict):
            contents = _contents(builder, node, where, hint.child("Response", str(status)))
            built.append(
                Response(status=str(status), contents=contents, description=node.get("description"))
            )
    return tuple(built)


def _pagination(
    builder: SchemaBuilder, parameters: tuple[Parameter, ...], responses: tuple[Response, ...]
) -> Pagination | None:
    """A `page` query parameter and a 200 envelope with one array field (plus metadata)."""
    page = next((p for p in parameters if p.location == "query" and p.wire_name == "page"), None)
    ok = next((r for r in responses if r.status == "200" and r.contents), None)
    if page is None or ok is None or not isinstance(ok.contents[0].type, Ref):
        return None
    envelope = builder.built.get(ok.contents[0].type.target)
    if not isinstance(envelope, Model):
        return None
    arrays = [f for f in envelope.fields if isinstance(f.type, ArrayOf)]
    if len(arrays) != 1:
        return None
    metadata = next(
        (f.wire_name for f in envelope.fields if f.wire_name in ("metadata", "meta")), None
    )
    return Pagination(
        page_parameter=page.wire_name, items_field=arrays[0].wire_name, metadata_field=metadata
    )


def _security_names(requirements: Any) -> tuple[str, ...]:
    if not isinstance(requirements, list):
        return ()
    return tuple(sorted({name for req in requirements if isinstance(req, dict) for name in req}))


def _resources(builder: SchemaBuilder, operations: list[Operation]) -> tuple[Resource, ...]:
    tags = {
        tag.get("name"): tag.get("description")
        for tag in builder.index.root.contents.get("tags") or ()
        if isinstance(tag, dict)
    }
    by_resource: dict[str, list[Operation]] = {}
    for operation in operations:
        by_resource.setdefault(operation.resource, []).append(operation)
    # A resource module imports models by name: its classes must not be named like one.
    taken = set(builder.scope.taken)
    return tuple(
        Resource(
            tag=ops[0].tag,
            attr_name=attr,
            class_name=_resource_class(ops[0].tag or attr, taken),
            description=tags.get(ops[0].tag),
            operations=tuple(op.py_name for op in ops),
        )
        for attr, ops in sorted(by_resource.items())
    )


def _resource_class(tag: str, taken: set[str]) -> str:
    """The first candidate none of whose six classes (sync, async, raw, streaming) is taken."""
    candidates = naming.resource_class_candidates(tag)
    for candidate in (*candidates, *(f"{candidates[0]}{n}" for n in range(2, 100))):
        classes = dataclasses.astuple(naming.resource_class_names(candidate))
        if not taken.intersection(classes):
            taken.update(classes)
            return candidate
    raise AssertionError("unreachable: 100 resource class names taken")  # pragma: no cover
