"""Applicator keyword emitters: keywords that apply subschemas (properties, items, allOf, $ref...).

Subschemas on a straight path (``properties``, ``items``, ``allOf``) are inlined.  Subschemas
whose result must be known without failing the enclosing function (``anyOf``/``oneOf``
branches, ``not``, ``if``, ``contains``) and every ``$ref`` target are called as functions,
which is also what makes recursive schemas work.  On the error path a failing ``anyOf``/``oneOf``
reports the errors of one branch only: the one a discriminator selects, else the closest.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.validators.context import EmitContext
from generator.validators.discriminators import choose_branch
from generator.validators.errors import SchemaCompileError
from generator.validators.resolver import Target, escape_token


def target_context(ctx: EmitContext, target: Target) -> EmitContext:
    """Context for a resolved reference target, evaluated on the current instance."""
    return dataclasses.replace(
        ctx,
        schema=target.schema,
        base=target.base,
        location=target.location,
        scope=ctx.compiler.extend_scope(ctx.scope, target.base),
        known_type=None,
    )


def lookup(ctx: EmitContext, keyword: str, ref: Any) -> Target:
    if not isinstance(ref, str):
        raise ctx.error(keyword, "expected a string")
    try:
        return ctx.compiler.index.lookup(ref, ctx.base)
    except SchemaCompileError as error:
        raise ctx.error(keyword, str(error)) from None


def resolve_dynamic(ctx: EmitContext, ref: Any) -> Target:
    """Resolve ``$dynamicRef`` statically: the outermost dynamic scope entry with the anchor."""
    target = lookup(ctx, "$dynamicRef", ref)
    fragment = ref.partition("#")[2]
    if not isinstance(target.schema, dict) or target.schema.get("$dynamicAnchor") != fragment:
        return target  # no matching dynamic anchor at the initial target: behaves like $ref
    for resource in ctx.scope:
        if fragment in ctx.compiler.index.dynamic_anchors(resource):
            return ctx.compiler.index.lookup("#" + fragment, resource)
    return target


def call_target(ctx: EmitContext, target: Target) -> None:
    """Check the instance against a reference target through the target's functions."""
    if target.schema is True:
        return
    unit = ctx.compiler.unit_for(target_context(ctx, target))
    ok = ctx.compiler.function_name(unit, "ok")
    with ctx.writer.block(f"if not {ok}({ctx.data}):"):
        if ctx.mode == "ok":
            ctx.writer.line("return False")
        else:
            err = ctx.compiler.function_name(unit, "err")
            ctx.writer.line(f"{err}({ctx.data}, {ctx.path_expr()}, errors)")


def ref(ctx: EmitContext, value: Any) -> None:
    call_target(ctx, lookup(ctx, "$ref", value))


def dynamic_ref(ctx: EmitContext, value: Any) -> None:
    call_target(ctx, resolve_dynamic(ctx, value))


def properties(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, dict):
        raise ctx.error("properties", "expected an object")
    for name, subschema in value.items():
        if subschema is True:
            continue
        with ctx.writer.block(f"if {name!r} in {ctx.data}:"):
            item = ctx.writer.fresh_name("v")
            ctx.writer.line(f"{item} = {ctx.data}[{name!r}]")
            ctx.descend(subschema, f"/properties/{escape_token(name)}", item, repr(name))


def pattern_properties(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, dict):
        raise ctx.error("patternProperties", "expected an object")
    checked = {pattern: sub for pattern, sub in value.items() if sub is not True}
    for pattern in value:
        ctx.compiler.regex(pattern, ctx, "patternProperties")  # reject bad patterns even if true
    if not checked:
        return
    key, item = ctx.writer.fresh_name("k"), ctx.writer.fresh_name("v")
    with ctx.writer.block(f"for {key}, {item} in {ctx.data}.items():"):
        for pattern, subschema in checked.items():
            compiled = ctx.compiler.regex(pattern, ctx, "patternProperties")
            with ctx.writer.block(f"if {compiled}.search({key}) is not None:"):
                pointer = f"/patternProperties/{escape_token(pattern)}"
                ctx.descend(subschema, pointer, item, key)


def _known_key_conditions(ctx: EmitContext, key: str) -> list[str]:
    """Conditions under which a key is covered by properties/patternProperties."""
    conditions = []
    names = ctx.schema.get("properties")
    if isinstance(names, dict) and names:
        items = ", ".join(repr(name) for name in sorted(names))
        conditions.append(f"{key} in {ctx.compiler.constant('K', f'frozenset(({items},))')}")
    for pattern in ctx.schema.get("patternProperties") or {}:
        compiled = ctx.compiler.regex(pattern, ctx, "patternProperties")
        conditions.append(f"{compiled}.search({key}) is not None")
    return conditions


