"""The compiler's newer parts: union dispatch, ruff-exact layout, module grouping, hostile specs."""

from __future__ import annotations

import json
import subprocess
import sys
import tokenize
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.errors import UnsupportedSchemaError
from generator.lowering import ALL_RULES
from generator.pipeline import Loaded, load_api
from generator.validators import compile_module, compile_schema, make_dialect
from generator.validators.layout import Call, assignment, literal, signature, tuple_of
from generator.validators.package import compile_package, strongly_connected
from generator.validators.resolver import DEFAULT_BASE, SchemaIndex
from tests.conftest import minimal_spec
from tests.validators.conftest import write_validators


def _tagged(tag: str, *values: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {tag: {"type": "string", "enum": list(values)}, **(extra or {})},
        "required": [tag],
    }


def test_union_dispatch_follows_pinned_values_of_several_strings() -> None:
    schema = {
        "oneOf": [
            _tagged("type", "transcript", "transcript[final]", extra={"n": {"type": "integer"}}),
            _tagged("type", "hang", extra={"n": {"type": "string"}}),
        ]
    }
    validator = compile_schema(schema, dialect="openapi-3.0")
    assert "_one_of(data, _U1)" in validator.source
    assert validator.is_valid({"type": "transcript[final]", "n": 1})
    assert not validator.is_valid({"type": "hang", "n": 1})
    assert not validator.is_valid({"type": "other"})
    errors = validator.validate({"type": "transcript", "n": "x"})
    assert [(e.path, e.keyword, e.schema_path) for e in errors] == [
        ("/n", "type", "#/oneOf/0/properties/n/type")
    ]


def test_no_dispatch_when_a_value_is_pinned_twice_or_only_beside_a_ref() -> None:
    shared = {"oneOf": [_tagged("kind", "a", "b"), _tagged("kind", "b")]}
    validator = compile_schema(shared, dialect="openapi-3.0")
    assert "not _one_of(data, _U" not in validator.source  # "b" could be either branch
    assert not validator.is_valid({"kind": "b"})  # both branches hold: not exactly one
    document = {
        "definitions": {"Any": {"type": "object"}},
        "oneOf": [
            {"$ref": "#/definitions/Any", "properties": {"kind": {"enum": ["a"]}}},
            _tagged("kind", "z"),
        ],
    }
    # OpenAPI 3.0: the siblings of $ref assert nothing, so "a" pins no branch.
    assert compile_schema(document, dialect="openapi-3.0").is_valid({"kind": "q"})


