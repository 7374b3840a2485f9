"""`sdkgen lint`: what is wrong with a spec, and what the generator does about it.

Two sources: the document checked with `jsonschema` against the official OpenAPI 3.0/3.1 schema
(as shipped by openapi-spec-validator), and the generator's own semantic checks and repairs.
A schema violation that a repair covers is reported once, as that repair.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jsonschema
import referencing
import referencing.jsonschema
from jsonschema.exceptions import ValidationError, best_match

from generator.coverage import coverage_findings
from generator.errors import Diagnostic, Diagnostics, GeneratorError
from generator.lowering import apply_repairs, build_api
from generator.lowering.walk import iter_schemas
from generator.refs import SpecIndex, join_pointer

_SCHEMA_FILES = {"3.0": ("v3.0", "schema.json"), "3.1": ("v3.1", "schema.json")}
_REF_SIBLINGS_KEPT = frozenset({"$ref", "title", "description"})
_MAX_MESSAGE = 160
#: Repairs that let generation go on but do not make the document valid: a type that is not
#: a JSON type is as often a typo (`strnig`) as Swagger 2's `file`, so lint still says so.
_STILL_ERRORS = frozenset({"unknown-type"})


@dataclass(frozen=True, slots=True)
class LintReport:
    diagnostics: tuple[Diagnostic, ...]
    repaired: SpecIndex

    @property
    def has_errors(self) -> bool:
        return any(d.level == "error" for d in self.diagnostics)


def lint(index: SpecIndex, repairs: frozenset[str]) -> LintReport:
    repaired, diagnostics = apply_repairs(index, repairs)
    findings = list(diagnostics.items)
    findings.extend(generator_findings(repaired))
    covered = {d.where for d in findings if d.rule not in _STILL_ERRORS}
    for finding in schema_violations(index):
        if not any(
            finding.where == where or finding.where.startswith(where + "/") for where in covered
        ):
            findings.append(finding)
    findings.extend(ref_sibling_findings(index))
    return LintReport(tuple(sorted(set(findings))), repaired)


def generator_findings(repaired: SpecIndex) -> list[Diagnostic]:
    """What building the SDK reports beyond the repairs: types that fall back to `Any`,
    keywords the models ignore, callbacks, webhooks and bodies the SDK does not render."""
    built = Diagnostics()
    try:
        api = build_api(repaired, built, client_name=None)
    except GeneratorError as exc:  # a defect `generate` stops at: one error, where it is
        return [Diagnostic(exc.where or repaired.root.name, "build", exc.message, "error")]
    except Exception as exc:  # lint reports what it found so far, never a traceback
        message = f"the generator cannot build this spec ({type(exc).__name__}: {exc})"
        return [Diagnostic(repaired.root.name, "build", message, "error")]
    return [*built.items, *coverage_findings(api, repaired)]


def official_schema(version: str) -> tuple[dict[str, Any], referencing.Registry[Any]]:
    """The OpenAPI schema for `version` (`3.0.x`/`3.1.x`) and a registry for what it refers to."""
    folder, name = _SCHEMA_FILES[version[:3]]
    base = resources.files("openapi_spec_validator") / "resources" / "schemas"
    schema = json.loads((base / folder / name).read_text(encoding="utf-8"))
    registry: referencing.Registry[Any] = referencing.Registry()
    if version.startswith("3.1"):
        registry = registry.with_resource(
            "https://spec.openapis.org/oas/3.1/dialect/base",
            referencing.jsonschema.DRAFT202012.create_resource(_dialect_base()),
        )
    return schema, registry


def _dialect_base() -> dict[str, Any]:
    # The 3.1 schema checks schema objects through this dialect, which allows any keyword.
    return {
        "$id": "https://spec.openapis.org/oas/3.1/dialect/base",
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$dynamicAnchor": "meta",
        "type": ["object", "boolean"],
    }


def schema_violations(index: SpecIndex) -> Iterator[Diagnostic]:
    """The root document against the official schema; each error at its deepest reason."""
    document = index.root.contents
    schema, registry = official_schema(str(document.get("openapi")))
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, registry=registry)
    for error in validator.iter_errors(document):
        leaf = _leaf(error)
        pointer = join_pointer("#", *leaf.absolute_path)
        yield Diagnostic(index.display(pointer), "openapi-schema", _message(leaf), "error")


def _leaf(error: ValidationError) -> ValidationError:
    """The deepest reason: in `oneOf: [Schema, Reference]` the one that got furthest."""
    while error.context:
        deepest = max(len(e.absolute_path) for e in error.context)
        found = best_match(e for e in error.context if len(e.absolute_path) == deepest)
        if found is None or found is error:
            break
        error = found
    return error


def _message(error: ValidationError) -> str:
    instance = json.dumps(error.instance, sort_keys=True, ensure_ascii=False)
    shown = instance if len(instance) <= 60 else instance[:57] + "..."
    reason = {
        "required": f"missing required property: {error.message.split(' ')[0]}",
        "additionalProperties": error.message.rsplit("(", 1)[-1].rstrip(")"),
    }.get(str(error.validator), f"{error.validator} {error.validator_value!r} fails for {shown}")
    reason = str(reason)
    return reason if len(reason) <= _MAX_MESSAGE else reason[: _MAX_MESSAGE - 3] + "..."


def ref_sibling_findings(index: SpecIndex) -> Iterator[Diagnostic]:
    """In OpenAPI 3.0 a `$ref`'s siblings are ignored; say so for all but title/description."""
    if not str(index.root.contents.get("openapi", "")).startswith("3.0"):
        return
    for location, node in iter_schemas(index):
        if "$ref" in node:
            ignored = sorted(set(node) - _REF_SIBLINGS_KEPT)
            if ignored:
                yield Diagnostic(
                    index.display(location),
                    "ref-siblings-ignored",
                    f"OpenAPI 3.0 ignores keywords beside $ref: {', '.join(ignored)}",
                )
