"""Named repairs: where a spec says something other than it means, say what it means.

Real specs carry defects that make strict tools reject real payloads (the Vapi spec: JavaScript
regex literals, an `enum` on an array that belongs to its items, `type: object` on a string enum,
`oneOf` branches that overlap). Each rule here is small, named, reported with its location, and
can be switched off. Rules rewrite the documents themselves (copy on write), so models,
validators, docs and `sdkgen lint --fix` all share one meaning.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.errors import Diagnostic
from generator.lowering.tags import infer_tags, variant_shape
from generator.lowering.walk import HTTP_METHODS, iter_schemas
from generator.patterns import PatternError, split_js_literal, translate_pattern
from generator.refs import SpecIndex, join_pointer

Schema = dict[str, Any]


@dataclass(frozen=True, slots=True)
class RuleContext:
    index: SpecIndex
    location: str
    openapi_30: bool  #: OpenAPI 3.0 (JSON Schema draft-4 style) rather than 3.1


#: A rule returns the repaired schema and a message, or None when it does not apply.
Rule = Callable[[Schema, RuleContext], tuple[Schema, str] | None]

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}
_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:PATTERN|REGEX|REGEXP)$")


def without(schema: Schema, *keys: str) -> Schema:
    return {key: value for key, value in schema.items() if key not in keys}


def js_regex_literal(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """`pattern: '/^[a-z]+$/u'` is a JavaScript literal; the pattern is what is between slashes."""
    pattern = schema.get("pattern")
    split = split_js_literal(pattern) if isinstance(pattern, str) else None
    if split is None:
        return None
    body, flags = split
    if set(flags) - {"u"}:
        return None  # other flags change meaning; `untranslatable-pattern` reports it
    return {**schema, "pattern": body}, f"pattern {pattern!r} is a JavaScript literal: {body!r}"


def placeholder_pattern(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """`pattern: ORG_ROLE_PATTERN` names a constant instead of holding it; no value matches it."""
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and _PLACEHOLDER.match(pattern):
        return without(schema, "pattern"), f"pattern {pattern!r} is a placeholder name; dropped"
    return None


def untranslatable_pattern(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    pattern = schema.get("pattern")
    if not isinstance(pattern, str):
        return None
    split = split_js_literal(pattern)
    try:
        translate_pattern(*split) if split else translate_pattern(pattern)
    except PatternError as exc:
        return without(schema, "pattern"), f"pattern dropped: {exc}"  # exc quotes it
    return None


def enum_type(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """`type: enum` beside an `enum` list: not a JSON type. The values say which type it is
    (Vapi wrote this for months at `WorkflowUserEditable.backgroundSound`)."""
    declared = schema.get("type")
    kinds = declared if isinstance(declared, list) else [declared]
    if "enum" not in kinds:
        return None
    inferred = values_type(schema.get("enum"))
    others = [kind for kind in kinds if kind != "enum"]
    if inferred is None:  # no values, or values of several types: the other types, or any
        fixed = others[0] if len(others) == 1 else others or None
    else:
        fixed = inferred if not others else list(dict.fromkeys([inferred, *others]))
    repaired = without(schema, "type") if fixed is None else {**schema, "type": fixed}
    return repaired, f"'enum' is not a JSON type; type inferred from the values: {fixed!r}"


def unknown_type(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """A `type` that is not a JSON type. Swagger 2's `file` is a binary string; any other
    is dropped from the list (no types left: any value)."""
    declared = schema.get("type")
    if known_types(declared):
        return None
    kinds = declared if isinstance(declared, list) else [declared]
    read = ("string" if kind == "file" else kind for kind in kinds)
    fixed = list(dict.fromkeys(kind for kind in read if _is_json_type(kind)))
    repaired = without(schema, "type")
    if fixed:
        repaired["type"] = fixed[0] if len(fixed) == 1 else fixed
    if "file" in kinds and "format" not in schema:
        repaired["format"] = "binary"
    shown = repaired.get("type", "any value")
    return repaired, f"type {declared!r} is not a JSON type; read as {shown!r}"


_KNOWN_TYPES = frozenset({*_JSON_TYPES, "null"})


def _is_json_type(kind: Any) -> bool:
    return isinstance(kind, str) and kind in _KNOWN_TYPES


def known_types(declared: Any) -> bool:
    """No `type`, or only JSON types (`enum` and `file` are not)."""
    if isinstance(declared, list):
        return all(_is_json_type(kind) for kind in declared)
    return declared is None or _is_json_type(declared)


def values_type(enum: Any) -> str | None:
    """The one JSON type of an enum's non-null values (`integer` when all are integral)."""
    if not isinstance(enum, list):
        return None
    kinds = {_json_kind(value) for value in enum if value is not None}
    if kinds == {"number"} and all(isinstance(value, int) for value in enum if value is not None):
        return "integer"
    return kinds.pop() if len(kinds) == 1 else None


