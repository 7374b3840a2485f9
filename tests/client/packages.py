"""Generate a package with its client from a spec into a folder, and import it under its
own name (each test package has a unique one)."""

from __future__ import annotations

import functools
import importlib
import sys
from pathlib import Path
from types import ModuleType

from generator.build import ALL_RULES
from generator.pipeline import Loaded, load_api
from generator.render.client import render_client
from generator.render.files import Target, render_project_files
from generator.render.models import render_models
from generator.render.webhooks import render_webhooks
from generator.writer import apply, plan_writes


@functools.cache
def load(spec: Path) -> Loaded:
    """The IR and the repaired documents of `spec`, loaded once per test session."""
    return load_api(str(spec), repairs=frozenset(ALL_RULES))


def generate_client(spec: Path, out: Path, package: str) -> Path:
    """The project files, models, client and webhooks of `spec`, written to `out`."""
    loaded = load(spec)
    target = Target(loaded.api, loaded.index, package)
    parts = (render_project_files, render_models, render_client, render_webhooks)
    files = sorted((file for part in parts for file in part(target)), key=lambda f: f.path)
    out.mkdir(parents=True, exist_ok=True)
    apply(out, plan_writes(out, tuple(files)))
    return out


def import_package(out: Path, package: str) -> ModuleType:
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    return importlib.import_module(package)
