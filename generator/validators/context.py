"""`EmitContext`: where in the schema, the data and the generated function an emitter writes.

A keyword emitter only knows its own keyword; the context supplies the rest: the variable that
holds the instance, the instance path segments collected since the function entry (turned into
a pointer only when an error is built), the schema location baked into error ``schema_path``s,
and the failure action of the current mode (``return False`` on the fast path, append an error
on the error-collecting path).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from generator.validators.codewriter import CodeWriter
from generator.validators.errors import SchemaCompileError
from generator.validators.resolver import escape_token

if TYPE_CHECKING:
    from generator.validators.compiler import ModuleCompiler

Mode = Literal["ok", "err"]
Emitter = Callable[["EmitContext", Any], None]

#: Instance-type guards, by the category a keyword applies to.
GUARDS: Mapping[str, str] = {
    "array": "isinstance({0}, list)",
    "boolean": "isinstance({0}, bool)",
    "integer": (
        "(isinstance({0}, int) and not isinstance({0}, bool)"
        " or isinstance({0}, float) and {0}.is_integer())"
    ),
    "null": "{0} is None",
    "number": "(isinstance({0}, (int, float)) and not isinstance({0}, bool))",
    "object": "isinstance({0}, dict)",
    "string": "isinstance({0}, str)",
}
#: Draft 4 (and so OpenAPI 3.0): 1.0 is a number but not an integer.
DRAFT4_GUARDS: Mapping[str, str] = {
    **GUARDS,
    "integer": "(isinstance({0}, int) and not isinstance({0}, bool))",
}


@dataclass(frozen=True, slots=True)
class EmitContext:
    """One position of inline code generation (see module docstring)."""

    compiler: ModuleCompiler
    writer: CodeWriter
    mode: Mode
    data: str  #: Python variable holding the instance
    path: tuple[str, ...]  #: path segment expressions appended to the function's `path`
    schema: Any
    base: str  #: base URI in effect for this schema
    location: str  #: schema location, e.g. "#/components/schemas/X"
    scope: tuple[str, ...]  #: dynamic scope: resources with $dynamicAnchors entered so far
    known_type: str | None = None  #: instance type already proven on this code path

    def guard(self, category: str, data: str | None = None) -> str:
        return self.compiler.dialect.guards[category].format(data or self.data)

    def describe(self, suffix: str) -> str:
        """Message expression: the instance's short repr followed by literal `suffix`."""
        return f"_r({self.data}) + {suffix!r}"

    def path_expr(self, segment: str | None = None) -> str:
        segments = self.path + ((segment,) if segment is not None else ())
        if not segments:
            return "path"
        return "(*path, " + ", ".join(segments) + ")"

    def fail(self, keyword: str, message: str, *, segment: str | None = None) -> None:
        """Emit the failure action for `keyword` of this schema."""
        if self.mode == "ok":
            self.writer.line("return False")
            return
        schema_path = self.location + "/" + escape_token(keyword)
        self.writer.line(
            f"errors.append(ValidationError({message}, _ptr({self.path_expr(segment)}),"
            f" {schema_path!r}, {keyword!r}))"
        )

    def fail_if(self, condition: str, keyword: str, message: str) -> None:
        with self.writer.block(f"if {condition}:"):
            self.fail(keyword, message)

    def child(self, schema: Any, pointer: str, data: str, segment: str | None) -> EmitContext:
        """Context for a subschema evaluated inline on `data` (one more path segment)."""
        base = self.base
        if isinstance(schema, dict):
            base = self.compiler.index.base_of(schema, self.base)
        return dataclasses.replace(
            self,
            data=data,
            path=self.path + ((segment,) if segment is not None else ()),
            schema=schema,
            base=base,
            location=self.location + pointer,
            scope=self.compiler.extend_scope(self.scope, base),
            known_type=None,
        )

    def descend(self, schema: Any, pointer: str, data: str, segment: str | None) -> None:
        """Validate `data` against a subschema inline."""
        if schema is True:
            return
        self.compiler.dialect.emit_schema(self.child(schema, pointer, data, segment))

    def ok_call(self, schema: Any, pointer: str, data: str | None = None) -> str:
        """Expression calling the fast-path function of a (hoisted) subschema on `data`."""
        unit = self.compiler.unit_for(self.child(schema, pointer, self.data, None))
        return f"{self.compiler.function_name(unit, 'ok')}({data or self.data})"

    def err_call(self, schema: Any, pointer: str, data: str, segment: str | None) -> str:
        """Statement collecting a hoisted subschema's errors for `data` into `errors`."""
        unit = self.compiler.unit_for(self.child(schema, pointer, data, None))
        function = self.compiler.function_name(unit, "err")
        return f"{function}({data}, {self.path_expr(segment)}, errors)"

    def err_function(self, schema: Any, pointer: str) -> str:
        unit = self.compiler.unit_for(self.child(schema, pointer, self.data, None))
        return self.compiler.function_name(unit, "err")

    def check(self, schema: Any, pointer: str, data: str, segment: str | None) -> None:
        """Validate `data` against a subschema through its own function (for recursion)."""
        if schema is True:
            return
        ok = self.ok_call(schema, pointer, data)
        with self.writer.block(f"if not {ok}:"):
            if self.mode == "ok":
                self.writer.line("return False")
            else:
                self.writer.line(self.err_call(schema, pointer, data, segment))

    def error(self, keyword: str, problem: str) -> SchemaCompileError:
        where = self.location + "/" + escape_token(keyword)
        return SchemaCompileError(f"{where}: {keyword}: {problem}")
