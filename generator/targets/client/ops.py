"""One client method: its signature, docstring, body, and the operation constant it sends.

    def update(
        self,
        id: str,
        *,
        body: _UpdateBody | None = None,
        timeout: _core.Timeout | _core.NotGiven = _core.NOT_GIVEN,
        ...
    ) -> _UpdateResult:
        return self._client._request(_UPDATE, path={"id": id}, body=body, ...)

Path parameters are positional, in path order; everything else is keyword-only. Body
fields become keyword arguments named like the model's attributes, renamed when they would
clash with a parameter or an option.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.ir import Field, Operation, UnionOf
from generator.naming import (
    CLIENT_METHOD_OPTIONS,
    NameScope,
    operation_constant_name,
    type_alias_name,
)
from generator.render.layout import (
    INDENT,
    LINE_LENGTH,
    Atom,
    Chain,
    Expr,
    Keyword,
    call,
    closing_line,
    lay_out,
)
from generator.render.literals import py_docstring
from generator.render.pytypes import union_of
from generator.targets.client.shapes import (
    Answer,
    BodyShape,
    PagingShape,
    answers,
    body_shape,
    is_download,
    keyword_fields,
    paging_shape,
)
from generator.targets.client.spec import ConstantParts, Factories, constant_statement, dict_expr
from generator.targets.client.type_exprs import Names, input_type, mapping_type, output_type

OPTIONS = ("timeout", "max_retries", "extra_headers", "extra_query")
_PARAM_INDENT = 2 * len(INDENT)


@dataclass(frozen=True, slots=True)
class MethodView:
    name: str
    paginated: bool
    parameters: tuple[str, ...]  #: `name: annotation = default,` lines (after `self`)
    sync_returns: str
    async_returns: str
    docstring: str
    sync_body: str  #: the `return ...` statement, laid out at two indent levels
    async_body: str
    constant: str  #: the operation constant's statement, at module level

    def closing(self, is_async: bool) -> str:
        """The signature's `) -> R:` line, in a class body."""
        return closing_line(self.async_returns if is_async else self.sync_returns, 1)


@dataclass(slots=True)
class Signature:
    """The parameters of one method, as laid-out lines."""

    method: str
    names: Names
    lines: list[str] = field(default_factory=list)
    scope: NameScope = field(default_factory=NameScope)

    def add(self, name: str, type_: Expr, default: str | None, role: str) -> None:
        tail = f" = {default}," if default is not None else ","
        room = LINE_LENGTH - _PARAM_INDENT - len(name) - 2 - len(tail)
        text = self.names.short(type_, type_alias_name(self.method, role), room)
        self.lines.append(f"{name}: {text}{tail}")


def method_view(operation: Operation, where: str, names: Names, factories: Factories) -> MethodView:
    """The method `where` (`resource.method`) sending `operation`."""
    method = where.rsplit(".", 1)[-1]
    schemas = names.schemas
    found = answers(operation)
    download = is_download(operation, found)
    paging = None if download else paging_shape(operation, found, schemas)
    shape = body_shape(operation, schemas)
    signature = Signature(method, names)
    signature.scope.reserve(*CLIENT_METHOD_OPTIONS)
    _add_parameters(operation, signature)
    fields = _add_body(shape, signature)
    signature.lines += _option_lines(names)
    result = _result(found, download, names)
    room = LINE_LENGTH - len(INDENT) - len(") -> :")
    constant = operation_constant_name(method)
    call_items = [Atom(constant), *_grouped_arguments(operation, shape, fields)]
    call_items += [Keyword(name, Atom(name)) for name in OPTIONS]
    returns = _returns(result, paging, names, method, room)
    return MethodView(
        name=method,
        paginated=paging is not None,
        parameters=tuple(signature.lines),
        sync_returns=returns[0],
        async_returns=returns[1],
        docstring=_docstring(operation, shape),
        sync_body=_call_text(paging is not None, call_items, asynchronous=False),
        async_body=_call_text(paging is not None, call_items, asynchronous=True),
        constant=constant_statement(
            operation,
            ConstantParts(where, method, download, paging, shape),
            result,
            names,
            factories,
        ),
    )


def _option_lines(names: Names) -> list[str]:
    """The per-call options every method takes (`CLIENT_METHOD_OPTIONS`)."""
    core, text, mapping = names.ref("_core"), names.ref("str"), names.ref("Mapping")
    return [
        f"timeout: {core}.Timeout | {core}.NotGiven = {core}.NOT_GIVEN,",
        f"max_retries: {names.ref('int')} | {core}.NotGiven = {core}.NOT_GIVEN,",
        f"extra_headers: {mapping}[{text}, {text}] | None = None,",
        f"extra_query: {mapping}[{text}, {names.ref('object')}] | None = None,",
    ]


def _add_parameters(operation: Operation, signature: Signature) -> None:
    positional = [p for p in operation.parameters if p.location == "path"]
    for parameter in positional:
        signature.scope.reserve(parameter.py_name)
        signature.add(
            parameter.py_name, input_type(parameter.type, signature.names), None, parameter.py_name
        )
    signature.lines.append("*,")
    for parameter in operation.parameters:
        if parameter.location == "path":
            continue
        signature.scope.reserve(parameter.py_name)
        type_ = input_type(parameter.type, signature.names)
        if not parameter.required:
            type_ = union_of([type_, Atom("None")])
        default = None if parameter.required else "None"
        signature.add(parameter.py_name, type_, default, parameter.py_name)


