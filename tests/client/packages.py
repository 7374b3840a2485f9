"""The client tests' packages: generated as the model tests' are (tests/models/packages.py),
from a spec loaded once per test session."""

from __future__ import annotations

import functools
from pathlib import Path
from types import ModuleType

from generator.lowering import ALL_RULES
from generator.pipeline import Loaded, load_api
from tests.models.packages import generate_models, import_from


@functools.cache
def load(spec: Path) -> Loaded:
    """The IR and the repaired documents of `spec`, loaded once per test session."""
    return load_api(str(spec), repairs=frozenset(ALL_RULES))


def generate_client(spec: Path, out: Path, package: str) -> Path:
    """The project files, models, client and webhooks of `spec`, written to `out`."""
    return generate_models(spec, out, package, loaded=load(spec))


def import_package(out: Path, package: str) -> ModuleType:
    return import_from(out, package)
