"""Find every schema object in a spec, with its canonical location.

OpenAPI puts schemas in many places (components, parameters, bodies, responses, headers) and
JSON Schema nests them under many keywords; this module knows both, so repairs and lint see the
same set of schemas in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.refs import SpecIndex, escape_token, join_pointer, reference_of

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_SCHEMA_SINGLE = (
    "additionalProperties",
    "items",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
)


def subschemas(node: Mapping[str, Any], location: str) -> Iterator[tuple[str, Any]]:
    """The direct subschemas of one schema object, in keyword order."""
    # JSON data is plain dicts and lists; `isinstance(x, dict)` is several times faster than
    # an ABC check, and this runs for every schema of the spec.
    for keyword, value in node.items():
        if keyword in _SCHEMA_MAPS and isinstance(value, dict):
            prefix = join_pointer(location, keyword)
            for name, child in value.items():
                yield f"{prefix}/{escape_token(name)}", child
        elif keyword in _SCHEMA_LISTS and isinstance(value, list):
            prefix = join_pointer(location, keyword)
            for position, child in enumerate(value):
                yield f"{prefix}/{position}", child
        elif keyword in _SCHEMA_SINGLE and isinstance(value, dict):
            yield join_pointer(location, keyword), value
        elif keyword == "items" and isinstance(value, list):  # draft-4 tuple form
            for position, child in enumerate(value):
                yield join_pointer(location, keyword, position), child


def _content_schemas(owner: Any, location: str) -> Iterator[tuple[str, Any]]:
    if not isinstance(owner, dict):
        return
    content = owner.get("content")
    if isinstance(content, dict):
        for media_type, media in content.items():
            if isinstance(media, dict) and "schema" in media:
                yield join_pointer(location, "content", media_type, "schema"), media["schema"]
    headers = owner.get("headers")
    if isinstance(headers, dict):
        for name, header in headers.items():
            if isinstance(header, dict) and "schema" in header:
                yield join_pointer(location, "headers", name, "schema"), header["schema"]


def _parameter_schemas(parameters: Any, location: str) -> Iterator[tuple[str, Any]]:
    if isinstance(parameters, list):
        for position, parameter in enumerate(parameters):
            if isinstance(parameter, dict) and "schema" in parameter:
                yield join_pointer(location, position, "schema"), parameter["schema"]


def _operation_schemas(operation: Mapping[str, Any], location: str) -> Iterator[tuple[str, Any]]:
    yield from _parameter_schemas(operation.get("parameters"), join_pointer(location, "parameters"))
    yield from _content_schemas(operation.get("requestBody"), join_pointer(location, "requestBody"))
    responses = operation.get("responses")
    if isinstance(responses, dict):
        for status, response in responses.items():
            yield from _content_schemas(response, join_pointer(location, "responses", status))


def _path_item_schemas(item: Any, location: str) -> Iterator[tuple[str, Any]]:
    if not isinstance(item, dict):
        return
    yield from _parameter_schemas(item.get("parameters"), join_pointer(location, "parameters"))
    for method in HTTP_METHODS:
        operation = item.get(method)
        if isinstance(operation, dict):
            yield from _operation_schemas(operation, join_pointer(location, method))


def _component_schemas(components: Any) -> Iterator[tuple[str, Any]]:
    if not isinstance(components, dict):
        return
    base = "#/components"
    for name, schema in _items(components.get("schemas")):
        yield join_pointer(base, "schemas", name), schema
    for name, parameter in _items(components.get("parameters")):
        if isinstance(parameter, dict) and "schema" in parameter:
            yield join_pointer(base, "parameters", name, "schema"), parameter["schema"]
    for kind in ("requestBodies", "responses"):
        for name, owner in _items(components.get(kind)):
            yield from _content_schemas(owner, join_pointer(base, kind, name))
    for name, header in _items(components.get("headers")):
        if isinstance(header, dict) and "schema" in header:
            yield join_pointer(base, "headers", name, "schema"), header["schema"]


def _items(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else []


def top_level_schemas(document: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Schemas that OpenAPI structure holds directly (not nested in another schema)."""
    yield from _component_schemas(document.get("components"))
    for section in ("paths", "webhooks"):
        for path, item in _items(document.get(section)):
            yield from _path_item_schemas(item, join_pointer("#", section, path))


def iter_schemas(index: SpecIndex) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object reachable from the root document, each once, depth first.

    Schemas in other files are reached through the `$ref`s that point at them.
    """
    seen: set[str] = set()
    top = [
        (location, index.node_at(location) if location in index.mounts else node)
        for location, node in top_level_schemas(index.root.contents)
    ]
    stack = list(reversed(top))
    while stack:
        location, node = stack.pop()
        if location in seen or not isinstance(node, dict):
            continue
        seen.add(location)
        yield location, node
        children = list(subschemas(node, location))
        ref = reference_of(node)
        # A same-document ref in the root document is reached by the walk itself.
        if ref is not None and not (ref[:1] == "#" and location[:1] == "#"):
            target = index.target_of(ref, at=location)
            if not target.startswith("#"):  # in another file: not reached by the walk itself
                children.append((target, index.resolve(ref, at=location).node))
        stack.extend(reversed(children))
