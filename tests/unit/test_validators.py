"""Generated validators: behaviour per dialect, error reports, injection safety, determinism."""

from __future__ import annotations

import ast
import io
import json
import os
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.render.literals import py_str
from generator.validators import (
    SchemaCompileError,
    ValidationError,
    compile_module,
    compile_schema,
    layout,
)
from generator.validators.codewriter import CodeWriter, LineTooLongError
from generator.validators.runtime import runtime_namespace

REPO_ROOT = Path(__file__).resolve().parents[2]
VAPI_SPEC = REPO_ROOT.parent / "shared" / "specs" / "vapi" / "vapi-2026-06-10.json"
SEED_ROOT = {"UpdateByoPhoneNumberDTO": "#/components/schemas/UpdateByoPhoneNumberDTO"}


def _vapi_document() -> Any:
    if not VAPI_SPEC.is_file():
        message = f"Vapi spec not found at {VAPI_SPEC} (the ../shared checkout)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return json.loads(VAPI_SPEC.read_text(encoding="utf-8"))


def _load(source: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    return namespace


def _where(errors: list[ValidationError]) -> list[tuple[str, str]]:
    return [(error.path, error.keyword) for error in errors]


# --- error reports -------------------------------------------------------------------------------


def test_all_errors_are_reported_with_paths_and_schema_paths() -> None:
    schema = {
        "type": "object",
        "properties": {
            "id": {},
            "name": {"type": "string", "maxLength": 3},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["id"],
        "additionalProperties": False,
    }
    validator = compile_schema(schema, dialect="openapi-3.0")
    errors = validator.validate({"name": "abcd", "tags": ["a", 1], "x/y": 0})
    assert sorted(_where(errors)) == [
        ("", "required"),
        ("/name", "maxLength"),
        ("/tags/1", "type"),
        ("/x~1y", "additionalProperties"),
    ]
    by_keyword = {error.keyword: error for error in errors}
    assert by_keyword["maxLength"].schema_path == "#/properties/name/maxLength"
    assert str(by_keyword["maxLength"]) == "/name: 'abcd' is too long (maxLength 3)"
    assert str(by_keyword["required"]) == "'id' is a required property"
    assert not validator.is_valid({"name": "abcd"})
    assert validator.validate({"id": 1, "name": "abc"}) == []


def test_one_of_reports_the_branch_a_pinned_property_selects() -> None:
    schema = {
        "oneOf": [
            {"type": "object", "properties": {"on": {"enum": ["ring"]}, "n": {"type": "integer"}}},
            {"type": "object", "properties": {"on": {"const": "end"}, "n": {"type": "string"}}},
        ]
    }
    validator = compile_schema(schema, dialect="2020-12")
    assert _where(validator.validate({"on": "end", "n": 5})) == [("/n", "type")]
    assert validator.validate({"on": "end", "n": 5})[0].schema_path == "#/oneOf/1/properties/n/type"
    assert _where(validator.validate({"on": "ring", "n": "x"})) == [("/n", "type")]


def test_one_of_uses_openapi_discriminator_mapping() -> None:
    document = {
        "components": {
            "schemas": {
                "Pet": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Cat"},
                        {"$ref": "#/components/schemas/Dog"},
                    ],
                    "discriminator": {
                        "propertyName": "kind",
                        "mapping": {"c": "#/components/schemas/Cat"},
                    },
                },
                "Cat": {
                    "type": "object",
                    "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}},
                },
                "Dog": {
                    "type": "object",
                    "properties": {"kind": {"type": "string"}, "bark": {"type": "string"}},
                },
            }
        }
    }
    namespace = _load(
        compile_module(document, {"Pet": "#/components/schemas/Pet"}, dialect="openapi-3.0")
    )
    errors = namespace["validate_Pet"]({"kind": "Dog", "bark": 1, "lives": "x"})
    assert _where(errors) == [("/bark", "type")]
    errors = namespace["validate_Pet"]({"kind": "c", "bark": 1, "lives": "x"})
    assert _where(errors) == [("/lives", "type")]


