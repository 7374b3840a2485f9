"""One model field → its annotated class attribute, with the field's alias, docs and default.

The rules, from the spec to pydantic:
- a wire name that is not the attribute name becomes `alias=` (construction takes either);
- required fields have no default; optional ones default to their spec default, else to `None`;
- `None` is a valid value only if the spec says `nullable`: an optional non-nullable field is
  typed `T | None` (absent reads as None) but `_sdk.NOT_NULL` rejects an explicit `null`;
- constraints of the field's own value go into its `Field(...)`, with the pattern check after.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from generator.ir import ArrayOf, Field, JsonValue, MapOf, Nullable, Primitive, TypeExpr
from generator.render.layout import Atom, Expr, Keyword, call, statement, subscript
from generator.render.literals import py_literal, py_str
from generator.render.pytypes import (
    NONE,
    TypeContext,
    admits_null,
    annotation,
    bare,
    checks,
    nullable,
)


@dataclass(slots=True)
class FieldStatements:
    """Field statements laid out once per render. A large spec repeats fields (Vapi: 5,244
    fields, 2,678 distinct) across models, and laying one out costs far more than a lookup.
    What a statement needs of its module (imports, referenced classes) is kept with it and
    given to every module that uses it."""

    known: dict[tuple[object, ...], tuple[str, TypeContext]] = dataclass_field(default_factory=dict)

    def statement(self, field: Field, ctx: TypeContext) -> str:
        # Everything `field_statement` reads of the field; the default by its repr, since a
        # JSON default may be a list or dict (and `1` and `True` must not be one key).
        key = (
            field.wire_name,
            field.py_name,
            field.type,
            field.required,
            field.has_default,
            repr(field.default),
            field.description,
            field.deprecated,
        )
        if key not in self.known:
            uses = TypeContext(ctx.schemas)
            self.known[key] = (field_statement(field, uses), uses)
        text, uses = self.known[key]
        ctx.include(uses)
        return text


def field_statement(field: Field, ctx: TypeContext) -> str:
    """The class-body statement for `field`, laid out at one indent level."""
    type_, is_nullable = _strip_nullable(field.type)
    # A reference to a nullable enum or alias admits null through its target's type.
    is_nullable = is_nullable or admits_null(type_, ctx)
    default = _default(field)
    core, constraints, check = _own_type(type_, ctx)
    if is_nullable or (default is not None and default.flat() == "None"):
        core = nullable(core)
    arguments = [*_documentation(field), *constraints]
    metadata: list[Expr] = []
    if arguments:
        metadata.append(call(ctx.use("pydantic", "Field"), *arguments))
    if not is_nullable and not field.required and default is not None and default.flat() == "None":
        metadata.append(Atom("_sdk.NOT_NULL"))
    if check is not None:
        metadata.append(check)
    if metadata:
        core = subscript(ctx.use("typing", "Annotated"), core, *metadata)
    return statement(field.py_name, core, default, indent=1)


def _strip_nullable(type_: TypeExpr) -> tuple[TypeExpr, bool]:
    if isinstance(type_, Nullable):
        return type_.inner, True
    return type_, False


def _own_type(type_: TypeExpr, ctx: TypeContext) -> tuple[Expr, list[Expr], Expr | None]:
    """The field's type; for a constrained scalar, array or map its constraints separately, so
    they join the field's one `Field(...)`."""
    if isinstance(type_, Primitive | ArrayOf | MapOf):
        return (bare(type_, ctx), *checks(type_, ctx))
    return annotation(type_, ctx), [], None


def _documentation(field: Field) -> list[Expr]:
    arguments: list[Expr] = []
    if field.wire_name != field.py_name:
        arguments.append(Keyword("alias", Atom(py_str(field.wire_name))))
    if field.description:
        arguments.append(Keyword("description", Atom(py_str(field.description.strip()))))
    if field.deprecated:
        arguments.append(Keyword("deprecated", Atom("True")))
    return arguments


def _default(field: Field) -> Expr | None:
    if field.required:
        return None
    if field.has_default and field.default is not None:
        return literal_expr(field.default)
    return NONE


def literal_expr(value: JsonValue) -> Expr:
    """A JSON value as an expression the layout can split (lists and dicts item by item)."""
    if isinstance(value, list):
        return call("", *(literal_expr(item) for item in value), open_="[", close="]")
    if isinstance(value, dict):
        items = (Atom(f"{py_str(k)}: {py_literal(v)}") for k, v in sorted(value.items()))
        return call("", *items, open_="{", close="}")
    return Atom(py_literal(value))
