"""datamodel-code-generator as an oracle for our models (issue 3, item 10).

datamodel-codegen writes pydantic v2 models for the Vapi spec, and we generate ours. Both
validate the same payloads for each chosen schema (the seed closure, ServerMessage and its
variants, CreateAssistantDTO, every schema with a pattern, and the schemas with numeric bounds
that refer to few others): valid payloads drawn from the schema, and mutations of them that
break one rule each (see `payloads.py`). Ours validate with `context={"unknown": "reject"}`, as
strict about unknown tags and enum values as datamodel-codegen's models. Each payload also gets
the document's own verdict (`SpecValidator`: JSON Schema draft 4 with `nullable`, ECMA-262
patterns and the formats asserted), which says who is wrong where the two disagree.

Every payload on which ours, datamodel-codegen's and the spec's verdicts are not all the same
falls in a category, `<kind>: <side> <accepts|rejects>` (`<side>` is the one that differs from
the spec, or `both`), with its sites (`Component.property`, or the schema for a generated
payload). The categories and sites must equal `dcg_disagreements.json`: `repaired` lists those
where the spec supports our answer, each with its reason; `open` those where it does not (ours
to fix; remove the entry with the fix); `published` what the published document does to
datamodel-codegen. A new disagreement, or a listed one that disappears, fails the test.

Which document datamodel-codegen reads: the repaired one (what `sdkgen lint --fix` writes), the
same the payloads are drawn from and ours are built from (by `generate_models`, which applies
the same repairs). The published document has defects (JavaScript regex literals, array-level
enums, object-typed string enums, overlapping `oneOf`) that make any generator reject valid
payloads; fed to datamodel-codegen, it would make the two disagree on every field a repair
touches and hide what this test is for, how the two generators model one meaning. What the
published patterns do to datamodel-codegen is shown apart (the last test). Its input is pruned
to the chosen schemas and what they refer to: the same models for those schemas, in half the
time.

Its options: `--use-annotated --field-constraints` (lengths, bounds and patterns enforced as
`Field` constraints), `--strict-types` (no "5" for 5, as in JSON), `--strict-nullable` (a
defaulted field is not nullable unless declared so), extra fields allowed (JSON Schema's
default), no formatter (the code is only imported).

Everything generated goes to temporary folders; the committed list holds only component,
property and category names.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from generator.lowering import ALL_RULES, apply_repairs
from generator.pipeline import load_index
from tests.conftest import VAPI, require_shared
from tests.models.packages import generate_models, import_models
from tests.models.payloads import REF, Case, PayloadGenerator, SpecValidator, cases

pytestmark = pytest.mark.slow

PACKAGE = "vapi_dcg_oracle_models"
DISAGREEMENTS = Path(__file__).with_name("dcg_disagreements.json")
SEED = 20260610
MODES = ("minimal", "full", "random", "random", "random", "random")
PER_KIND = 3  # mutations of one kind per schema, each at a different site
REJECT = {"unknown": "reject"}
SEED_SCHEMA = "UpdateByoPhoneNumberDTO"
SMALL_CLOSURE = 10  # a schema with bounds is chosen itself when it refers to few others
DCG_OPTIONS = (
    "--input-file-type",
    "openapi",
    "--output-model-type",
    "pydantic_v2.BaseModel",
    "--use-annotated",
    "--field-constraints",
    "--strict-types",
    "str",
    "int",
    "float",
    "bool",
    "--strict-nullable",
    "--extra-fields",
    "allow",
    "--target-python-version",
    "3.11",
    "--no-formatters",
    "--disable-timestamp",
)


# --- the documents and the two sets of models -------------------------------------------------


@pytest.fixture(scope="module")
def published() -> Path:
    return require_shared(VAPI / "vapi-2026-06-10.json")


@pytest.fixture(scope="module")
def document(published: Path) -> dict[str, Any]:
    """The repaired document: what `sdkgen lint --fix` writes (its repairs, not its lint)."""
    index, _ = apply_repairs(load_index(str(published)), frozenset(ALL_RULES))
    repaired: dict[str, Any] = index.root.contents
    return repaired


@pytest.fixture(scope="module")
def ours(published: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = generate_models(published, tmp_path_factory.mktemp("ours") / "out", PACKAGE)
    return import_models(out, PACKAGE)


def datamodel_codegen() -> str:
    beside = Path(sys.executable).with_name("datamodel-codegen")
    found = str(beside) if beside.is_file() else shutil.which("datamodel-codegen")
    if not found:
        message = "datamodel-codegen is missing: pip install -e '.[test]'"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@dataclass(frozen=True)
class Peer:
    module: ModuleType
    classes: dict[str, type[BaseModel]]  # component name -> datamodel-codegen's class


def run_dcg(source: Path, out: Path, name: str) -> Peer:
    """datamodel-codegen's models for the document `source`, imported as module `name`."""
    module_path, metadata = out / f"{name}.py", out / f"{name}.meta.json"
    command = [datamodel_codegen(), "--input", str(source), "--output", str(module_path)]
    command += ["--emit-model-metadata", str(metadata), *DCG_OPTIONS]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    spec = importlib.util.spec_from_file_location(name, module_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pydantic resolves the postponed annotations through it
    spec.loader.exec_module(module)
    # Its class names get numbers on clashes; the metadata maps each one to its schema.
    classes: dict[str, type[BaseModel]] = {}
    for entry in json.loads(metadata.read_text(encoding="utf-8"))["models"]:
        path = entry["source_path"]
        cls = getattr(module, entry["class_name"], None)
        is_model = isinstance(cls, type) and issubclass(cls, BaseModel)
        if len(path) == 3 and path[:2] == ["components", "schemas"] and is_model:
            classes.setdefault(path[2], cls)  # type: ignore[arg-type]
    return Peer(module, classes)


# --- the schemas and their payloads -----------------------------------------------------------


class Graph:
    """Which named schemas each named schema refers to."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.named: dict[str, Any] = document["components"]["schemas"]
        pattern = re.compile(r'"\$ref": "#/components/schemas/([^"]+)"')
        self.refs = {
            name: set(pattern.findall(json.dumps(schema))) for name, schema in self.named.items()
        }

    def closure(self, roots: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(roots)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(self.refs[name])
        return seen

    def pruned(self, document: dict[str, Any], roots: Iterable[str], path: Path) -> Path:
        """`document` with only `roots` and what they refer to, written to `path`."""
        kept = self.closure(roots)
        small = {**document, "paths": {}, "components": {"schemas": {}}}
        small["components"]["schemas"] = {n: s for n, s in self.named.items() if n in kept}
        path.write_text(json.dumps(small), encoding="utf-8")
        return path


def own_keywords(schema: dict[str, Any]) -> set[str]:
    """The keywords of the schema's own properties, their items and branches."""
    found: set[str] = set()
    for prop in (schema.get("properties") or {}).values():
        for part in (prop, prop.get("items") or {}, *(prop.get("oneOf") or [])):
            found |= set(part)
    return found


def chosen_schemas(graph: Graph) -> list[str]:
    """The seed closure, ServerMessage and its variants, CreateAssistantDTO, every schema with
    a pattern, and those with numeric bounds that refer to few others (the rest are reached
    inside the first ones): the object schemas among them."""
    message = graph.named["ServerMessage"]["properties"]["message"]
    variants = {branch["$ref"].removeprefix(REF) for branch in message["oneOf"]}
    chosen = graph.closure([SEED_SCHEMA]) | {"ServerMessage", "CreateAssistantDTO"} | variants
    for name, schema in graph.named.items():
        keywords = own_keywords(schema)
        bounded = bool(keywords & {"minimum", "maximum"})
        if "pattern" in keywords or (bounded and len(graph.closure([name])) <= SMALL_CLOSURE):
            chosen.add(name)
    return sorted(name for name in chosen if graph.named[name].get("type") == "object")


@pytest.fixture(scope="module")
def graph(document: dict[str, Any]) -> Graph:
    return Graph(document)


@pytest.fixture(scope="module")
def schemas(graph: Graph) -> list[str]:
    return chosen_schemas(graph)


@pytest.fixture(scope="module")
def dcg(
    document: dict[str, Any],
    graph: Graph,
    schemas: list[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Peer:
    out = tmp_path_factory.mktemp("dcg")
    return run_dcg(graph.pruned(document, schemas, out / "repaired.json"), out, "vapi_dcg")


@pytest.fixture(scope="module")
def payloads(document: dict[str, Any], schemas: list[str]) -> list[Case]:
    generator = PayloadGenerator(document, seed=SEED)
    found: list[Case] = []
    for name in schemas:
        found += cases(generator, name, modes=MODES, per_kind=PER_KIND)
    return found


@pytest.fixture(scope="module")
def spec(document: dict[str, Any]) -> SpecValidator:
    return SpecValidator(document)


# --- the comparison ---------------------------------------------------------------------------


def outcome(validate: Callable[[Any], Any], payload: Any) -> str:
    try:
        validate(payload)
    except ValidationError:
        return "rejects"
    except Exception as error:  # a crash is a disagreement of its own
        return f"crashes ({type(error).__name__})"
    return "accepts"


@dataclass
class Comparison:
    compared: int
    skipped: int  # mutations of a valid payload that some verdict already rejects
    disagreements: dict[str, set[str]]  # category -> sites
    invalid_drawn: set[str]  # schemas with a drawn "valid" payload the spec rejects


def compare(ours: ModuleType, peer: Peer, spec: SpecValidator, payloads: list[Case]) -> Comparison:
    by_schema: dict[str, list[Case]] = defaultdict(list)
    for case in payloads:
        by_schema[case.schema].append(case)
    found: dict[str, set[str]] = defaultdict(set)
    invalid_drawn: set[str] = set()
    compared = skipped = 0
    for name, its_cases in sorted(by_schema.items()):
        ours_validate = functools.partial(getattr(ours, name).model_validate, context=REJECT)
        theirs_validate = peer.classes[name].model_validate
        accepted: list[bool] = []  # per valid payload (they come first): all three accept it
        for case in its_cases:
            if case.origin is not None and not accepted[case.origin]:
                skipped += 1  # it would only repeat its valid payload's disagreement
                continue
            ours_says = outcome(ours_validate, case.payload)
            theirs = outcome(theirs_validate, case.payload)
            expected = "accepts" if spec.is_valid(name, case.payload) else "rejects"
            compared += 1
            if case.origin is None:
                accepted.append(ours_says == theirs == expected == "accepts")
                if expected == "rejects":
                    invalid_drawn.add(name)
            if ours_says == theirs == expected:
                continue
            if ours_says == theirs:
                found[f"{case.kind}: both {ours_says}"].add(case.site)
            elif ours_says == expected:
                found[f"{case.kind}: datamodel-codegen {theirs}"].add(case.site)
            else:
                found[f"{case.kind}: ours {ours_says}"].add(case.site)
    return Comparison(compared, skipped, dict(found), invalid_drawn)


@pytest.fixture(scope="module")
def comparison(
    ours: ModuleType, dcg: Peer, spec: SpecValidator, payloads: list[Case]
) -> Comparison:
    return compare(ours, dcg, spec, payloads)


def listed(*sections: str) -> dict[str, set[str]]:
    committed = json.loads(DISAGREEMENTS.read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for section in sections:
        for category, entry in committed[section].items():
            assert entry["reason"].strip(), f"{section}: {category} has no reason"
            ours_differ = section in ("accepted", "open")
            assert (": ours " in category) == ours_differ, f"{section}: {category}"
            found[category] = set(entry["sites"])
    return found


def as_listing(found: dict[str, set[str]]) -> str:
    return json.dumps({k: sorted(v) for k, v in sorted(found.items())}, indent=1)


def test_the_comparison_covers_enough(
    schemas: list[str], payloads: list[Case], comparison: Comparison
) -> None:
    assert len(schemas) >= 50
    assert {SEED_SCHEMA, "ServerMessage", "ServerMessageStatusUpdate", "CreateAssistantDTO"} <= set(
        schemas
    )
    kinds = {case.kind for case in payloads}
    assert kinds >= {
        "valid",
        "missing-required",
        "wrong-type",
        "null",
        "string-too-long",
        "below-minimum",
        "above-maximum",
        "pattern-bad-character",
        "pattern-trailing-newline",
        "unknown-enum-value",
        "format-date-time-malformed",
    }
    assert comparison.compared + comparison.skipped == len(payloads)
    assert comparison.compared >= 2000
    assert comparison.invalid_drawn == set()  # else the generator missed a rule of the schema


def test_ours_and_datamodel_codegen_agree_or_the_disagreement_is_listed(
    comparison: Comparison,
) -> None:
    found = comparison.disagreements
    if os.environ.get("SDKGEN_UPDATE_SNAPSHOTS") == "1":
        update_listing(found)  # sites only; a new category needs its section and reason
    assert found == listed("repaired", "accepted", "open"), as_listing(found)


def update_listing(found: dict[str, set[str]]) -> None:
    committed = json.loads(DISAGREEMENTS.read_text(encoding="utf-8"))
    sections = ("repaired", "accepted", "open")
    for section in sections:
        for category in list(committed[section]):
            if category not in found:
                del committed[section][category]
    known = {category for section in sections for category in committed[section]}
    for category, sites in found.items():
        if category not in known:
            section = "open" if ": ours " in category else "repaired"
            committed[section][category] = {"reason": "", "sites": []}
        for section in sections:
            if category in committed[section]:
                committed[section][category]["sites"] = sorted(sites)
    text = json.dumps(committed, indent=1, ensure_ascii=False) + "\n"
    DISAGREEMENTS.write_text(text, encoding="utf-8")


def test_the_published_patterns_make_datamodel_codegen_reject_valid_values(
    published: Path,
    ours: ModuleType,
    spec: SpecValidator,
    payloads: list[Case],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """datamodel-codegen fed the published document, on the schemas with a pattern and a small
    closure, and their valid payloads: it copies the JavaScript regex literals (`/^...$/u`)
    verbatim, and so rejects the values our translated patterns accept."""
    document = json.loads(published.read_text(encoding="utf-8"))
    graph = Graph(document)
    schemas = {
        name
        for name, schema in graph.named.items()
        if "pattern" in own_keywords(schema) and len(graph.closure([name])) <= 4 * SMALL_CLOSURE
    }
    out = tmp_path_factory.mktemp("dcg-published")
    peer = run_dcg(graph.pruned(document, schemas, out / "published.json"), out, "vapi_dcg_pub")
    valid = [case for case in payloads if case.schema in schemas and case.kind == "valid"]
    found = compare(ours, peer, spec, valid).disagreements
    assert found == listed("published"), as_listing(found)


def test_no_disagreement_is_left_open() -> None:
    """`open` holds our bugs while they are being fixed; a submission has none."""
    assert json.loads(DISAGREEMENTS.read_text(encoding="utf-8"))["open"] == {}
