"""`ModuleCompiler`: the worklist that turns schema locations into generated functions.

Every subschema that must be callable (a ``$ref`` target, an ``anyOf`` branch, a recursion
point) becomes a *unit* named after its location.  Asking for a unit's function in a mode
(``ok`` fast path, ``err`` error collection, ``props``/``items`` annotations) queues it; `drain`
generates queued functions until none are left, which makes recursive schemas terminate.  Module
level constants (key sets, enum tuples, compiled regexes) are deduplicated here as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.patterns import PatternError, translate_pattern
from generator.validators.codewriter import CodeWriter
from generator.validators.context import EmitContext, Emitter
from generator.validators.resolver import SchemaIndex

FunctionMode = Literal["ok", "err", "props", "props_local", "items", "items_local"]
_SIGNATURES: Mapping[str, str] = {
    "ok": "(data: _Any) -> bool:",
    "err": "(data: _Any, path: tuple[str | int, ...], errors: list[ValidationError]) -> None:",
    "props": "(data: _Any) -> _Any:",
    "props_local": "(data: _Any) -> _Any:",
    "items": "(data: _Any) -> _Any:",
    "items_local": "(data: _Any) -> _Any:",
}
_SKIPPED_TOKENS = frozenset({"", "components", "schemas", "properties", "definitions", "$defs"})


@dataclass(frozen=True, slots=True)
class Dialect:
    """What the compiler needs to know about a schema dialect."""

    name: str
    id_keyword: str  #: "id" (draft 4) or "$id"
    emitters: Mapping[str, Emitter]  #: keyword -> emitter, see keywords.DIALECTS
    categories: Mapping[str, str]  #: keyword -> instance type it applies to
    annotations: frozenset[str]  #: keywords that never assert (title, description, ...)
    unsupported: frozenset[str]  #: known keywords this dialect rejects at compile time
    ref_overrides_siblings: bool  #: draft 4 / OpenAPI 3.0: "$ref" hides its siblings
    format_assertion: bool  #: whether "format" is checked (see keywords.FORMAT_FUNCTIONS)
    guards: Mapping[str, str]  #: type name -> guard expression template (see context.GUARDS)
    #: Writes the checks of one schema (emit.emit_schema); injected to keep modules acyclic.
    emit_schema: Callable[[EmitContext], None]
    #: Writes a props/items annotation function body (annotations.emit_annotation_function).
    emit_annotations: Callable[[EmitContext, str], None]


@dataclass(frozen=True, slots=True)
class Unit:
    """A subschema that gets its own generated functions."""

    name: str
    schema: Any
    base: str
    location: str
    scope: tuple[str, ...]


@dataclass
class ModuleCompiler:
    """Collects the functions and constants of one generated module."""

    dialect: Dialect
    index: SchemaIndex
    _units: dict[tuple[int, str, tuple[str, ...]], Unit] = field(default_factory=dict)
    _names: set[str] = field(default_factory=set)
    _pending: list[tuple[Unit, FunctionMode]] = field(default_factory=list)
    _requested: set[tuple[str, FunctionMode]] = field(default_factory=set)
    _constants: dict[str, str] = field(default_factory=dict)  # source -> name
    _functions: list[str] = field(default_factory=list)
    _uses_regex_module: bool = False

    def unit_for(self, ctx: EmitContext, name: str | None = None) -> Unit:
        """The unit for the context's schema at its location (created on first use)."""
        key = (id(ctx.schema), ctx.base, ctx.scope)
        if key not in self._units:
            unit_name = self._unique_name(name or _name_from_location(ctx.location))
            self._units[key] = Unit(unit_name, ctx.schema, ctx.base, ctx.location, ctx.scope)
        return self._units[key]

    def _unique_name(self, stem: str) -> str:
        name, counter = stem, 1
        while name in self._names:
            counter += 1
            name = f"{stem}_{counter}"
        self._names.add(name)
        return name

    def function_name(self, unit: Unit, mode: FunctionMode) -> str:
        """Name of `unit`'s function in `mode`; queues its generation if new."""
        if (unit.name, mode) not in self._requested:
            self._requested.add((unit.name, mode))
            self._pending.append((unit, mode))
        return f"_{mode}_{unit.name}"

    def extend_scope(self, scope: tuple[str, ...], base: str) -> tuple[str, ...]:
        """Dynamic scope after entering resource `base` (only resources with dynamic anchors)."""
        if base in scope or not self.index.dynamic_anchors(base):
            return scope
        return (*scope, base)

    def constant(self, stem: str, source: str) -> str:
        """Module-level name bound to `source` (built from repr()s only), deduplicated."""
        if source not in self._constants:
            self._constants[source] = f"_{stem}{len(self._constants) + 1}"
        return self._constants[source]

    def regex(self, pattern: str, ctx: EmitContext, keyword: str) -> str:
        """Name of a module-level compiled regex for an ECMA-262 `pattern`."""
        try:
            translated = translate_pattern(pattern)
        except PatternError as error:
            raise ctx.error(keyword, str(error)) from None
        module = "_re"
        if translated.engine == "regex":
            module, self._uses_regex_module = "_regex", True
        return self.constant("P", f"{module}.compile({translated.python!r})")

    def drain(self) -> None:
        """Generate queued functions until the worklist is empty."""
        while self._pending:
            unit, mode = self._pending.pop(0)
            writer = CodeWriter(reserved=frozenset({"data", "path", "errors"}))
            with writer.block(f"def _{mode}_{unit.name}{_SIGNATURES[mode]}"):
                if mode in ("ok", "err"):
                    self.dialect.emit_schema(self._context(unit, mode, writer))
                    if mode == "ok":
                        writer.line("return True")
                else:
                    self.dialect.emit_annotations(self._context(unit, "ok", writer), mode)
            self._functions.append(writer.source())

    def _context(self, unit: Unit, mode: Literal["ok", "err"], writer: CodeWriter) -> EmitContext:
        return EmitContext(
            self, writer, mode, "data", (), unit.schema, unit.base, unit.location, unit.scope
        )

    def body(self) -> str:
        """Imports, constants and functions generated so far (call `drain` first)."""
        lines = ["import regex as _regex", ""] if self._uses_regex_module else []
        lines += [f"{name} = {source}" for source, name in self._constants.items()]
        return "\n".join(lines) + "\n\n\n" + "\n\n".join(self._functions)


def _name_from_location(location: str) -> str:
    """A readable identifier fragment for a schema location (uniqueness is added later)."""
    tokens = [t for t in location.rsplit("#", 1)[-1].split("/") if t not in _SKIPPED_TOKENS]
    name = re.sub(r"[^0-9A-Za-z_]+", "_", "_".join(tokens[-4:]), flags=re.ASCII).strip("_")
    return name[:60] or "root"
