"""Which ``oneOf``/``anyOf`` branch an invalid instance was meant for, decided at compile time.

Reporting the errors of every branch buries the real problem; reporting none ("not valid under
any") hides it.  When the branches are told apart by a property, the instance's value of that
property selects the branch whose errors are reported: either an OpenAPI ``discriminator``
(``propertyName`` + ``mapping``, or implicit schema names) or a property that every branch pins
to a distinct single value with ``enum: [x]`` / ``const: x``.  Otherwise the runtime picks the
closest branch (`_closest` in the runtime).
"""

from __future__ import annotations

from typing import Any

from generator.validators.context import EmitContext
from generator.validators.errors import SchemaCompileError
from generator.validators.resolver import Target

_MAX_DEPTH = 8  # $ref / allOf chains followed when looking for pinned properties


def choose_branch(ctx: EmitContext, branches: list[Any]) -> str:
    """Expression evaluating to the selected branch index, or ``None``."""
    found = _openapi_discriminator(ctx, branches) or _pinned_discriminator(ctx, branches)
    if found is None:
        return "None"
    name, mapping = found
    table = ctx.compiler.constant(
        "D", "{" + ", ".join(f"{value!r}: {index}" for value, index in mapping.items()) + "}"
    )
    value = f"{ctx.data}.get({name!r})"
    condition = f"isinstance({ctx.data}, dict) and isinstance({value}, str)"
    return f"({table}.get({value}) if {condition} else None)"


def _openapi_discriminator(
    ctx: EmitContext, branches: list[Any]
) -> tuple[str, dict[str, int]] | None:
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
        pinned = _pinned_properties(ctx, branch, ctx.base, 0).get(spec["propertyName"])
        if pinned is not None:
            mapping.setdefault(pinned, index)
    return spec["propertyName"], mapping


def _pinned_discriminator(
    ctx: EmitContext, branches: list[Any]
) -> tuple[str, dict[str, int]] | None:
    pinned = [_pinned_properties(ctx, branch, ctx.base, 0) for branch in branches]
    for name in pinned[0]:
        values = [properties.get(name) for properties in pinned]
        if None not in values and len(set(values)) == len(values):
            return name, {str(value): index for index, value in enumerate(values)}
    return None


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


def _pinned_properties(ctx: EmitContext, schema: Any, base: str, depth: int) -> dict[str, str]:
    """Properties a schema pins to one string value, following $ref and allOf."""
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return {}
    if isinstance(schema.get("$ref"), str):
        target = _lookup(ctx, schema["$ref"], base)
        if target is None:
            return {}
        pinned = _pinned_properties(ctx, target.schema, target.base, depth + 1)
    else:
        pinned = {}
    for member in schema.get("allOf") or []:
        pinned.update(_pinned_properties(ctx, member, base, depth + 1))
    for name, subschema in (schema.get("properties") or {}).items():
        value = _single_value(ctx, subschema, base, depth)
        if value is not None:
            pinned[name] = value
    return pinned


def _single_value(ctx: EmitContext, schema: Any, base: str, depth: int) -> str | None:
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    if isinstance(schema.get("$ref"), str):
        target = _lookup(ctx, schema["$ref"], base)
        return _single_value(ctx, target.schema, target.base, depth + 1) if target else None
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
        return enum[0]
    const = schema.get("const")
    return const if isinstance(const, str) else None
