"""What every target renders from (`Target`, `Shard`) and how it renders a file.

The output is the sum of independent parts (project files, models, validators, docs); each part
is a pure function from a `Target` to rendered files, so parts can be added or skipped without
touching each other (`generator.targets.orchestrate` runs them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import jinja2

from generator.ir import Api
from generator.refs import SpecIndex
from generator.render.environment import make_environment, template_dir
from generator.render.header import HeaderView
from generator.writer import RenderedFile, normalize

if TYPE_CHECKING:
    from generator.history.release import Release

T = TypeVar("T")
#: the static runtime modules, laid out as in a generated package (see `render_static`)
STATIC_ROOT = "python/package"


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


@cache
def _template(name: str) -> jinja2.Template:
    """A compiled template, looked up once: a part renders one template for hundreds of files."""
    return make_environment().get_template(name)


def render_template(template: str, path: str, **context: Any) -> RenderedFile:
    """One file from one template; empty output stays empty (a marker file like `py.typed`)."""
    content = _template(template).render(**context)
    return RenderedFile(PurePosixPath(path), normalize(content) if content.strip() else "")


@cache
def _static_source(name: str) -> str:
    return (template_dir() / STATIC_ROOT / name).read_text(encoding="utf-8")


def render_static(name: str, package: str, header: HeaderView) -> RenderedFile:
    """A runtime module that is the same for every spec, copied from `templates/python/package/`
    (real Python there, checked by ruff and mypy in place) to the same path under `package`,
    below the generated-file header."""
    content = f"# {header.line}\n{_static_source(name)}"
    return RenderedFile(PurePosixPath(package, name), normalize(content))


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
