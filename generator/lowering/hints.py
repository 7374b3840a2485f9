"""Where an inline schema sits: what its class is named from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hint:
    """Where an inline schema sits, for naming its class: the parent class and the path."""

    parent: str
    parts: tuple[str, ...] = ()

    def child(self, *parts: str) -> Hint:
        return Hint(self.parent, (*self.parts, *parts))
