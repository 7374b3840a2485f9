"""Annotations of the generated client: what its methods take and what they return.

A resource module's methods are checked by type checkers in their class's scope, where a
method named `list` hides the builtin; every name an annotation uses therefore goes through
`Names.ref`, which imports a hidden name under a private alias (`_builtins.list`). Long
annotations become private `TypeAlias`es so signatures stay one parameter per line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import assert_never

from generator.ir import (
    ANY,
    ArrayOf,
    Enum,
    LiteralOf,
    MapOf,
    Model,
    NamedSchema,
    Nullable,
    Primitive,
    Ref,
    SchemaId,
    TypeExpr,
    UnionOf,
)
from generator.ir.walk import iter_type
from generator.naming import NameScope
from generator.render.layout import (
    Atom,
    Bracket,
    Chain,
    Expr,
    Keyword,
    assignment,
    chain,
    import_line,
)
from generator.render.literals import py_literal
from generator.render.pytypes import TypeContext, annotation, union_of

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
BUILTIN_TYPES = frozenset({"bool", "bytes", "dict", "float", "int", "list", "object", "str"})
#: where a name used in annotations comes from: module, or (module, name)
KNOWN: dict[str, tuple[str, str | None]] = {
    "Any": ("typing", "Any"),
    "Literal": ("typing", "Literal"),
    "TypeAlias": ("typing", "TypeAlias"),
    "Mapping": ("collections.abc", "Mapping"),
    "datetime": ("datetime", None),
    "uuid": ("uuid", None),
    "_sdk": (".._models", "_base"),
    "_core": (".", "_core"),
    "SyncPager": ("._pagination", "SyncPager"),
    "AsyncPager": ("._pagination", "AsyncPager"),
}
MODELS_MODULE = "..models"


@dataclass(slots=True)
class Names:
    """The names one resource module's annotations use, imported for type checkers."""

    schemas: Mapping[SchemaId, NamedSchema]
    shadowed: frozenset[str]  #: names the module's classes define (their methods)
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)  #: local → source
    aliases: dict[str, str] = field(default_factory=dict)  #: annotation text → alias name
    alias_lines: list[str] = field(default_factory=list)  #: `_X: TypeAlias = ...`
    scope: NameScope = field(default_factory=NameScope)

    def ref(self, name: str) -> str:
        """The text that names `name` in an annotation, recording its import."""
        source = KNOWN.get(name)
        if source is None and name in BUILTIN_TYPES:
            if name not in self.shadowed:
                return name
            self.imports["_builtins"] = ("builtins", None)
            return f"_builtins.{name}"
        if source is None:
            source = (MODELS_MODULE, name)
        local = f"_{name}" if name in self.shadowed else name
        self.imports[local] = source
        return local

    def short(self, expr: Expr, preferred: str, room: int) -> str:
        """`expr`'s text if it fits in `room` columns, else a private alias for it."""
        text = expr.flat()
        if len(text) <= room:
            return text
        if text not in self.aliases:
            name = self.scope.claim(preferred)
            self.ref("TypeAlias")
            self.aliases[text] = name
            self.alias_lines.append(alias_statement(name, expr))
        return self.aliases[text]


def alias_statement(name: str, expr: Expr) -> str:
    """`name: TypeAlias = expr` inside `if TYPE_CHECKING:`."""
    return assignment(f"{name}: TypeAlias", expr, indent=1)


def rewrite(expr: Expr, rename: Callable[[str], str]) -> Expr:
    """`expr` without `Annotated[...]` wrappers, each name passed through `rename`."""
    if isinstance(expr, Atom):
        return Atom(_rename_text(expr.text, rename))
    if isinstance(expr, Keyword):
        return Keyword(expr.name, rewrite(expr.value, rename))
    if isinstance(expr, Chain):
        return union_of([rewrite(operand, rename) for operand in expr.operands])
    if expr.head == "Annotated":
        return rewrite(expr.items[0], rename)
    items = tuple(rewrite(item, rename) for item in expr.items)
    head = _rename_text(expr.head, rename) if expr.head else ""
    return Bracket(head, items, expr.open, expr.close)


def _rename_text(text: str, rename: Callable[[str], str]) -> str:
    """The leading name of `text` renamed (`_sdk.UnknownVariant`, `list`); literals kept."""
    match = _NAME.match(text)
    if match is None or text in {"None", "True", "False"}:
        return text
    return rename(match.group()) + text[match.end() :]


def output_type(type_: TypeExpr, names: Names) -> Expr:
    """What a method returns for a JSON body of `type_`: the model annotation, without
    its validation metadata."""
    return rewrite(annotation(type_, TypeContext(names.schemas)), names.ref)


