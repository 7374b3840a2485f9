"""Applicator keyword emitters: keywords that apply subschemas (properties, items, allOf, $ref...).

Subschemas on a straight path (``properties``, ``items``, ``allOf``) are inlined.  Subschemas
whose result must be known without failing the enclosing function (``not``, ``if``,
``contains``, union branches in `unions`) and every ``$ref`` target are called as functions,
which is also what makes recursive schemas work.  Code that would check nothing (a property
whose schema is only annotations) is not written at all, so no unused variable is left behind.
"""

from __future__ import annotations

from typing import Any

from generator.validators.context import EmitContext
from generator.validators.errors import SchemaCompileError
from generator.validators.layout import Call, literal, tuple_of
from generator.validators.resolver import Target, escape_token


def target_context(ctx: EmitContext, target: Target) -> EmitContext:
    """Context for a resolved reference target, evaluated on the current instance."""
    scope = ctx.compiler.extend_scope(ctx.scope, target.base)
    return EmitContext(
        ctx.compiler,
        ctx.writer,
        ctx.mode,
        ctx.data,
        ctx.path,
        target.schema,
        target.base,
        target.location,
        scope,
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
            ctx.collect(ctx.compiler.function_name(unit, "err"), ctx.data, None)


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
        key, item = ctx.compiler.string(name), ctx.writer.fresh_name("v")
        body = ctx.writer.sub(1)
        ctx.descend(subschema, f"/properties/{escape_token(name)}", item, key, into=body)
        if body.empty:
            continue
        first = f"{item} = {ctx.data}[{key}]" if body.uses(item) else ""
        ctx.writer.nest(f"if {key} in {ctx.data}:", body, first)


def _loop(ctx: EmitContext, header: str, emit: Any) -> None:
    """``header`` (a for statement) and its body, or nothing if the body checks nothing."""
    body = ctx.writer.sub(1)
    emit(ctx.using(body))
    if not body.empty:
        ctx.writer.line(header)
        ctx.writer.extend(body)


def pattern_properties(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, dict):
        raise ctx.error("patternProperties", "expected an object")
    for pattern in value:
        ctx.compiler.regex(pattern, ctx, "patternProperties")  # reject bad patterns even if true
    checked = {pattern: sub for pattern, sub in value.items() if sub is not True}
    key, item = ctx.writer.fresh_name("k"), ctx.writer.fresh_name("v")

    def each(inner: EmitContext) -> None:
        for pattern, subschema in checked.items():
            compiled = inner.compiler.regex(pattern, inner, "patternProperties")
            body = inner.writer.sub(1)
            pointer = f"/patternProperties/{escape_token(pattern)}"
            inner.using(body).descend(subschema, pointer, item, key)
            if not body.empty:
                inner.writer.line(f"if {compiled}.search({key}) is not None:")
                inner.writer.extend(body)

    _loop(ctx, f"for {key}, {item} in {ctx.data}.items():", each)


def _known_key_conditions(ctx: EmitContext, key: str) -> list[str]:
    """Conditions under which a key is covered by properties/patternProperties."""
    conditions = []
    names = ctx.schema.get("properties")
    if isinstance(names, dict) and names:
        conditions.append(f"{key} in {_key_set(ctx, list(names))}")
    for pattern in ctx.schema.get("patternProperties") or {}:
        compiled = ctx.compiler.regex(pattern, ctx, "patternProperties")
        conditions.append(f"{compiled}.search({key}) is not None")
    return conditions


def _key_set(ctx: EmitContext, names: list[str]) -> str:
    items = [literal(name) for name in sorted(set(names))]
    return ctx.compiler.constant("K", Call("frozenset", tuple_of(items)))


def additional_properties(ctx: EmitContext, value: Any) -> None:
    if value is True:
        return
    if value is False and ctx.mode == "ok" and not ctx.schema.get("patternProperties"):
        _no_additional_keys_fast(ctx)
        return
    key, item = ctx.writer.fresh_name("k"), ctx.writer.fresh_name("v")

    def each(inner: EmitContext) -> None:
        body = inner.writer.sub()
        target = inner.using(body)
        if value is False:
            target.fail("additionalProperties", " is not an allowed property", value=key, key=key)
        else:
            target.descend(value, "/additionalProperties", item, key)
        if body.empty:
            return
        conditions = _known_key_conditions(inner, key)
        if conditions and inner.writer.fits(f"if {' or '.join(conditions)}:"):
            conditions = [" or ".join(conditions)]
        for condition in conditions:
            with inner.writer.block(f"if {condition}:"):
                inner.writer.line("continue")
        inner.writer.extend(body)

    _loop(ctx, f"for {key}, {item} in {ctx.data}.items():", each)


def _no_additional_keys_fast(ctx: EmitContext) -> None:
    """Fast path of ``additionalProperties: false``: one C-level subset test, no Python loop."""
    names = ctx.schema.get("properties")
    if not isinstance(names, dict) or not names:
        ctx.fail_if(ctx.data, "additionalProperties", "")
        return
    known = _key_set(ctx, list(names))
    ctx.fail_if(f"not {ctx.data}.keys() <= {known}", "additionalProperties", "")


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

    def each(inner: EmitContext) -> None:
        body = inner.writer.sub()
        inner.using(body).descend(subschema, pointer, item, index)
        if start and body.uses(item):
            inner.writer.line(f"{item} = {inner.data}[{index}]")
        inner.writer.extend(body)

    _loop(ctx, header, each)


def _positional_items(ctx: EmitContext, keyword: str, subschemas: list[Any]) -> None:
    for position, subschema in enumerate(subschemas):
        if subschema is True:
            continue
        item = ctx.writer.fresh_name("v")
        body = ctx.writer.sub(1)
        pointer = f"/{keyword}/{position}"
        ctx.using(body).descend(subschema, pointer, item, str(position))
        if body.empty:
            continue
        first = f"{item} = {ctx.data}[{position}]" if body.uses(item) else ""
        ctx.writer.nest(f"if len({ctx.data}) > {position}:", body, first)


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
        message = f"array contains fewer than {least} matching items"
        ctx.fail_if(f"{count} < {least!r}", keyword, message, value=None)
    if most is not None:
        message = f"array contains more than {most} matching items"
        ctx.fail_if(f"{count} > {most!r}", "maxContains", message, value=None)


def property_names(ctx: EmitContext, value: Any) -> None:
    key = ctx.writer.fresh_name("k")
    _loop(
        ctx,
        f"for {key} in {ctx.data}:",
        lambda inner: inner.descend(value, "/propertyNames", key, None),
    )


def dependent_schemas(ctx: EmitContext, value: Any, keyword: str = "dependentSchemas") -> None:
    if not isinstance(value, dict):
        raise ctx.error(keyword, "expected an object")
    for trigger, subschema in value.items():
        body = ctx.writer.sub(1)
        pointer = f"/{keyword}/{escape_token(trigger)}"
        ctx.using(body).descend(subschema, pointer, ctx.data, None)
        if not body.empty:
            ctx.writer.line(f"if {ctx.compiler.string(trigger)} in {ctx.data}:")
            ctx.writer.extend(body)


def all_of(ctx: EmitContext, value: Any) -> None:
    for index, subschema in enumerate(schema_list(ctx, "allOf", value)):
        ctx.descend(subschema, f"/allOf/{index}", ctx.data, None)


def not_(ctx: EmitContext, value: Any) -> None:
    message = " must not be valid under the 'not' schema"
    ctx.fail_if(ctx.ok_call(value, "/not"), "not", message)


def if_(ctx: EmitContext, value: Any) -> None:
    branches = []
    for keyword in ("then", "else"):
        body = ctx.writer.sub(1)
        if keyword in ctx.schema:
            inner = ctx.using(body)
            inner.descend(ctx.schema[keyword], f"/{keyword}", ctx.data, None)
        branches.append(body)
    then, otherwise = branches
    if then.empty and otherwise.empty:
        return
    condition = ctx.ok_call(value, "/if")
    if then.empty:
        ctx.writer.line(f"if not {condition}:")
        ctx.writer.extend(otherwise)
        return
    ctx.writer.line(f"if {condition}:")
    ctx.writer.extend(then)
    if not otherwise.empty:
        ctx.writer.line("else:")
        ctx.writer.extend(otherwise)


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
    key, item = ctx.writer.fresh_name("k"), ctx.writer.fresh_name("v")
    body = ctx.writer.sub(3)
    inner = ctx.using(body)
    if value is False:
        inner.fail(keyword, " is not allowed (unevaluated)", value=key, key=key)
    else:
        inner.descend(value, f"/{keyword}", item, key)
    if body.empty:
        return
    ctx.writer.line(f"{evaluated} = {annotate}({ctx.data})")
    with (
        ctx.writer.block(f"if {evaluated} is not True:"),
        ctx.writer.block(f"for {key}, {item} in {pairs}:"),
        ctx.writer.block(f"if {key} not in {evaluated}:"),
    ):
        ctx.writer.extend(body)


def schema_list(ctx: EmitContext, keyword: str, value: Any) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise ctx.error(keyword, "expected a non-empty array of schemas")
    return value
