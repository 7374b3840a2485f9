"""Static `$ref` resolution for the validator compiler: base URIs, ids, anchors, remote documents.

The compiler resolves every reference once, at generation time, so it needs to know for each
subschema its base URI and its location (for error ``schema_path``s).  `SchemaIndex` walks the
schema-bearing keywords of a document (never enum values or unknown keywords, where an ``$id``
is just data), records embedded resources and anchors, and fetches remote documents on demand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from generator.validators.errors import SchemaCompileError

#: Base URI given to a document that declares none; only ever used to join relative refs.
DEFAULT_BASE = "sdkgen:///root.json"

_SINGLE = (
    "additionalItems",
    "additionalProperties",
    "contains",
    "contentSchema",
    "else",
    "if",
    "items",
    "not",
    "propertyNames",
    "then",
    "unevaluatedItems",
    "unevaluatedProperties",
)
_MAPS = (
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
    "patternProperties",
    "properties",
)
_LISTS = ("allOf", "anyOf", "items", "oneOf", "prefixItems")
_KEYWORDS = frozenset(_SINGLE + _MAPS + _LISTS)


@dataclass(frozen=True, slots=True)
class Target:
    """A resolved subschema: its contents, base URI and displayable location."""

    schema: Any
    base: str  #: base URI in effect inside `schema`
    location: str  #: e.g. "#/components/schemas/X" or "http://host/doc.json#/definitions/a"


def join_uri(base: str, ref: str) -> str:
    """Resolve `ref` against `base`, also for non-hierarchical bases such as ``urn:``."""
    if ref.startswith("#"):
        return base.split("#", 1)[0] + ref
    if urlsplit(ref).scheme:
        return ref
    return urljoin(base, ref)


def _document_uri(uri: str) -> tuple[str, str]:
    """Split a URI into (URI without fragment, unquoted fragment)."""
    document, _, fragment = uri.partition("#")
    return document, unquote(fragment)


def subschemas(schema: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Every (relative pointer, subschema) under a schema's schema-bearing keywords."""
    present = _KEYWORDS.intersection(schema)  # most schemas have one or two: skip the rest
    if not present:
        return []
    found = []
    for keyword, kind in _keyword_plan(present):
        value = schema[keyword]
        if kind is _SINGLE:
            if isinstance(value, (dict, bool)):
                found.append((f"/{keyword}", value))
        elif kind is _MAPS:
            if isinstance(value, dict):
                found.extend(
                    (f"/{keyword}/{escape_token(name)}", child)
                    for name, child in value.items()
                    if isinstance(child, (dict, bool))
                )
        elif isinstance(value, list):
            found.extend((f"/{keyword}/{index}", child) for index, child in enumerate(value))
    return found


