"""Generate a models package from a spec into a folder and import it under its own name."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.build import ALL_RULES
from generator.pipeline import load_api
from generator.render.files import Target, render_project
from generator.writer import apply, plan_writes


def generate_models(spec: Path | dict[str, Any], out: Path, package: str) -> Path:
    """The project files, models and client of `spec`, written to `out` (no validators, no
    docs)."""
    if isinstance(spec, dict):
        path = out.parent / f"{package}.spec.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        spec = path
    loaded = load_api(str(spec), repairs=frozenset(ALL_RULES))
    target = Target(loaded.api, loaded.index, package)
    files = render_project(target, parts=frozenset({"models", "client"}))
    out.mkdir(parents=True, exist_ok=True)
    apply(out, plan_writes(out, tuple(files)))
    return out


def import_models(out: Path, package: str) -> ModuleType:
    """`<package>.models`, imported from `out` (each test package has a unique name)."""
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    return importlib.import_module(f"{package}.models")
