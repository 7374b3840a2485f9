"""``anyOf`` / ``oneOf``: the fast check, and on failure the errors of one branch only.

Fast path: when every branch pins one property to its own string (``type: {enum: [x]}``, the
way real specs tag their unions), the instance's value of that property leaves at most one
branch that can hold, so only that branch is run (`discriminators.dispatch_table`).  Otherwise
small unions are checked inline and large ones by a runtime loop.

Error path: the errors of the branch a discriminator selects (an OpenAPI ``discriminator`` or
the pinned property), else of the closest branch, never one opaque "not valid under any".
With a pinned property, only the selected branch is run (a large array of invalid tagged
items costs one branch per item), and a tag value no branch pins is one error at the tag.
"""

from __future__ import annotations

from typing import Any

from generator.validators.applicators import schema_list
from generator.validators.context import EmitContext
from generator.validators.discriminators import dispatch_table, report_table
from generator.validators.layout import Pair, Seq, literal, tuple_of

_INLINE_BRANCHES = 3


def any_of(ctx: EmitContext, value: Any) -> None:
    _union(ctx, "anyOf", schema_list(ctx, "anyOf", value))


def one_of(ctx: EmitContext, value: Any) -> None:
    _union(ctx, "oneOf", schema_list(ctx, "oneOf", value))


def _union(ctx: EmitContext, keyword: str, branches: list[Any]) -> None:
    ok = [ctx.function(sub, f"/{keyword}/{i}", "ok") for i, sub in enumerate(branches)]
    dispatch = dispatch_table(ctx, branches)
    condition = _inline_condition(ctx, keyword, ok) if dispatch is None else None
    union = None
    if condition is None:
        union = _table_constant(ctx, "U", dispatch, ok)
        helper = ctx.rt("_one_of" if keyword == "oneOf" else "_any_of")
        condition = f"not {helper}({ctx.data}, {union})"
    with ctx.writer.block(f"if {condition}:"):
        if ctx.mode == "ok":
            ctx.writer.line("return False")
            return
        errs = [ctx.function(sub, f"/{keyword}/{i}", "err") for i, sub in enumerate(branches)]
        tags = _tags_spec(ctx, keyword, dispatch)
        report = _table_constant(ctx, "R", report_table(ctx, branches), errs, tags)
        union = union or _table_constant(ctx, "U", dispatch, ok)
        arguments = [ctx.data, ctx.path, "errors", union, report]
        if keyword == "oneOf":
            spec = ctx.spec("oneOf", " is valid under more than one of the oneOf schemas")
            arguments.append(spec)
        helper = ctx.rt("_report_one_of" if keyword == "oneOf" else "_report_any_of")
        ctx.writer.call(helper, arguments)


def _tags_spec(ctx: EmitContext, keyword: str, dispatch: tuple[str, dict[str, int]] | None) -> str:
    """The error of a tag value no branch has (the tag's value, then this message), or None."""
    if dispatch is None:
        return "None"
    tags = repr(sorted(dispatch[1]))
    tags = tags if len(tags) <= 200 else tags[:197] + "..."
    return ctx.spec(keyword, f" is not one of {tags} (the {keyword}'s tags)")


def _inline_condition(ctx: EmitContext, keyword: str, ok: list[str]) -> str | None:
    """``_ok_a(v) + _ok_b(v) != 1`` for a few branches, when it fits on the line."""
    if len(ok) > _INLINE_BRANCHES:
        return None
    calls = [f"{function}({ctx.data})" for function in ok]
    if keyword == "oneOf":
        condition = " + ".join(calls) + " != 1"
    else:
        condition = ctx.negate(" or ".join(calls))
    return condition if ctx.writer.fits(f"if {condition}:") else None


def _table_constant(
    ctx: EmitContext,
    stem: str,
    table: tuple[str, dict[str, int]] | None,
    functions: list[str],
    *more: str,
) -> str:
    """Module constant ``(tag, {value: branch index}, (branch functions...), *more)``."""
    tag, mapping = ("None", "None") if table is None else _tag_and_mapping(*table)
    branches = tuple_of(list(functions))
    return ctx.compiler.constant(stem, tuple_of([tag, mapping, branches, *more]), late=True)


def _tag_and_mapping(tag: str, mapping: dict[str, int]) -> tuple[str, Seq]:
    pairs = tuple(Pair(literal(value), str(index)) for value, index in sorted(mapping.items()))
    return str(literal(tag)), Seq("{", "}", pairs)