@functools.cache
def _keyword_plan(present: frozenset[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The schema keywords among `present` in walking order, each with its kind (the tuple
    that lists it).  Schemas share a few dozen sets of schema keywords."""
    kinds = (_SINGLE, _MAPS, _LISTS)
    return tuple((keyword, kind) for kind in kinds for keyword in kind if keyword in present)


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class SchemaIndex:
    """Resources, anchors and base URIs of a schema document and of the documents it refers to."""

    def __init__(self, *, id_keyword: str, retrieve: Callable[[str], Any] | None) -> None:
        self._id_keyword = id_keyword
        self._retrieve = retrieve
        self._resources: dict[str, tuple[Any, str]] = {}  # uri -> (root, location prefix)
        self._anchors: dict[tuple[str, str], Target] = {}
        self._dynamic: dict[str, frozenset[str]] = {}  # resource uri -> its $dynamicAnchor names
        self._bases: dict[int, str] = {}  # id(subschema) -> base URI (ids of live objects only)
        self._pinned: list[Any] = []  # keeps indexed documents alive so ids stay unique
        self._found: dict[tuple[str, str], Target] = {}  # lookup results; cleared by indexing
        self._children: dict[int, list[tuple[str, Any]]] = {}  # id(schema) -> subschemas(schema)

    def add_document(self, document: Any, uri: str, display: str) -> str:
        """Index a document; return its effective base URI (its own id, if it declares one)."""
        self._pinned.append(document)
        self._found.clear()
        self._resources[uri] = (document, display)
        self._walk(document, uri, display + "#")
        return self.base_of(document, uri)

    def add_subtree(self, pointer: str, base: str) -> Target:
        """Index the schema at `pointer` (in the document at `base`) and what it contains.

        A document's own walk only follows schema keywords, so it never reaches the schemas of
        an OpenAPI document (under ``components``); their ids and anchors are indexed here.
        """
        target = self.lookup(pointer, base)
        self._walk(target.schema, target.base, target.location)
        self._found.clear()  # bases inside the subtree may have changed
        return target

    def base_of(self, schema: Any, default: str) -> str:
        return self._bases.get(id(schema), default)

    def subschemas(self, schema: Mapping[str, Any]) -> list[tuple[str, Any]]:
        """`subschemas(schema)` of an indexed schema, computed once (indexing the roots and
        finding their references walk the same schemas)."""
        children = self._children.get(id(schema))
        if children is None:
            children = self._children[id(schema)] = subschemas(schema)
        return children

    def dynamic_anchors(self, uri: str) -> frozenset[str]:
        return self._dynamic.get(uri, frozenset())

    def _walk(self, schema: Any, base: str, location: str) -> None:
        if not isinstance(schema, dict):
            return
        if self._id_keyword in schema:
            base = self._enter_resource(schema, base, location)
        self._bases[id(schema)] = base
        if "$anchor" in schema or "$dynamicAnchor" in schema:  # rare: test before the work
            self._add_anchors(schema, base, location)
        if self._id_keyword == "id" and "$ref" in schema:
            return  # draft 4: $ref hides every sibling, including ids below it
        for pointer, child in self.subschemas(schema):
            self._walk(child, base, location + pointer)

    def _add_anchors(self, schema: dict[str, Any], base: str, location: str) -> None:
        for name in ("$anchor", "$dynamicAnchor"):
            if isinstance(schema.get(name), str):
                self._anchors[(base, schema[name])] = Target(schema, base, location)
        if isinstance(schema.get("$dynamicAnchor"), str):
            self._dynamic[base] = self.dynamic_anchors(base) | {schema["$dynamicAnchor"]}

    def _enter_resource(self, schema: dict[str, Any], base: str, location: str) -> str:
        """Apply the schema's id (if any) to `base`, registering the resource or anchor."""
        identifier = schema.get(self._id_keyword)
        if not isinstance(identifier, str) or (self._id_keyword == "id" and "$ref" in schema):
            return base
        uri, fragment = _document_uri(join_uri(base, identifier))
        if fragment:  # draft 4 location-independent identifier: "id": "#foo"
            self._anchors[(uri, fragment)] = Target(schema, base, location)
            return base if uri == base else uri
        self._resources.setdefault(uri, (schema, location))
        return uri

    def lookup(self, ref: str, base: str) -> Target:
        """Resolve `ref` (relative to `base`) to its target subschema (memoized)."""
        found = self._found.get((ref, base))
        if found is None:
            found = self._found[(ref, base)] = self._lookup(ref, base)
        return found

    def _lookup(self, ref: str, base: str) -> Target:
        uri, fragment = _document_uri(join_uri(base, ref))
        if uri not in self._resources:
            self._fetch(uri, ref)
        root, display = self._resources[uri]
        if fragment.startswith("/") or not fragment:
            return self._follow_pointer(root, uri, display, fragment)
        found = self._anchors.get((uri, fragment))
        if found is None:
            raise SchemaCompileError(f"cannot resolve $ref {ref!r}: no anchor {fragment!r}")
        return found

    def _fetch(self, uri: str, ref: str) -> None:
        if self._retrieve is None:
            raise SchemaCompileError(f"cannot resolve $ref {ref!r}: {uri!r} is not known")
        try:
            document = self._retrieve(uri)
        except Exception as error:  # any retrieval failure becomes a compile error
            raise SchemaCompileError(f"cannot retrieve {uri!r} for $ref {ref!r}: {error}") from None
        self.add_document(document, uri, uri)

    def _follow_pointer(self, root: Any, uri: str, display: str, pointer: str) -> Target:
        node, base = root, self.base_of(root, uri)
        for raw in pointer.split("/")[1:]:
            node = _step(node, raw.replace("~1", "/").replace("~0", "~"), pointer)
            base = self.base_of(node, base)
        location = (display if "#" in display else display + "#") + pointer
        return Target(node, base, location)


def _step(node: Any, token: str, pointer: str) -> Any:
    if isinstance(node, dict) and token in node:
        return node[token]
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return node[int(token)]
    raise SchemaCompileError(f"cannot resolve JSON pointer {pointer!r}: no {token!r}")
