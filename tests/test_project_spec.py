"""Checks on the project's own input spec in ``specs/``.

``specs/phone-numbers.yaml`` models the phone-number part of the Vapi API. Its
*structure* must match Vapi's published document (quirks included, because the
generator has to cope with them), while every piece of *prose* in it is the
project's own. ``specs/UpdateByoPhoneNumberDTO.schema.json`` is the seed schema,
copied byte for byte from ``../shared/seed``.

Tests that need ``../shared`` skip when it is missing, except under ``CI=true``,
where they fail.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SPECS = REPO / "specs"
SPEC_PATH = SPECS / "phone-numbers.yaml"
SEED_NAME = "UpdateByoPhoneNumberDTO.schema.json"
SEED_PATH = SPECS / SEED_NAME
SHARED_SEED_PATH = SHARED / "seed" / SEED_NAME
VAPI_PATH = SHARED / "specs" / "vapi" / "vapi-2026-06-10.json"

# Keys whose values are prose: ignored by the structural comparison and
# checked for originality instead.
PROSE_KEYS = frozenset({"description", "summary", "example", "examples"})

# Keys the seed file carries only because it is a standalone JSON Schema
# document; Vapi's component has none of them.
SEED_DOCUMENT_KEYS = frozenset({"$schema", "$id", "title"})

# Components whose schema was deliberately replaced by a smaller stand-in, with
# the reason. The closure of the phone-number schemas is 36 schemas, small
# enough to keep whole, so nothing is cut.
CUT_SCHEMAS: dict[str, str] = {}

# Components that live in their own file next to the YAML.
EXTERNAL_SCHEMAS = {"UpdateByoPhoneNumberDTO": f"./{SEED_NAME}"}

# The schemas the spec is built around; the components must be exactly their
# $ref closure in the Vapi document.
ROOT_SCHEMAS = (
    ["UpdateByoPhoneNumberDTO"]
    + [f"Create{p}PhoneNumberDTO" for p in ("Byo", "Twilio", "Vonage", "Vapi", "Telnyx")]
    + [f"Update{p}PhoneNumberDTO" for p in ("Twilio", "Vonage", "Vapi", "Telnyx")]
    + [f"{p}PhoneNumber" for p in ("Byo", "Twilio", "Vonage", "Vapi", "Telnyx")]
    + ["PhoneNumberPaginatedResponse", "PaginationMeta"]
)

OPERATIONS = {
    ("/phone-number", "post"): "PhoneNumberController_create",
    ("/phone-number", "get"): "PhoneNumberController_findAll",
    ("/v2/phone-number", "get"): "PhoneNumberController_findAllPaginated",
    ("/phone-number/{id}", "get"): "PhoneNumberController_findOne",
    ("/phone-number/{id}", "patch"): "PhoneNumberController_update",
    ("/phone-number/{id}", "delete"): "PhoneNumberController_remove",
}

# A shared run of this many characters (after normalising case and spacing)
# counts as copied prose.
COPY_RUN = 40


# --------------------------------------------------------------------------- helpers


def require_shared(path: Path) -> None:
    """Skip (or, under CI, fail) when a file from ../shared is unavailable."""
    if path.exists():
        return
    reason = f"{path} is missing; ../shared holds the reference data for this test"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true, so this is an error)")
    pytest.skip(reason)


def strip_prose(node):
    """Copy of ``node`` without prose keywords.

    Keys of a ``properties`` map are property names, not keywords, so a property
    called ``description`` survives.
    """
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in PROSE_KEYS:
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {name: strip_prose(sub) for name, sub in value.items()}
            else:
                out[key] = strip_prose(value)
        return out
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    return node


def property_orders(node, path="#"):
    """Yield (location, [property names in order]) for every ``properties`` map."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                yield path, list(value)
                for name, sub in value.items():
                    yield from property_orders(sub, f"{path}/properties/{name}")
            else:
                yield from property_orders(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from property_orders(item, f"{path}/{index}")


def iter_refs(node, path="#"):
    """Yield (location, target) for every ``$ref`` and discriminator mapping value."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield path, value
            elif (
                key == "mapping"
                and isinstance(value, dict)
                and all(isinstance(v, str) for v in value.values())
            ):
                for tag, target in value.items():
                    yield f"{path}/mapping/{tag}", target
            else:
                yield from iter_refs(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from iter_refs(item, f"{path}/{index}")


def resolve_pointer(document, fragment: str):
    """Resolve a JSON pointer fragment (without the leading '#')."""
    node = document
    if fragment in ("", "/"):
        return node
    for raw in fragment.lstrip("/").split("/"):
        token = unquote(raw).replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def prose_strings(node, found=None):
    """All string values of ``description``/``summary`` keywords."""
    if found is None:
        found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary") and isinstance(value, str):
                found.append(value)
            elif key == "properties" and isinstance(value, dict):
                for sub in value.values():
                    prose_strings(sub, found)
            else:
                prose_strings(value, found)
    elif isinstance(node, list):
        for item in node:
            prose_strings(item, found)
    return found


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def ref_closure(schemas: dict, roots) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        for _, target in iter_refs(schemas[name]):
            stack.append(target.rsplit("/", 1)[-1])
    return seen


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> dict:
    return json.loads(SEED_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def vapi() -> dict:
    require_shared(VAPI_PATH)
    return json.loads(VAPI_PATH.read_text(encoding="utf-8"))


def component(spec: dict, seed: dict, name: str) -> dict:
    """A component of our spec, with the seed file standing in for its $ref."""
    schema = spec["components"]["schemas"][name]
    if name in EXTERNAL_SCHEMAS:
        assert schema == {"$ref": EXTERNAL_SCHEMAS[name]}
        return {k: v for k, v in seed.items() if k not in SEED_DOCUMENT_KEYS}
    return schema


def spec_component_names() -> list[str]:
    return sorted(yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))["components"]["schemas"])


# --------------------------------------------------------------------------- basic shape


def test_document_shape(spec):
    assert spec["openapi"] == "3.0.3"
    assert spec["info"]["title"] == "Vapi API"
    assert spec["info"]["version"] == "1.0"
    assert spec["info"]["description"].strip()
    assert spec["servers"] == [{"url": "https://api.vapi.ai"}]
    assert spec["security"] == [{"bearer": []}]
    bearer = spec["components"]["securitySchemes"]["bearer"]
    assert bearer["type"] == "http" and bearer["scheme"] == "bearer"
    assert spec["components"]["schemas"]["UpdateByoPhoneNumberDTO"] == {
        "$ref": "./UpdateByoPhoneNumberDTO.schema.json"
    }


def test_operations_present(spec):
    found = {
        (path, method): op["operationId"]
        for path, item in spec["paths"].items()
        for method, op in item.items()
    }
    assert found == OPERATIONS
    for path, method in OPERATIONS:
        op = spec["paths"][path][method]
        assert op["tags"] == ["Phone Numbers"]
        assert op["security"] == [{"bearer": []}]


# --------------------------------------------------------------------------- (a) seed copy


def test_seed_is_byte_identical_to_shared():
    require_shared(SHARED_SEED_PATH)
    assert SEED_PATH.read_bytes() == SHARED_SEED_PATH.read_bytes()


# --------------------------------------------------------------------------- (b) refs


def test_every_ref_resolves(spec, seed):
    documents = {SPEC_PATH.name: spec, SEED_NAME: seed}
    problems = []
    # The seed's "#/..." refs deliberately point into the YAML document's components.
    for origin, document in ((SPEC_PATH.name, spec), (SEED_NAME, seed)):
        for where, target in iter_refs(document):
            file_part, _, fragment = target.partition("#")
            if file_part:
                path = (SPECS / file_part).resolve()
                if not path.is_file():
                    problems.append(f"{origin}{where}: {target} (no such file)")
                    continue
                if path.name not in documents:
                    problems.append(f"{origin}{where}: {target} (outside the document set)")
                    continue
                base = documents[path.name]
            else:
                base = spec
            try:
                resolve_pointer(base, fragment)
            except (KeyError, IndexError, ValueError, TypeError):
                problems.append(f"{origin}{where}: {target} (pointer does not resolve)")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- (c) structure


def test_components_are_the_ref_closure(spec, vapi):
    expected = ref_closure(vapi["components"]["schemas"], ROOT_SCHEMAS)
    assert set(spec["components"]["schemas"]) == expected


@pytest.mark.parametrize("name", spec_component_names())
def test_component_structure_matches_vapi(spec, seed, vapi, name):
    if name in CUT_SCHEMAS:
        pytest.skip(f"deliberately cut: {CUT_SCHEMAS[name]}")
    ours = component(spec, seed, name)
    theirs = vapi["components"]["schemas"][name]
    assert strip_prose(ours) == strip_prose(theirs)
    assert list(property_orders(ours)) == list(property_orders(theirs))


@pytest.mark.parametrize(
    ("path", "method"), list(OPERATIONS), ids=[f"{m.upper()} {p}" for p, m in OPERATIONS]
)
def test_operation_structure_matches_vapi(spec, vapi, path, method):
    ours = spec["paths"][path][method]
    theirs = vapi["paths"][path][method]
    assert ours["operationId"] == theirs["operationId"]
    assert ours["tags"] == theirs["tags"]
    assert ours["security"] == theirs["security"]
    for key in ("parameters", "requestBody", "responses"):
        assert strip_prose(ours.get(key, [] if key == "parameters" else None)) == strip_prose(
            theirs.get(key, [] if key == "parameters" else None)
        ), key
    for key in ("requestBody", "responses"):
        assert list(property_orders(ours.get(key))) == list(property_orders(theirs.get(key)))


def test_every_prose_slot_is_filled(spec):
    """Each operation, parameter, response, schema and property says what it is for."""
    missing = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for key in ("summary", "description"):
                if not str(op.get(key, "")).strip():
                    missing.append(f"{method.upper()} {path}: {key}")
            for param in op.get("parameters", []):
                if not str(param.get("description", "")).strip():
                    missing.append(f"{method.upper()} {path}: parameter {param['name']}")
            for code, response in op["responses"].items():
                if not str(response.get("description", "")).strip():
                    missing.append(f"{method.upper()} {path}: response {code}")
    for name, schema in spec["components"]["schemas"].items():
        if name in EXTERNAL_SCHEMAS:
            continue
        if not str(schema.get("description", "")).strip():
            missing.append(f"schema {name}")
        for prop, sub in schema.get("properties", {}).items():
            if not str(sub.get("description", "")).strip():
                missing.append(f"schema {name}.{prop}")
    assert not missing, "\n".join(missing)


# --------------------------------------------------------------------------- (d) own prose


def test_prose_is_our_own(spec, vapi):
    ours = [text for text in prose_strings(spec) if text.strip()]
    theirs = {normalise(text) for text in prose_strings(vapi) if text.strip()}
    assert ours

    problems = []
    grams: dict[str, str] = {}
    for text in ours:
        norm = normalise(text)
        if norm in theirs:
            problems.append(f"identical to a Vapi description: {text!r}")
        for i in range(len(norm) - COPY_RUN + 1):
            grams.setdefault(norm[i : i + COPY_RUN], text)

    copied: dict[str, str] = {}
    for text in theirs:
        for i in range(len(text) - COPY_RUN + 1):
            hit = grams.get(text[i : i + COPY_RUN])
            if hit is not None:
                copied.setdefault(hit, text[i : i + COPY_RUN])
    problems += [f"shares {run!r} with Vapi: {text!r}" for text, run in copied.items()]
    assert not problems, "\n".join(problems)


def test_prose_style(spec):
    problems = []
    for text in prose_strings(spec):
        if normalise(text).startswith("this is the"):
            problems.append(f"'This is the ...' opening: {text!r}")
        if "dashboard.vapi.ai" in text:
            problems.append(f"dashboard URL: {text!r}")
    assert not problems, "\n".join(problems)
