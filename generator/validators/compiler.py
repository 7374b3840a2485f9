"""`ModuleCompiler`: the worklist that turns schema locations into one module's functions.

Every subschema that must be callable (a ``$ref`` target, a union branch, a recursion point,
a subschema nested too deep to inline) becomes a *unit* named after its location.  Asking for a
unit's function in a mode (``ok`` fast path, ``err`` error collection, ``props``/``items``
annotations) queues it; `drain` generates queued functions until none are left, which makes
recursive schemas terminate.  A unit that is the root of *another* module (`external`) is not
generated but imported from there.  Module constants (key sets, enum tuples, error specs,
compiled regexes, union tables) are deduplicated here and laid out by `layout`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.patterns import PatternError, translate_pattern
from generator.render.literals import py_comment
from generator.validators.codewriter import CodeWriter, LineTooLongError
from generator.validators.context import (
    FALLBACK_INLINE_DEPTH,
    MAX_INLINE_DEPTH,
    Dialect,
    EmitContext,
    FunctionMode,
    Unit,
)
from generator.validators.errors import SchemaCompileError
from generator.validators.layout import (
    Call,
    Node,
    assignment,
    flat,
    literal,
    signature,
    string,
    text_tuple,
    text_tuple_assignment,
)
from generator.validators.resolver import SchemaIndex, Target

_SIGNATURES: Mapping[str, tuple[tuple[str, ...], str]] = {
    "ok": (("data: _Any",), "bool"),
    "err": (("data: _Any", "path: _Path", "errors: _Errors"), "None"),
    "props": (("data: _Any",), "_Any"),
    "props_local": (("data: _Any",), "_Any"),
    "items": (("data: _Any",), "_Any"),
    "items_local": (("data: _Any",), "_Any"),
}
_SIGNATURE_NAMES = {"ok": ("_Any",), "err": ("_Any", "_Path", "_Errors")}
_SKIPPED_TOKENS = frozenset({"", "components", "schemas", "properties", "definitions", "$defs"})
#: Longest unit name, so that calls fit on a line at the deepest inline nesting.
MAX_UNIT_NAME = 32
#: Longest string literal written inline; longer ones become module constants.
MAX_INLINE_STRING = 30
#: `layout.string`, for property names and enum values: the modules of a spec share many.
_string_literal = functools.lru_cache(maxsize=8192)(string)


@dataclass(frozen=True, slots=True)
class ModuleParts:
    """A compiled module's pieces, for a template or `standalone_source` to assemble."""

    runtime_names: tuple[str, ...]  #: runtime helpers the code uses, sorted
    engines: tuple[str, ...]  #: regex engines used: "re" and/or "regex"
    imports: tuple[tuple[str, tuple[str, ...]], ...]  #: (sibling module, names), sorted
    constants: str  #: data constants, before the functions
    functions: str
    tables: str  #: constants that refer to functions, after them


def unit_name(stem: str) -> str:
    """A readable identifier of at most `MAX_UNIT_NAME` characters for `stem`."""
    name = re.sub(r"[^0-9A-Za-z_]+", "_", stem, flags=re.ASCII).strip("_") or "root"
    if name[0].isdigit():
        name = "s" + name
    if len(name) <= MAX_UNIT_NAME:
        return name
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:6]
    return name[: MAX_UNIT_NAME - 7].rstrip("_") + "_" + digest


