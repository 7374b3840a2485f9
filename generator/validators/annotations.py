"""Annotation functions for ``unevaluatedProperties`` / ``unevaluatedItems`` (2020-12).

``_props_X(data)`` returns the property names schema X evaluates on `data` (``True`` for "all");
``_items_X(data)`` the array indices.  They are only called on instances already valid against
X, so they collect and never assert; branches whose validity matters for annotation collection
(``anyOf``, ``oneOf``, ``if``) are checked with their fast-path functions.  The ``*_local``
variants ignore X's own ``unevaluated*`` keyword: that is the keyword asking.
"""

from __future__ import annotations

from typing import Any

from generator.validators.applicators import lookup, resolve_dynamic, target_context
from generator.validators.context import EmitContext
from generator.validators.layout import Call, literal, tuple_of
from generator.validators.resolver import escape_token

_PROPS_ALL = ("additionalProperties",)
_ITEMS_ALL = ("items",)


def emit_annotation_function(ctx: EmitContext, mode: str) -> None:
    """Write the body of a ``props``/``items`` function (see module docstring)."""
    kind = "props" if mode.startswith("props") else "items"
    schema = ctx.schema
    writer = ctx.writer
    if not isinstance(schema, dict):  # boolean schemas annotate nothing
        writer.line("return frozenset()")
        return
    writer.line(f"if not isinstance(data, {'dict' if kind == 'props' else 'list'}):")
    writer.line("    return frozenset()")
    every = _PROPS_ALL if kind == "props" else _ITEMS_ALL
    own = "unevaluatedProperties" if kind == "props" else "unevaluatedItems"
    if any(k in schema for k in every) or (own in schema and not mode.endswith("_local")):
        writer.line("return True")
        return
    writer.line(f"ev: set[{'str' if kind == 'props' else 'int'}] = set()")
    if kind == "props":
        _own_properties(ctx)
    else:
        _own_items(ctx)
    _in_place(ctx, kind)
    writer.line("return ev")


def _own_properties(ctx: EmitContext) -> None:
    names = ctx.schema.get("properties")
    if isinstance(names, dict) and names:
        items = [literal(name) for name in sorted(names)]
        known = ctx.compiler.constant("K", Call("frozenset", tuple_of(items)))
        ctx.writer.line(f"ev.update({known}.intersection(data))")
    patterns = ctx.schema.get("patternProperties")
    for pattern in patterns if isinstance(patterns, dict) else ():
        compiled = ctx.compiler.regex(pattern, ctx, "patternProperties")
        ctx.writer.line(f"ev.update(k for k in data if {compiled}.search(k) is not None)")


def _own_items(ctx: EmitContext) -> None:
    prefix = ctx.schema.get("prefixItems")
    if isinstance(prefix, list) and prefix:
        ctx.writer.line(f"ev.update(range(min({len(prefix)}, len(data))))")
    if "contains" in ctx.schema:
        matches = ctx.ok_call(ctx.schema["contains"], "/contains", "v")
        ctx.writer.line(f"ev.update(i for i, v in enumerate(data) if {matches})")


def _merge(ctx: EmitContext, function: str) -> None:
    ctx.writer.line(f"r = {function}(data)")
    ctx.writer.line("if r is True:")
    ctx.writer.line("    return True")
    ctx.writer.line("ev.update(r)")


def _child_function(ctx: EmitContext, schema: Any, pointer: str, kind: str) -> str:
    return ctx.function(schema, pointer, "props" if kind == "props" else "items")


def _target_function(ctx: EmitContext, target_ctx: EmitContext, kind: str) -> str:
    unit = ctx.compiler.unit_for(target_ctx)
    return ctx.compiler.function_name(unit, "props" if kind == "props" else "items")


def _in_place(ctx: EmitContext, kind: str) -> None:
    """Merge annotations of in-place applicators that apply (i.e. validate) here."""
    schema = ctx.schema
    for index, member in enumerate(schema.get("allOf") or []):
        _merge(ctx, _child_function(ctx, member, f"/allOf/{index}", kind))
    for keyword in ("anyOf", "oneOf"):
        for index, member in enumerate(schema.get(keyword) or []):
            with ctx.writer.block(f"if {ctx.ok_call(member, f'/{keyword}/{index}')}:"):
                _merge(ctx, _child_function(ctx, member, f"/{keyword}/{index}", kind))
    if "if" in schema:
        _conditional(ctx, kind)
    for trigger, member in (schema.get("dependentSchemas") or {}).items():
        with ctx.writer.block(f"if {ctx.compiler.string(trigger)} in data:"):
            pointer = f"/dependentSchemas/{escape_token(trigger)}"
            _merge(ctx, _child_function(ctx, member, pointer, kind))
    if "$ref" in schema:
        target = target_context(ctx, lookup(ctx, "$ref", schema["$ref"]))
        _merge(ctx, _target_function(ctx, target, kind))
    if "$dynamicRef" in schema:
        target = target_context(ctx, resolve_dynamic(ctx, schema["$dynamicRef"]))
        _merge(ctx, _target_function(ctx, target, kind))


def _conditional(ctx: EmitContext, kind: str) -> None:
    schema = ctx.schema
    with ctx.writer.block(f"if {ctx.ok_call(schema['if'], '/if')}:"):
        _merge(ctx, _child_function(ctx, schema["if"], "/if", kind))
        if "then" in schema:
            _merge(ctx, _child_function(ctx, schema["then"], "/then", kind))
    if "else" in schema:
        with ctx.writer.block("else:"):
            _merge(ctx, _child_function(ctx, schema["else"], "/else", kind))
