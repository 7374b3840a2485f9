"""Which ``oneOf``/``anyOf`` branch an instance is meant for, decided at compile time.

Two tables map a property's string value to a branch index:

* `dispatch_table` (fast path) only from what the branches *assert*: every branch pins the
  property to its own strings with ``enum`` / ``const`` (through ``$ref`` and ``allOf``), and
  no string is pinned by two branches.  Then an instance whose property holds a string can
  only satisfy the branch that pins that string, so checking that branch alone gives the exact
  verdict (and no branch, if no branch pins it).
* `report_table` (error path) may also use an OpenAPI ``discriminator`` (``propertyName`` +
  ``mapping``, or implicit schema names), which asserts nothing but says which branch a
  payload was meant for.  Without either, the runtime reports the closest branch.
"""

from __future__ import annotations

from typing import Any

from generator.validators.context import EmitContext
from generator.validators.errors import SchemaCompileError
from generator.validators.resolver import Target

_MAX_DEPTH = 8  # $ref / allOf chains followed when looking for pinned properties
Table = tuple[str, dict[str, int]]


def dispatch_table(ctx: EmitContext, branches: list[Any]) -> Table | None:
    """(property, value -> branch) when the branches' own assertions tell them apart."""
    key = ("dispatch", id(branches), ctx.base)  # each union is compiled for ok and err
    if key not in ctx.compiler.memo:
        ctx.compiler.memo[key] = _dispatch_table(ctx, branches)
    found: Table | None = ctx.compiler.memo[key]
    return found


def _dispatch_table(ctx: EmitContext, branches: list[Any]) -> Table | None:
    pinned = [_pinned_properties(ctx, branch, ctx.base, 0) for branch in branches]
    for name in sorted(pinned[0]):
        table: dict[str, int] = {}
        for index, properties in enumerate(pinned):
            values = properties.get(name)
            if values is None or any(value in table for value in values):
                break
            table.update(dict.fromkeys(values, index))
        else:
            return name, table
    return None


def report_table(ctx: EmitContext, branches: list[Any]) -> Table | None:
    """(property, value -> branch) for choosing the branch whose errors are reported."""
    found = _openapi_discriminator(ctx, branches) or dispatch_table(ctx, branches)
    return found if found and found[1] else None


def _openapi_discriminator(ctx: EmitContext, branches: list[Any]) -> Table | None:
    spec = ctx.schema.get("discriminator")
    if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
        return None
    targets = [_ref_location(ctx, branch) for branch in branches]
    mapping: dict[str, int] = {}
    for value, reference in (spec.get("mapping") or {}).items():
        location = _ref_location(ctx, {"$ref": reference})
        if location is not None and location in targets:
            mapping[value] = targets.index(location)
    for index, location in enumerate(targets):  # implicit mapping: the schema's own name
        if location is not None:
            mapping.setdefault(location.rsplit("/", 1)[-1], index)
    for index, branch in enumerate(branches):
        pinned = _pinned_properties(ctx, branch, ctx.base, 0).get(spec["propertyName"], ())
        for value in sorted(pinned):
            mapping.setdefault(value, index)
    return spec["propertyName"], mapping


def _ref_location(ctx: EmitContext, schema: Any) -> str | None:
    if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
        return None
    target = _lookup(ctx, schema["$ref"], ctx.base)
    return target.location if target else None


def _lookup(ctx: EmitContext, ref: str, base: str) -> Target | None:
    try:
        return ctx.compiler.index.lookup(ref, base)
    except SchemaCompileError:
        return None  # reported where the $ref itself is compiled


def _pinned_properties(
    ctx: EmitContext, schema: Any, base: str, depth: int
) -> dict[str, frozenset[str]]:
    """Properties a schema pins to some strings (when they are strings), via $ref and allOf.

    Only keywords that assert count: in dialects where ``$ref`` hides its siblings (OpenAPI
    3.0), a schema with ``$ref`` pins exactly what its target pins.  Memoized: the unions of
    a spec share their branches (each result is copied by the callers that change it).
    """
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return {}
    key = ("pinned", id(schema), base, depth)
    found: dict[str, frozenset[str]] | None = ctx.compiler.memo.get(key)
    if found is None:
        found = ctx.compiler.memo[key] = _find_pinned(ctx, schema, base, depth)
    return found


def _find_pinned(ctx: EmitContext, schema: Any, base: str, depth: int) -> dict[str, frozenset[str]]:
    pinned: dict[str, frozenset[str]] = {}
    if isinstance(schema.get("$ref"), str):
        target = _lookup(ctx, schema["$ref"], base)
        if target is None:
            return {}
        pinned = _pinned_properties(ctx, target.schema, target.base, depth + 1)
        if ctx.compiler.dialect.ref_overrides_siblings:
            return pinned
        pinned = dict(pinned)  # a memoized result: changed below
    base = ctx.compiler.index.base_of(schema, base)
    members = schema.get("allOf")
    found: list[dict[str, frozenset[str] | None]] = [
        dict(_pinned_properties(ctx, member, base, depth + 1)) for member in _list(members)
    ]
    properties = schema.get("properties")
    if isinstance(properties, dict):
        found.append({name: _values(ctx, sub, base, depth) for name, sub in properties.items()})
    for more in found:
        for name, values in more.items():
            if values is not None:  # both hold: only the strings both allow
                pinned[name] = pinned[name] & values if name in pinned else values
    return pinned


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _values(ctx: EmitContext, schema: Any, base: str, depth: int) -> frozenset[str] | None:
    """The strings a schema allows, if it allows only some (``enum``, ``const``)."""
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    allowed = None
    if isinstance(schema.get("$ref"), str):
        target = _lookup(ctx, schema["$ref"], base)
        allowed = _values(ctx, target.schema, target.base, depth + 1) if target else None
        if ctx.compiler.dialect.ref_overrides_siblings:
            return allowed
    for keyword in ("enum", "const"):
        if keyword in schema and (keyword != "enum" or isinstance(schema["enum"], list)):
            options = schema["enum"] if keyword == "enum" else [schema["const"]]
            strings = frozenset(option for option in options if isinstance(option, str))
            allowed = strings if allowed is None else allowed & strings
    return allowed
