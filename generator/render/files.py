"""Which template renders which file from which view: one declarative table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from generator.ir import Api
from generator.render.environment import make_environment
from generator.render.views import project_view
from generator.writer import RenderedFile, normalize


@dataclass(frozen=True, slots=True)
class FileRule:
    path: str  #: relative output path; `{package}` is the package name
    template: str
    view: Callable[[Api, str], Any]


FILE_PLAN: tuple[FileRule, ...] = (
    FileRule("pyproject.toml", "project/pyproject.toml.jinja", project_view),
    FileRule("README.md", "project/README.md.jinja", project_view),
    FileRule("{package}/__init__.py", "python/package_init.py.jinja", project_view),
    FileRule("{package}/py.typed", "python/py.typed.jinja", project_view),
)


def render_project(api: Api, package_name: str) -> tuple[RenderedFile, ...]:
    """Every output file, rendered in memory, sorted by path."""
    environment = make_environment()
    files = []
    for rule in FILE_PLAN:
        template = environment.get_template(rule.template)
        content = template.render(view=rule.view(api, package_name))
        path = PurePosixPath(rule.path.format(package=package_name))
        files.append(RenderedFile(path, normalize(content) if content.strip() else ""))
    return tuple(sorted(files, key=lambda f: f.path))
