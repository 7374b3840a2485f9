"""Generate a package (project files, models, webhooks and client) from a spec into a folder,
and import it under its own name (each test package has a unique one). The model and client
tests share these."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.lowering import ALL_RULES
from generator.pipeline import Loaded, load_api
from generator.render.files import Target
from generator.targets.orchestrate import selected_parts
from generator.writer import apply, plan_writes


def generate_models(
    spec: Path | dict[str, Any], out: Path, package: str, *, loaded: Loaded | None = None
) -> Path:
    """The project files, models and client of `spec` (or of `loaded`, its IR when a caller
    keeps it), written to `out` (no validators, no docs)."""
    if loaded is None:
        if isinstance(spec, dict):
            path = out.parent / f"{package}.spec.json"
            path.write_text(json.dumps(spec), encoding="utf-8")
            spec = path
        loaded = load_api(str(spec), repairs=frozenset(ALL_RULES))
    parts = frozenset({"models", "client"})
    target = Target(loaded.api, loaded.index, package, parts=parts)
    # In this process, part after part: a test worker has threads, and forking a process
    # with threads may deadlock (the CLI's workers are tested through the CLI).
    files = [file for plan in selected_parts(parts) for file in plan.render(target)]
    out.mkdir(parents=True, exist_ok=True)
    apply(out, plan_writes(out, files))
    return out


def import_from(out: Path, module: str) -> ModuleType:
    """`module`, imported from the package generated into `out`."""
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    return importlib.import_module(module)


def import_models(out: Path, package: str) -> ModuleType:
    return import_from(out, f"{package}.models")
