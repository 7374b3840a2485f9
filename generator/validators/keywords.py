"""Assertion keyword emitters (type, enum, lengths, bounds, ...) and the per-dialect tables.

Each emitter is named after its keyword and has the signature ``(ctx, value) -> None``; it
writes a check of ``ctx.data`` and calls ``ctx.fail`` when it does not hold.  Schema values reach
the generated code only through `layout.literal` (i.e. ``py_str``), never by concatenation.
`DIALECTS` lists, alphabetically, every keyword each dialect asserts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.validators import applicators as app
from generator.validators import unions
from generator.validators.context import GUARDS, EmitContext, Emitter
from generator.validators.layout import Call, flat, literal, tuple_of

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


_TYPE_MESSAGES = {name: f" is not of type {name!r}" for name in GUARDS}


def _string_set(ctx: EmitContext, values: list[str]) -> str:
    items = [literal(value) for value in sorted(set(values))]
    return ctx.compiler.constant("K", Call("frozenset", tuple_of(items)))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _natural(ctx: EmitContext, keyword: str, value: Any) -> int:
    integral = _is_number(value) and float(value).is_integer()
    if not integral or value < 0:
        raise ctx.error(keyword, f"expected a non-negative integer, got {value!r}")
    return int(value)


def type_(ctx: EmitContext, value: Any) -> None:
    if isinstance(value, str) and value in GUARDS:  # the usual single type, straight
        message = _TYPE_MESSAGES[value]
        ctx.fail_if(ctx.negate(ctx.guard(value, room=12)), "type", message)
        return
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(n in GUARDS for n in names):
        raise ctx.error("type", f"unknown type {value!r}")
    expected = ", ".join(repr(name) for name in names)
    message = f" is not of type {expected}"
    if len(names) == 1:
        ctx.fail_if(ctx.negate(ctx.guard(names[0], room=12)), "type", message)
        return
    condition = " or ".join(ctx.guard(name, room=0) for name in names)
    if not ctx.writer.fits(f"if not ({condition}):"):
        if ctx.compiler.dialect.name == "openapi-3.0":  # draft 4: 1.0 is no integer
            names = ["draft4-integer" if name == "integer" else name for name in names]
        kinds = ctx.compiler.constant("T", tuple_of([literal(name) for name in names]))
        condition = f"{ctx.rt('_is_type')}({ctx.data}, {kinds})"
    ctx.fail_if(ctx.negate(condition), "type", message)


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
            condition = f"{data} != {ctx.compiler.string(values[0])}"
        else:
            condition = f"{data} not in {_string_set(ctx, values)}"
        if ctx.known_type != "string":
            condition = f"not isinstance({data}, str) or {condition}"
    else:
        options = ctx.compiler.constant("V", tuple_of([literal(v) for v in values]))
        condition = f"not {ctx.rt('_in_enum')}({data}, {options})"
    ctx.fail_if(condition, keyword, message)


def max_length(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "maxLength", value)
    ctx.fail_if(f"len({ctx.data}) > {limit}", "maxLength", f" is too long (maxLength {limit})")


def min_length(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "minLength", value)
    ctx.fail_if(f"len({ctx.data}) < {limit}", "minLength", f" is too short (minLength {limit})")


def pattern(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, str):
        raise ctx.error("pattern", "expected a string")
    compiled = ctx.compiler.regex(value, ctx, "pattern")
    ctx.fail_if(f"{compiled}.search({ctx.data}) is None", "pattern", f" does not match {value!r}")


def format_(ctx: EmitContext, value: Any) -> None:
    function = FORMAT_FUNCTIONS.get(value) if isinstance(value, str) else None
    if function is None or not ctx.compiler.dialect.format_assertion:
        return
    ctx.fail_if(f"not {ctx.rt(function)}({ctx.data})", "format", f" is not a valid {value!r}")


def _bound(ctx: EmitContext, keyword: str, value: Any, operator: str, text: str) -> None:
    if not _is_number(value):
        raise ctx.error(keyword, f"expected a number, got {value!r}")
    bound = flat(literal(value))
    ctx.fail_if(f"{ctx.data} {operator} {bound}", keyword, f" is {text} {value!r}")


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
        f"not {ctx.rt('_multiple_of')}({ctx.data}, {flat(literal(value))})",
        "multipleOf",
        f" is not a multiple of {value!r}",
    )


def max_items(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "maxItems", value)
    message = f"array has more than {limit} items"
    ctx.fail_if(f"len({ctx.data}) > {limit}", "maxItems", message, value=None)


def min_items(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "minItems", value)
    message = f"array has fewer than {limit} items"
    ctx.fail_if(f"len({ctx.data}) < {limit}", "minItems", message, value=None)


def unique_items(ctx: EmitContext, value: Any) -> None:
    if value is True:
        condition = f"not {ctx.rt('_unique')}({ctx.data})"
        ctx.fail_if(condition, "uniqueItems", "array items are not unique", value=None)


def max_properties(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "maxProperties", value)
    message = f"object has more than {limit} properties"
    ctx.fail_if(f"len({ctx.data}) > {limit}", "maxProperties", message, value=None)


def min_properties(ctx: EmitContext, value: Any) -> None:
    limit = _natural(ctx, "minProperties", value)
    message = f"object has fewer than {limit} properties"
    ctx.fail_if(f"len({ctx.data}) < {limit}", "minProperties", message, value=None)


def required(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ctx.error("required", "expected an array of strings")
    _require(ctx, "required", value)


def _require(ctx: EmitContext, keyword: str, names: list[str]) -> None:
    if ctx.mode == "ok" and names:
        tests = [f"{ctx.compiler.string(name)} not in {ctx.data}" for name in names]
        condition = " or ".join(tests)
        if len(names) > 3 or not ctx.writer.fits(f"if {condition}:"):
            condition = f"not {ctx.data}.keys() >= {_string_set(ctx, names)}"
        ctx.fail_if(condition, keyword, "")
        return
    for name in names:
        ctx.fail_if(
            f"{ctx.compiler.string(name)} not in {ctx.data}",
            keyword,
            f"{name!r} is a required property",
            value=None,
        )


def dependent_required(ctx: EmitContext, value: Any) -> None:
    if not isinstance(value, dict):
        raise ctx.error("dependentRequired", "expected an object")
    for trigger, names in value.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ctx.error("dependentRequired", f"{trigger!r}: expected an array of strings")
        if names:
            with ctx.writer.block(f"if {ctx.compiler.string(trigger)} in {ctx.data}:"):
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
    "anyOf": unions.any_of,
    "enum": enum,
    "maxItems": max_items,
    "maxLength": max_length,
    "maxProperties": max_properties,
    "minItems": min_items,
    "minLength": min_length,
    "minProperties": min_properties,
    "multipleOf": multiple_of,
    "not": app.not_,
    "oneOf": unions.one_of,
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