def input_type(type_: TypeExpr, names: Names, *, files: bool = False) -> Expr:
    """What a method accepts for a value of `type_`: models or dicts, plain datetimes,
    known literals; with `files`, binary strings accept file inputs."""
    match type_:
        case Primitive():
            return _input_primitive(type_, names, files=files)
        case ArrayOf(item=item):
            return Bracket(names.ref("list"), (input_type(item, names, files=files),))
        case MapOf(value=value):
            inner = input_type(value, names, files=files)
            return Bracket(names.ref("dict"), (Atom(names.ref("str")), inner))
        case Ref(target=target):
            return _input_ref(names.schemas[target], names)
        case LiteralOf():
            return _input_literal(type_, names)
        case Nullable(inner=inner):
            return union_of([input_type(inner, names, files=files), Atom("None")])
        case UnionOf(variants=variants):
            return _dedupe([input_type(v.type, names, files=files) for v in variants])
        case _:
            assert_never(type_)


def _input_primitive(type_: Primitive, names: Names, *, files: bool) -> Expr:
    if type_.kind == "string":
        if type_.format == "binary":
            return Atom(f"{names.ref('_core')}.FileInput" if files else names.ref("bytes"))
        moment = {"date-time": "datetime", "date": "date"}.get(type_.format or "")
        if moment is not None:
            return chain([Atom(f"{names.ref('datetime')}.{moment}"), Atom(names.ref("str"))])
        if type_.format == "uuid":
            return chain([Atom(names.ref("str")), Atom(f"{names.ref('uuid')}.UUID")])
        return Atom(names.ref("str"))
    scalars = {"integer": "int", "number": "float", "boolean": "bool"}
    if type_.kind in scalars:
        return Atom(names.ref(scalars[type_.kind]))
    return Atom("None") if type_.kind == "null" else Atom(names.ref("Any"))


def _input_ref(schema: NamedSchema, names: Names) -> Expr:
    # An alias is spelled as what it stands for, so its own name is not imported (F401).
    if isinstance(schema, Model):
        return chain([Atom(names.ref(schema.class_name)), mapping_type(names, dict_=True)])
    if isinstance(schema, Enum) or _refers_to_itself(schema, names):
        # a recursive alias (a JSON value type) cannot be spelled out inline
        return Atom(names.ref(schema.class_name))
    return _dedupe([input_type(schema.type, names)])


def _refers_to_itself(schema: NamedSchema, names: Names) -> bool:
    """An alias whose type reaches it again through other aliases (not through a model)."""
    seen: set[SchemaId] = set()
    pending = [schema]
    while pending:
        current = pending.pop()
        for ref in (t for t in iter_type(getattr(current, "type", ANY)) if isinstance(t, Ref)):
            if ref.target == schema.id:
                return True
            target = names.schemas[ref.target]
            if ref.target not in seen and not isinstance(target, Model | Enum):
                seen.add(ref.target)
                pending.append(target)
    return False


def mapping_type(names: Names, *, dict_: bool = False) -> Expr:
    """`dict[str, Any]` (nested values must be dicts) or `Mapping[str, Any]`."""
    head = names.ref("dict") if dict_ else names.ref("Mapping")
    return Bracket(head, (Atom(names.ref("str")), Atom(names.ref("Any"))))


def _input_literal(type_: LiteralOf, names: Names) -> Expr:
    values = [value for value in type_.values if not isinstance(value, float)]
    if len(values) != len(type_.values):
        return Atom(names.ref("float"))
    known = Bracket(names.ref("Literal"), tuple(Atom(py_literal(v)) for v in values))
    if not type_.open:
        return known
    base = {"integer": "int", "number": "float", "boolean": "bool"}.get(type_.base, "str")
    return chain([known, Atom(names.ref(base))])


def _dedupe(operands: list[Expr]) -> Expr:
    """A union without repeated members (several models each bring `dict[str, Any]`)."""
    flat = union_of(operands)
    members = flat.operands if isinstance(flat, Chain) else (flat,)
    seen: dict[str, Expr] = {}
    for member in members:
        seen.setdefault(member.flat(), member)
    return chain(list(seen.values()))


def import_lines(imports: Mapping[str, tuple[str, str | None]]) -> list[str]:
    """`import x` / `from m import a, b as _b` lines for `imports`, in a fixed order."""
    modules: list[str] = []
    grouped: dict[str, list[str]] = {}
    for local, (module, name) in sorted(imports.items()):
        if name is None:
            modules.append(f"import {module}" + (f" as {local}" if local != module else ""))
        else:
            spelled = name if name == local else f"{name} as {local}"
            grouped.setdefault(module, []).append(spelled)
    lines = sorted(modules)
    order = sorted(grouped, key=lambda m: (m.startswith("."), m))
    lines += [import_line(module, sorted(grouped[module]), indent=1) for module in order]
    return lines
