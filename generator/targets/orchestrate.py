"""Runs the targets: which parts a generation renders, where each runs, and their files.

The one module that knows every target. Each target's code is imported only when it is
selected (the docs' alone cost ~0.1 s), by name from `PART_TABLE`.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from pathlib import PurePosixPath

from generator.render.files import PartPlan, Placement, Target
from generator.render.parallel import After, render_parts
from generator.targets.project import render_project_files
from generator.writer import RenderedFile

#: part name → (module, function, placement, weight) in render order; webhooks come with the
#: models (a webhook server needs them and no HTTP client).
PART_TABLE: dict[str, tuple[tuple[str, str, Placement, int], ...]] = {
    "models": (
        ("generator.targets.models", "render_models", "shards", 3),
        ("generator.targets.webhooks", "render_webhooks", "main", 1),
    ),
    "client": (("generator.targets.client", "render_client", "worker", 2),),
    "validators": (("generator.targets.validators", "render_validators", "shards", 5),),
    "docs": (("generator.targets.docs", "render_docs", "shards", 4),),
}


def selected_parts(parts: frozenset[str]) -> tuple[PartPlan, ...]:
    """The parts to render and where, in a fixed order."""
    chosen = [PartPlan(render_project_files, "main")]
    for name, entries in PART_TABLE.items():
        if name in parts:
            for module, function, placement, weight in entries:
                part = getattr(importlib.import_module(module), function)
                chosen.append(PartPlan(part, placement, weight))
    return tuple(chosen)


def render_project(target: Target, *, parts: frozenset[str]) -> tuple[RenderedFile, ...]:
    """Every output file of the selected parts, rendered in memory, sorted by path."""
    return render_project_with(target, parts=parts)[0]


def render_project_with(
    target: Target, *, parts: frozenset[str], after: After | None = None
) -> tuple[tuple[RenderedFile, ...], list[PurePosixPath]]:
    """`render_project`, and the paths `after` returned where workers ran it on their files
    as they went (see `render_parts`)."""
    rendered, done = render_parts(selected_parts(parts), replace(target, parts=parts), after=after)
    files = [file for part in rendered for file in part]
    paths = [file.path for file in files]
    if len(set(paths)) != len(paths):
        clashes = sorted({str(p) for p in paths if paths.count(p) > 1})
        raise AssertionError(f"two parts render the same file: {clashes}")
    return tuple(sorted(files, key=lambda f: f.path)), done
