"""The operation constants of a resource module, and the functions that build, at first
call, the annotations its bodies and answers are validated against.

    def _get_200() -> Any:
        from typing import Annotated
        from .._models import _base as _sdk
        from ..models import ByoPhoneNumber, ...

        type_ = Annotated[ByoPhoneNumber | ... | _sdk.UnknownVariant, _sdk.Tagged(...)]
        return type_


    _GET: _core.Operation[_GetResult] = _core.Operation(
        "phone_numbers.get", "GET", "/phone-number/{id}", responses={"200": _get_200}
    )

A factory imports only the models its annotation names, when the method is first called;
operations with the same annotation share one factory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.ir import NamedSchema, Operation, Parameter, SchemaId, TypeExpr
from generator.naming import NameScope, operation_constant_name, type_alias_name, type_factory_name
from generator.render.layout import (
    INDENT,
    LINE_LENGTH,
    Atom,
    Expr,
    Keyword,
    assignment,
    call,
    fits,
    import_line,
    lay_out,
)
from generator.render.literals import py_str
from generator.render.pytypes import TypeContext, annotation
from generator.targets.client.shapes import BodyShape, PagingShape, answers
from generator.targets.client.type_exprs import Names


@dataclass(frozen=True, slots=True)
class FactoryView:
    """A function building, at first call, the annotation a method validates against."""

    name: str
    imports: tuple[str, ...]
    assignment: str  #: `type_ = ...`, laid out at one indent level

    @property
    def definition(self) -> str:
        """`def name() -> Any:`; a name too long for that line puts `Any` in parentheses,
        as ruff does."""
        line = f"def {self.name}() -> Any:"
        return line if fits(line, 0) else f"def {self.name}() -> (\n{INDENT}Any\n):"


@dataclass(slots=True)
class Factories:
    """The annotation factories of one module, one per distinct annotation."""

    schemas: Mapping[SchemaId, NamedSchema]
    scope: NameScope
    by_text: dict[str, str] = field(default_factory=dict)
    views: list[FactoryView] = field(default_factory=list)

    def name_for(self, type_: TypeExpr, preferred: str) -> str:
        ctx = TypeContext(self.schemas)
        expr = annotation(type_, ctx)
        text = expr.flat()
        if text not in self.by_text:
            name = self.scope.claim(preferred)
            self.by_text[text] = name
            self.views.append(
                FactoryView(name, _factory_imports(ctx, text), assignment("type_", expr, 1))
            )
        return self.by_text[text]


def _factory_imports(ctx: TypeContext, text: str) -> tuple[str, ...]:
    lines = []
    if ctx.typing:
        lines.append(import_line("typing", sorted(ctx.typing), indent=1))
    if ctx.pydantic:
        lines.append(import_line("pydantic", sorted(ctx.pydantic), indent=1))
    if "_sdk." in text:
        lines.append("from .._models import _base as _sdk")
    if ctx.classes:
        lines.append(import_line("..models", sorted(ctx.classes), indent=1))
    return tuple(lines)


def dict_expr(pairs: list[tuple[str, str]]) -> Expr:
    return call(
        "", *(Atom(f"{py_str(key)}: {value}") for key, value in pairs), open_="{", close="}"
    )


@dataclass(frozen=True, slots=True)
class ConstantParts:
    where: str  #: `resource.method`
    method: str
    download: bool
    paging: PagingShape | None
    shape: BodyShape | None


def constant_statement(
    operation: Operation,
    parts: ConstantParts,
    result: Expr,
    names: Names,
    factories: Factories,
) -> str:
    """`_GET: _core.Operation[R] = _core.Operation(...)` at module level."""
    constant = operation_constant_name(parts.method)
    items: list[Expr] = [
        Atom(py_str(parts.where)),
        Atom(py_str(operation.method.upper())),
        Atom(py_str(operation.path)),
        Keyword("responses", _responses(operation, parts.method, factories)),
    ]
    if parts.shape is not None:
        items.append(Keyword("body", _body_spec(parts.shape, parts.method, factories)))
    if not operation.security:
        items.append(Keyword("auth", Atom("False")))
    if parts.download:
        items.append(Keyword("download", Atom("True")))
    if parts.paging is not None:
        paging = parts.paging
        metadata = py_str(paging.metadata) if paging.metadata else "None"
        spec = call(
            "_core.Paging", *map(Atom, (py_str(paging.page), py_str(paging.items), metadata))
        )
        items.append(Keyword("paging", spec))
    styles = _query_styles(operation.parameters)
    if styles:
        items.append(Keyword("query_styles", styles))
    head = f"{constant}: _core.Operation[] = _core.Operation("
    room = LINE_LENGTH - len(head)
    result_text = names.short(result, type_alias_name(parts.method, "result"), room)
    return operation_statement(constant, result_text, items)


def operation_statement(constant: str, result: str, items: list[Expr]) -> str:
    """`constant: _core.Operation[result] = _core.Operation(items)`; when even the opening
    does not fit, the annotation's brackets split first (as ruff splits them)."""
    annotated = f"{constant}: _core.Operation[{result}] = "
    if fits(annotated + "_core.Operation(", 0):
        return "\n".join(lay_out(call("_core.Operation", *items), 0, prefix=annotated))
    if fits(annotated + "(", 0):  # the value in parentheses, before the annotation splits
        return "\n".join([annotated + "(", *lay_out(call("_core.Operation", *items), 1), ")"])
    lines = [f"{constant}: _core.Operation[", INDENT + result]
    return "\n".join(lines + lay_out(call("_core.Operation", *items), 0, prefix="] = "))


def _responses(operation: Operation, method: str, factories: Factories) -> Expr:
    entries = []
    for status, answer in answers(operation).items():
        if answer is None:
            value = "None"
        elif isinstance(answer, str):
            value = py_str(answer)
        else:
            value = factories.name_for(answer, type_factory_name(method, status))
        entries.append((status, value))
    return dict_expr(entries)


def _body_spec(shape: BodyShape, method: str, factories: Factories) -> Expr:
    type_ = (
        "None"
        if shape.type is None
        else factories.name_for(shape.type, type_factory_name(method, "body"))
    )
    items: list[Expr] = [Atom(py_str(shape.media)), Atom(type_)]
    if not shape.required:
        items.append(Keyword("required", Atom("False")))
    if shape.files:
        files = ", ".join(py_str(name) for name in shape.files)
        items.append(
            Keyword("files", Atom(f"({files},)" if len(shape.files) == 1 else f"({files})"))
        )
    return call("_core.Body", *items)


def _query_styles(parameters: tuple[Parameter, ...]) -> Expr | None:
    entries = []
    for parameter in parameters:
        style = parameter.style or "form"
        explode = parameter.explode if parameter.explode is not None else style == "form"
        if parameter.location == "query" and (style, explode) != ("form", True):
            entries.append(Atom(f"{py_str(parameter.wire_name)}: ({py_str(style)}, {explode})"))
    return call("", *entries, open_="{", close="}") if entries else None
