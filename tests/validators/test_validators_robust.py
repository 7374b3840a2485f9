"""Validators that never break: any line laid out, hostile values, formats with lengths, and
large arrays of tagged union items that cost one member per item."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.lowering import ALL_RULES
from generator.pipeline import load_api
from generator.validators import (
    _standalone,
    compile_module,
    compile_schema,
    make_dialect,
    public_functions,
)
from generator.validators.compiler import ModuleCompiler
from generator.validators.resolver import DEFAULT_BASE, SchemaIndex
from generator.validators.runtime import _r, runtime_namespace
from tests.conftest import REPO
from tests.validators.conftest import write_validators

SPECS = REPO / "tests" / "specs"
LONG = "AVeryLongSchemaNameThatGoesOnAndOnForeverAndEverAgain"


def _name(rng: random.Random) -> str:
    return rng.choice(
        ["a", "x" * 40, "aRatherLongPropertyName_" + "y" * rng.randint(0, 50), "ü" * 20]
    )


def _schema(rng: random.Random, depth: int, late: bool, refs: list[str]) -> dict[str, Any]:
    """A random schema of long names, long literals and every applicator, nested `depth` deep."""
    if depth <= 0:
        leaves: list[dict[str, Any]] = [
            {"type": "string", "maxLength": 5, "format": "uuid"},
            {"type": "integer", "minimum": 1},
            {"$ref": rng.choice(refs)},
            {"enum": ["v" * 60, "w"]},
            {"pattern": "^" + "a" * 80 + "$"},
        ]
        return rng.choice(leaves)
    sub = lambda: _schema(rng, depth - 1, late, refs)  # noqa: E731
    kind = rng.randint(0, 7)
    schema: dict[str, Any] = {}
    if kind == 0:
        names = {_name(rng) for _ in range(rng.randint(1, 3))}
        schema.update(type="object", properties={n: sub() for n in sorted(names)})
        schema.update(required=sorted(names), additionalProperties=sub())
        schema["patternProperties"] = {"^" + "p" * 50: sub()}
    elif kind == 1:
        schema["items"] = sub()
    elif kind == 2:
        schema["oneOf"] = [sub() for _ in range(rng.randint(2, 5))]
    elif kind == 3:
        tagged = [{"enum": [f"k{i}" + "z" * 30]} for i in range(rng.randint(2, 5))]
        schema["anyOf"] = [{"properties": {"kind": tag, _name(rng): sub()}} for tag in tagged]
    elif kind == 4:
        schema["allOf"] = [sub(), sub()]
    elif kind == 5:
        schema["not"] = sub()
    elif kind == 6 and late:
        schema.update({"if": sub(), "then": sub(), "else": sub(), "unevaluatedProperties": sub()})
    else:
        schema.update(additionalProperties=False, properties={_name(rng): sub()})
    if not late and rng.random() < 0.3:
        schema["nullable"] = True
    return schema


def _random_document(seed: int) -> tuple[dict[str, Any], dict[str, str]]:
    rng = random.Random(seed)
    names = [f"{LONG}{i}" for i in range(3)]
    refs = [f"#/components/schemas/{name}" for name in names]
    late = seed % 2 == 1
    schemas = {name: _schema(rng, rng.randint(3, 5), late, refs) for name in names}
    return {"components": {"schemas": schemas}}, {f"r{i}": ref for i, ref in enumerate(refs)}


def _ruff_format_check(folder: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ruff", "format", "--isolated", "--check", str(folder)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_any_nesting_of_long_names_is_laid_out_clean(tmp_path: Path) -> None:
    """No internal line limit escapes: deep, long-named schemas compile, formatted."""
    for seed in range(24):
        document, roots = _random_document(seed)
        dialect = "2020-12" if seed % 2 else "openapi-3.0"
        source = compile_module(document, roots, dialect=dialect)  # type: ignore[arg-type]
        (tmp_path / f"m{seed}.py").write_text(source, encoding="utf-8")
    result = _ruff_format_check(tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    # Unsatisfiable branches (an integer that must be an object) still type-check.
    command = ["mypy", "--strict", "--python-version", "3.10", "--cache-dir", "/dev/null"]
    result = subprocess.run(
        [sys.executable, "-m", *command, str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize("spec", ["val-long-names.yaml", "val-long-names-31.yaml"])
def test_long_names_spec_validators_are_clean_and_accept_the_example(
    spec: str, tmp_path: Path
) -> None:
    loaded = load_api(str(SPECS / spec), repairs=frozenset(ALL_RULES))
    folder = write_validators(loaded, tmp_path, "long_pkg")
    for command in (
        ("ruff", "check", "--isolated", "--target-version", "py310"),
        ("ruff", "format", "--isolated", "--check"),
        ("mypy", "--strict", "--python-version", "3.10", "--cache-dir", "/dev/null"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", *command, str(folder)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (schema,) = (s for s in loaded.api.schemas if s.class_name.endswith("PayloadV2"))
    document = loaded.index.root.contents["components"]["schemas"][schema.class_name]
    example = document.get("example") or document["examples"][0]
    script = (
        "import json, sys\nfrom long_pkg import validators\n"
        "name, data = json.loads(sys.stdin.read())\n"
        "print(json.dumps([validators.validate(name, data), validators.is_valid(name, data)],"
        " default=lambda e: [e.path, e.keyword]))\n"
    )
    bad = {**example, next(iter(example)): [{"kind": "unheard-of", "x": 1}]}
    for data, expected in ((example, [[], True]), (bad, None)):
        result = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps([schema.class_name, data]),
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=True,
        )
        found = json.loads(result.stdout)
        if expected is not None:
            assert found == expected
        else:  # a tag no member has: one error, at the tag
            assert found[1] is False
            assert [keyword for _, keyword in found[0]] == ["oneOf"]
            assert found[0][0][0].endswith("/0/kind")


def _deep_list(depth: int) -> list[Any]:
    root: list[Any] = []
    node = root
    for _ in range(depth):
        child: list[Any] = []
        node.append(child)
        node = child
    return root


HUGE = 7**20000  # some 17,000 digits: repr() refuses it


@pytest.mark.parametrize("dialect", ["openapi-3.0", "2020-12"])
def test_hostile_values_give_errors_never_exceptions(dialect: str) -> None:
    schema = {
        "type": "object",
        "properties": {
            "n": {"type": "integer", "maximum": 10, "multipleOf": 0.3},
            "s": {"type": "string", "maxLength": 3, "enum": ["a", "b"]},
            "tree": {"$ref": "#/definitions/Tree"},
        },
        "definitions": {"Tree": {"type": "array", "items": {"$ref": "#/definitions/Tree"}}},
    }
    validator = compile_schema(schema, dialect=dialect)  # type: ignore[arg-type]
    cases: list[tuple[Any, set[str]]] = [
        ({"n": HUGE}, {"maximum", "multipleOf"}),
        ({"n": -HUGE}, {"multipleOf"}),
        ({"n": float("inf")}, {"type", "maximum", "multipleOf"}),  # (json.loads reads them)
        ({"n": float("nan")}, {"type", "multipleOf"}),
        ({"s": "\ud800" * 100_000}, {"maxLength", "enum"}),
        ({"s": HUGE}, {"type", "enum"}),
        (HUGE, {"type"}),
        ({"tree": _deep_list(10_000)}, {"depth"}),
        ({"s": _deep_list(10_000)}, {"type", "enum"}),
    ]
    for data, keywords in cases:
        errors = validator.validate(data)
        assert {error.keyword for error in errors} == keywords, (keywords, errors)
        assert all(len(error.message) < 300 for error in errors)
        assert validator.is_valid(data) is False
    assert validator.validate({"n": 3, "s": "a", "tree": _deep_list(50)}) == []


def test_short_reprs_are_bounded_and_exact_when_short() -> None:
    assert _r(HUGE).startswith("<integer of about 1690")
    assert _r(-HUGE).startswith("-<integer of about")
    assert _r("x" * 10**7) == "'" + "x" * 76 + "..."
    assert _r(_deep_list(5000)).startswith("[[[[")
    assert len(_r(_deep_list(5000))) == 80
    for value in ({"a": [1, 2.5, None, True]}, "\ud800", 12, [], {}):
        assert _r(value) == repr(value)


def test_a_too_deep_instance_gives_one_depth_error_at_depth_100() -> None:
    """Documented: nesting the validators cannot follow (Python's recursion limit stopped
    them) is one error, keyword `depth`, at the first value at depth 100, or at the first
    deepest value of a shallower instance (then the stack of the caller was already deep)."""
    validator = compile_schema(
        {"items": {"$ref": "#"}, "properties": {"a": {"$ref": "#"}}}, dialect="2020-12"
    )
    data: dict[str, Any] = {"a": [{}, {"a": _deep_list(10_000)}]}
    (error,) = validator.validate(data)
    assert (error.keyword, error.schema_path) == ("depth", "#")
    assert error.path == "/a/1/a" + "/0" * 97
    assert "depth 100" in error.message
    assert not validator.is_valid(data)


@pytest.mark.parametrize("dialect", ["openapi-3.0", "2020-12"])
def test_formats_with_lengths_bound_the_wire_string(dialect: str) -> None:
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid", "maxLength": 36, "minLength": 36},
            "at": {"type": "string", "format": "date-time", "maxLength": 25},
            "mail": {"type": "string", "format": "email", "minLength": 6},
        },
    }
    validator = compile_schema(schema, dialect=dialect)  # type: ignore[arg-type]
    uuid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert validator.validate({"id": uuid, "at": "2026-01-17T12:34:00Z", "mail": "a@b.co"}) == []
    errors = validator.validate({"id": uuid + "0", "at": "2026-01-17T12:34:00.0000+00:00"})
    by_path = {(e.path, e.keyword) for e in errors}
    assert {("/id", "maxLength"), ("/at", "maxLength")} <= by_path
    # 3.0 asserts formats; 2020-12 keeps them annotations (the lengths hold either way).
    assert (("/id", "format") in by_path) is (dialect == "openapi-3.0")
    assert {(e.path, e.keyword) for e in validator.validate({"mail": "a@b.c"})} >= {
        ("/mail", "minLength")
    }


def _counting(source: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The module's namespace with every branch function counted where unions call them."""
    namespace = runtime_namespace()
    exec(compile(source, "<counted>", "exec"), namespace)  # (our own output)
    calls: dict[str, int] = {}

    def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*arguments: Any) -> Any:
            calls[name] = calls.get(name, 0) + 1
            return function(*arguments)

        return wrapper

    for name, value in list(namespace.items()):
        if name[:2] in ("_U", "_R") and isinstance(value, tuple) and len(value) >= 3:
            functions = tuple(counted(f.__name__, f) for f in value[2])
            namespace[name] = (*value[:2], functions, *value[3:])
    return namespace, calls