def test_one_of_without_selector_reports_the_closest_branch() -> None:
    schema = {"anyOf": [{"type": "string"}, {"type": "object", "required": ["a", "b"]}]}
    validator = compile_schema(schema, dialect="2020-12")
    assert _where(validator.validate({"a": 1})) == [("", "required")]
    assert _where(validator.validate(3)) == [("", "type")]


def test_one_of_matching_several_branches_is_one_error() -> None:
    validator = compile_schema({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, dialect="2020-12")
    assert _where(validator.validate(3)) == [("", "oneOf")]


def test_vapi_update_byo_phone_number_reports_exactly_the_four_leaf_errors() -> None:
    document = _vapi_document()
    namespace = _load(compile_module(document, SEED_ROOT, dialect="openapi-3.0"))
    payload = {
        "name": "n" * 49,
        "number": "12",
        "hooks": [{"on": "call.answered", "do": [{"type": "say", "exact": "hi"}]}],
        "fallbackDestination": "+14155559999",
    }
    errors = namespace["validate_UpdateByoPhoneNumberDTO"](payload)
    assert sorted(_where(errors)) == [
        ("/fallbackDestination", "type"),
        ("/hooks/0/on", "oneOf"),  # a tag no member has: one error naming every tag
        ("/name", "maxLength"),
        ("/number", "minLength"),
    ]
    messages = {error.path: error.message for error in errors}
    tags = "['call.ending', 'call.ringing'] (the oneOf's tags)"
    assert messages["/hooks/0/on"] == f"'call.answered' is not one of {tags}"
    assert not namespace["is_valid_UpdateByoPhoneNumberDTO"](payload)
    valid = {"name": "ok", "hooks": [{"on": "call.ending", "do": {"type": "say", "exact": "bye"}}]}
    assert namespace["validate_UpdateByoPhoneNumberDTO"](valid) == []


# --- dialects ----------------------------------------------------------------------------------


def test_openapi_nullable_boolean_exclusive_bounds_and_ref_siblings() -> None:
    document = {
        "definitions": {"Small": {"type": "integer", "maximum": 3, "exclusiveMaximum": True}},
        "type": "object",
        "properties": {
            "n": {"$ref": "#/definitions/Small", "minimum": 100},
            "s": {"type": "string", "nullable": True},
        },
    }
    validator = compile_schema(document, dialect="openapi-3.0")
    assert validator.is_valid({"n": 2, "s": None})
    assert not validator.is_valid({"n": 3})
    assert not validator.is_valid({"n": 2.0})  # draft 4: a float is not an integer
    assert not validator.is_valid({"s": 1})


def test_formats_are_asserted_in_openapi_and_optional_in_2020_12() -> None:
    schema = {"type": "string", "format": "date-time"}
    assert not compile_schema(schema, dialect="openapi-3.0").is_valid("yesterday")
    assert compile_schema(schema, dialect="2020-12").is_valid("yesterday")
    strict = compile_schema(schema, dialect="2020-12", format_assertion=True)
    assert not strict.is_valid("yesterday")
    assert strict.is_valid("2026-06-10T12:00:00Z")


@pytest.mark.parametrize(
    ("schema", "dialect", "fragment"),
    [
        ({"const": 1}, "openapi-3.0", "'const' is not supported"),
        ({"properties": {"a": {"$recursiveRef": "#"}}}, "2020-12", "#/properties/a"),
        ({"pattern": "(?P<x>a)"}, "2020-12", "#/pattern"),
        ({"$ref": "#/definitions/missing"}, "openapi-3.0", "missing"),
        ({"type": "strin"}, "2020-12", "#/type"),
        ({"maxLength": -1}, "2020-12", "#/maxLength"),
    ],
)
def test_unsupported_or_invalid_schemas_fail_at_compile_time(
    schema: dict[str, Any], dialect: Any, fragment: str
) -> None:
    with pytest.raises(SchemaCompileError) as raised:
        compile_schema(schema, dialect=dialect)
    assert fragment in str(raised.value)


def test_recursive_schema_and_unevaluated_properties() -> None:
    tree = {
        "$defs": {
            "node": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
                "unevaluatedProperties": False,
            }
        },
        "$ref": "#/$defs/node",
    }
    validator = compile_schema(tree, dialect="2020-12")
    assert validator.is_valid({"children": [{"children": []}]})
    assert _where(validator.validate({"children": [{"x": 1}]})) == [
        ("/children/0/x", "unevaluatedProperties")
    ]


