"""Assertion keyword emitters (type, enum, lengths, bounds, ...) and the per-dialect tables.

Each emitter is named after its keyword and has the signature ``(ctx, value) -> None``; it
writes a check of ``ctx.data`` and calls ``ctx.fail`` when it does not hold.  Schema values reach
the generated code only through `literal` (i.e. ``repr()``), never by string concatenation.
`DIALECTS` lists, alphabetically, every keyword each dialect asserts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from generator.validators import applicators as app
from generator.validators.context import GUARDS, EmitContext, Emitter

#: Formats asserted when format assertion is on, and the runtime function checking each.
#: Any other format (int32, binary, hostname, ...) is an annotation only.
FORMAT_FUNCTIONS: Mapping[str, str] = {
    "date": "_fmt_date",
    "date-time": "_fmt_date_time",
    "email": "_fmt_email",
    "ipv4": "_fmt_ipv4",
    "ipv6": "_fmt_ipv6",
    "time": "_fmt_time",
    "uri": "_fmt_uri",
    "uuid": "_fmt_uuid",
}


def literal(value: Any) -> str:
    """Python source for a JSON value, built from repr() only (safe for any string content)."""
    if value is None or isinstance(value, (bool, int, str)):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f"float({repr(value)!r})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return "{" + ", ".join(f"{key!r}: {literal(item)}" for key, item in value.items()) + "}"
    raise TypeError(f"not a JSON value: {value!r}")


def _string_set(ctx: EmitContext, values: list[str]) -> str:
    items = ", ".join(repr(value) for value in sorted(set(values)))
    return ctx.compiler.constant("K", f"frozenset(({items},))")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _natural(ctx: EmitContext, keyword: str, value: Any) -> int:
    integral = _is_number(value) and float(value).is_integer()
    if not integral or value < 0:
        raise ctx.error(keyword, f"expected a non-negative integer, got {value!r}")
    return int(value)


def type_(ctx: EmitContext, value: Any) -> None:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(n in GUARDS for n in names):
        raise ctx.error("type", f"unknown type {value!r}")
    condition = " or ".join(ctx.guard(name) for name in names)
    expected = ", ".join(repr(name) for name in names)
    ctx.fail_if(f"not ({condition})", "type", ctx.describe(f" is not of type {expected}"))


def enum(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, list):
        raise ctx.error("enum", "expected an array")
    _one_of_values(ctx, "enum", value, f" is not one of {_short_repr(value)}")


def const(ctx: EmitContext, value: Any) -> None:
    _one_of_values(ctx, "const", [value], f" is not {_short_repr(value)}")


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _one_of_values(ctx: EmitContext, keyword: str, values: list[Any], message: str) -> None:
    data = ctx.data
    if values and all(isinstance(v, str) for v in values):
        if len(values) == 1:
            condition = f"{data} != {values[0]!r}"
        else:
            condition = f"{data} not in {_string_set(ctx, values)}"
        if ctx.known_type != "string":
            condition = f"not isinstance({data}, str) or {condition}"
    else:
        options = ctx.compiler.constant("V", "(" + "".join(literal(v) + ", " for v in values) + ")")
        condition = f"not _in_enum({data}, {options})"
    ctx.fail_if(condition, keyword, ctx.describe(message))


def max_length(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "maxLength", value)
    ctx.fail_if(
        f"len({ctx.data}) > {limit}", "maxLength", ctx.describe(f" is too long (maxLength {limit})")
    )


def min_length(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "minLength", value)
    ctx.fail_if(
        f"len({ctx.data}) < {limit}",
        "minLength",
        ctx.describe(f" is too short (minLength {limit})"),
    )


def pattern(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, str):
        raise ctx.error("pattern", "expected a string")
    compiled = ctx.compiler.regex(value, ctx, "pattern")
    ctx.fail_if(
        f"{compiled}.search({ctx.data}) is None",
        "pattern",
        ctx.describe(f" does not match {value!r}"),
    )


def format_(ctx: EmitContext, value: Any) -> None:
    function = FORMAT_FUNCTIONS.get(value) if isinstance(value, str) else None
    if function is None or not ctx.compiler.dialect.format_assertion:
        return
    ctx.fail_if(f"not {function}({ctx.data})", "format", ctx.describe(f" is not a valid {value!r}"))


def _bound(ctx: EmitContext, keyword: str, value: Any, operator: str, text: str) -> None:
    if not _is_number(value):
        raise ctx.error(keyword, f"expected a number, got {value!r}")
    ctx.fail_if(
        f"{ctx.data} {operator} {literal(value)}", keyword, ctx.describe(f" is {text} {value!r}")
    )


def minimum(ctx: EmitContext, value: Any) -> None:
    _bound(ctx, "minimum", value, "<", "less than the minimum of")


def maximum(ctx: EmitContext, value: Any) -> None:
    _bound(ctx, "maximum", value, ">", "greater than the maximum of")


def exclusive_minimum(ctx: EmitContext, value: Any) -> None:
    _bound(ctx, "exclusiveMinimum", value, "<=", "less than or equal to the exclusive minimum")


def exclusive_maximum(ctx: EmitContext, value: Any) -> None:
    _bound(ctx, "exclusiveMaximum", value, ">=", "greater than or equal to the exclusive maximum")


def minimum_draft4(ctx: EmitContext, value: Any) -> None:
    """Draft 4 / OpenAPI 3.0: a boolean ``exclusiveMinimum`` sibling makes the bound strict."""
    if ctx.schema.get("exclusiveMinimum") is True:
        exclusive_minimum(ctx, value)
    else:
        minimum(ctx, value)


def maximum_draft4(ctx: EmitContext, value: Any) -> None:
    if ctx.schema.get("exclusiveMaximum") is True:
        exclusive_maximum(ctx, value)
    else:
        maximum(ctx, value)


def exclusive_bound_draft4(ctx: EmitContext, value: Any) -> None:
    """The boolean exclusiveMinimum/Maximum is read by minimum/maximum; it checks nothing alone."""
    if not isinstance(value, bool):
        raise ctx.error("exclusiveMinimum", "draft 4 expects a boolean")


def multiple_of(ctx: EmitContext, value: Any) -> None:
    if not _is_number(value) or value <= 0:
        raise ctx.error("multipleOf", f"expected a positive number, got {value!r}")
    ctx.fail_if(
        f"not _multiple_of({ctx.data}, {literal(value)})",
        "multipleOf",
        ctx.describe(f" is not a multiple of {value!r}"),
    )


def max_items(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "maxItems", value)
    ctx.fail_if(f"len({ctx.data}) > {limit}", "maxItems", f"'array has more than {limit} items'")


def min_items(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "minItems", value)
    ctx.fail_if(f"len({ctx.data}) < {limit}", "minItems", f"'array has fewer than {limit} items'")


def unique_items(ctx: EmitContext, value: Any) -> None:
    if value is True:
        ctx.fail_if(f"not _unique({ctx.data})", "uniqueItems", "'array items are not unique'")


def max_properties(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "maxProperties", value)
    ctx.fail_if(
        f"len({ctx.data}) > {limit}", "maxProperties", f"'object has more than {limit} properties'"
    )


def min_properties(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "minProperties", value)
    ctx.fail_if(
        f"len({ctx.data}) < {limit}", "minProperties", f"'object has fewer than {limit} properties'"
    )


def required(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ctx.error("required", "expected an array of strings")
    _require(ctx, "required", value)


def _require(ctx: EmitContext, keyword: str, names: list[str]) -> None:
    if ctx.mode == "ok" and names:
        condition = " or ".join(f"{name!r} not in {ctx.data}" for name in names)
        ctx.fail_if(condition, keyword, "''")
        return
    for name in names:
        ctx.fail_if(
            f"{name!r} not in {ctx.data}", keyword, repr(f"{name!r} is a required property")
        )


def dependent_required(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, dict):
        raise ctx.error("dependentRequired", "expected an object")
    for trigger, names in value.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ctx.error("dependentRequired", f"{trigger!r}: expected an array of strings")
        if names:
            with ctx.writer.block(f"if {trigger!r} in {ctx.data}:"):
                _require(ctx, "dependentRequired", names)


def dependencies(ctx: EmitContext, value: Any) -> None:
    """Draft 4 ``dependencies``: arrays are dependentRequired, schemas are dependentSchemas."""
    if not isinstance(value, dict):
        raise ctx.error("dependencies", "expected an object")
    for trigger, dependency in value.items():
        if isinstance(dependency, list):
            dependent_required(ctx, {trigger: dependency})
        else:
            app.dependent_schemas(ctx, {trigger: dependency}, keyword="dependencies")


_COMMON: Mapping[str, Emitter] = {
    "additionalProperties": app.additional_properties,
    "allOf": app.all_of,
    "anyOf": app.any_of,
    "enum": enum,
    "maxItems": max_items,
    "maxLength": max_length,
    "maxProperties": max_properties,
    "minItems": min_items,
    "minLength": min_length,
    "minProperties": min_properties,
    "multipleOf": multiple_of,
    "not": app.not_,
    "oneOf": app.one_of,
    "pattern": pattern,
    "patternProperties": app.pattern_properties,
    "properties": app.properties,
    "required": required,
    "uniqueItems": unique_items,
}

#: Keyword -> emitter per dialect.  "type" comes first so later guards can rely on it.
DIALECTS: Mapping[str, Mapping[str, Emitter]] = {
    "openapi-3.0": {
        "type": type_,
        "$ref": app.ref,
        **_COMMON,
        "additionalItems": app.additional_items,
        "dependencies": dependencies,
        "exclusiveMaximum": exclusive_bound_draft4,
        "exclusiveMinimum": exclusive_bound_draft4,
        "format": format_,
        "items": app.items_draft4,
        "maximum": maximum_draft4,
        "minimum": minimum_draft4,
    },
    "2020-12": {
        "type": type_,
        "$dynamicRef": app.dynamic_ref,
        "$ref": app.ref,
        **_COMMON,
        "const": const,
        "contains": app.contains,
        "dependentRequired": dependent_required,
        "dependentSchemas": app.dependent_schemas,
        "exclusiveMaximum": exclusive_maximum,
        "exclusiveMinimum": exclusive_minimum,
        "format": format_,
        "if": app.if_,
        "items": app.items,
        "maximum": maximum,
        "minimum": minimum,
        "prefixItems": app.prefix_items,
        "propertyNames": app.property_names,
        "unevaluatedItems": app.unevaluated_items,
        "unevaluatedProperties": app.unevaluated_properties,
    },
}

#: The instance type each keyword applies to (keywords not listed apply to every instance).
CATEGORIES: Mapping[str, str] = {
    **dict.fromkeys(("maxLength", "minLength", "pattern", "format"), "string"),
    **dict.fromkeys(
        ("maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf"), "number"
    ),
    **dict.fromkeys(
        (
            "additionalItems",
            "contains",
            "items",
            "maxItems",
            "minItems",
            "prefixItems",
            "uniqueItems",
            "unevaluatedItems",
        ),
        "array",
    ),
    **dict.fromkeys(
        (
            "additionalProperties",
            "dependencies",
            "dependentRequired",
            "dependentSchemas",
            "maxProperties",
            "minProperties",
            "patternProperties",
            "properties",
            "propertyNames",
            "required",
            "unevaluatedProperties",
        ),
        "object",
    ),
}