def test_invalid_tagged_items_run_only_their_own_member() -> None:
    members = {
        f"M{i}": {
            "type": "object",
            "required": ["type", "size"],
            "properties": {"type": {"enum": [f"t{i}"]}, "size": {"type": "integer"}},
        }
        for i in range(23)
    }
    document = {
        "components": {
            "schemas": {
                **members,
                "List": {
                    "type": "array",
                    "items": {"oneOf": [{"$ref": f"#/components/schemas/{m}"} for m in members]},
                },
            }
        }
    }
    source = compile_module(document, {"List": "#/components/schemas/List"}, dialect="openapi-3.0")
    namespace, calls = _counting(source)
    items = [{"type": f"t{i % 23}", "size": "big"} for i in range(1000)]
    errors = namespace["validate_List"](items)
    assert [(e.path, e.keyword) for e in errors] == [(f"/{i}/size", "type") for i in range(1000)]
    # The fast path stops at the first item; then per item its member's check and errors.
    assert sum(calls.values()) == 1 + 2 * 1000
    calls.clear()
    errors = namespace["validate_List"]([{"type": "t99", "size": 1}, {"size": 1}])
    assert [(e.path, e.keyword) for e in errors[:1]] == [("/0/type", "oneOf")]
    assert "'t99' is not one of ['t0', 't1'," in errors[0].message
    assert errors[0].schema_path == "#/components/schemas/List/items/oneOf"


