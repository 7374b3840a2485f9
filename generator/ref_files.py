"""Which files a spec's `$ref`s reach: each read once, only where the `RefPolicy` allows, with
the 3.1 identifiers the documents declare (a URL that names a known `$id` is never fetched).

A null `$ref` (an unquoted `#` in YAML) is an error here, where every document is first read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.errors import RefRefusedError, SpecLoadError, UnresolvedRefError
from generator.loading import Document, is_url, load_document
from generator.ref_policy import RefPolicy, file_url_path
from generator.refs import ROOT, SpecIndex, absolute_location, join_pointer, relative_key
from generator.schema_ids import IdScan, declares_ids, document_uri, split_uri


def build_index(root: Document, policy: RefPolicy | None = None) -> SpecIndex:
    """Load every file reachable from `root` through `$ref`, and find mounted files and 3.1
    identifiers (a ref to a known `$id` loads nothing).

    Each file is checked against `policy` (default: the spec's own folder or origin) before it
    is read: a refused `$ref` stops the run with its file and pointer.
    """
    loader = _Loader(root, policy or RefPolicy.for_root(root.location))
    pending = [(ROOT, root)]
    # URLs wait until every file is read: one of those files may declare the URL as an `$id`.
    urls: list[tuple[str, str, str, Document]] = []
    while pending or urls:
        if not pending:
            waiting, urls = urls, []
            for url, location, name, document in waiting:
                if location not in loader.scan.resources:
                    pending.extend(loader.load(url, location, name, document))
            continue
        key, document = pending.pop()
        name = key or root.name
        for url, location in _referenced(document, key, loader.mounts, loader.scan, name):
            if is_url(location):
                urls.append((url, location, name, document))
            else:
                pending.extend(loader.load(url, location, name, document))
    return SpecIndex(loader.documents, loader.mounts, loader.scan.freeze())


@dataclass(slots=True)
class _Loader:
    """The documents `build_index` has read so far, and the rules for reading more."""

    root: Document
    policy: RefPolicy
    documents: dict[str, Document] = field(default_factory=dict)
    mounts: dict[str, str] = field(default_factory=dict)
    scan: IdScan = field(default_factory=IdScan)

    def __post_init__(self) -> None:
        self.documents[ROOT] = self.root

    def load(self, url: str, location: str, name: str, by: Document) -> list[tuple[str, Document]]:
        """Read the file a `$ref` in `by` names (once): the new (key, document), if any."""
        key = relative_key(self.root.location, location)
        if key in self.documents:
            return []
        refused = self.policy.explain(url, location)
        if refused is not None:
            raise RefRefusedError(refused, where=name + _first_ref(by.contents, _refers_to(url)))
        try:
            loaded = load_document(location, admit=self.policy.refusal)
        except SpecLoadError as exc:
            if exc.where != location:
                raise  # the file was read, and has an error of its own at its line and column
            # It could not be read: say which ref wanted it.
            where = name + _first_ref(by.contents, _refers_to(url))
            raise SpecLoadError(f"$ref {url!r}: {exc.message}: {location}", where=where) from None
        self.documents[key] = loaded
        schema_id = loaded.contents.get("$id") if isinstance(loaded.contents, dict) else None
        if isinstance(schema_id, str) and schema_id.startswith("#/"):
            self.mounts[unquote(schema_id)] = key
        return [(key, loaded)]


def _referenced(
    document: Document, key: str, mounts: Mapping[str, str], scan: IdScan, name: str
) -> list[tuple[str, str]]:
    """(ref's file part, location) of each file `document` refers to, sorted; refs to a known
    `$id` are left out. Only a spec that declares identifiers pays for the scan."""
    urls, has_ids = _external_urls(document.contents, name)
    if not (has_ids or scan.resources):
        return [(url, absolute_location(document.location, url)) for url in sorted(urls)]
    mount = next((pointer for pointer, mounted in mounts.items() if mounted == key), None)
    prefix = mount if mount is not None else f"{key}#"
    wanted: dict[str, str] = {}
    for ref, absolute in scan.add_document(
        document.contents, document_uri(document.location), prefix, name
    ):
        resource, _ = split_uri(absolute)
        if resource not in scan.resources and not ref.startswith("#"):
            wanted.setdefault(ref.partition("#")[0], file_url_path(resource) or resource)
    return sorted(wanted.items())


def _first_ref(contents: Any, matches: Callable[[Any], bool]) -> str:
    """The pointer of the first `$ref` (document order) whose value `matches`: only for an
    error message, so the walk that finds the files need not track pointers."""
    stack: list[tuple[Any, str]] = [(contents, "#")]
    while stack:
        item, pointer = stack.pop()
        if isinstance(item, dict):
            if "$ref" in item and matches(item["$ref"]):
                return pointer
            children = [(value, join_pointer(pointer, key)) for key, value in item.items()]
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend(reversed([(v, join_pointer(pointer, i)) for i, v in enumerate(item)]))
    return "#"


def _refers_to(url: str) -> Callable[[Any], bool]:
    return lambda ref: isinstance(ref, str) and ref.partition("#")[0] == url


NULL_REF = (
    "$ref is null: in YAML an unquoted `#` starts a comment, so `$ref: #/components/...` "
    "has no value; quote it: `$ref: '#/components/...'`"
)


def _external_urls(node: Any, name: str) -> tuple[set[str], bool]:
    """The files `$ref`s in document `node` name (without fragments), and whether it declares
    3.1 identifiers; a null `$ref` is an error (`name`: the document's name in messages)."""
    found: set[str] = set()
    null_ref = has_ids = False
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "$ref" in item:
                ref = item["$ref"]
                if isinstance(ref, str):
                    if not ref.startswith("#"):
                        found.add(ref.partition("#")[0])
                else:
                    null_ref = null_ref or ref is None
            if not has_ids and ("$id" in item or "$anchor" in item or "$dynamicAnchor" in item):
                has_ids = declares_ids(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    if null_ref:
        where = name + _first_ref(node, lambda ref: ref is None)
        raise UnresolvedRefError(NULL_REF, where=where)
    for url in found:
        problem = _ref_problem(url)
        if problem is not None:
            where = name + _first_ref(node, _refers_to(url))
            raise UnresolvedRefError(f"$ref {url!r} {problem}", where=where)
    return found, has_ids


def _ref_problem(url: str) -> str | None:
    """Why a ref's file part can name no file or URL, or None."""
    if "\x00" in url:
        return "contains a NUL character"
    try:
        url.encode("utf-8")
        urlsplit(url)
    except UnicodeEncodeError:
        return "contains a lone surrogate, which no file name or URL can hold"
    except ValueError as exc:
        return f"is not a valid URI ({exc})"
    return None