def empty_enum(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """`enum: []` allows nothing; what is meant is no constraint."""
    if schema.get("enum") == []:
        return without(schema, "enum"), "empty enum removed (no value could match)"
    return None


def array_enum_on_items(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """An array with an `enum` of strings lists what its items may be, not what it may be."""
    enum = schema.get("enum")
    if schema.get("type") != "array" or not isinstance(enum, list):
        return None
    if not all(isinstance(value, str) for value in enum):
        return None
    items = schema.get("items")
    items = dict(items) if isinstance(items, dict) else {"type": "string"}
    items.setdefault("enum", enum)
    repaired = {**without(schema, "enum"), "items": items}
    return repaired, "enum of strings on an array moved to its items"


def object_typed_enum(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """`type: object` beside an enum of strings: the values are strings."""
    enum = schema.get("enum")
    if schema.get("type") != "object" or not isinstance(enum, list) or not enum:
        return None
    kinds = {_json_kind(value) for value in enum}
    if len(kinds) != 1 or kinds <= {"object", "null"}:
        return None
    (kind,) = kinds
    return {**schema, "type": kind}, f"type 'object' on an enum of {kind} values; type is {kind!r}"


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "null"


def open_enum(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """`oneOf: [{type: string, enum: [...]}, {type: string}]` is an open enum.

    As written, every known value matches both branches and fails "exactly one"; `anyOf` says
    what is meant: any string, some of them known.
    """
    branches = schema.get("oneOf")
    if not isinstance(branches, list) or len(branches) < 2:
        return None
    if not inline_string_branches(branches):
        return None
    if not any(_is_plain_string(branch) for branch in branches):
        return None
    repaired = {**without(schema, "oneOf"), "anyOf": branches}
    return repaired, "oneOf of a string enum and a plain string is an open enum: anyOf"


def inline_string_branches(branches: list[Any]) -> bool:
    """Every branch is written inline (no `$ref`) as `type: string`."""
    return all(isinstance(b, dict) and _is_string_typed(b) and "$ref" not in b for b in branches)


def _is_string_typed(branch: Mapping[str, Any]) -> bool:
    # `type: enum` of strings is a string once `enum-type` has run; the branches' repairs are
    # applied after this parent is examined, so it is read as what it will become.
    kind = branch.get("type")
    return kind == "string" or (kind == "enum" and values_type(branch.get("enum")) == "string")


def _is_plain_string(branch: Mapping[str, Any]) -> bool:
    return not {"enum", "const", "pattern", "maxLength", "minLength"} & set(branch)


def overlapping_one_of(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """Object branches with no distinguishing property: real data matches several of them."""
    branches = schema.get("oneOf")
    if not isinstance(branches, list) or len(branches) < 2 or "discriminator" in schema:
        return None
    shapes = [
        variant_shape(ctx.index, branch, join_pointer(ctx.location, "oneOf", position))
        for position, branch in enumerate(branches)
    ]
    if not all(shape.is_object for shape in shapes) or not isinstance(infer_tags(shapes), str):
        return None
    repaired = {**without(schema, "oneOf"), "anyOf": branches}
    return repaired, "object branches share no distinguishing property; oneOf read as anyOf"


def default_type_mismatch(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    kind = schema.get("type")
    if "default" not in schema or not isinstance(kind, str) or kind not in _JSON_TYPES:
        return None
    default = schema["default"]
    fits = isinstance(default, _JSON_TYPES[kind]) and not (
        isinstance(default, bool) and kind in ("integer", "number")
    )
    if fits or (default is None and schema.get("nullable") is True):
        return None
    return without(schema, "default"), f"default {default!r} is not of type {kind!r}; dropped"


def examples_in_30(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """`examples` is a 3.1 keyword; in 3.0 it is kept as `x-examples`, the first as `example`."""
    examples = schema.get("examples")
    if not ctx.openapi_30 or not isinstance(examples, list):
        return None
    repaired = {**without(schema, "examples"), "x-examples": examples}
    if examples and "example" not in schema:
        repaired["example"] = examples[0]
    return repaired, "'examples' is not an OpenAPI 3.0 keyword; kept as 'x-examples'"


def null_type_in_30(schema: Schema, ctx: RuleContext) -> tuple[Schema, str] | None:
    """`{type: 'null'}` branches are 3.1; in 3.0 the union is `nullable`."""
    if not ctx.openapi_30:
        return None
    for keyword in ("oneOf", "anyOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list) and any(_is_null_type(b) for b in branches):
            kept = [b for b in branches if not _is_null_type(b)]
            repaired = {**schema, keyword: kept, "nullable": True}
            return repaired, f"a {{type: 'null'}} branch of {keyword} is 3.1; made nullable"
    return None


def _is_null_type(branch: Any) -> bool:
    return isinstance(branch, dict) and branch.get("type") == "null"


#: Every schema rule looks at one of these keywords first; rules never mutate their input.
_TRIGGERS = frozenset({"pattern", "enum", "oneOf", "anyOf", "default", "examples"})

#: Schema rules, in the order they run on each schema (later rules see earlier repairs).
SCHEMA_RULES: dict[str, Rule] = {
    "js-regex-literal": js_regex_literal,
    "placeholder-pattern": placeholder_pattern,
    "untranslatable-pattern": untranslatable_pattern,
    "enum-type": enum_type,
    "unknown-type": unknown_type,
    "empty-enum": empty_enum,
    "array-enum-on-items": array_enum_on_items,
    "object-typed-enum": object_typed_enum,
    "open-enum": open_enum,
    "overlapping-one-of": overlapping_one_of,
    "default-type-mismatch": default_type_mismatch,
    "examples-in-3.0": examples_in_30,
    "null-type-in-3.0": null_type_in_30,
}


def repair_schema(
    schema: Schema, ctx: RuleContext, enabled: frozenset[str]
) -> tuple[Schema, list[tuple[str, str]]]:
    """Run the enabled rules on one schema; return it repaired, and (rule, message) pairs."""
    applied: list[tuple[str, str]] = []
    if _TRIGGERS.isdisjoint(schema) and known_types(schema.get("type")):
        return schema, applied  # most schemas: no keyword any rule looks at
    for name, rule in SCHEMA_RULES.items():
        if name in enabled:
            result = rule(schema, ctx)
            if result is not None:
                schema, message = result
                applied.append((name, message))
    return schema, applied


Edit = Callable[[Any], Any]


def schema_repairs(
    index: SpecIndex, enabled: frozenset[str]
) -> tuple[dict[str, Edit], list[Diagnostic]]:
    """An edit for every schema location that needs repair, and what each repairs."""
    openapi_30 = str(index.root.contents.get("openapi", "")).startswith("3.0")
    edits: dict[str, Edit] = {}
    diagnostics: list[Diagnostic] = []
    for location, node in iter_schemas(index):
        ctx = RuleContext(index, location, openapi_30)
        _, applied = repair_schema(node, ctx, enabled)
        if applied:
            edits[location] = functools.partial(_rerun, ctx=ctx, enabled=enabled)
            where = index.display(location)
            diagnostics.extend(Diagnostic(where, rule, message) for rule, message in applied)
    return edits, diagnostics


def _rerun(current: Any, *, ctx: RuleContext, enabled: frozenset[str]) -> Schema:
    # The rules run again on the node as it is when the edit applies: its children may have
    # been repaired by then.
    return repair_schema(current, ctx, enabled)[0]


def _constant(value: Any, _current: Any) -> Any:
    return value


def operation_repairs(
    index: SpecIndex, enabled: frozenset[str]
) -> tuple[dict[str, Edit], list[Diagnostic]]:
    """Parameter-level repairs: `allOf` in place of `schema`, undeclared path parameters."""
    replacements: dict[str, Edit] = {}
    diagnostics: list[Diagnostic] = []
    paths = index.root.contents.get("paths") or {}
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                location = join_pointer("#/paths", path, method)
                fixed, found = _repair_parameters(path, item, operation, enabled)
                if found:
                    edit = functools.partial(_constant, fixed)
                    replacements[join_pointer(location, "parameters")] = edit
                    where = index.display(join_pointer(location, "parameters"))
                    diagnostics.extend(Diagnostic(where, rule, msg) for rule, msg in found)
    return replacements, diagnostics


def _repair_parameters(
    path: str, item: Mapping[str, Any], operation: Mapping[str, Any], enabled: frozenset[str]
) -> tuple[list[Any], list[tuple[str, str]]]:
    parameters = [dict(p) if isinstance(p, dict) else p for p in operation.get("parameters") or ()]
    found: list[tuple[str, str]] = []
    if "parameter-schema-keywords" in enabled:
        for parameter in parameters:
            # Schema keywords written on the parameter itself, beside an empty or absent schema.
            if isinstance(parameter, dict) and not parameter.get("schema") and "allOf" in parameter:
                parameter["schema"] = {"allOf": parameter.pop("allOf")}
                found.append(
                    (
                        "parameter-schema-keywords",
                        f"parameter {parameter.get('name')!r}: allOf moved into 'schema'",
                    )
                )
    if "undeclared-path-parameter" in enabled:
        declared = {
            p.get("name")
            for p in [*parameters, *(item.get("parameters") or ())]
            if isinstance(p, dict) and p.get("in") == "path"
        }
        for name in re.findall(r"{([^{}]+)}", path):
            if name not in declared:
                parameters.append(
                    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                )
                found.append(
                    (
                        "undeclared-path-parameter",
                        f"path parameter {name!r} is not declared; inferred as a string",
                    )
                )
    return parameters, found


OPERATION_RULES = ("parameter-schema-keywords", "undeclared-path-parameter")
ALL_RULES = (*SCHEMA_RULES, *OPERATION_RULES)
