"""`emit_schema`: generate the checks of one schema object by dispatching its keywords.

Keywords are emitted in dialect-table order, grouped by the instance type they apply to, so
that e.g. all string keywords share one ``isinstance(data, str)`` guard; on the fast path a
single-valued ``type`` proves the instance type and the guards are dropped altogether.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from generator.validators.context import EmitContext
from generator.validators.errors import SchemaCompileError

#: Categories whose guard is implied by a proven instance type.
_IMPLIED = {"integer": {"integer", "number"}, "number": {"number"}}


def emit_schema(ctx: EmitContext) -> None:
    """Emit the checks of `ctx.schema` against `ctx.data`."""
    schema = ctx.schema
    if schema is True:
        return
    if schema is False:
        ctx.fail("false", ctx.describe(" is not allowed here (false schema)"))
        return
    if not isinstance(schema, dict):
        raise SchemaCompileError(f"{ctx.location}: a schema must be an object or a boolean")
    dialect = ctx.compiler.dialect
    if dialect.ref_overrides_siblings and "$ref" in schema:
        dialect.emitters["$ref"](ctx, schema["$ref"])
        return
    check_schema_keywords(ctx, schema)
    if schema.get("nullable") is True and "nullable" in dialect.annotations:
        # OpenAPI 3.0: `nullable: true` admits null in addition to what the schema allows.
        with ctx.writer.block(f"if {ctx.data} is not None:"):
            _emit_keywords(ctx)
        return
    _emit_keywords(ctx)


def check_schema_keywords(ctx: EmitContext, schema: Mapping[str, Any]) -> None:
    """Reject keywords this dialect knows but does not support (never silently ignore them)."""
    for keyword in schema:
        if keyword in ctx.compiler.dialect.unsupported:
            raise SchemaCompileError(
                f"{ctx.location}: keyword {keyword!r} is not supported in dialect"
                f" {ctx.compiler.dialect.name!r}"
            )


def _emit_keywords(ctx: EmitContext) -> None:
    dialect = ctx.compiler.dialect
    groups: dict[str, list[str]] = {}
    for keyword in dialect.emitters:
        if keyword in ctx.schema:
            groups.setdefault(dialect.categories.get(keyword, "any"), []).append(keyword)
    for keyword in groups.pop("any", []):
        dialect.emitters[keyword](ctx, ctx.schema[keyword])
    ctx = dataclasses.replace(ctx, known_type=_proven_type(ctx))
    for category, keywords in groups.items():
        if category in _IMPLIED.get(ctx.known_type or "", {ctx.known_type}):
            _emit_group(ctx, keywords)
            continue
        with ctx.writer.block(f"if {ctx.guard(category)}:"):
            _emit_group(dataclasses.replace(ctx, known_type=category), keywords)


def _emit_group(ctx: EmitContext, keywords: list[str]) -> None:
    for keyword in keywords:
        ctx.compiler.dialect.emitters[keyword](ctx, ctx.schema[keyword])


def _proven_type(ctx: EmitContext) -> str | None:
    """The instance type the fast path has already returned False for violating."""
    declared = ctx.schema.get("type")
    if ctx.mode != "ok" or not isinstance(declared, str):
        return ctx.known_type
    return declared
