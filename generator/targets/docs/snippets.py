"""Usage snippets: each operation called through the generated client, sync and async.

The names are the generated ones (client class, resource attribute, method, model classes,
keyword arguments), taken from the same IR the client is rendered from. Values are placeholders
of the right type; a nested model shows as `ClassName(...)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, assert_never

from generator.ir import (
    Alias,
    Api,
    ArrayOf,
    Enum,
    LiteralOf,
    MapOf,
    Model,
    NamedSchema,
    Nullable,
    Operation,
    Primitive,
    Ref,
    SchemaId,
    TypeExpr,
    UnionOf,
)
from generator.render.literals import py_literal

_MAX_LINE = 88
_PLACEHOLDERS = {"string": '"..."', "integer": "0", "number": "0.0", "boolean": "False"}


class Snippets(NamedTuple):
    sync: str
    async_: str


@dataclass(slots=True)
class _Call:
    """Collects the call's arguments and the model classes they import."""

    schemas: dict[SchemaId, NamedSchema]
    imports: set[str]

    def value(self, type_: TypeExpr, *, expand: bool = False) -> str:
        match type_:
            case Primitive(kind="string", format="binary"):
                return 'b"..."'
            case Primitive(kind=kind):
                return _PLACEHOLDERS.get(kind, "...")
            case Nullable(inner=inner):
                return self.value(inner, expand=expand)
            case LiteralOf(values=values):
                return py_literal(values[0]) if values else "..."
            case ArrayOf():
                return "[]"
            case MapOf():
                return "{}"
            case UnionOf(variants=variants):
                return self.value(variants[0].type, expand=expand) if variants else "..."
            case Ref(target=target):
                return self.schema_value(target, expand=expand)
            case _:
                assert_never(type_)

    def schema_value(self, target: SchemaId, *, expand: bool) -> str:
        schema = self.schemas.get(target)
        if isinstance(schema, Alias):
            return self.value(schema.type, expand=expand)
        if isinstance(schema, Enum):
            self.imports.add(schema.class_name)
            first = schema.members[0].py_name if schema.members else None
            return f"{schema.class_name}.{first}" if first else "..."
        if isinstance(schema, Model):
            self.imports.add(schema.class_name)
            if not expand:
                return f"{schema.class_name}(...)"
            return f"{schema.class_name}({', '.join(self.keywords(schema))})"
        return "..."

    def keywords(self, model: Model) -> list[str]:
        """`name=value` for each required field (the others have defaults)."""
        return [
            f"{field.py_name}={self.value(field.type)}" for field in model.fields if field.required
        ]


def snippets(
    api: Api, package: str, operation: Operation, schemas: dict[SchemaId, NamedSchema]
) -> Snippets:
    call = _Call(schemas, set())
    arguments = [
        _path_value(p.py_name, p.type) for p in operation.parameters if p.location == "path"
    ]
    arguments += [
        f"{p.py_name}={call.value(p.type)}"
        for p in operation.parameters
        if p.location != "path" and p.required
    ]
    arguments += _body_arguments(call, operation)
    shape = _Shape(
        client=api.client_name,
        package=package,
        imports=tuple(sorted(call.imports)),
        target=f"client.{operation.resource}.{operation.py_name}",
        arguments=arguments,
        paginated=operation.pagination is not None,
    )
    return Snippets(sync=_sync(shape), async_=_async(shape))


class _Shape(NamedTuple):
    client: str
    package: str
    imports: tuple[str, ...]  #: model classes the arguments use
    target: str  #: `client.phone_numbers.get`
    arguments: list[str]
    paginated: bool

    def imports_of(self, client: str) -> list[str]:
        lines = [f"from {self.package} import {client}"]
        if self.imports:
            lines.append(f"from {self.package}.models import {', '.join(self.imports)}")
        return lines

    def call(self, prefix: str, indent: str) -> list[str]:
        one_line = f"{indent}{prefix}{self.target}({', '.join(self.arguments)})"
        if len(one_line) <= _MAX_LINE:
            return [one_line]
        lines = [f"{indent}    {argument}," for argument in self.arguments]
        return [f"{indent}{prefix}{self.target}(", *lines, f"{indent})"]


def _path_value(py_name: str, type_: TypeExpr) -> str:
    """A path parameter's placeholder names it, since path parameters are passed by position."""
    base = type_.inner if isinstance(type_, Nullable) else type_
    if isinstance(base, Primitive) and base.kind in ("integer", "number"):
        return _PLACEHOLDERS[base.kind]
    return py_literal(f"<{py_name}>")


def _body_arguments(call: _Call, operation: Operation) -> list[str]:
    if operation.body is None or not operation.body.contents:
        return []
    type_ = operation.body.contents[0].type
    if type_ is None:
        return ['body=b"..."']
    schema = call.schemas.get(type_.target) if isinstance(type_, Ref) else None
    if isinstance(schema, Model):
        return call.keywords(schema)  # an object body's fields are the method's keywords
    if not operation.body.required:
        return []
    return [f"body={call.value(type_, expand=True)}"]


def _sync(shape: _Shape) -> str:
    lines = [*shape.imports_of(shape.client), "", f'client = {shape.client}(token="...")']
    if shape.paginated:
        lines += shape.call("for item in ", "")
        lines[-1] += ":"
        lines.append("    print(item)")
    else:
        lines += shape.call("result = ", "")
        lines.append("print(result)")
    return "\n".join(lines)


def _async(shape: _Shape) -> str:
    client = f"Async{shape.client}"
    lines = ["import asyncio", "", *shape.imports_of(client), "", ""]
    lines += ["async def main() -> None:", f'    client = {client}(token="...")']
    if shape.paginated:
        lines += shape.call("async for item in ", "    ")
        lines[-1] += ":"
        lines.append("        print(item)")
    else:
        lines += shape.call("result = await ", "    ")
        lines.append("    print(result)")
    lines += ["", "", "asyncio.run(main())"]
    return "\n".join(lines)
