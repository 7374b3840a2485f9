"""The shape check (generator/lowering/shape.py): wrong-typed values stop the run at their pointer,
wrong-typed prose is ignored with a warning, cycles name their members, depth has a place,
and allOf fan-out stays linear."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.errors import GeneratorError, SpecLoadError, UnresolvedRefError
from generator.lowering import ALL_RULES
from generator.pipeline import Loaded, load_api
from tests.conftest import minimal_spec

Build = Callable[..., Loaded]
S = "#/components/schemas/"


def refused(build: Build, spec: dict[str, Any]) -> GeneratorError:
    with pytest.raises(GeneratorError) as caught:
        build(spec)
    assert "\n" not in str(caught.value)
    assert caught.value.where is not None and caught.value.where.startswith("spec.json#/")
    return caught.value


def operation(**fields: Any) -> dict[str, Any]:
    return {"paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}, **fields}}}}


@pytest.mark.parametrize(
    ("spec", "pointer", "says"),
    [
        (minimal_spec(info="x"), "#/info", "expected an object, found a string"),
        (minimal_spec(paths=[]), "#/paths", "expected an object, found an array"),
        (minimal_spec(**operation(responses=5)), "/get/responses", "found a number"),
        (minimal_spec(**operation(operationId={})), "/get/operationId", "found an object"),
        (minimal_spec({"A": {"properties": "x"}}), S + "A/properties", "found a string"),
        (minimal_spec({"A": {"allOf": {}}}), S + "A/allOf", "expected an array"),
        (minimal_spec({"A": {"required": "a"}}), S + "A/required", "array of strings"),
        (minimal_spec({"A": {"required": ["a", 1]}}), S + "A/required/1", "expected a string"),
        (minimal_spec({"A": {"type": 5}}), S + "A/type", "expected a string"),
        (minimal_spec({"A": {"format": []}}), S + "A/format", "expected a string"),
        (minimal_spec({"A": {"minimum": "5"}}), S + "A/minimum", "must be a number"),
        (minimal_spec({"A": {"minLength": 1e308}}), S + "A/minLength", "whole number"),
        (minimal_spec({"A": {"maxItems": -1}}), S + "A/maxItems", "whole number"),
        (minimal_spec({"A": {"multipleOf": 0}}), S + "A/multipleOf", "greater than 0"),
        (minimal_spec({"A": {"maximum": 10**40}}), S + "A/maximum", "more than 30 digits"),
        (minimal_spec({"A": {"items": "x"}}), S + "A/items", "expected a schema"),
    ],
)
def test_a_wrong_typed_structural_value_is_an_error_at_its_pointer(
    build: Build, spec: dict[str, Any], pointer: str, says: str
) -> None:
    error = refused(build, spec)
    assert isinstance(error, SpecLoadError)
    assert error.where is not None and error.where.endswith(pointer)
    assert says in error.message


@pytest.mark.parametrize(
    ("spec", "pointer"),
    [
        (minimal_spec(**operation(summary=["a"])), "#/paths/~1a/get/summary"),
        (minimal_spec(**operation(description={"a": 1})), "#/paths/~1a/get/description"),
        (minimal_spec({"A": {"type": "string", "description": 5}}), S + "A/description"),
        (minimal_spec({"A": {"type": "string", "nullable": "yes"}}), S + "A/nullable"),
        (minimal_spec({"A": {"enum": [[1], {"a": 1}]}}), S + "A/enum"),
    ],
)
def test_wrong_typed_prose_and_flags_are_ignored_with_a_warning(
    build: Build, spec: dict[str, Any], pointer: str
) -> None:
    loaded = build(spec)
    found = [d for d in loaded.diagnostics if d.rule == "ignored-value"]
    assert [d.where for d in found] == [f"spec.json{pointer}"]
    assert found[0].message.endswith("; ignored")
    key = pointer.rsplit("/", 1)[-1]
    parent = loaded.index.node_at(pointer.rsplit("/", 1)[0])
    assert key not in parent  # dropped from the documents every part renders from


def test_lone_surrogates_are_replaced_in_values_and_keys(tmp_path: Path) -> None:
    spec = minimal_spec({"A": {"type": "object", "properties": {"n\ud800": {"title": "x\udfff"}}}})
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")  # `\ud800` escapes: valid JSON
    loaded = load_api(str(path), repairs=frozenset(ALL_RULES))
    assert [d.rule for d in loaded.diagnostics] == ["lone-surrogate", "lone-surrogate"]
    model = loaded.index.node_at(S + "A")
    assert model["properties"] == {"n\ufffd": {"title": "x\ufffd"}}


def test_a_discriminator_mapping_to_nothing_is_a_missing_ref(build: Build) -> None:
    union = {
        "oneOf": [{"$ref": S + "B"}],
        "discriminator": {"propertyName": "k", "mapping": {"b": "Missing"}},
    }
    error = refused(build, minimal_spec({"U": union, "B": {"type": "object"}}))
    assert isinstance(error, UnresolvedRefError)
    assert error.where == f"spec.json{S}U/discriminator/mapping/b"
    assert "'#/components/schemas/Missing' points to nothing" in error.message


@pytest.mark.parametrize(
    ("schemas", "members"),
    [
        ({"A": {"allOf": [{"$ref": S + "A"}]}}, [S + "A", S + "A"]),
        (
            {"A": {"allOf": [{"$ref": S + "B"}]}, "B": {"allOf": [{"$ref": S + "A"}, {}]}},
            [S + "A", S + "B", S + "A"],
        ),
        ({"A": {"anyOf": [{"type": "string"}, {"$ref": S + "A"}]}}, [S + "A", S + "A"]),
    ],
)
def test_a_schema_made_of_itself_names_the_cycle(
    build: Build, schemas: dict[str, Any], members: list[str]
) -> None:
    error = refused(build, minimal_spec(schemas))
    assert "made of itself" in error.message
    assert error.message.endswith(" → ".join(f"spec.json{m}" for m in members))


def test_recursion_through_properties_is_not_a_cycle(build: Build) -> None:
    node = {"type": "object", "properties": {"next": {"$ref": S + "Node"}}}
    assert build(minimal_spec({"Node": node})).api.schema(S + "Node") is not None


def test_deep_nesting_names_the_pointer_where_the_limit_was_reached(tmp_path: Path) -> None:
    depth = 5000
    inner = '{"type": "string"}'
    text = json.dumps(minimal_spec({"A": {"type": "string"}})).replace(
        inner, '{"items": ' * depth + inner + "}" * depth
    )
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecLoadError) as caught:
        load_api(str(path), repairs=frozenset())
    assert caught.value.where == "deep.json#/components/schemas/A" + "/items" * 98
    assert "nested deeper than 100 levels" in caught.value.message


def test_all_of_fan_out_is_linear(build: Build) -> None:
    """Each schema `allOf`s the previous one 9 times, 30 deep: 9**30 paths if not memoised."""
    schemas: dict[str, Any] = {"S0": {"type": "object", "properties": {"p0": {"type": "string"}}}}
    for i in range(1, 30):
        own = {"type": "object", "properties": {f"p{i}": {"type": "integer"}}}
        schemas[f"S{i}"] = {"allOf": [{"$ref": f"{S}S{i - 1}"}] * 9 + [own]}
    started = time.perf_counter()
    loaded = build(minimal_spec(schemas))
    assert time.perf_counter() - started < 5
    last = loaded.api.schema(S + "S29")
    assert [f.wire_name for f in getattr(last, "fields", ())] == [f"p{i}" for i in range(30)]


def test_an_undeclared_path_parameter_without_a_parameters_key(build: Build) -> None:
    spec = minimal_spec(
        paths={"/boxes/{id}": {"get": {"responses": {"200": {"description": "x"}}}}}
    )
    loaded = build(spec)
    (op,) = loaded.api.operations
    assert [(p.wire_name, p.location, p.required) for p in op.parameters] == [("id", "path", True)]
    assert [d.rule for d in loaded.diagnostics] == ["undeclared-path-parameter"]


def test_a_long_chain_of_named_refs_names_where_the_builder_stopped(build: Build) -> None:
    schemas = {
        f"Link{i}": {"type": "object", "properties": {"next": {"$ref": f"{S}Link{i + 1}"}}}
        for i in range(400)
    }
    error = refused(build, minimal_spec({**schemas, "Link400": {"type": "string"}}))
    assert "more deeply than the generator can follow" in error.message
    assert error.where is not None and error.where.startswith(f"spec.json{S}Link")


def _small_api() -> dict[str, Any]:
    box = {
        "type": "object",
        "required": ["size"],
        "properties": {"size": {"type": "integer", "format": "int32", "description": "cm"}},
        "allOf": [{"$ref": S + "Base"}],
    }
    response = {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": S + "Box"}}},
    }
    operation = {"operationId": "getBox", "summary": "Get", "responses": {"200": response}}
    return minimal_spec(
        {"Base": {"type": "object"}, "Box": box}, paths={"/box": {"get": operation}}
    )


_PLACES = {
    "info": ("info",),
    "paths": ("paths",),
    "responses": ("paths", "/box", "get", "responses"),
    "content": ("paths", "/box", "get", "responses", "200", "content"),
    "operationId": ("paths", "/box", "get", "operationId"),
    "summary": ("paths", "/box", "get", "summary"),
    "properties": ("components", "schemas", "Box", "properties"),
    "allOf": ("components", "schemas", "Box", "allOf"),
    "required": ("components", "schemas", "Box", "required"),
    "type": ("components", "schemas", "Box", "properties", "size", "type"),
    "format": ("components", "schemas", "Box", "properties", "size", "format"),
    "description": ("components", "schemas", "Box", "properties", "size", "description"),
}
_PROSE = {"summary", "description"}


@pytest.mark.parametrize("place", sorted(_PLACES))
@pytest.mark.parametrize("wrong", ["text", ["a", 1], 7, {"a": {}}], ids=repr)
def test_every_reader_survives_a_wrong_type(
    place: str, wrong: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cases the issue lists, each with a string, a list, a number and an object."""
    from tests.fuzz.harness import run_spec  # noqa: PLC0415 - the fuzzer's classifier

    monkeypatch.setenv("SDKGEN_JOBS", "1")
    spec = _small_api()
    *parents, key = _PLACES[place]
    node = spec
    for token in parents:
        node = node[token]
    if type(node[key]) is type(wrong):
        pytest.skip("not a wrong type here")
    node[key] = wrong
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    outcome = run_spec(path)
    pointer = "/".join(["#", *(t.replace("/", "~1") for t in _PLACES[place])])
    if place in _PROSE:
        assert outcome.kind == "ok", outcome.detail
        loaded = load_api(str(path), repairs=frozenset(ALL_RULES))
        assert [d.where for d in loaded.diagnostics] == [f"spec.json{pointer}"]
    else:
        assert outcome.kind == "clean-error", outcome.detail
        assert outcome.detail.startswith(f"error: spec.json{pointer}")


def test_a_numeric_version_reads_as_written(build: Build) -> None:
    loaded = build(minimal_spec(info={"title": "T", "version": 1.5}))
    assert loaded.api.version == "1.5"
    assert loaded.diagnostics == ()
