"""The corpus harness's pieces (`tests/test_corpus.py` runs them; `benchmarks/corpus_tally.py`
prints their tally): generate every spec of `tests/specs/` as its own package under one folder,
run one ruff and one mypy over all of them, and, in one child process, import every module,
build every model and validate every example of every spec.

The child process keeps the test worker clean (hundreds of generated modules) and survives
what a broken package does at import time; its findings come back as JSON.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import json
import os
import re
import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SPECS = REPO / "tests" / "specs"
SUFFIXES = (".yaml", ".yml", ".json")
CHECKS = ("generate", "import", "ruff-check", "ruff-format", "mypy", "constants", "examples")
#: the modules whose module-level constants must be annotated (issue 12 item 3): the client's,
#: the webhooks module and the package's own files (the models and validators are not yet)
ANNOTATED = ("__init__.py", "errors.py", "webhooks.py", "_client/*.py")
#: every part of the output: models, webhooks, client, validators, docs
PARTS = frozenset({"models", "client", "validators", "docs"})
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONE = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
)


def corpus_specs(folder: Path = SPECS) -> list[Path]:
    """Every spec of the corpus, by file name; `tests/specs/invalid/` is not searched."""
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def package_names(specs: list[Path]) -> dict[str, str]:
    """A valid, unique package name per spec file: `corpus_` and the file name in snake case
    (`api-fastapi.yaml` → `corpus_api_fastapi`), the suffix added on a clash, then a number."""
    names: dict[str, str] = {}
    for spec in specs:
        stem = re.sub(r"[^0-9a-z]+", "_", spec.stem.lower()).strip("_") or "spec"
        name = f"corpus_{stem}"
        if name in names.values():
            name = f"{name}_{spec.suffix.lstrip('.')}"
        number, base = 2, name
        while name in names.values():
            name, number = f"{base}_{number}", number + 1
        names[spec.name] = name
    return names


@dataclass
class SpecOutcome:
    """What the corpus found for one spec: per check, its failures (empty: it passed)."""

    spec: str
    package: str
    failures: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in CHECKS})
    #: (pointer, check) of each example that failed, for the list of known spec defects
    example_failures: list[tuple[str, str, str]] = field(default_factory=list)
    warnings: int = 0


# --- generating ----------------------------------------------------------------------------


def generate_all(root: Path, folder: Path = SPECS) -> dict[str, SpecOutcome]:
    """Each spec of `folder` generated into `root/<package>/` (its project folder); the
    outcomes so far, and `root/jobs.json` for the child: each package's examples."""
    specs = corpus_specs(folder)
    root.mkdir(parents=True, exist_ok=True)
    outcomes, jobs = {}, {}
    for spec, package in package_names(specs).items():
        outcome = outcomes[spec] = SpecOutcome(spec, package)
        try:
            jobs[package] = _generate(folder / spec, root / package, package, outcome)
        except Exception as exc:  # a failure to report, whatever it is
            outcome.failures["generate"].append(_describe(exc))
    (root / "jobs.json").write_text(json.dumps(jobs, default=str), encoding="utf-8")
    return outcomes


def _generate(spec: Path, out: Path, package: str, outcome: SpecOutcome) -> dict[str, Any]:
    from generator.lowering import ALL_RULES  # noqa: PLC0415
    from generator.pipeline import load_api  # noqa: PLC0415
    from generator.render.files import Target  # noqa: PLC0415
    from generator.targets.orchestrate import selected_parts  # noqa: PLC0415
    from generator.writer import apply, plan_writes  # noqa: PLC0415

    loaded = load_api(str(spec), repairs=frozenset(ALL_RULES))
    outcome.warnings = len(loaded.diagnostics)
    target = Target(loaded.api, loaded.index, package, parts=PARTS)
    # In this process, part after part: forking a test worker that has threads may deadlock.
    files = [file for plan in selected_parts(PARTS) for file in plan.render(target)]
    out.mkdir(parents=True)
    apply(out, plan_writes(out, files))
    document = loaded.index.root.contents
    dialect = "openapi-3.0" if loaded.api.openapi_version.startswith("3.0") else "2020-12"
    return {
        "document": document,
        "dialect": dialect,
        "examples": list(example_jobs(document, _schema_targets(loaded.api))),
    }