def _add_body(shape: BodyShape | None, signature: Signature) -> list[tuple[Field, str]]:
    """The `body` parameter and one keyword argument per field: (field, argument name)."""
    if shape is None:
        return []
    names = signature.names
    fields = keyword_fields(shape)
    files = shape.media == "multipart"
    type_ = body_type(shape, names)
    optional = bool(fields) or not shape.required
    default = "None" if optional else None
    signature.add("body", union_of([type_, Atom("None")]) if optional else type_, default, "body")
    claimed = []
    for field_ in fields:
        name = signature.scope.claim(_free(field_.py_name, signature.scope))
        type_ = union_of([input_type(field_.type, names, files=files), Atom("_core.NotGiven")])
        names.ref("_core")
        signature.add(name, type_, "_core.NOT_GIVEN", field_.py_name)
        claimed.append((field_, name))
    return claimed


def _free(name: str, scope: NameScope) -> str:
    """`name`, or `name_` when a parameter or option already has it."""
    return name + "_" if name in scope.taken else name


def body_type(shape: BodyShape, names: Names) -> Expr:
    """`body=`: the schema's models, or a mapping with the wire names."""
    if shape.type is None:
        return Atom(f"{names.ref('_core')}.FileInput")
    type_ = input_type(shape.type, names, files=shape.media == "multipart")
    members = type_.operands if isinstance(type_, Chain) else (type_,)
    nested = mapping_type(names, dict_=True).flat()
    kept = [member for member in members if member.flat() != nested]
    if len(kept) == len(members):
        return type_
    return union_of([*kept, mapping_type(names)])


def _result(found: Mapping[str, Answer], download: bool, names: Names) -> Expr:
    """What the method returns: the union of its success statuses' contents."""
    if download:
        return Atom(names.ref("bytes"))
    members: list[Expr] = []
    for answer in found.values():
        if answer is None:
            members.append(Atom("None"))
        elif answer == "bytes":
            members.append(Atom(names.ref("bytes")))
        elif answer == "text":
            members.append(Atom(names.ref("str")))
        else:
            members.append(output_type(answer, names))
    if not members:
        return Atom("None")
    unique = {member.flat(): member for member in members}
    return union_of(list(unique.values()))


def _returns(
    result: Expr, paging: PagingShape | None, names: Names, method: str, room: int
) -> tuple[str, str]:
    if paging is None:
        text = names.short(result, type_alias_name(method, "result"), room)
        return text, text
    item = output_type(paging.item, names)
    sync_room = room - len("SyncPager[]")
    text = names.short(item, type_alias_name(method, "item"), sync_room)
    return f"{names.ref('SyncPager')}[{text}]", f"{names.ref('AsyncPager')}[{text}]"


def _grouped_arguments(
    operation: Operation, shape: BodyShape | None, fields: list[tuple[Field, str]]
) -> list[Expr]:
    """`path=`, `query=`, `headers=`, `cookies=`, `body=` and `fields=` of the call."""
    items: list[Expr] = []
    for location, keyword in _LOCATIONS:
        pairs = [(p.wire_name, p.py_name) for p in operation.parameters if p.location == location]
        if pairs:
            items.append(Keyword(keyword, dict_expr(pairs)))
    if shape is not None:
        items.append(Keyword("body", Atom("body")))
    if fields:
        items.append(Keyword("fields", dict_expr([(f.wire_name, name) for f, name in fields])))
    return items


_LOCATIONS = (("path", "path"), ("query", "query"), ("header", "headers"), ("cookie", "cookies"))


def _call_text(paginated: bool, items: list[Expr], *, asynchronous: bool) -> str:
    target = "self._client._paginate" if paginated else "self._client._request"
    prefix = "return await " if asynchronous and not paginated else "return "
    return "\n".join(lay_out(call(target, *items), 2, prefix))


def _docstring(operation: Operation, shape: BodyShape | None) -> str:
    where = f"`{operation.method.upper()} {operation.path}`"
    parts = [" ".join((operation.summary or where).split())]
    description = (operation.description or "").strip()
    if description and description != parts[0]:
        parts.append(description)
    if operation.deprecated:
        parts.append("Deprecated.")
    if operation.summary:
        parts.append(where)
    arguments = [
        f"    {p.py_name}: {' '.join(p.description.split())}"
        for p in operation.parameters
        if p.description
    ]
    if shape is not None:
        arguments.append(f"    body: {_body_doc(shape)}")
    if arguments:
        parts.append("Args:\n" + "\n".join(arguments))
    return py_docstring("\n\n".join(parts), indent=2 * INDENT)


def _body_doc(shape: BodyShape) -> str:
    if shape.model is None:
        union = shape.type
        if isinstance(union, UnionOf) and union.discriminator is not None:
            tag = union.discriminator.property_name
            return (
                f"the request body: one of the models `{tag}` selects, or a dict with "
                f"the wire names, `{tag}` included."
            )
        return "the request body: a model or a dict with the wire names."
    name = shape.model.class_name
    kind = "multipart form" if shape.media == "multipart" else "request body"
    return (
        f"the {kind}: a `{name}` or a dict with its wire names; "
        f"or pass its fields as keyword arguments instead."
    )
