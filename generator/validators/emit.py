"""`emit_schema`: generate the checks of one schema object by dispatching its keywords.

Keywords are emitted in dialect-table order, grouped by the instance type they apply to, so
that e.g. all string keywords share one ``isinstance(data, str)`` guard; on the fast path a
single-valued ``type`` proves the instance type and the guards are dropped altogether.  A group
that emits nothing (a ``format`` that is only an annotation) leaves no empty guard behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.validators.context import EmitContext, KeywordPlan
from generator.validators.errors import SchemaCompileError

#: Categories whose guard is implied by a proven instance type.
_IMPLIED: Mapping[str | None, tuple[str, ...]] = {
    "integer": ("integer", "number"),
    "number": ("number",),
}


def emit_schema(ctx: EmitContext) -> None:
    """Emit the checks of `ctx.schema` against `ctx.data`."""
    schema = ctx.schema
    if schema is True:
        return
    if schema is False:
        ctx.fail("false", " is not allowed here (false schema)")
        return
    if not isinstance(schema, dict):
        raise SchemaCompileError("a schema must be an object or a boolean", where=ctx.location)
    dialect = ctx.compiler.dialect
    if dialect.ref_overrides_siblings and "$ref" in schema:
        dialect.emitters["$ref"](ctx, schema["$ref"])
        return
    plan = dialect.plan(schema)
    if plan.unsupported is not None:  # never silently ignore a keyword the dialect knows
        raise SchemaCompileError(
            f"keyword {plan.unsupported!r} is not supported in dialect {dialect.name!r}",
            where=ctx.location,
        )
    if schema.get("nullable") is True and "nullable" in dialect.annotations:
        # OpenAPI 3.0: `nullable: true` admits null in addition to what the schema allows.
        _guarded(ctx, f"{ctx.data} is not None", lambda inner: _emit_keywords(inner, plan))
        return
    _emit_keywords(ctx, plan)


def _guarded(ctx: EmitContext, condition: str, emit: Any) -> None:
    """Emit `emit(ctx)` under ``if condition:``, or nothing at all if it writes nothing."""
    body = ctx.writer.sub(1)
    emit(ctx.using(body))
    if not body.empty:
        ctx.writer.line(f"if {condition}:")
        ctx.writer.extend(body)


def _emit_keywords(ctx: EmitContext, plan: KeywordPlan) -> None:
    emitters, schema = ctx.compiler.dialect.emitters, ctx.schema
    anything = plan.anything
    if anything[:1] == ("type",):  # first: on the fast path it proves the type to the rest
        emitters["type"](ctx, schema["type"])
        anything = anything[1:]
    proven = _proven_type(ctx)
    if proven != ctx.known_type:
        ctx = ctx.typed(proven)
    for keyword in anything:
        emitters[keyword](ctx, schema[keyword])
    implied = _IMPLIED.get(ctx.known_type) or (ctx.known_type,)
    for category, keywords in plan.groups:
        if category in implied:
            _emit_group(ctx, keywords)
            continue
        guard = ctx.guard(category)  # (records the runtime helper it may call, used or not)
        body = ctx.writer.sub(1)
        _emit_group(ctx.typed(category, body), keywords)
        if not body.empty:  # no empty guard (e.g. a format that is only an annotation)
            ctx.writer.line(f"if {guard}:")
            ctx.writer.extend(body)


def _emit_group(ctx: EmitContext, keywords: tuple[str, ...]) -> None:
    for keyword in keywords:
        ctx.compiler.dialect.emitters[keyword](ctx, ctx.schema[keyword])


def _proven_type(ctx: EmitContext) -> str | None:
    """The instance type the fast path has already returned False for violating."""
    declared = ctx.schema.get("type")
    if ctx.mode != "ok" or not isinstance(declared, str):
        return ctx.known_type
    return declared
