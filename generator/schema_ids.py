"""JSON Schema identifiers (OpenAPI 3.1): `$id` URIs, `$anchor`s and `$dynamicAnchor`s, mapped
to the canonical locations of the schemas that declare them.

With these a `$ref` to `https://example.com/schemas/pet`, to `pet#/properties/name` inside a
schema whose `$id` is `https://example.com/schemas/owner`, or to `#node`, lands on the same
location as the equivalent JSON-pointer ref, so it becomes the same named model.

Fragment-only `$id`s (`#/components/schemas/X`) are not identifiers here: they say where a file
is mounted (see `refs`). Values under data keywords (`example`, `enum`, ...) are never read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from generator.errors import UnresolvedRefError
from generator.ref_policy import is_web_url

#: Keywords whose values are data, not schemas: an `$id` there is just a value.
_DATA_KEYWORDS = frozenset({"example", "examples", "enum", "const", "default"})
_ID_KEYWORDS = ("$id", "$anchor", "$dynamicAnchor")


def document_uri(location: str) -> str:
    """The base URI of a document: its URL, or its path as a `file:` URI."""
    return location if is_web_url(location) else Path(location).as_uri()


def join_uri(base: str, ref: str) -> str:
    """`ref` resolved against `base` (RFC 3986), also for `urn:`-like bases."""
    if ref.startswith("#"):
        return base.partition("#")[0] + ref
    if urlsplit(ref).scheme:
        return ref
    return urljoin(base, ref)


def split_uri(uri: str) -> tuple[str, str]:
    """(URI without fragment, decoded fragment)."""
    resource, _, fragment = uri.partition("#")
    return resource, unquote(fragment)


def declares_ids(node: Any) -> bool:
    """Whether `node` declares an identifier: cheap, asked of every object of a document."""
    return any(
        isinstance(node.get(key), str) and not (key == "$id" and node[key].startswith("#"))
        for key in _ID_KEYWORDS
        if key in node
    )


@dataclass(frozen=True, slots=True)
class Identifiers:
    """Where each identifier points; empty for the many specs that declare none."""

    resources: Mapping[str, str] = field(default_factory=dict)  #: URI → location
    #: (resource URI, `$anchor` or `$dynamicAnchor` name) → location
    anchors: Mapping[tuple[str, str], str] = field(default_factory=dict)
    bases: Mapping[str, str] = field(default_factory=dict)  #: location of an `$id` → its URI

    def __bool__(self) -> bool:
        return bool(self.bases or self.anchors)


@dataclass(slots=True)
class IdScan:
    """Identifiers collected document by document while the index is built."""

    resources: dict[str, str] = field(default_factory=dict)
    anchors: dict[tuple[str, str], str] = field(default_factory=dict)
    bases: dict[str, str] = field(default_factory=dict)

    def add_document(
        self, contents: Any, uri: str, location: str, name: str
    ) -> list[tuple[str, str]]:
        """Record the document at `uri` (canonical location `location`, e.g. `#` or
        `common.json#`; `name` in messages) and its identifiers; return (`$ref`, absolute
        URI) of its refs."""
        self.resources.setdefault(uri, location)
        refs: list[tuple[str, str]] = []
        try:
            for node, base, where in _schema_objects(contents, uri, location):
                self._declare(node, base, where)
                for keyword in ("$ref", "$dynamicRef", "$recursiveRef"):
                    ref = node.get(keyword)
                    if isinstance(ref, str):
                        refs.append((ref, _joined(self.bases.get(where, base), ref, where)))
        except UnresolvedRefError as exc:
            pointer = (exc.where or "#").partition("#")[2]
            raise UnresolvedRefError(exc.message, where=f"{name}#{pointer}") from None
        return refs

    def _declare(self, node: dict[str, Any], base: str, where: str) -> None:
        identifier = node.get("$id")
        if isinstance(identifier, str) and not identifier.startswith("#"):
            resource = _resource(base, identifier, where)
            self.resources.setdefault(resource, where)
            self.bases[where] = base = resource
        for keyword in ("$anchor", "$dynamicAnchor"):
            name = node.get(keyword)
            if isinstance(name, str):
                self.anchors.setdefault((base, name), where)

    def freeze(self) -> Identifiers:
        return Identifiers(dict(self.resources), dict(self.anchors), dict(self.bases))


def _schema_objects(contents: Any, uri: str, location: str) -> Iterator[tuple[Any, str, str]]:
    """(object, base URI in effect, location) for every object of a document, document order,
    skipping data keywords. The base an object's own `$id` sets applies to its children."""
    stack: list[tuple[Any, str, str]] = [(contents, uri, location)]
    while stack:
        node, base, where = stack.pop()
        if isinstance(node, dict):
            yield node, base, where
            identifier = node.get("$id")
            if isinstance(identifier, str) and not identifier.startswith("#"):
                base = _resource(base, identifier, where)
            children = [
                (value, base, _child(where, key))
                for key, value in node.items()
                if key not in _DATA_KEYWORDS and isinstance(value, dict | list)
            ]
            stack.extend(reversed(children))
        elif isinstance(node, list):
            items = [(v, base, f"{where}/{i}") for i, v in enumerate(node)]
            stack.extend(reversed([item for item in items if isinstance(item[0], dict | list)]))


def _child(pointer: str, key: str) -> str:
    # `refs.join_pointer`, which cannot be imported here (refs imports this module)
    return f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"


def _resource(base: str, identifier: str, where: str) -> str:
    """The resource URI an `$id` declares (its fragment dropped)."""
    return split_uri(_joined(base, identifier, where, keyword="$id"))[0]


def _joined(base: str, ref: str, where: str, *, keyword: str = "$ref") -> str:
    try:
        ref.encode("utf-8")
        return join_uri(base, ref)
    except ValueError:  # `https://[bad`, a lone surrogate
        raise UnresolvedRefError(f"{keyword} {ref!r} is not a valid URI", where=where) from None