def _describe(exc: BaseException) -> str:
    """An exception in one line, with where it was raised when it is not a clean error."""
    from generator.errors import GeneratorError  # noqa: PLC0415

    if isinstance(exc, GeneratorError):
        return f"clean error: {exc}"
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno}"
    return f"{type(exc).__name__} at {where}: {str(exc)[:300]}"


def _schema_targets(api: Any) -> dict[str, list[str | None]]:
    """JSON pointer → [class name, field attribute or None]: the model that checks an example
    there (a named schema, or a property of a model)."""
    from generator.ir import Model  # noqa: PLC0415

    targets: dict[str, list[str | None]] = {}
    for schema in api.schemas:
        pointer = schema.source.partition("#")[2]
        targets[pointer] = [schema.class_name, None]
        if isinstance(schema, Model):
            for item in schema.fields:
                targets[item.source.partition("#")[2]] = [schema.class_name, item.py_name]
    return targets


# --- finding examples ----------------------------------------------------------------------


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def example_jobs(
    document: Any, targets: Mapping[str, list[str | None]]
) -> Iterator[dict[str, Any]]:
    """Every example of the document: the example's pointer, the pointer of the schema it
    illustrates, its value, and the model (class, field) that checks it, if any."""
    for where, schema_at, value in _examples(document, "", document):
        target = targets.get(schema_at)
        node = _resolve(document, schema_at)
        if target is None and isinstance(node, dict) and set(node) == {"$ref"}:
            target = targets.get(str(node["$ref"]).partition("#")[2])
        model, attr = target if target else (None, None)
        yield {"where": where, "schema": schema_at, "value": value, "model": model, "attr": attr}


def _examples(node: Any, pointer: str, document: Any) -> Iterator[tuple[str, str, Any]]:
    """Examples of media types, parameters and headers (their `schema` illustrated), and of
    the schemas under them and under `components/schemas`."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _examples(item, f"{pointer}/{index}", document)
        return
    if not isinstance(node, dict):
        return
    if pointer == "/components/schemas":
        for name, schema in node.items():
            yield from _schema_examples(schema, f"{pointer}/{_escape(name)}")
        return
    if isinstance(node.get("schema"), dict | bool):
        yield from _object_examples(node, pointer, f"{pointer}/schema", document)
        yield from _schema_examples(node["schema"], f"{pointer}/schema")
    for key, value in node.items():
        if key not in ("schema", "example", "examples", "default", "enum", "const"):
            yield from _examples(value, f"{pointer}/{_escape(key)}", document)


def _object_examples(
    node: dict[str, Any], pointer: str, schema_at: str, document: Any
) -> Iterator[tuple[str, str, Any]]:
    """A media type's, parameter's or header's `example`, and the values of its `examples`
    map (Example Objects, `$ref`s to `components/examples` followed)."""
    if "example" in node:
        yield f"{pointer}/example", schema_at, node["example"]
    examples = node.get("examples")
    if isinstance(examples, dict):
        for name, entry in examples.items():
            example = entry
            if isinstance(entry, dict) and isinstance(entry.get("$ref"), str):
                example = _resolve(document, entry["$ref"].partition("#")[2])
            if isinstance(example, dict) and "value" in example:
                yield f"{pointer}/examples/{_escape(name)}/value", schema_at, example["value"]


def _schema_examples(schema: Any, pointer: str) -> Iterator[tuple[str, str, Any]]:
    """A schema's `example`, each of its `examples` (3.1) or `x-examples` (the repair of 3.0
    `examples`), then its subschemas'."""
    if not isinstance(schema, dict):
        return
    if "example" in schema:
        yield f"{pointer}/example", pointer, schema["example"]
    for key in ("examples", "x-examples"):
        if isinstance(schema.get(key), list):
            for index, value in enumerate(schema[key]):
                yield f"{pointer}/{key}/{index}", pointer, value
    for key in _SCHEMA_MAPS:
        if isinstance(schema.get(key), dict):
            for name, sub in schema[key].items():
                yield from _schema_examples(sub, f"{pointer}/{key}/{_escape(name)}")
    for key in _SCHEMA_LISTS + _SCHEMA_ONE:
        value = schema.get(key)
        subs = [(f"/{i}", s) for i, s in enumerate(value)] if isinstance(value, list) else []
        for suffix, sub in subs or [("", value)]:
            yield from _schema_examples(sub, f"{pointer}/{key}{suffix}")


