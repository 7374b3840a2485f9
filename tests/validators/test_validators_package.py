"""The rendered validators package of the project's own spec: layout, API, laziness, cleanliness."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.ir.graph import references
from generator.pipeline import Loaded
from generator.render.files import Target
from generator.targets.validators import render_validators
from tests.validators.conftest import Package

#: The issue's measure of error quality: four problems, four errors, each at its leaf.
BAD_UPDATE = {
    "name": "n" * 49,
    "number": "12",
    "hooks": [{"on": "call.answered", "do": [{"type": "say", "exact": "Please hold."}]}],
    "fallbackDestination": "+14155559999",
}


def assert_four_leaf_errors(validators: Any) -> None:
    errors = validators.validate("UpdateByoPhoneNumberDTO", BAD_UPDATE)
    found = sorted((e.path, e.keyword, e.message) for e in errors)
    assert found == [
        ("/fallbackDestination", "type", "'+14155559999' is not of type 'object'"),
        (
            "/hooks/0/on",
            "oneOf",
            "'call.answered' is not one of ['call.ending', 'call.ringing'] (the oneOf's tags)",
        ),
        ("/name", "maxLength", f"{'n' * 49!r} is too long (maxLength 40)"),
        ("/number", "minLength", "'12' is too short (minLength 3)"),
    ]
    where = {e.path: e.schema_path for e in errors}
    assert where["/name"].endswith("/UpdateByoPhoneNumberDTO/properties/name/maxLength")
    # A tag no member has: one error at the tag, naming every tag (no member is closer).
    assert where["/hooks/0/on"].endswith("/properties/hooks/items/oneOf")
    assert where["/fallbackDestination"].endswith("/TransferDestinationNumber/type")
    assert str(errors[0]).startswith(errors[0].path + ": ")


def test_update_byo_phone_number_gets_exactly_the_four_leaf_errors(
    project_package: Package,
) -> None:
    assert_four_leaf_errors(project_package.validators)


def test_api_by_name_and_per_schema_functions(project_package: Package) -> None:
    validators = project_package.validators
    valid = {
        "name": "Front desk",
        "hooks": [{"on": "call.ending", "do": {"type": "say", "exact": "Bye."}}],
    }
    assert validators.validate("UpdateByoPhoneNumberDTO", valid) == []
    assert validators.is_valid("UpdateByoPhoneNumberDTO", valid)
    assert not validators.is_valid("UpdateByoPhoneNumberDTO", BAD_UPDATE)
    assert validators.validate_UpdateByoPhoneNumberDTO(BAD_UPDATE) == validators.validate(
        "UpdateByoPhoneNumberDTO", BAD_UPDATE
    )
    assert validators.is_valid_UpdateByoPhoneNumberDTO(valid)
    assert set(validators.SCHEMAS) == {s.class_name for s in project_package.loaded.api.schemas}
    with pytest.raises(KeyError, match="no schema named 'Nope'"):
        validators.validate("Nope", {})
    with pytest.raises(AttributeError):
        _ = validators.validate_Nope
    error = validators.validate("UpdateByoPhoneNumberDTO", {"name": 3})[0]
    assert isinstance(error, validators.ValidationError)
    with pytest.raises(AttributeError, match="immutable"):
        error.path = "/elsewhere"
    assert error == validators.ValidationError(error.message, "/name", error.schema_path, "type")
    assert "ValidationError(message=" in repr(error)


def test_every_schema_validates_its_own_errors_consistently(project_package: Package) -> None:
    """For every schema: `validate` reports errors exactly when `is_valid` says no."""
    validators = project_package.validators
    for name in validators.SCHEMAS:
        for data in (None, {}, [], "text", 1.5, {"type": 7, "name": ["x"]}):
            errors = validators.validate(name, data)
            assert (errors == []) is validators.is_valid(name, data), (name, data)


def _run(code: str, package: Package) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=package.root,
        check=True,
    )
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_importing_the_package_loads_no_schema_module(project_package: Package) -> None:
    # What is loaded, not how long it takes: timings live in benchmarks/bench_validators.py.
    code = (
        "import json, sys\n"
        f"import {project_package.name}.validators\n"
        f"names = sorted(m for m in sys.modules if m.startswith('{project_package.name}.'))\n"
        "print(json.dumps({'modules': names}))\n"
    )
    _run(code, project_package)  # the first run writes the bytecode caches
    found = _run(code, project_package)
    name = project_package.name
    assert found["modules"] == [f"{name}.validators", f"{name}.validators._runtime"]


def test_validating_a_schema_imports_only_it_and_what_it_refers_to(
    project_package: Package,
) -> None:
    api = project_package.loaded.api
    by_id = api.schemas_by_id()
    start = by_id["#/components/schemas/UpdateByoPhoneNumberDTO"]
    seen, pending = {start.id}, [start.id]
    while pending:
        for target in references(by_id[pending.pop()]):
            if target not in seen:
                seen.add(target)
                pending.append(target)
    validators = project_package.validators
    expected = {validators.SCHEMAS[by_id[schema_id].class_name] for schema_id in seen}
    code = (
        "import json, sys\n"
        f"from {project_package.name} import validators\n"
        "validators.validate('UpdateByoPhoneNumberDTO', {'name': 'x'})\n"
        "prefix = validators.__name__ + '.'\n"
        "names = sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix))\n"
        "print(json.dumps({'modules': names}))\n"
    )
    found = _run(code, project_package)["modules"]
    assert set(found) == expected | {"_runtime"}
    assert len(found) < len(validators.SCHEMAS)


def test_rendering_is_deterministic_and_uses_the_templates(project_loaded: Loaded) -> None:
    target = Target(project_loaded.api, project_loaded.index, "pkg")
    first, second = list(render_validators(target)), list(render_validators(target))
    assert first == second
    paths = {str(file.path) for file in first}
    assert {"pkg/validators/__init__.py", "pkg/validators/_runtime.py"} <= paths
    assert "pkg/validators/update_byo_phone_number_dto.py" in paths
    header = "# Generated by sdkgen. Do not edit.\n"  # constant: no spec name or hash
    assert all(file.content.startswith(header) for file in first)


def test_generated_code_parses_as_python_3_10(project_package: Package) -> None:
    for path in sorted(project_package.folder.glob("*.py")):
        ast.parse(path.read_text(encoding="utf-8"), str(path), feature_version=(3, 10))


def tool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "--isolated", "--target-version", "py310"),
        ("ruff", "format", "--isolated", "--check"),
        ("mypy", "--strict", "--python-version", "3.10", "--cache-dir", "/dev/null"),
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_generated_code_is_clean(command: tuple[str, ...], project_package: Package) -> None:
    result = tool(*command, f"{project_package.name}/validators", cwd=project_package.root)
    assert result.returncode == 0, result.stdout + result.stderr
