"""The client part of the output (in progress)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.render.files import Target
    from generator.writer import RenderedFile


def render_client(target: Target) -> Iterable[RenderedFile]:
    del target
    return ()