def _resolve(document: Any, pointer: str) -> Any:
    node = document
    for escaped in pointer.split("/")[1:]:
        token = escaped.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            return None
    return node


# --- ruff and mypy, once over every package -----------------------------------------------


def run_tools(root: Path, outcomes: dict[str, SpecOutcome]) -> None:
    """One `ruff check`, one `ruff format --check` and one `mypy --strict` over every package
    that generated; each finding goes to the spec whose package it is in."""
    by_package = {o.package: o for o in outcomes.values() if not o.failures["generate"]}
    targets = [f"{package}/{package}" for package in sorted(by_package)]
    if not targets:
        return
    python = (sys.executable, "-m")
    commands = {
        "ruff-check": (
            *python,
            "ruff",
            "check",
            "--isolated",
            "--target-version",
            "py310",
            "--output-format",
            "concise",
            "--no-cache",
        ),
        "ruff-format": (*python, "ruff", "format", "--isolated", "--check", "--no-cache"),
        "mypy": (
            *python,
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--cache-dir",
            str(root / ".mypy_cache"),
            "--no-error-summary",
        ),
    }
    for check, command in commands.items():
        result = subprocess.run(
            [*command, *targets], capture_output=True, text=True, cwd=root, check=False
        )
        _attribute(check, result, by_package)


def check_constants(root: Path, outcomes: dict[str, SpecOutcome]) -> None:
    """Every module-level assignment in the `ANNOTATED` modules has an annotation, but
    `__all__` and `TypeVar`s (which cannot have one)."""
    for outcome in outcomes.values():
        if outcome.failures["generate"]:
            continue
        package = root / outcome.package / outcome.package
        for path in sorted(p for pattern in ANNOTATED for p in package.glob(pattern)):
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except SyntaxError as exc:  # the import check reports it too
                where = f"{path.relative_to(root)}:{exc.lineno}"
                outcome.failures["constants"].append(f"{where}: SyntaxError: {exc.msg}")
                continue
            for node in tree.body:
                if isinstance(node, ast.Assign) and not _exempt(node):
                    name = ast.unparse(node.targets[0])
                    where = f"{path.relative_to(root)}:{node.lineno}"
                    outcome.failures["constants"].append(f"{where}: {name} has no annotation")


def _exempt(node: ast.Assign) -> bool:
    targets = [ast.unparse(target) for target in node.targets]
    value = node.value
    is_type_var = isinstance(value, ast.Call) and ast.unparse(value.func) == "TypeVar"
    return targets == ["__all__"] or is_type_var


def _attribute(
    check: str, result: subprocess.CompletedProcess[str], by_package: dict[str, SpecOutcome]
) -> None:
    """Each line of a tool's output that names a file goes to that file's package; a failure
    that names none goes to every package."""
    named = False
    for line in (result.stdout + result.stderr).splitlines():
        path = line.removeprefix("Would reformat: ").split(":", 1)[0]
        package = path.split("/", 1)[0]
        if package in by_package and "/" in path and not line.endswith(": note"):
            if ": note:" not in line:
                by_package[package].failures[check].append(line)
            named = True
    if result.returncode != 0 and not named:
        for outcome in by_package.values():
            outcome.failures[check].append(f"exit {result.returncode}: {result.stderr[-500:]}")


# --- the child process: imports, models, examples -----------------------------------------