@dataclass
class ModuleCompiler:
    """Collects the functions and constants of one generated module."""

    dialect: Dialect
    index: SchemaIndex
    #: Root location -> (module, unit name) of the schemas of every module of the package.
    external: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: The modules this one may import from (so imports follow the acyclic module graph).
    importable: frozenset[str] = frozenset()
    #: Shared between modules: root location -> annotation modes other modules asked of it.
    requests: dict[str, set[str]] = field(default_factory=dict)
    #: Results emitters compute once, that depend on schemas only (e.g. a union's dispatch
    #: table): shared between the modules of a package.
    memo: dict[Any, Any] = field(default_factory=dict)
    _units: dict[tuple[Any, ...], Unit] = field(default_factory=dict)
    #: The unit of a subschema's position, for `EmitContext.function` (see there).
    subschema_units: dict[tuple[Any, ...], Unit] = field(default_factory=dict)
    _names: set[str] = field(default_factory=set)
    _reserved: frozenset[str] = frozenset()
    _pending: deque[tuple[Unit, FunctionMode]] = field(default_factory=deque)
    _requested: set[tuple[str, FunctionMode]] = field(default_factory=set)
    _constants: dict[str, str] = field(default_factory=dict)  # flat source -> name
    _counts: dict[str, int] = field(default_factory=dict)  # constants per stem
    _early: list[str] = field(default_factory=list)
    _late: list[str] = field(default_factory=list)
    _functions: list[str] = field(default_factory=list)
    _imports: dict[str, set[str]] = field(default_factory=dict)
    _runtime: set[str] = field(default_factory=set)
    _engines: set[str] = field(default_factory=set)
    #: Nesting beyond which `EmitContext.descend` calls a subschema's function (see `_function`).
    inline_depth: int = MAX_INLINE_DEPTH

    def reserve(self, names: frozenset[str]) -> None:
        """Keep `names` for the roots of the package's modules (local units get others)."""
        self._reserved = names

    def root(self, target: Target, name: str, modes: Iterable[str] = ()) -> tuple[str, str]:
        """Queue a root schema's functions; return the names of its ok and err functions.

        `modes` are further modes (annotation functions) other modules import from it.
        """
        writer = CodeWriter()
        scope = self.extend_scope((), target.base)
        ctx = EmitContext(
            self, writer, "ok", "data", "path", target.schema, target.base, target.location, scope
        )
        unit = self.unit_for(ctx, name)
        for mode in modes:
            self.function_name(unit, mode)  # type: ignore[arg-type]
        return self.function_name(unit, "ok"), self.function_name(unit, "err")

    def unit_for(self, ctx: EmitContext, name: str | None = None) -> Unit:
        """The unit for the context's schema at its location (created on first use)."""
        key: tuple[Any, ...] = (id(ctx.schema), ctx.base, ctx.scope)
        if not isinstance(ctx.schema, dict):
            key += (ctx.location,)  # booleans are shared objects: keep their own locations
        if key not in self._units:
            self._units[key] = self._new_unit(ctx, name)
        return self._units[key]

    def _new_unit(self, ctx: EmitContext, name: str | None) -> Unit:
        own_scope = ctx.scope == self.extend_scope((), ctx.base)
        found = self.external.get(ctx.location) if name is None and own_scope else None
        if found is not None and found[0] in self.importable:
            module, external_name = found
            return Unit(external_name, ctx.schema, ctx.base, ctx.location, ctx.scope, module)
        if name is not None and name in self._reserved:
            return Unit(name, ctx.schema, ctx.base, ctx.location, ctx.scope)
        stem = name or unit_name(_name_from_location(ctx.location))
        return Unit(self._unique_name(stem), ctx.schema, ctx.base, ctx.location, ctx.scope)

    def _unique_name(self, stem: str) -> str:
        name, counter = stem, 1
        while name in self._names or name in self._reserved:
            counter += 1
            name = f"{stem[: MAX_UNIT_NAME - 4]}_{counter}"
        self._names.add(name)
        return name

    def function_name(self, unit: Unit, mode: FunctionMode) -> str:
        """Name of `unit`'s function in `mode`; queues its generation (or import) if new."""
        name = f"_{mode}_{unit.name}"
        if unit.module is not None:
            self._imports.setdefault(unit.module, set()).add(name)
            if mode not in ("ok", "err"):
                self.requests.setdefault(unit.location, set()).add(mode)
        elif (unit.name, mode) not in self._requested:
            self._requested.add((unit.name, mode))
            self._pending.append((unit, mode))
        return name

    def extend_scope(self, scope: tuple[str, ...], base: str) -> tuple[str, ...]:
        """Dynamic scope after entering resource `base` (only resources with dynamic anchors)."""
        if base in scope or not self.index.dynamic_anchors(base):
            return scope
        return (*scope, base)

    def constant(self, stem: str, node: Node, *, late: bool = False) -> str:
        """Module-level name bound to `node` (built from literals only), deduplicated.

        `late` constants refer to generated functions, so they follow the functions.
        """
        source = flat(node)
        name = self._constants.get(source)
        if name is None:
            count = self._counts[stem] = self._counts.get(stem, 0) + 1
            name = self._constants[source] = f"_{stem}{count}"
            (self._late if late else self._early).append(assignment(name, node, source))
        return name

    def text_tuple(self, stem: str, items: tuple[str, ...]) -> str:
        """`constant(stem, tuple_of(items))` for items that are literals already (an error
        spec: some 10,000 per spec, so no node is built for them)."""
        source = text_tuple(items)
        name = self._constants.get(source)
        if name is None:
            count = self._counts[stem] = self._counts.get(stem, 0) + 1
            name = self._constants[source] = f"_{stem}{count}"
            self._early.append(text_tuple_assignment(name, items, source))
        return name

    def string(self, value: str) -> str:
        """A string literal inline, or the name of a constant holding it when it is long."""
        text = _string_literal(value)
        return text if len(text) <= MAX_INLINE_STRING else self.constant("S", text)

    def runtime(self, name: str) -> str:
        self._runtime.add(name)
        return name

    def regex(self, pattern: str, ctx: EmitContext, keyword: str) -> str:
        """Name of a module-level compiled regex for an ECMA-262 `pattern`."""
        try:
            translated = translate_pattern(pattern)
        except PatternError as error:
            raise ctx.error(keyword, str(error)) from None
        self._engines.add(translated.engine)
        module = "_regex" if translated.engine == "regex" else "_re"
        return self.constant("P", Call(f"{module}.compile", literal(translated.python)))

    def drain(self) -> None:
        """Generate queued functions until the worklist is empty."""
        while self._pending:
            unit, mode = self._pending.popleft()
            self._functions.append(self._function(unit, mode))

    def _function(self, unit: Unit, mode: FunctionMode) -> str:
        """One generated function.  Inline code nested deep enough may not fit in the line
        limit whatever the emitters do (long names, many levels): then the function is written
        again with every subschema called through its own function, which keeps it shallow.
        (The first attempt may have registered constants and queued functions: harmless.)"""
        try:
            return self._function_body(unit, mode)
        except LineTooLongError as error:
            if self.inline_depth <= FALLBACK_INLINE_DEPTH:
                raise SchemaCompileError(str(error), where=unit.location) from None
        depth, self.inline_depth = self.inline_depth, FALLBACK_INLINE_DEPTH
        try:
            return self._function_body(unit, mode)
        except LineTooLongError as error:  # a bug: no spec can make such a line
            raise SchemaCompileError(str(error), where=unit.location) from None
        finally:
            self.inline_depth = depth

    def _function_body(self, unit: Unit, mode: FunctionMode) -> str:
        parameters, returns = _SIGNATURES[mode]
        self._runtime.update(_SIGNATURE_NAMES.get(mode, ("_Any",)))
        writer = CodeWriter(reserved=frozenset({"data", "path", "errors"}), depth=1)
        ctx = EmitContext(
            self,
            writer,
            "err" if mode == "err" else "ok",
            "data",
            "path",
            unit.schema,
            unit.base,
            unit.location,
            unit.scope,
        )
        if mode in ("ok", "err"):
            self.dialect.emit_schema(ctx)
            if mode == "ok":
                writer.line("return True")
            elif writer.empty:
                writer.line("pass")
        else:
            self.dialect.emit_annotations(ctx, mode)
        header = signature(f"_{mode}_{unit.name}", parameters, returns)
        return f"# {py_comment(unit.location)}\n{header}\n{writer.source()}"

    def parts(self) -> ModuleParts:
        """The module's pieces so far (call `drain` first)."""
        imports = tuple(
            (module, tuple(sorted(names))) for module, names in sorted(self._imports.items())
        )
        return ModuleParts(
            runtime_names=tuple(sorted(self._runtime)),
            engines=tuple(sorted(self._engines)),
            imports=imports,
            constants="\n".join(self._early),
            functions="\n\n".join(self._functions),
            tables="\n".join(self._late),
        )


def _name_from_location(location: str) -> str:
    """A readable stem for a schema location (length and uniqueness are added later)."""
    tokens = [t for t in location.rsplit("#", 1)[-1].split("/") if t not in _SKIPPED_TOKENS]
    return "_".join(tokens[-3:])
