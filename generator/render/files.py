"""Which template renders which file from which view, and which parts make up the output.

The output is the sum of independent parts (project files, models, validators, docs); each part
is a pure function from the loaded spec to rendered files, so parts can be added or skipped
without touching each other.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import jinja2

from generator.ir import Api
from generator.refs import SpecIndex
from generator.render.environment import make_environment
from generator.render.views import project_view
from generator.writer import RenderedFile, normalize

if TYPE_CHECKING:
    from generator.history.release import Release
    from generator.render.parallel import After

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Shard:
    """The slice of a part to render: `index` of `count`. A part that renders a file per item
    can be split this way across cores; its files for the whole run are the union of its
    shards, whatever the schedule."""

    index: int = 0
    count: int = 1

    def pick(self, items: Sequence[T]) -> Sequence[T]:
        """This shard's items: every `count`-th, so shards get a like mix of small and large."""
        return items[self.index :: self.count]

    @property
    def first(self) -> bool:
        """The shard that renders the part's one-off files (an index, a runtime module)."""
        return self.index == 0


WHOLE = Shard()


@dataclass(frozen=True, slots=True)
class Target:
    """What every part renders from: the IR, the repaired documents, the package's name."""

    api: Api
    index: SpecIndex
    package_name: str
    parts: frozenset[str] = frozenset({"models", "client", "validators", "docs"})
    shard: Shard = WHOLE
    #: the version and changelog (`generator.history`); None: a first generation's
    release: Release | None = None


@dataclass(frozen=True, slots=True)
class FileRule:
    path: str  #: relative output path; `{package}` is the package name
    template: str
    view: Callable[[Target], Any]


def _project(target: Target) -> Any:
    parts = target.parts
    return project_view(
        target.api,
        target.package_name,
        client="client" in parts,
        webhooks="models" in parts,
        release=target.release,
    )


FILE_PLAN: tuple[FileRule, ...] = (
    FileRule("pyproject.toml", "project/pyproject.toml.jinja", _project),
    FileRule("README.md", "project/README.md.jinja", _project),
    FileRule("{package}/__init__.py", "python/package_init.py.jinja", _project),
    FileRule("{package}/py.typed", "python/py.typed.jinja", _project),
)


@cache
def _template(name: str) -> jinja2.Template:
    """A compiled template, looked up once: a part renders one template for hundreds of files."""
    return make_environment().get_template(name)


def render_template(template: str, path: str, **context: Any) -> RenderedFile:
    """One file from one template; empty output stays empty (a marker file like `py.typed`)."""
    content = _template(template).render(**context)
    return RenderedFile(PurePosixPath(path), normalize(content) if content.strip() else "")


def render_project_files(target: Target) -> Iterable[RenderedFile]:
    views: dict[Callable[[Target], Any], Any] = {}  # the project files share one view
    for rule in FILE_PLAN:
        view = views[rule.view] = views.get(rule.view) or rule.view(target)
        yield render_template(
            rule.template, rule.path.format(package=target.package_name), view=view
        )


Part = Callable[[Target], Iterable[RenderedFile]]
#: Where a part renders: "main" in this process (forking costs more than it takes), "worker"
#: in a worker of its own, "shards" split across all workers (it honours `Target.shard`).
Placement = Literal["main", "worker", "shards"]


@dataclass(frozen=True, slots=True)
class PartPlan:
    render: Part
    placement: Placement
    #: its share of a run's CPU time (measured on the Vapi spec): workers take the heaviest
    #: tasks first, so the cores finish together
    weight: int = 1


#: part name → (module, function, placement, weight) in render order; webhooks come with the
#: models (a webhook server needs them and no HTTP client).
PART_TABLE: dict[str, tuple[tuple[str, str, Placement, int], ...]] = {
    "models": (
        ("generator.render.models", "render_models", "shards", 3),
        ("generator.render.webhooks", "render_webhooks", "main", 1),
    ),
    "client": (("generator.render.client", "render_client", "worker", 2),),
    "validators": (("generator.render.validators", "render_validators", "shards", 5),),
    "docs": (("generator.render.docs", "render_docs", "shards", 4),),
}


def selected_parts(parts: frozenset[str]) -> tuple[PartPlan, ...]:
    """The parts to render and where, in a fixed order; each part's code is imported only
    when it is selected (the docs' alone cost ~0.1 s)."""
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
    from generator.render.parallel import render_parts  # noqa: PLC0415

    rendered, done = render_parts(selected_parts(parts), replace(target, parts=parts), after=after)
    files = [file for part in rendered for file in part]
    paths = [file.path for file in files]
    if len(set(paths)) != len(paths):
        clashes = sorted({str(p) for p in paths if paths.count(p) > 1})
        raise AssertionError(f"two parts render the same file: {clashes}")
    return tuple(sorted(files, key=lambda f: f.path)), done
