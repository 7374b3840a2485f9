"""`$ref` resolution over one spec and the files it references.

Locations are strings: `#/json/pointer` inside the root document, `other.yaml#/pointer` inside
another file (named relative to the root document's folder, so no absolute path ever reaches
output). The index is immutable: a lookup returns the target's canonical location and node, and
any change of base document travels in that returned location.

A referenced file whose `$id` is a fragment pointer (`#/components/schemas/X`, as in a schema
exported from a larger spec) declares where it lives: it is mounted at that pointer of the root
document, and its own `$ref`s resolve against the root document.

OpenAPI 3.1 refs may also name a schema by URI: its `$id`, an `$anchor`, or a ref relative to
the `$id` of the schema it is written in (`schema_ids`). Such a ref resolves to the location of
the schema that declares the identifier, the same location a JSON-pointer ref to it has.
`build_index` (in `ref_files`) reads the files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import unquote, urljoin

from generator.errors import UnresolvedRefError
from generator.loading import Document, is_url
from generator.ref_policy import file_url_path
from generator.schema_ids import (
    Identifiers,
    document_uri,
    join_uri,
    split_uri,
)

ROOT = ""  #: the document key of the root document
T = TypeVar("T")


def escape_token(token: str) -> str:
    """One JSON-pointer reference token (RFC 6901): `~` → `~0`, `/` → `~1`."""
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    # A hot path (every schema of a spec gets a location): one f-string per token, and no
    # `str()` or escaping for the usual plain keyword or name.
    for token in tokens:
        text = token if type(token) is str else str(token)
        pointer = f"{pointer}/{escape_token(text)}"
    return pointer


def split_location(location: str) -> tuple[str, str]:
    """`file#/a/b` → (`file`, `#/a/b`)."""
    key, _, fragment = location.partition("#")
    return key, "#" + fragment


@dataclass(frozen=True, slots=True)
class Resolved:
    location: str  #: canonical location of the target
    node: Any


@dataclass(frozen=True, slots=True)
class SpecIndex:
    """The root document and every file reachable through `$ref`, by key."""

    documents: Mapping[str, Document]
    mounts: Mapping[str, str]  #: root pointer → key of the file mounted there
    #: 3.1 `$id`s and anchors (usually none: then refs resolve by file and pointer alone)
    ids: Identifiers = field(default_factory=Identifiers)
    #: (ref, base document key) → its target: a memo of a pure lookup (the documents never
    #: change under an index), since a large spec resolves the same few hundred refs thousands
    #: of times
    _resolved: dict[tuple[str, str], Resolved] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _derived: dict[tuple[str, str], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _bases: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def root(self) -> Document:
        return self.documents[ROOT]

    def physical(self, location: str) -> tuple[str, str]:
        """The (document key, pointer) that holds a canonical location's node."""
        key, pointer = split_location(location)
        if key == ROOT:
            for mount, mounted_key in self.mounts.items():
                if pointer == mount or pointer.startswith(mount + "/"):
                    return mounted_key, "#" + pointer[len(mount) :]
        return key, pointer

    def display(self, location: str) -> str:
        """`file.yaml#/pointer`: the file that holds the location, by name."""
        key, pointer = self.physical(location)
        return f"{self.root.name if key == ROOT else key}{pointer}"

    def derived(self, kind: str, location: str, compute: Callable[[], T]) -> T:
        """A fact of `kind` about the node at `location`, computed once per index: the
        documents never change under an index, and a large spec asks the same questions of
        the same shared schemas many times (e.g. each union's variants)."""
        key = (kind, location)
        if key not in self._derived:
            self._derived[key] = compute()
        return cast(T, self._derived[key])

    def node_at(self, location: str) -> Any:
        key, pointer = self.physical(location)
        return _walk(self.documents[key].contents, pointer, lambda: self.display(location))

    def follow(self, node: Any, location: str) -> tuple[Any, str]:
        """Follow a chain of `$ref`s from `node` (at `location`) to a node that is not one."""
        for _ in range(64):  # a longer chain is a cycle of refs
            ref = reference_of(node)
            if ref is None:
                return node, location
            resolved = self.resolve(ref, at=location)
            node, location = resolved.node, resolved.location
        raise UnresolvedRefError(
            "a cycle of $refs that never reaches a schema", where=self.display(location)
        )

    def resolve(self, ref: str, *, at: str) -> Resolved:
        """Resolve `ref` written at location `at` (which names the base document)."""
        key = (ref, self.base_uri(at) if self.ids else at.partition("#")[0])
        known = self._resolved.get(key)
        if known is None:
            known = self._resolved[key] = self._resolve(ref, at)
        return known

    def _resolve(self, ref: str, at: str) -> Resolved:
        target = self.target_of(ref, at=at)
        try:
            return Resolved(target, self.node_at(target))
        except UnresolvedRefError as exc:
            raise UnresolvedRefError(
                f"$ref {ref!r} points to nothing: {exc.message}", where=self.display(at)
            ) from None

    def base_uri(self, location: str) -> str:
        """The base URI in effect at `location`: that of the nearest enclosing `$id`, else the
        document's own."""
        known = self._bases.get(location)
        if known is None:
            known = self._bases[location] = self._base_uri(location)
        return known

    def _base_uri(self, location: str) -> str:
        best = ""
        for declared in self.ids.bases:
            if len(declared) > len(best) and _encloses(declared, location):
                best = declared
        if best:
            return self.ids.bases[best]
        document = self.documents.get(split_location(location)[0])
        return document_uri(document.location) if document is not None else ""

    def target_of(self, ref: str, *, at: str) -> str:
        """The canonical location `ref` points to, without reading the node."""
        if self.ids:
            by_id = self._target_by_id(ref, at)
            if by_id is not None:
                return by_id
        base_key, _ = split_location(at)
        url, _, fragment = ref.partition("#")
        if not url:
            # A mounted file's same-document refs mean the document it is mounted in.
            key = ROOT if _mount_point(self, base_key) is not None else base_key
        else:
            key = _key_for(self, base_key, url)
        if key not in self.documents:
            raise UnresolvedRefError(f"$ref {ref!r}: file not loaded", where=self.display(at))
        pointer = "#" + unquote(fragment)
        if pointer != "#" and not pointer.startswith("#/"):  # an anchor: none is declared
            raise UnresolvedRefError(
                f"$ref {ref!r}: no $anchor {pointer[1:]!r} in {self.display(f'{key}#')}",
                where=self.display(at),
            )
        mount = _mount_point(self, key)
        return f"{key}{pointer}" if mount is None else mount + pointer[1:]

    def _target_by_id(self, ref: str, at: str) -> str | None:
        """The location of `ref` resolved as a URI against the base at `at`, when it names a
        known `$id` (or a document): None otherwise, for `target_of` to try it as a file."""
        resource, fragment = split_uri(join_uri(self.base_uri(at), ref))
        found = self.ids.resources.get(resource)
        if found is None:
            return None
        if not fragment:
            return found
        if fragment.startswith("/"):
            return found + fragment  # `#` + `/a` or `#/x` + `/a`: both pointers
        anchored = self.ids.anchors.get((resource, fragment))
        if anchored is None:
            raise UnresolvedRefError(
                f"$ref {ref!r}: no $anchor {fragment!r} in {resource}", where=self.display(at)
            )
        return anchored

    def locations(self) -> Iterator[str]:
        """The root location of every document, root first, then by key."""
        yield "#"
        for key in sorted(self.documents):
            if key != ROOT and _mount_point(self, key) is None:
                yield f"{key}#"


