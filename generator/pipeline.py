"""The stages in order: load → index → repair → lower to the IR → render → plan → write or check."""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.config import PARTS, GeneratorConfig
from generator.coverage import coverage_findings
from generator.errors import ConfigError, Diagnostic, GeneratorError, OutputError, SpecLoadError
from generator.ir import Api
from generator.loading import load_document
from generator.lowering import apply_repairs, build_api
from generator.lowering.depth import located_recursion
from generator.lowering.shape import check_shape
from generator.naming import async_client_class_name, resource_class_names
from generator.ref_files import build_index
from generator.ref_policy import RefPolicy
from generator.refs import SpecIndex
from generator.writer import (
    RenderedFile,
    WritePlan,
    apply,
    building_folder,
    interrupted,
    new_folder_plan,
    plan_writes,
    publish,
    recover,
    start_building,
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
    #: what this run repaired first: an interrupted run's swap finished, or its files dropped
    recovered: tuple[str, ...] = ()
    #: `--check`: why the folder is mid-way between two runs (an interrupted run left it)
    interrupted: str | None = None
    changes: str = ""  #: what changed since the previous generation, one line


def load_index(spec: str, *, allow_refs: tuple[str, ...] = ()) -> SpecIndex:
    """Read the root document and every file it references; refuse what is not OpenAPI.

    `$ref`s may read only the spec's own folder (or origin) and the `allow_refs` prefixes.
    """
    document = load_document(spec)
    contents = document.contents
    if not isinstance(contents, dict) or not isinstance(contents.get("openapi"), str):
        found = "an object" if isinstance(contents, dict) else type(contents).__name__
        raise SpecLoadError(
            f"not an OpenAPI document (expected an object with 'openapi', "
            f"found {found} without it)",
            where=f"{document.name}#/openapi"
            if isinstance(contents, dict)
            else f"{document.name}#",
        )
    if not contents["openapi"].startswith(("3.0", "3.1")):
        raise SpecLoadError(
            f"OpenAPI {contents['openapi']} is not supported (3.0.x and 3.1.x are)",
            where=f"{document.name}#/openapi",
        )
    return build_index(document, RefPolicy.for_root(document.location, allow_refs))


def load_api(
    spec: str,
    *,
    repairs: frozenset[str],
    client_name: str | None = None,
    allow_refs: tuple[str, ...] = (),
) -> Loaded:
    index, checked = check_shape(load_index(spec, allow_refs=allow_refs))
    index, diagnostics = apply_repairs(index, repairs)
    diagnostics.extend(checked)
    with located_recursion(index):
        api = build_api(index, diagnostics, client_name=client_name)
    _check_client_name(api, given=client_name is not None)
    diagnostics.extend(coverage_findings(api, index))  # what the SDK does not render
    return Loaded(api, index, diagnostics.sorted())


def _check_client_name(api: Api, *, given: bool) -> None:
    """The client classes share the package's namespace with the models (`from pkg import
    X`) and the resources: a clash would make a package that does not import."""
    names = {api.client_name, async_client_class_name(api.client_name)}
    taken = {schema.class_name: "schema" for schema in api.schemas}
    for resource in api.resources:
        for name in astuple(resource_class_names(resource.class_name)):
            taken[name] = "resource class"
    clash = sorted(name for name in names if name in taken)
    if clash:
        option = "--client-name" if given else "the client name from info.title,"
        raise ConfigError(
            f"{option} {api.client_name!r} makes a class {clash[0]!r}, which is also a "
            f"{taken[clash[0]]}'s name: pass another --client-name",
            where="command line" if given else f"{api.spec_name}#/info/title",
        )


def render(
    loaded: Loaded, package_name: str, *, parts: frozenset[str] = PARTS
) -> tuple[RenderedFile, ...]:
    """Every output file of the selected parts, in memory, sorted by path."""
    # Imported here: Jinja costs ~40 ms that loading and linting a spec do not need.
    from generator.render.files import Target  # noqa: PLC0415 - Jinja: see `render`
    from generator.targets.orchestrate import render_project  # noqa: PLC0415 - and every target

    return render_project(Target(loaded.api, loaded.index, package_name), parts=parts)


def generate(config: GeneratorConfig, *, check: bool = False) -> GenerationReport:
    """Render everything in memory; write the changes unless `check`."""
    clock = _Clock()
    loaded = load_api(
        config.spec,
        repairs=config.repairs,
        client_name=config.client_name,
        allow_refs=config.allow_refs,
    )
    clock.lap("load")
    from generator.history.release import prepare  # noqa: PLC0415 - the diff only here
    from generator.render.files import Target  # noqa: PLC0415 - Jinja: see `render`

    with _writing(config.out):
        recovered: tuple[str, ...] = () if check else tuple(recover(config.out))
        stopped = interrupted(config.out) if check else None
        new = not check and not config.out.exists()
        # after `recover`: the snapshot and changelog it reads back are one run's
        history = prepare(loaded.api, config.out, config.version_policy)
        clock.lap("history")
        target = Target(loaded.api, loaded.index, config.package_name, release=history.release)
        try:
            files, staged = _render_and_stage(target, config, stage=not check, new=new)
            clock.lap("render")
            files = (*files, *history.files)
            plan = _write(config.out, files, frozenset(staged), check=check, new=new)
        except BaseException:
            if not check:  # before the journal: drops what it staged; after: finishes the swap
                _drop_staged(config.out)
            raise
    clock.lap("check" if check else "write")
    return GenerationReport(
        loaded.api,
        plan,
        tuple(sorted((*loaded.diagnostics, *history.diagnostics))),
        clock.total(),
        written=not check,
        stages=tuple(clock.laps),
        recovered=recovered,
        interrupted=stopped,
        changes=history.summary,
    )


def recover_output(out: Path) -> list[str]:
    """Finish or roll back what an interrupted run left in `out` (for commands that read
    it); what was done."""
    with _writing(out):
        return recover(out)


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
    from generator.targets.orchestrate import render_project_with  # noqa: PLC0415 - Jinja

    if not stage:
        return render_project_with(target, parts=config.parts)
    root = start_building(config.out) if new else config.out
    after = functools.partial(stage_files, root, new=new)
    return render_project_with(target, parts=config.parts, after=after)


def _drop_staged(out: Path) -> None:
    """On a failed run's way out: drop what it staged. The run's own error is the one to
    report, so a second one here (the folder changed under it) is left for the next run."""
    with contextlib.suppress(GeneratorError, OSError):
        recover(out)


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
        publish(out, plan, staged=staged)
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