# --- injection safety and determinism ------------------------------------------------------------

HOSTILE = [
    "'",
    '"',
    "'''",
    '"""',
    "\\",
    "\\'",
    "\n",
    "\r\n",
    "{{ x }}",
    "{0}",
    "\u2028",
    "\x00",
    "__import__('os').system('echo pwned')",
    "'); import os; os.system('x'); ('",
    '"""); raise SystemExit; ("""',
    "# comment",
    "\\N{BULLET}",
    "%s %(x)s",
]


def test_hostile_schema_literals_cannot_inject_code() -> None:
    properties = {name: {"enum": [name, {name: [name]}]} for name in HOSTILE}
    schema = {
        "type": "object",
        "properties": properties,
        "required": HOSTILE,
        "patternProperties": {"^x'\"\\n": {"const": "'''"}},
        "dependentRequired": {name: [name] for name in HOSTILE},
    }
    validator = compile_schema(schema, dialect="2020-12")
    assert "pwned" not in _executed_calls(validator.source)
    valid = {name: name for name in HOSTILE}
    assert validator.validate(valid) == []
    errors = validator.validate(dict.fromkeys(HOSTILE, 0))
    assert {error.path for error in errors} >= {
        "/" + name.replace("~", "~0").replace("/", "~1") for name in HOSTILE
    }
    namespace = _load(validator.source)  # the standalone module text compiles and behaves alike
    assert namespace["validate_root"](valid) == []


def _executed_calls(source: str) -> str:
    """The source with string literals removed: whatever remains is code, not data."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return " ".join(tok.string for tok in tokens if tok.type != tokenize.STRING)


def test_module_output_is_identical_across_hash_seeds() -> None:
    script = (
        "import sys\n"
        "from generator.validators import compile_module\n"
        "ref = lambda name: {'$ref': '#/components/schemas/' + name}\n"
        "a = {'type': 'object', 'required': ['b', 'a'], 'additionalProperties': False,\n"
        "     'properties': {'a': {'enum': ['x', 'y', 'z', 'w']}, 'b': ref('B')}}\n"
        "b = {'anyOf': [{'type': 'string'}, ref('A')]}\n"
        "doc = {'components': {'schemas': {'A': a, 'B': b}}}\n"
        "roots = {'A': '#/components/schemas/A'}\n"
        "sys.stdout.write(compile_module(doc, roots, dialect='openapi-3.0'))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO_ROOT)},
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1


def test_errors_are_runtime_validation_errors() -> None:
    errors = compile_schema({"type": "string"}, dialect="2020-12").validate(1)
    assert isinstance(errors[0], ValidationError)
    assert runtime_namespace()["ValidationError"] is ValidationError


# --- literals and layout ---------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(st.text())
def test_string_literals_are_exactly_py_str(text: str) -> None:
    assert layout.string(text) == py_str(text)
    assert ast.literal_eval(layout.string(text)) == text


@given(JSON_VALUES)
def test_json_literals_evaluate_back_to_the_value(value: Any) -> None:
    source = "\n".join(layout.lay_out(layout.literal(value)))
    assert ast.literal_eval(source) == value


def test_a_line_over_the_limit_is_an_emitter_bug_not_output() -> None:
    writer = CodeWriter(depth=2)
    assert writer.fits("x" * 80) and not writer.fits("x" * 81)
    with pytest.raises(LineTooLongError):
        writer.line("x" * 81)