def run_child(root: Path, outcomes: dict[str, SpecOutcome]) -> None:
    """Import, build and validate in one child process; its findings join the outcomes."""
    packages = sorted(o.package for o in outcomes.values() if not o.failures["generate"])
    if not packages:
        return
    paths = [str(REPO), *(str(root / package) for package in packages)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    code = "import sys; from tests.corpus_checks import child_main; child_main(sys.argv[1])"
    result = subprocess.run(
        [sys.executable, "-c", code, str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    found_path = root / "child.json"
    if result.returncode != 0 or not found_path.exists():
        for package in packages:
            by = {o.package: o for o in outcomes.values()}
            by[package].failures["import"].append(f"child crashed: {result.stderr[-800:]}")
        return
    found = json.loads(found_path.read_text(encoding="utf-8"))
    for outcome in outcomes.values():
        report = found.get(outcome.package, {})
        outcome.failures["import"] += report.get("import", [])
        outcome.example_failures += [tuple(item) for item in report.get("examples", [])]


def child_main(root_text: str) -> None:
    """In the child: every package's modules imported, models built, examples checked."""
    root = Path(root_text)
    jobs = json.loads((root / "jobs.json").read_text(encoding="utf-8"))
    found = {}
    for package, job in sorted(jobs.items()):
        imports = list(_import_all(root / package, package))
        # checked even when some module fails: an example of a model that imports still counts
        examples = list(_check_examples(package, job))
        found[package] = {"import": imports, "examples": examples}
    (root / "child.json").write_text(json.dumps(found), encoding="utf-8")


def _import_all(project: Path, package: str) -> Iterator[str]:
    """A line per module that does not import and per model that cannot be built."""
    for path in sorted((project / package).rglob("*.py")):
        parts = path.relative_to(project).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        try:
            importlib.import_module(module)
        except Exception as exc:  # reported, whatever it is
            yield f"{module}: {type(exc).__name__}: {str(exc)[:300]}"
    with contextlib.suppress(ImportError):
        models = importlib.import_module(f"{package}.models")
        for name in getattr(models, "__all__", ()):
            try:
                _build(getattr(models, name))
            except Exception as exc:
                yield f"{package}.models.{name}: cannot be built: {type(exc).__name__}: {exc}"


def _build(value: Any) -> None:
    from pydantic import BaseModel, TypeAdapter  # noqa: PLC0415

    if isinstance(value, type) and issubclass(value, BaseModel):
        value.model_rebuild(force=True)
    elif not isinstance(value, type) or not issubclass(value, str):
        TypeAdapter(value)


def _check_examples(package: str, job: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(example pointer, `models` or `validators`, error) for each example that fails."""
    try:
        models = importlib.import_module(f"{package}.models")
        validators = importlib.import_module(f"{package}.validators")
    except Exception as exc:
        for example in job["examples"]:
            yield example["where"], "models", f"no package: {type(exc).__name__}: {exc}"
        return
    for example in job["examples"]:
        where, value = example["where"], example["value"]
        if example["model"]:
            error = _model_error(models, example["model"], example["attr"], value)
            if error:
                yield where, "models", error
        error = _validator_error(validators, job, example, value)
        if error:
            yield where, "validators", error


def _model_error(models: Any, class_name: str, attr: str | None, value: Any) -> str | None:
    from pydantic import BaseModel, TypeAdapter  # noqa: PLC0415

    try:
        target = getattr(models, class_name)
        if attr is not None:
            info = target.model_fields[attr]
            target = _field_type(info)
        elif isinstance(target, type) and issubclass(target, BaseModel):
            target.model_validate_json(json.dumps(value))
            return None
        TypeAdapter(target).validate_json(json.dumps(value))
    except Exception as exc:  # a failing example, reported
        return f"{type(exc).__name__}: {str(exc)[:400]}"
    return None


def _field_type(info: Any) -> Any:
    """A field's annotation with its constraints, for a `TypeAdapter` of the field alone."""
    from typing import Annotated  # noqa: PLC0415

    return Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation


def _validator_error(
    validators: Any, job: dict[str, Any], example: dict[str, Any], value: Any
) -> str | None:
    """The package's validator for a named schema; for an inline schema, one compiled from
    the repaired spec at the example's schema pointer."""
    try:
        if example["model"] and example["attr"] is None and example["model"] in validators.SCHEMAS:
            errors = validators.validate(example["model"], value)
        else:
            errors = _inline_validator(job, example["schema"])(value)
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc)[:400]}"
    if not errors:
        return None
    return "; ".join(f"{e.path or '/'}: {e.message}" for e in errors[:3])


def _inline_validator(job: dict[str, Any], pointer: str) -> Any:
    from generator.validators import compile_module  # noqa: PLC0415

    source = compile_module(job["document"], {"example": f"#{pointer}"}, dialect=job["dialect"])
    namespace: dict[str, Any] = {"__name__": "corpus_example"}
    exec(compile(source, "<corpus example>", "exec"), namespace)  # compiled from our corpus
    return namespace["validate_example"]


def outcome_record(outcome: SpecOutcome) -> dict[str, Any]:
    return asdict(outcome)
