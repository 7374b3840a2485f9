"""Fixtures: the validators package rendered from a spec into a temporary folder and imported.

Only the validators part is rendered (with an empty package `__init__`), under a package name
no other test uses, so importing it can never pick up the checked-in `generated/vapi_sdk`.
Output generated from the Vapi spec only ever goes to temporary folders.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.lowering import ALL_RULES
from generator.pipeline import Loaded, load_api
from generator.render.files import Target
from generator.targets.validators import render_validators
from tests.conftest import REPO, VAPI, require_shared
from tests.validators.oracle import lint_fix

PROJECT_SPEC = REPO / "specs" / "phone-numbers.yaml"


@dataclass(frozen=True, slots=True)
class Package:
    """A rendered validators package: where it is, and the imported `<name>.validators`."""

    root: Path  #: the folder to put on sys.path
    name: str
    validators: ModuleType
    loaded: Loaded

    @property
    def folder(self) -> Path:
        return self.root / self.name / "validators"


def write_validators(loaded: Loaded, root: Path, name: str) -> Path:
    """Render the validators of `loaded` as package `name` under `root`."""
    target = Target(loaded.api, loaded.index, name)
    (root / name).mkdir(parents=True, exist_ok=True)
    (root / name / "__init__.py").write_text('"""Test package."""\n', encoding="utf-8")
    for file in render_validators(target):
        path = root / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.content, encoding="utf-8")
    return root / name / "validators"


def _imported(root: Path, name: str, loaded: Loaded) -> Iterator[Package]:
    write_validators(loaded, root, name)
    sys.path.insert(0, str(root))
    try:
        yield Package(root, name, importlib.import_module(f"{name}.validators"), loaded)
    finally:
        sys.path.remove(str(root))
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


@pytest.fixture(scope="session")
def project_loaded() -> Loaded:
    return load_api(str(PROJECT_SPEC), repairs=frozenset(ALL_RULES))


@pytest.fixture(scope="session")
def project_package(
    project_loaded: Loaded, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Package]:
    root = tmp_path_factory.mktemp("project-validators")
    yield from _imported(root, "sdkgen_project_validators", project_loaded)


@pytest.fixture(scope="session")
def vapi_spec() -> Path:
    return require_shared(VAPI / "vapi-2026-06-10.json")


@pytest.fixture(scope="session")
def vapi_loaded(vapi_spec: Path) -> Loaded:
    return load_api(str(vapi_spec), repairs=frozenset(ALL_RULES))


@pytest.fixture(scope="session")
def vapi_fixed(vapi_spec: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The repaired Vapi document, as `sdkgen lint --fix` writes it (the oracle's input)."""
    return lint_fix(vapi_spec, tmp_path_factory.mktemp("lint") / "fixed.json")


@pytest.fixture(scope="session")
def vapi_package(
    vapi_loaded: Loaded, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Package]:
    root = tmp_path_factory.mktemp("vapi-validators")
    yield from _imported(root, "sdkgen_vapi_validators", vapi_loaded)
