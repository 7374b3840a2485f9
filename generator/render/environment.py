"""The Jinja environment: where templates are found, and the few filters they may use."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import jinja2


def template_dir() -> Path:
    """`templates/` inside an installed wheel, or at the top of the repository."""
    packaged = Path(str(resources.files("generator"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


@cache
def make_environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir()),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,  # a typo in a template is an error, not ""
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a run: no stat per render
        autoescape=jinja2.select_autoescape(["html", "htm"]),
    )


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, as Python keeps `__pycache__`: compiling the ~30
    templates costs ~0.2 s of a run that should take about a second. Jinja keys each entry by
    the template's source checksum and writes it atomically, in a folder only this user may
    write to; where there is none to be had, templates are compiled each run."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None
