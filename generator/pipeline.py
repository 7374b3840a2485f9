"""The stages in order: load → index → repair → build IR → render → plan → write or check."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.build import apply_repairs, build_api
from generator.config import PARTS, GeneratorConfig
from generator.errors import Diagnostic, OutputError, SpecLoadError
from generator.ir import Api
from generator.loading import load_document
from generator.refs import SpecIndex, build_index
from generator.writer import (
    RenderedFile,
    WritePlan,
    apply,
    building_folder,
    new_folder_plan,
    plan_writes,
    publish,
    recover,
)
from generator.writer import stage as stage_files

if TYPE_CHECKING:
    from generator.render.files import Target


@dataclass(frozen=True, slots=True)
class Loaded:
    api: Api
    index: SpecIndex  #: the repaired documents
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class GenerationReport:
    api: Api
    plan: WritePlan
    diagnostics: tuple[Diagnostic, ...]
    seconds: float
    written: bool  #: False for `--check`
    #: (stage, seconds) in order: where a run's time went, for users timing large specs
    stages: tuple[tuple[str, float], ...] = ()
    changes: str = ""  #: what changed since the previous generation, one line


def load_index(spec: str) -> SpecIndex:
    """Read the root document and every file it references; refuse what is not OpenAPI."""
    document = load_document(spec)
    contents = document.contents
    if not isinstance(contents, dict) or not isinstance(contents.get("openapi"), str):
        found = "an object" if isinstance(contents, dict) else type(contents).__name__
        raise SpecLoadError(
            f"not an OpenAPI document (expected an object with 'openapi', "
            f"found {found} without it)",
            where=document.name,
        )
    if not contents["openapi"].startswith(("3.0", "3.1")):
        raise SpecLoadError(
            f"OpenAPI {contents['openapi']} is not supported (3.0.x and 3.1.x are)",
            where=f"{document.name}#/openapi",
        )
    return build_index(document)


def load_api(spec: str, *, repairs: frozenset[str], client_name: str | None = None) -> Loaded:
    index, diagnostics = apply_repairs(load_index(spec), repairs)
    api = build_api(index, diagnostics, client_name=client_name)
    return Loaded(api, index, diagnostics.sorted())


def render(
    loaded: Loaded, package_name: str, *, parts: frozenset[str] = PARTS
) -> tuple[RenderedFile, ...]:
    """Every output file of the selected parts, in memory, sorted by path."""
    # Imported here: Jinja costs ~40 ms that loading and linting a spec do not need.
    from generator.render.files import Target, render_project  # noqa: PLC0415

    return render_project(Target(loaded.api, loaded.index, package_name), parts=parts)


def generate(config: GeneratorConfig, *, check: bool = False) -> GenerationReport:
    """Render everything in memory; write the changes unless `check`."""
    clock = _Clock()
    loaded = load_api(config.spec, repairs=config.repairs, client_name=config.client_name)
    clock.lap("load")
    from generator.history.release import prepare  # noqa: PLC0415 - the diff only here
    from generator.render.files import Target  # noqa: PLC0415 - Jinja: see `render`

    history = prepare(loaded.api, config.out, config.version_policy)  # snapshot, changelog
    clock.lap("history")
    with _writing(config.out):
        new = not check and not config.out.exists()
        target = Target(loaded.api, loaded.index, config.package_name, release=history.release)
        files, staged = _render_and_stage(target, config, stage=not check, new=new)
        clock.lap("render")
        files = (*files, *history.files)
        plan = _write(config.out, files, frozenset(staged), check=check, new=new)
    clock.lap("check" if check else "write")
    return GenerationReport(
        loaded.api,
        plan,
        tuple(sorted((*loaded.diagnostics, *history.diagnostics))),
        clock.total(),
        written=not check,
        stages=tuple(clock.laps),
        changes=history.summary,
    )


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    """An output folder that cannot be written is for the user to fix: say where and why."""
    try:
        yield
    except OSError as exc:
        # A first run writes into a hidden sibling (`building_folder`): name the folder asked for.
        building, where = str(building_folder(out)), str(exc.filename or out)
        if where == building or where.startswith(building + os.sep):
            where = str(out) + where[len(building) :]
        raise OutputError(f"cannot write the output: {exc.strerror or exc}", where=where) from None


def _render_and_stage(
    target: Target, config: GeneratorConfig, *, stage: bool, new: bool
) -> tuple[tuple[RenderedFile, ...], list[PurePosixPath]]:
    """Render; when writing, render workers also stage their files as they go (`writer.stage`),
    so that writing thousands of files overlaps the rendering instead of following it. `new`:
    the output folder does not exist, so they write into its `building_folder` instead."""
    from generator.render.files import render_project_with  # noqa: PLC0415

    if not stage:
        return render_project_with(target, parts=config.parts)
    out = config.out
    recover(out)  # before anything is staged: it drops what an interrupted run staged
    try:
        root = building_folder(out) if new else out
        after = functools.partial(stage_files, root, new=new)
        return render_project_with(target, parts=config.parts, after=after)
    except BaseException:
        recover(out)  # drops what this run staged
        raise


def _write(
    out: Path,
    files: tuple[RenderedFile, ...],
    staged: frozenset[PurePosixPath],
    *,
    check: bool,
    new: bool,
) -> WritePlan:
    """Plan the writes, and carry them out unless `check`."""
    if new:
        plan = new_folder_plan(files)
        try:
            publish(out, plan, staged=staged)
        except BaseException:
            recover(out)  # drops the building folder
            raise
        return plan
    plan = plan_writes(out, files)
    if not check and not plan.is_current:
        out.mkdir(parents=True, exist_ok=True)
        apply(out, plan, staged=staged)
    return plan


class _Clock:
    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.laps: list[tuple[str, float]] = []

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps.append((stage, now - self.last))
        self.last = now

    def total(self) -> float:
        return self.last - self.started
