"""The models generated from the full Vapi spec: every module imports and builds, the spec's
own examples validate, and real payloads of every repaired defect class pass while wrong
ones fail. Output goes to a temporary folder only."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from tests.conftest import VAPI, require_shared
from tests.models.packages import generate_models, import_models

PACKAGE = "vapi_full_models"
DEFECTS = Path(__file__).with_name("example_defects.json")
REJECT = {"unknown": "reject"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = require_shared(VAPI / "vapi-2026-06-10.json")
    return generate_models(spec, tmp_path_factory.mktemp("vapi") / "out", PACKAGE)


@pytest.fixture(scope="module")
def models(out: Path) -> ModuleType:
    return import_models(out, PACKAGE)


def model_classes(models: ModuleType) -> Iterator[type[BaseModel]]:
    for name in models.__all__:
        value = getattr(models, name)
        if isinstance(value, type) and issubclass(value, BaseModel):
            yield value


def test_every_model_imports_and_builds(models: ModuleType) -> None:
    built = 0
    for cls in model_classes(models):
        assert cls.__pydantic_validator__ is not None  # builds the deferred validator
        built += 1
    assert built >= 893


def field_adapter(cls: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """The field's type with its constraints and checks (alias and docs left out)."""
    info = cls.model_fields[name]
    if not info.metadata:
        return TypeAdapter(info.annotation)
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)])  # type: ignore[valid-type]


def defect_reason(example: Any, error: ValidationError) -> str:
    """Structural only (the example's JSON type and the errors' kinds): no spec prose."""
    kinds = {bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
    kind = "null" if example is None else kinds.get(type(example), "object")
    found = sorted({e["type"] for e in error.errors()})
    return f"the example is a {kind}, the schema says otherwise: {', '.join(found[:4])}"


def spec_examples() -> Iterator[tuple[str, str, Any]]:
    """(class, wire name, example) for every `example`/`examples` on a property."""
    spec = json.loads((VAPI / "vapi-2026-06-10.json").read_text(encoding="utf-8"))
    for class_name, schema in sorted(spec["components"]["schemas"].items()):
        for wire_name, prop in (schema.get("properties") or {}).items():
            found = [prop["example"]] if "example" in prop else []
            found += prop.get("examples") or [] if isinstance(prop.get("examples"), list) else []
            for example in found:
                yield class_name, wire_name, example


def test_the_specs_examples_validate_or_are_listed_defects(models: ModuleType) -> None:
    defects = json.loads(DEFECTS.read_text(encoding="utf-8"))
    failing: dict[str, str] = {}
    checked = 0
    for class_name, wire_name, example in spec_examples():
        cls = getattr(models, class_name)
        name = next(n for n, f in cls.model_fields.items() if (f.alias or n) == wire_name)
        checked += 1
        try:
            field_adapter(cls, name).validate_python(example, context={"unknown": "keep"})
        except ValidationError as error:
            failing[f"{class_name}.{wire_name}"] = defect_reason(example, error)
    assert checked >= 500
    assert failing == defects, json.dumps(failing, indent=1, sort_keys=True)


PAYLOADS: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    # defect class: (model, a real payload, the same payload made really wrong)
    "array-enum-on-items": (
        "CreateAssistantDTO",
        {"name": "Front desk", "serverMessages": ["end-of-call-report", "status-update"]},
        {"name": "Front desk", "serverMessages": ["end-of-call-report", "not-a-message"]},
    ),
    "open-enum": (
        "CreateAssistantDTO",
        {"backgroundSound": "https://example.com/sounds/rain.mp3"},
        {"backgroundSound": 42},
    ),
    "js-regex-literal": (
        "CreateApiRequestToolDTO",
        {
            "type": "apiRequest",
            "method": "POST",
            "url": "https://example.com/orders",
            "name": "lookup_order-v2",
        },
        {
            "type": "apiRequest",
            "method": "POST",
            "url": "https://example.com/orders",
            "name": "lookup order",
        },
    ),
    "unicode-property-pattern": (
        "DeepgramTranscriber",
        {"provider": "deepgram", "keywords": ["Zürich:2", "Vapi", "Ōsaka"]},
        {"provider": "deepgram", "keywords": ["9lives"]},
    ),
    "object-typed-enum": (
        "AudioFormat",
        {"format": "mulaw", "sampleRate": 8000},
        {"format": "mp3", "sampleRate": 8000},
    ),
    "overlapping-one-of": (
        "Artifact",
        {
            "messages": [
                {
                    "role": "user",
                    "message": "Is the shop open?",
                    "time": 1.0,
                    "endTime": 2.0,
                    "secondsFromStart": 0.5,
                    "isFiltered": False,
                },
                {
                    "role": "bot",
                    "message": "Until six.",
                    "time": 2.5,
                    "endTime": 3.5,
                    "secondsFromStart": 2.0,
                    "source": "model",
                },
            ]
        },
        {"messages": [{"role": "bot", "message": "Until six.", "time": "later"}]},
    ),
}


@pytest.mark.parametrize("defect", sorted(PAYLOADS))
def test_real_payloads_of_each_defect_class_pass_and_wrong_ones_fail(
    models: ModuleType, defect: str
) -> None:
    class_name, good, bad = PAYLOADS[defect]
    cls = getattr(models, class_name)
    parsed = cls.model_validate(good)
    assert parsed.model_dump(exclude_unset=True) == good
    with pytest.raises(ValidationError):
        cls.model_validate(bad, context=REJECT)


def test_overlapping_branches_pick_the_best_fitting_model(models: ModuleType) -> None:
    _, good, _ = PAYLOADS["overlapping-one-of"]
    artifact = models.Artifact.model_validate(good)
    assert [type(m).__name__ for m in artifact.messages] == ["UserMessage", "BotMessage"]


def test_a_status_update_loads_only_what_it_needs(out: Path) -> None:
    code = (
        "import sys\n"
        f"from {PACKAGE}.models import ServerMessage\n"
        "m = ServerMessage.model_validate({'message': {'type': 'status-update',"
        " 'status': 'in-progress'}})\n"
        "assert type(m.message).__name__ == 'ServerMessageStatusUpdate'\n"
        f"print(len([n for n in sys.modules if n.startswith('{PACKAGE}._models.')]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=out, check=True
    )
    assert int(result.stdout) <= 10, "a status update should load a handful of modules"


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "--isolated", "--target-version", "py310", "."),
        ("ruff", "format", "--isolated", "--check", "."),
        ("mypy", "--strict", "--python-version", "3.10", PACKAGE),
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_the_full_package_is_clean_code(out: Path, command: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], capture_output=True, text=True, cwd=out, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
