"""OpenAPI 3.1 references: by `$id` URI (absolute, relative, with a fragment), by `$anchor`, and
`$dynamicRef` / `$recursiveRef`, in the IR and in a generated package (models, validators)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import RefRefusedError, UnresolvedRefError
from generator.ir import ArrayOf, Model, Nullable, Ref
from generator.pipeline import load_api, load_index
from tests.conftest import REPO

SPECS = REPO / "tests" / "specs"
PET = "#/components/schemas/Pet"


def spec_path(name: str) -> Path:
    return SPECS / f"{name}.yaml"


def fields(loaded: Any, name: str) -> dict[str, Any]:
    schema = loaded.api.schema(f"#/components/schemas/{name}")
    assert isinstance(schema, Model)
    return {field.wire_name: field.type for field in schema.fields}


def inner(type_: Any) -> Any:
    """The type under `Nullable` and array wrappers, for asserting what a ref became."""
    while isinstance(type_, Nullable | ArrayOf):
        type_ = type_.inner if isinstance(type_, Nullable) else type_.item
    return type_


def test_a_ref_by_id_lands_on_the_component() -> None:
    index = load_index(str(spec_path("refs-id-absolute")))
    at = "#/components/schemas/Owner/properties/pets/items"
    assert index.target_of("https://schemas.example.test/pet", at=at) == PET
    assert index.target_of("https://schemas.example.test/pet#/properties/name", at=at) == (
        f"{PET}/properties/name"
    )
    loaded = load_api(str(spec_path("refs-id-absolute")), repairs=frozenset())
    assert {s.class_name for s in loaded.api.schemas} == {"Owner", "Pet"}
    assert inner(fields(loaded, "Owner")["pets"]) == Ref(PET)
    [operation] = loaded.api.operations
    assert Ref(PET) in [inner(c.type) for r in operation.responses for c in r.contents]


def test_refs_under_an_id_resolve_against_it() -> None:
    loaded = load_api(str(spec_path("refs-id-relative")), repairs=frozenset())
    assert inner(fields(loaded, "Owner")["pet"]) == Ref(PET)
    assert inner(fields(loaded, "Pet")["tag"]) == Ref("#/components/schemas/Tag")
    index = loaded.index
    label = "#/components/schemas/Owner/properties/label"
    assert index.target_of("#/$defs/Label", at=label) == "#/components/schemas/Owner/$defs/Label"


def test_anchors_name_their_schema() -> None:
    loaded = load_api(str(spec_path("refs-anchor")), repairs=frozenset())
    price = fields(loaded, "Price")
    assert inner(price["amount"]) == Ref("#/components/schemas/Amount")
    at = "#/components/schemas/Price/properties/sku"
    target = loaded.index.target_of("https://schemas.example.test/catalog#sku", at=at)
    assert target == "#/components/schemas/Catalog/$defs/sku"
    assert inner(fields(loaded, "Catalog")["code"]) == inner(price["sku"])


def test_dynamic_and_recursive_refs_are_the_recursive_type(tmp_path: Path) -> None:
    loaded = load_api(str(spec_path("refs-dynamic")), repairs=frozenset())
    assert inner(fields(loaded, "Tree")["children"]) == Ref("#/components/schemas/Tree")
    spec = yaml.safe_load(spec_path("refs-dynamic").read_text(encoding="utf-8"))
    spec["components"]["schemas"]["Outline"] = {
        "$id": "https://schemas.example.test/outline",
        "type": "object",
        "properties": {"sections": {"type": "array", "items": {"$recursiveRef": "#"}}},
    }
    path = tmp_path / "outline.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    outline = fields(load_api(str(path), repairs=frozenset()), "Outline")
    assert inner(outline["sections"]) == Ref("#/components/schemas/Outline")


def test_a_missing_anchor_names_its_pointer(tmp_path: Path) -> None:
    spec = yaml.safe_load(spec_path("refs-anchor").read_text(encoding="utf-8"))
    spec["components"]["schemas"]["Price"]["properties"]["amount"] = {"$ref": "#cash"}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(UnresolvedRefError, match="no \\$anchor 'cash'") as caught:
        load_api(str(path), repairs=frozenset())
    assert caught.value.where == "api.json#/components/schemas/Price/properties/amount"


def test_an_unknown_uri_under_an_id_is_not_fetched(tmp_path: Path) -> None:
    """`other` under the base `https://…/animals/pet` names a URL no schema declares: it is a
    URL like any other, refused for a local spec."""
    spec = yaml.safe_load(spec_path("refs-id-relative").read_text(encoding="utf-8"))
    spec["components"]["schemas"]["Pet"]["properties"]["tag"] = {"$ref": "other"}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(RefRefusedError, match="is a URL") as caught:
        load_index(str(path))
    assert caught.value.where == "api.json#/components/schemas/Pet/properties/tag"


def test_an_id_declared_in_another_file(tmp_path: Path) -> None:
    (tmp_path / "animals.json").write_text(
        json.dumps(
            {
                "$defs": {
                    "Cat": {
                        "$id": "https://schemas.example.test/cat",
                        "type": "object",
                        "properties": {"lives": {"type": "integer"}},
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Cat": {"$ref": "animals.json#/$defs/Cat"},
                "Home": {
                    "type": "object",
                    "properties": {"cat": {"$ref": "https://schemas.example.test/cat"}},
                },
            }
        },
    }
    (tmp_path / "api.json").write_text(json.dumps(spec), encoding="utf-8")
    loaded = load_api(str(tmp_path / "api.json"), repairs=frozenset())
    assert inner(fields(loaded, "Home")["cat"]) == Ref("animals.json#/$defs/Cat")


GENERATED = {
    "refs-id-absolute": ("Owner", {"pets": [{"name": "Rex"}], "favouriteName": ""}),
    "refs-id-relative": ("Owner", {"pet": {"name": "Tom", "tag": "x" * 21}}),
    "refs-anchor": ("Price", {"amount": {"value": 1, "currency": "EUR"}, "sku": "abc"}),
    "refs-dynamic": ("Tree", {"value": "a", "children": [{"value": 1}]}),
}


#: What the client and docs say where a ref by `$id` is used: the component's model, by name.
RENDERED = {
    "refs-id-absolute": (
        ("{package}/_client/pets.py", "-> Pet:"),
        ("docs/schemas/owner.md", "list\\[[`Pet`](../schemas/pet.md)\\]"),
        ("docs/resources/pets.md", "| `200` | [`Pet`](../schemas/pet.md) |"),
    ),
    "refs-dynamic": (("docs/schemas/tree.md", "list\\[[`Tree`](../schemas/tree.md)\\]"),),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_package_follows_the_refs(tmp_path: Path, name: str) -> None:
    """Generate the spec, then in a fresh interpreter: every example parses with its model,
    the validators accept it, and a payload that breaks a constraint reached only through the
    ref is rejected by both."""
    package = name.replace("-", "_")
    out = tmp_path / "out"
    args = ["generate", "--spec", str(spec_path(name)), "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args, "--package-name", package],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for path, snippet in RENDERED.get(name, ()):
        assert snippet in (out / path.format(package=package)).read_text(encoding="utf-8")
    spec = yaml.safe_load(spec_path(name).read_text(encoding="utf-8"))
    examples = {
        schema_name: schema["example"]
        for schema_name, schema in spec["components"]["schemas"].items()
        if "example" in schema
    }
    model, bad = GENERATED[name]
    script = f"""
import json, sys
import pydantic
from {package} import models, validators
examples, model, bad = json.loads(sys.argv[1]), {model!r}, json.loads(sys.argv[2])
for schema_name, example in examples.items():
    getattr(models, schema_name).model_validate(example)
    assert validators.validate(schema_name, example) == [], (schema_name, example)
assert validators.validate(model, bad) != []
try:
    getattr(models, model).model_validate(bad, context={{"unknown": "reject"}})
except pydantic.ValidationError:
    pass
else:
    raise SystemExit("the model accepted " + repr(bad))
"""
    checked = subprocess.run(
        [sys.executable, "-c", script, json.dumps(examples), json.dumps(bad)],
        capture_output=True,
        text=True,
        cwd=out,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