def test_a_function_too_deep_for_the_line_limit_is_written_again_shallower(
    tmp_path: Path,
) -> None:
    """The compiler's last resort: when inline code runs out of columns, the function is
    emitted again with every subschema called through its own function."""
    node: dict[str, Any] = {"type": "string", "maxLength": 2}
    for depth in range(20):
        node = {"type": "object", "properties": {f"level{depth}": node}}
    dialect = make_dialect("openapi-3.0")
    index = SchemaIndex(id_keyword=dialect.id_keyword, retrieve=None)
    base = index.add_document({"components": {"schemas": {"Deep": node}}}, DEFAULT_BASE, "")
    compiler = ModuleCompiler(dialect, index)
    compiler.inline_depth = 40  # far past what fits: the first attempt must fail
    ok, err = compiler.root(index.lookup("#/components/schemas/Deep", base), "Deep")
    compiler.drain()
    assert compiler.inline_depth == 40  # (restored after the fallback)
    parts = compiler.parts()
    body = "\n\n\n".join(p.rstrip("\n") for p in (parts.constants, parts.functions) if p)
    source = body + "\n\n\n" + public_functions("Deep", ok, err, '"#/components/schemas/Deep"')
    namespace = runtime_namespace()
    exec(compile(source, "<deep>", "exec"), namespace)  # (our own output)
    data: Any = "abc"
    for depth in range(20):
        data = {f"level{depth}": data}
    (error,) = namespace["validate_Deep"](data)
    assert (error.keyword, error.path.count("/")) == ("maxLength", 20)
    assert namespace["validate_Deep"]({"level19": {"level18": "x"}}) != []
    path = tmp_path / "deep.py"
    path.write_text(_standalone(source), encoding="utf-8")
    assert _ruff_format_check(tmp_path).returncode == 0
