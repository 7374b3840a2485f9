"""Phase 1 of building the IR: find the named schemas and give each its class name.

Named schemas are the components (`#/components/schemas/*`) and the schemas other files hold
that the spec points at with `$ref`. They are named before any schema body is built, in sorted
order, so an inline schema can never take a component's name and an unrelated change renames
nothing.
"""

from __future__ import annotations

from generator import naming
from generator.lowering.walk import iter_schemas
from generator.refs import ROOT, SpecIndex, join_pointer, split_location, unescape_token


def component_locations(index: SpecIndex) -> list[tuple[str, str]]:
    """(schema name, location) of every component schema, in sorted name order."""
    schemas = (index.root.contents.get("components") or {}).get("schemas") or {}
    if not isinstance(schemas, dict):
        return []
    return [(name, join_pointer("#/components/schemas", name)) for name in sorted(schemas)]


def external_locations(index: SpecIndex) -> list[tuple[str, str]]:
    """(name, location) of schemas in other files that a `$ref` points at."""
    if len(index.documents) - len(index.mounts) <= 1:
        return []  # no other files (mounted ones are part of the root document)
    found: dict[str, str] = {}
    for location, node in iter_schemas(index):
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = index.target_of(ref, at=location)
            key, pointer = split_location(target)
            if key != ROOT:
                found[target] = _name_from(key, pointer)
    return sorted((name, location) for location, name in found.items())


def _name_from(key: str, pointer: str) -> str:
    """`common.yaml#/defs/Error` → `Error`; `pet.yaml#` → `pet`."""
    if pointer not in ("#", ""):
        return unescape_token(pointer.rsplit("/", 1)[-1])
    return key.rsplit("/", 1)[-1].split(".", 1)[0]


def declare_schemas(index: SpecIndex, scope: naming.NameScope) -> dict[str, str]:
    """Location → class name for every named schema."""
    names: dict[str, str] = {}
    for name, location in [*component_locations(index), *external_locations(index)]:
        names[location] = scope.claim(naming.class_name(name))
    return names