def additional_properties(ctx: EmitContext, value: Any) -> None:
    if value is True:
        return
    if value is False and ctx.mode == "ok" and not ctx.schema.get("patternProperties"):
        _no_additional_keys_fast(ctx)
        return
    key, item = ctx.writer.fresh_name("k"), ctx.writer.fresh_name("v")
    conditions = _known_key_conditions(ctx, key)
    with ctx.writer.block(f"for {key}, {item} in {ctx.data}.items():"):
        if conditions:
            ctx.writer.line(f"if {' or '.join(conditions)}:")
            ctx.writer.line("    continue")
        if value is False:
            message = f"'property ' + _r({key}) + ' is not allowed (additionalProperties)'"
            ctx.fail("additionalProperties", message, segment=key)
        else:
            ctx.descend(value, "/additionalProperties", item, key)


def _no_additional_keys_fast(ctx: EmitContext) -> None:
    """Fast path of ``additionalProperties: false``: one C-level subset test, no Python loop."""
    names = ctx.schema.get("properties")
    if not isinstance(names, dict) or not names:
        ctx.fail_if(f"{ctx.data}", "additionalProperties", "''")
        return
    items = ", ".join(repr(name) for name in sorted(names))
    known = ctx.compiler.constant("K", f"frozenset(({items},))")
    ctx.fail_if(f"not {ctx.data}.keys() <= {known}", "additionalProperties", "''")


def _each_item(ctx: EmitContext, subschema: Any, pointer: str, start: int) -> None:
    """Apply `subschema` to every array item from index `start` on."""
    if subschema is True:
        return
    index, item = ctx.writer.fresh_name("i"), ctx.writer.fresh_name("v")
    if start:
        header = f"for {index} in range({start}, len({ctx.data})):"
    elif ctx.mode == "ok":  # the fast path never reports the index
        header = f"for {item} in {ctx.data}:"
    else:
        header = f"for {index}, {item} in enumerate({ctx.data}):"
    with ctx.writer.block(header):
        if start:
            ctx.writer.line(f"{item} = {ctx.data}[{index}]")
        ctx.descend(subschema, pointer, item, index)


def _positional_items(ctx: EmitContext, keyword: str, subschemas: list[Any]) -> None:
    for position, subschema in enumerate(subschemas):
        if subschema is True:
            continue
        with ctx.writer.block(f"if len({ctx.data}) > {position}:"):
            item = ctx.writer.fresh_name("v")
            ctx.writer.line(f"{item} = {ctx.data}[{position}]")
            ctx.descend(subschema, f"/{keyword}/{position}", item, str(position))


def items_draft4(ctx: EmitContext, value: Any) -> None:
    if isinstance(value, list):
        _positional_items(ctx, "items", value)
    else:
        _each_item(ctx, value, "/items", 0)


def additional_items(ctx: EmitContext, value: Any) -> None:
    positional = ctx.schema.get("items")
    if isinstance(positional, list):
        _each_item(ctx, value, "/additionalItems", len(positional))


def items(ctx: EmitContext, value: Any) -> None:
    prefix = ctx.schema.get("prefixItems")
    _each_item(ctx, value, "/items", len(prefix) if isinstance(prefix, list) else 0)


def prefix_items(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, list):
        raise ctx.error("prefixItems", "expected an array")
    _positional_items(ctx, "prefixItems", value)


def contains(ctx: EmitContext, value: Any) -> None:
    least = ctx.schema.get("minContains", 1)
    most = ctx.schema.get("maxContains")
    count, item = ctx.writer.fresh_name("n"), ctx.writer.fresh_name("v")
    ctx.writer.line(f"{count} = 0")
    with ctx.writer.block(f"for {item} in {ctx.data}:"):
        ctx.writer.line(f"{count} += {ctx.ok_call(value, '/contains', item)}")
    if least > 0:
        keyword = "minContains" if "minContains" in ctx.schema else "contains"
        ctx.fail_if(
            f"{count} < {least!r}", keyword, f"'array contains fewer than {least} matching items'"
        )
    if most is not None:
        ctx.fail_if(
            f"{count} > {most!r}",
            "maxContains",
            f"'array contains more than {most} matching items'",
        )


def property_names(ctx: EmitContext, value: Any) -> None:
    key = ctx.writer.fresh_name("k")
    with ctx.writer.block(f"for {key} in {ctx.data}:"):
        ctx.descend(value, "/propertyNames", key, None)


