"""The document's shape, checked once before anything reads it.

Every later stage reads the parsed documents as if they were well-formed OpenAPI: `paths` is an
object, a `description` is a string, `minimum` is a number. A spec that breaks that (a typo, a
bad merge, a hostile file) must stop with one line naming the place, not with a traceback from
deep inside rendering. This stage walks each document once, with a table of what every
structural keyword holds (by OpenAPI object or schema), and:

- a structural value of the wrong JSON type is an error with its pointer;
- prose (`description`, `summary`, `title`) or a flag (`deprecated`, `nullable`) of the wrong
  type is a warning, and the value is ignored (dropped from the sanitized document);
- a lone surrogate (`"\\ud800"`, valid JSON escape, not text) is replaced by U+FFFD, with a
  warning: it cannot be written to a UTF-8 file;
- nesting deeper than `MAX_DEPTH` is an error at the pointer where the limit was reached;
- a schema made of itself through `$ref`/`allOf` is an error naming the cycle's members
  (see `cycles.py`).

The walk is iterative (a deep document cannot exhaust the stack here) and touches each node
once; edits are applied copy-on-write, so a clean spec costs the walk alone.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from typing import Any

from generator.errors import Diagnostic, SpecLoadError, UnresolvedRefError, UnsupportedSchemaError
from generator.lowering.cycles import find_cycle
from generator.lowering.patch import replace_nodes
from generator.lowering.shape_table import NATURAL, OPEN_MAPS, REFERABLE, TABLE
from generator.lowering.shape_values import SCALARS, Children, kind_of
from generator.refs import ROOT, SpecIndex, escape_token
from generator.yaml_reading import MAX_NESTING

#: JSON nesting the later (recursive) stages can follow with room to spare; the Vapi spec's
#: deepest point is 13 levels, and the IR builder runs out of stack near 400.
MAX_DEPTH = MAX_NESTING


class Walk:
    """One pass over one index: the first error raises; warnings and edits accumulate."""

    def __init__(self, index: SpecIndex) -> None:
        self.index = index
        self.diagnostics: list[Diagnostic] = []
        #: (document key, pointer of a container) → changes to make to it
        self.edits: dict[tuple[str, str], list[tuple[str, Any, Any]]] = {}
        self.edges: dict[str, list[str]] = {}  #: schema → the schemas it is made of
        self.stack: list[tuple[Any, str, str, int]] = []
        self.queued: set[tuple[str, str]] = set()

    # -- reporting -----------------------------------------------------------------------

    def where(self, location: str) -> str:
        return self.index.display(location)

    def fail(self, location: str, message: str) -> None:
        raise SpecLoadError(message, where=self.where(location))

    def ignore(self, parent: str, key: str, message: str, rule: str = "ignored-value") -> None:
        where = f"{parent}/{escape_token(key)}"
        self.diagnostics.append(Diagnostic(self.where(where), rule, f"{message}; ignored"))
        self.edit(parent, ("drop", key, None))

    def edit(self, location: str, change: tuple[str, Any, Any]) -> None:
        self.edits.setdefault(self.index.physical(location), []).append(change)

    # -- the walk ------------------------------------------------------------------------

    def run(self, node: Any, location: str, kind: str) -> None:
        self.stack.append((node, location, kind, 1))
        while self.stack:
            node, location, kind, depth = self.stack.pop()
            if depth > MAX_DEPTH:
                self.fail(location, f"nested deeper than {MAX_DEPTH} levels: too deep to follow")
            if kind == "scan":
                self.scan(node, location, depth)
            elif isinstance(node, dict):
                self.object(node, location, kind, depth)

    def push(self, node: Any, location: str, kind: str, depth: int) -> None:
        if self.index.mounts and location in self.index.mounts:
            # A file mounted here (`$id: '#/…'`) is what this location holds.
            if (location, kind) in self.queued:
                return
            self.queued.add((location, kind))
            node = self.index.node_at(location)
        if isinstance(node, dict | list):
            self.stack.append((node, location, kind, depth))

    def object(self, node: dict[str, Any], location: str, kind: str, depth: int) -> None:
        if kind in REFERABLE and "$ref" in node:
            if isinstance(node["$ref"], str):
                self.follow(node["$ref"], location, kind)
            kind = "reference"
        row = TABLE[kind]
        children: Children = []
        for key, value in node.items():
            if not key.isascii():
                self.text_key(node, location, key)
            here = f"{location}/{escape_token(key)}"
            form = row.get(key)
            if form is None:
                if isinstance(value, str):
                    self.text(value, location, key)
                else:
                    children.append((value, here, "scan"))
            elif form in SCALARS or ":" in form:
                children.extend(self.value(node, location, key, value, here, form))
            elif self.expect(value, dict, here, "an object"):
                children.append((value, here, form))
        if kind == "schema":
            self.schema_links(node, location)
        for value, here, child_kind in reversed(children):
            self.push(value, here, child_kind, depth + 1)

    def value(
        self, node: dict[str, Any], location: str, key: str, value: Any, here: str, form: str
    ) -> Children:
        """Check one keyword's value; the children to walk."""
        container, _, item_kind = form.partition(":")
        if container == "map":
            self.expect(value, dict, here, "an object")
            found: Children = []
            for name, item in value.items():
                if not name.isascii():
                    self.text_key(value, here, name)
                if item_kind in OPEN_MAPS and name.startswith("x-"):
                    continue  # an extension beside paths or responses
                found.extend(self.item(value, here, name, item, item_kind))
            return found
        if container == "list":
            self.expect(value, list, here, "an array")
            return [
                child
                for position, item in enumerate(value)
                for child in self.item(value, here, position, item, item_kind)
            ]
        return SCALARS[form](self, node, location, key, value, here)

    def item(self, owner: Any, here: str, key: str | int, item: Any, kind: str) -> Children:
        at = f"{here}/{escape_token(key) if isinstance(key, str) else key}"
        if kind in SCALARS:
            return SCALARS[kind](self, owner, here, key, item, at)  # type: ignore[arg-type]
        self.expect(item, dict, at, "an object")
        return [(item, at, kind)]

    def expect(self, value: Any, kind: type, here: str, name: str) -> bool:
        if not isinstance(value, kind):
            self.fail(here, f"expected {name}, found {kind_of(value)}")
        return True

    def scan(self, node: Any, location: str, depth: int) -> None:
        """A value the generator copies without reading its structure: depth and text only."""
        if isinstance(node, dict):
            for key, value in node.items():
                if not key.isascii():
                    self.text_key(node, location, key)
                if isinstance(value, str):
                    self.text(value, location, key)
                elif isinstance(value, float) and not math.isfinite(value):
                    self.fail(f"{location}/{escape_token(key)}", f"{value!r} is not a JSON number")
                else:
                    self.push(value, f"{location}/{escape_token(key)}", "scan", depth + 1)
        elif isinstance(node, list):
            for position, value in enumerate(node):
                if isinstance(value, str):
                    self.text(value, location, position)
                elif isinstance(value, float) and not math.isfinite(value):
                    self.fail(f"{location}/{position}", f"{value!r} is not a JSON number")
                else:
                    self.push(value, f"{location}/{position}", "scan", depth + 1)

    # -- text ------------------------------------------------------------------------------

    def text(self, value: str, parent: str, key: str | int) -> None:
        if value.isascii():
            return
        fixed = _without_surrogates(value)
        if fixed is not None:
            where = f"{parent}/{escape_token(str(key))}"
            self.diagnostics.append(
                Diagnostic(self.where(where), "lone-surrogate", _SURROGATE_MESSAGE)
            )
            self.edit(parent, ("set", key, fixed))

    def text_key(self, node: dict[str, Any], location: str, key: str) -> None:
        fixed = _without_surrogates(key)
        if fixed is None:
            return
        if fixed in node:
            self.fail(location, f"key {fixed!r} twice once a lone surrogate is replaced")
        where = f"{location}/{escape_token(fixed)}"
        self.diagnostics.append(Diagnostic(self.where(where), "lone-surrogate", _SURROGATE_MESSAGE))
        self.edit(location, ("rename", key, fixed))

    # -- schemas ---------------------------------------------------------------------------

    def schema_links(self, node: dict[str, Any], location: str) -> None:
        """Record what a schema is made of (for cycles); walk what it points to elsewhere."""
        made_of: list[str] = []
        ref = node.get("$ref")
        if isinstance(ref, str):
            made_of.append(self.follow(ref, location, "schema"))
        for keyword in ("allOf", "oneOf", "anyOf"):
            parts = node.get(keyword)
            if isinstance(parts, list):
                made_of.extend(f"{location}/{keyword}/{position}" for position in range(len(parts)))
        discriminator = node.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(discriminator.get("mapping"), dict):
            self.mapping(discriminator["mapping"], f"{location}/discriminator/mapping")
        if made_of:
            self.edges[location] = made_of

    def follow(self, ref: str, location: str, kind: str) -> str:
        """A ref's target; walked as `kind` when the walk from the root does not reach it."""
        target = self.index.target_of(ref, at=location)
        natural = target.startswith(NATURAL) and (
            not self.index.mounts or self.index.physical(target)[0] == ROOT
        )
        if not natural and (target, kind) not in self.queued:
            resolved = self.index.resolve(ref, at=location)
            self.push(resolved.node, resolved.location, kind, 1)
            self.queued.add((target, kind))
        return target

    def mapping(self, mapping: dict[str, Any], location: str) -> None:
        for value, target in mapping.items():
            here = f"{location}/{escape_token(value)}"
            if not isinstance(target, str):
                found = kind_of(target)
                self.fail(here, f"a discriminator mapping value is a $ref (a string), not {found}")
            try:
                self.index.resolve(mapping_ref(target), at=here)
            except UnresolvedRefError as exc:
                raise UnresolvedRefError(
                    f"discriminator mapping {value!r}: {exc.message}", where=self.where(here)
                ) from None