def reference_of(node: Any) -> str | None:
    """The reference a schema object is: its `$ref`, or a 3.1 `$dynamicRef` / 2019-09
    `$recursiveRef`, resolved statically to the schema it names (so a recursive schema gets
    its recursive type)."""
    if not isinstance(node, dict):
        return None
    for keyword in _REF_KEYWORDS:
        ref = node.get(keyword)
        if isinstance(ref, str):
            return ref
    return None


_REF_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")


def _encloses(outer: str, location: str) -> bool:
    """`location` is `outer` or inside it (at a pointer-token boundary)."""
    return location == outer or location.startswith(outer if outer.endswith("#") else outer + "/")


def _mount_point(index: SpecIndex, key: str) -> str | None:
    if not index.mounts:
        return None
    for mount, mounted_key in index.mounts.items():
        if mounted_key == key:
            return mount
    return None


def _walk(node: Any, pointer: str, where: Any) -> Any:
    if pointer in ("#", ""):
        return node
    raws = pointer[2:].split("/")
    for depth, raw in enumerate(raws):
        token = unescape_token(raw) if "~" in raw else raw
        if isinstance(node, dict) and token in node:  # parsed JSON and YAML are plain dicts
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            # The walked part is spelled out only for the message: a lookup must stay cheap.
            walked = "/".join(["#", *raws[:depth]])
            raise UnresolvedRefError(f"nothing at {walked!r} has {token!r}", where=where())
    return node


def _key_for(index: SpecIndex, base_key: str, url: str) -> str:
    base = index.documents[base_key].location if base_key in index.documents else ""
    return relative_key(index.root.location, absolute_location(base, url))


def absolute_location(base: str, url: str) -> str:
    """The location `url` names, written in the document at `base`: a URL or an absolute path
    (a `file:` URL is its path, so the same rules apply to both spellings)."""
    if is_url(url) or is_url(base):
        url = urljoin(base, url)
    local = file_url_path(url)
    if local is not None:
        return os.path.normpath(local)
    if is_url(url):
        return url
    return os.path.normpath(Path(base).parent / unquote(url))


def relative_key(root_location: str, location: str) -> str:
    """A file's key: its path relative to the root document's folder (or its URL)."""
    if location == root_location:
        return ROOT
    if is_url(location):
        root_dir = root_location.rsplit("/", 1)[0] + "/"
        return location[len(root_dir) :] if location.startswith(root_dir) else location
    return Path(os.path.relpath(location, Path(root_location).parent)).as_posix()