def test_layout_matches_ruff_for_long_constants(tmp_path: Path) -> None:
    node = Call("frozenset", tuple_of([literal(f"value-number-{i}") for i in range(12)]))
    lines = [
        assignment("_K1", node),
        assignment("_K2", Call("frozenset", tuple_of([literal("a"), literal("b")]))),
        assignment("_V1", tuple_of([literal([1, {"key": "x" * 90}]), literal(1e16)])),
        assignment("_S1", literal("y" * 120)),
        assignment("_T1", tuple_of([literal("only")])),
        signature("validate_" + "Long" * 20, ["data: object"], "list[ValidationError]"),
        "    pass",
        signature("_err_" + "N" * 30, ["data: _Any", "path: _Path", "errors: _Errors"], "None"),
        "    pass",
    ]
    source = "\n".join(lines[:5]) + "\n\n\n" + lines[5] + "\n" + lines[6] + "\n\n\n"
    source += lines[7] + "\n" + lines[8] + "\n"
    path = tmp_path / "layout.py"
    path.write_text(source, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--diff", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def _long_spec() -> dict[str, Any]:
    """Deep nesting, long and hostile names: every generated line must still fit."""
    hostile = ["'''", '"""', "\\", "\n", "x" * 150, "__import__('os')", "\u2028", "{0}"]
    node: dict[str, Any] = {"type": "string", "enum": hostile, "pattern": "^[^']*'?.*$"}
    for depth in range(12):
        node = {
            "type": "object",
            "properties": {
                ("p" * 70) + str(depth): node,
                "n": {"type": "number", "maximum": 1e300},
            },
            "required": [("p" * 70) + str(depth)],
            "additionalProperties": False,
        }
    name = "A" * 60
    return minimal_spec(
        {
            name: node,
            "B": {
                "oneOf": [
                    {"$ref": f"#/components/schemas/{name}"},
                    {"$ref": "#/components/schemas/C"},
                ]
            },
            "C": {"type": "array", "items": {"$ref": "#/components/schemas/B"}, "maxItems": 3},
        }
    )


def test_hostile_and_deep_specs_render_clean_and_working(
    build: Callable[..., Loaded], tmp_path: Path
) -> None:
    loaded = build(_long_spec())
    write_validators(loaded, tmp_path, "hostile_pkg")
    for command in (
        ("ruff", "check", "--isolated", "--target-version", "py310"),
        ("ruff", "format", "--isolated", "--check"),
        ("mypy", "--strict", "--python-version", "3.10", "--cache-dir", "/dev/null"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", *command, "hostile_pkg/validators"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    script = (
        "from hostile_pkg import validators\n"
        "import json\n"
        "print(json.dumps([validators.is_valid('C', []), validators.is_valid('C', [1]),"
        " [e.keyword for e in validators.validate('C', [[], [], [], []])]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert json.loads(result.stdout) == [True, False, ["maxItems"]]


def test_modules_group_schemas_that_refer_to_each_other() -> None:
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    document = {
        "components": {
            "schemas": {
                "A": {"type": "object", "properties": {"b": ref("B")}},
                "B": {"type": "array", "items": ref("C")},
                "C": {"anyOf": [{"type": "null"}, ref("B"), ref("D")]},
                "D": {"type": "string"},
            }
        }
    }
    dialect = make_dialect("2020-12")
    index = SchemaIndex(id_keyword=dialect.id_keyword, retrieve=None)
    base = index.add_document(document, DEFAULT_BASE, "")
    roots = {name: f"#/components/schemas/{name}" for name in "ABCD"}
    package = compile_package(dialect, index, base, roots, lambda names: "m_" + "".join(names))
    modules = package.modules
    assert package.module_of == {"A": "m_A", "B": "m_BC", "C": "m_BC", "D": "m_D"}
    assert [(m.name, [r.name for r in m.roots]) for m in modules] == [
        ("m_A", ["A"]),
        ("m_BC", ["B", "C"]),
        ("m_D", ["D"]),
    ]
    imports = {m.name: [module for module, _ in m.parts.imports] for m in modules}
    assert imports == {"m_A": ["m_BC"], "m_BC": ["m_D"], "m_D": []}


@pytest.mark.parametrize("dialect_name", ["openapi-3.0", "2020-12"])
def test_shares_compile_the_modules_of_a_whole_compile(dialect_name: Any) -> None:
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    schemas = {
        "A": {"type": "object", "properties": {"b": ref("B"), "e": ref("E")}},
        "B": {"type": "array", "items": ref("C")},
        "C": {"anyOf": [{"type": "null"}, ref("B"), ref("D")]},
        "D": {"type": "string", "maxLength": 3},
        "E": {"type": "object", "properties": {"d": ref("D")}, "required": ["d"]},
    }
    if dialect_name == "2020-12":  # a keyword through which modules ask each other
        schemas["F"] = {"allOf": [ref("E")], "unevaluatedProperties": False}

    def compiled(share: tuple[int, int]) -> list[tuple[str, str]]:
        dialect = make_dialect(dialect_name)
        index = SchemaIndex(id_keyword=dialect.id_keyword, retrieve=None)
        base = index.add_document({"components": {"schemas": schemas}}, DEFAULT_BASE, "")
        roots = {name: f"#/components/schemas/{name}" for name in schemas}
        name_module = lambda names: "".join(names).lower()  # noqa: E731
        package = compile_package(dialect, index, base, roots, name_module, share=share)
        assert package.module_of["B"] == package.module_of["C"] == "bc"
        assert package.module_of["A"] == "a"
        return [(m.name, repr(m.parts)) for m in package.modules]

    whole = compiled((0, 1))
    first, second = compiled((0, 2)), compiled((1, 2))
    assert sorted(first + second) == whole
    if dialect_name == "2020-12":
        assert (first, second) == (whole, [])  # its requests may cross shares
    else:
        assert first and second  # both shares have work


def test_strongly_connected_orders_referenced_groups_first() -> None:
    graph = {"a": ["b"], "b": ["c", "a"], "c": ["d"], "d": [], "e": ["d"]}
    assert strongly_connected(graph) == [["d"], ["c"], ["a", "b"], ["e"]]


def test_compile_errors_name_the_file_and_pointer(
    build: Callable[..., Loaded], tmp_path: Path
) -> None:
    # (`maxProperties: -1` is refused before, by the shape check: this one reaches the compiler)
    loaded = build(minimal_spec({"Bad": {"type": "object", "dependencies": 5}}))
    with pytest.raises(UnsupportedSchemaError) as raised:
        write_validators(loaded, tmp_path, "pkg")
    assert str(raised.value).startswith("spec.json#/components/schemas/Bad/dependencies: ")


def test_standalone_modules_are_ruff_clean(tmp_path: Path) -> None:
    document = {"definitions": {"x": {"type": ["string", "null"], "minLength": 2}}}
    path = tmp_path / "standalone.py"
    path.write_text(compile_module(document, {"X": "#/definitions/x"}, dialect="2020-12"))
    for command in (("check", "--isolated"), ("format", "--isolated", "--check")):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout


def test_hostile_spec_text_stays_inside_literals_and_comments(
    build: Callable[..., Loaded], tmp_path: Path
) -> None:
    from tests.test_security import EVIL, hostile_spec  # noqa: PLC0415 - that test's spec

    folder = write_validators(build(hostile_spec()), tmp_path, "evil_validators")
    for path in folder.glob("*.py"):
        with path.open(encoding="utf-8") as handle:
            tokens = list(tokenize.generate_tokens(handle.readline))
        code = " ".join(
            t.string for t in tokens if t.type not in (tokenize.STRING, tokenize.COMMENT)
        )
        assert "pwned" not in code and "system" not in code and "raw" not in code, path
    script = (
        "import json, sys\n"
        "from evil_validators import validators\n"
        "texts = json.loads(sys.argv[1])\n"
        "good = validators.validate('Thing', {text: 'ok' for text in texts})\n"
        "bad = validators.validate('Thing', {text: 'nope' for text in texts})\n"
        "print(json.dumps([len(good), sorted(e.path for e in bad)]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(EVIL)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    good, bad = json.loads(result.stdout)
    pointers = ["/" + text.replace("~", "~0").replace("/", "~1") for text in EVIL]
    assert good == 0 and sorted(set(bad)) == sorted(pointers)


def test_schemas_in_other_files_keep_their_file_in_schema_paths(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "money.json").write_text(
        json.dumps(
            {
                "Money": {
                    "type": "object",
                    "required": ["amount", "currency"],
                    "properties": {
                        "amount": {"type": "number", "minimum": 0},
                        "currency": {"$ref": "#/Currency"},
                    },
                },
                "Currency": {"type": "string", "enum": ["EUR", "USD"]},
            }
        )
    )
    order = {"type": "object", "properties": {"total": {"$ref": "common/money.json#/Money"}}}
    (tmp_path / "root.json").write_text(json.dumps(minimal_spec({"Order": order})))
    loaded = load_api(str(tmp_path / "root.json"), repairs=frozenset(ALL_RULES))
    write_validators(loaded, tmp_path / "out", "multi_pkg")
    script = (
        "from multi_pkg import validators\n"
        "for e in validators.validate('Order', {'total': {'amount': -1, 'currency': 'GBP'}}):\n"
        "    print(e.path, e.schema_path)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path / "out",
        check=True,
    )
    assert result.stdout.splitlines() == [
        "/total/amount common/money.json#/Money/properties/amount/minimum",
        "/total/currency common/money.json#/Currency/enum",
    ]