def mapping_ref(target: str) -> str:
    """A discriminator mapping value as a `$ref`: a bare name means a component schema."""
    return target if "/" in target or "#" in target else f"#/components/schemas/{target}"


_SURROGATE_MESSAGE = "a lone surrogate (not valid Unicode text) is replaced by U+FFFD"


def _without_surrogates(text: str) -> str | None:
    """`text` with lone surrogates replaced, or None when it has none."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return None


def _apply(changes: list[tuple[str, Any, Any]], current: Any) -> Any:
    copy: Any = dict(current) if isinstance(current, dict) else list(current)
    # Renames last: a value set under a key that is renamed is set under its old name.
    for action, key, value in sorted(changes, key=lambda change: change[0] == "rename"):
        if action == "drop":
            copy.pop(key, None)
        elif action == "set":
            copy[key] = value
        elif action == "rename":
            copy = {value if k == key else k: v for k, v in copy.items()}
    return copy


def check_shape(index: SpecIndex) -> tuple[SpecIndex, tuple[Diagnostic, ...]]:
    """The index with wrong-typed prose and flags dropped and text made valid, and what was
    done; a `SpecLoadError` (or `UnsupportedSchemaError` for a cycle) at the first structural
    defect."""
    walk = Walk(index)
    walk.run(index.root.contents, "#", "document")
    cycle = find_cycle(walk.edges)
    if cycle:
        members = " → ".join(walk.where(member) for member in cycle)
        raise UnsupportedSchemaError(
            f"a schema made of itself (through $ref, allOf, oneOf or anyOf): {members}",
            where=walk.where(cycle[0]),
        )
    if not walk.edits:
        return index, tuple(walk.diagnostics)
    documents = dict(index.documents)
    by_document: dict[str, dict[str, Callable[[Any], Any]]] = {}
    for (key, pointer), changes in walk.edits.items():
        by_document.setdefault(key, {})[pointer] = functools.partial(_apply, changes)
    for key, edits in by_document.items():
        contents = replace_nodes(documents[key].contents, edits)
        documents[key] = dataclasses.replace(documents[key], contents=contents)
    return SpecIndex(documents, index.mounts), tuple(walk.diagnostics)
