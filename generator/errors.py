"""Errors that stop a run, and the diagnostics that do not.

Every message names where it came from: a file and, inside it, a JSON pointer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal


class GeneratorError(Exception):
    """A problem that stops generation; `where` is `file#/json/pointer` or just a file."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class SpecLoadError(GeneratorError):
    """The input could not be read or parsed, or is not an OpenAPI document."""


class UnresolvedRefError(GeneratorError):
    """A `$ref` points at nothing."""


class RefRefusedError(GeneratorError):
    """A `$ref` names a file or URL outside what the spec may read (see `ref_policy`)."""


class UnsupportedSchemaError(GeneratorError):
    """A schema uses something the generator cannot represent faithfully."""


class OutputError(GeneratorError):
    """The output folder cannot be written."""


class ConfigError(GeneratorError):
    """The configuration (CLI options or `[tool.sdkgen]`) is incomplete or contradictory."""


Level = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """A recoverable finding: the generator went on, doing what `message` says."""

    where: str  #: `file#/json/pointer`
    rule: str  #: stable rule name, e.g. `empty-enum`; repairs can be switched off by it
    message: str
    level: Level = "warning"

    def __str__(self) -> str:
        return f"{self.where}: [{self.rule}] {self.message}"


@dataclass(slots=True)
class Diagnostics:
    """Collects diagnostics during one run; `sorted()` gives them in a stable order."""

    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, where: str, rule: str, message: str) -> None:
        self.items.append(Diagnostic(where, rule, message, "warning"))

    def info(self, where: str, rule: str, message: str) -> None:
        self.items.append(Diagnostic(where, rule, message, "info"))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def sorted(self) -> tuple[Diagnostic, ...]:
        return tuple(sorted(set(self.items)))