def dependent_schemas(ctx: EmitContext, value: Any, keyword: str = "dependentSchemas") -> None:
    if not isinstance(value, dict):
        raise ctx.error(keyword, "expected an object")
    for trigger, subschema in value.items():
        with ctx.writer.block(f"if {trigger!r} in {ctx.data}:"):
            ctx.descend(subschema, f"/{keyword}/{escape_token(trigger)}", ctx.data, None)


def all_of(ctx: EmitContext, value: Any) -> None:
    for index, subschema in enumerate(_schema_list(ctx, "allOf", value)):
        ctx.descend(subschema, f"/allOf/{index}", ctx.data, None)


def any_of(ctx: EmitContext, value: Any) -> None:
    branches = _schema_list(ctx, "anyOf", value)
    calls = " or ".join(ctx.ok_call(sub, f"/anyOf/{i}") for i, sub in enumerate(branches))
    if ctx.mode == "ok":
        ctx.fail_if(f"not ({calls})", "anyOf", "''")
        return
    with ctx.writer.block(f"if not ({calls}):"):
        _report_branches(ctx, "anyOf", branches)


def one_of(ctx: EmitContext, value: Any) -> None:
    branches = _schema_list(ctx, "oneOf", value)
    calls = " + ".join(ctx.ok_call(sub, f"/oneOf/{i}") for i, sub in enumerate(branches))
    if ctx.mode == "ok":
        ctx.fail_if(f"{calls} != 1", "oneOf", "''")
        return
    count = ctx.writer.fresh_name("n")
    ctx.writer.line(f"{count} = {calls}")
    with ctx.writer.block(f"if {count} == 0:"):
        _report_branches(ctx, "oneOf", branches)
    with ctx.writer.block(f"elif {count} > 1:"):
        ctx.fail("oneOf", ctx.describe(" is valid under more than one of the oneOf schemas"))


def _report_branches(ctx: EmitContext, keyword: str, branches: list[Any]) -> None:
    functions = [ctx.err_function(sub, f"/{keyword}/{i}") for i, sub in enumerate(branches)]
    chosen = choose_branch(ctx, branches)
    ctx.writer.line(
        f"_report_branches({ctx.data}, {ctx.path_expr()}, errors, ({', '.join(functions)},),"
        f" {chosen})"
    )


def not_(ctx: EmitContext, value: Any) -> None:
    ctx.fail_if(
        ctx.ok_call(value, "/not"), "not", ctx.describe(" must not be valid under the 'not' schema")
    )


def if_(ctx: EmitContext, value: Any) -> None:
    then, otherwise = ctx.schema.get("then"), ctx.schema.get("else")
    if then is None and otherwise is None:
        return
    with ctx.writer.block(f"if {ctx.ok_call(value, '/if')}:"):
        if then is not None:
            ctx.descend(then, "/then", ctx.data, None)
    if otherwise is not None:
        with ctx.writer.block("else:"):
            ctx.descend(otherwise, "/else", ctx.data, None)


def unevaluated_properties(ctx: EmitContext, value: Any) -> None:
    _unevaluated(ctx, "unevaluatedProperties", value, "props_local", f"{ctx.data}.items()")


def unevaluated_items(ctx: EmitContext, value: Any) -> None:
    _unevaluated(ctx, "unevaluatedItems", value, "items_local", f"enumerate({ctx.data})")


def _unevaluated(ctx: EmitContext, keyword: str, value: Any, mode: Any, pairs: str) -> None:
    """Apply `value` to the keys/indices no adjacent or in-place keyword evaluated."""
    if value is True:
        return
    evaluated = ctx.writer.fresh_name("ev")
    annotate = ctx.compiler.function_name(ctx.compiler.unit_for(ctx), mode)
    ctx.writer.line(f"{evaluated} = {annotate}({ctx.data})")
    key, item = ctx.writer.fresh_name("k"), ctx.writer.fresh_name("v")
    with (
        ctx.writer.block(f"if {evaluated} is not True:"),
        ctx.writer.block(f"for {key}, {item} in {pairs}:"),
        ctx.writer.block(f"if {key} not in {evaluated}:"),
    ):
        if value is False:
            message = f"_r({key}) + ' is not allowed ({keyword})'"
            ctx.fail(keyword, message, segment=key)
        else:
            ctx.descend(value, f"/{keyword}", item, key)


def _schema_list(ctx: EmitContext, keyword: str, value: Any) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise ctx.error(keyword, "expected a non-empty array of schemas")
    return value
