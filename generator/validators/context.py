"""`EmitContext`: where in the schema, the data and the generated function an emitter writes.

A keyword emitter only knows its own keyword; the context supplies the rest: the variable that
holds the instance, the variable that holds its path (error-collecting functions only; a child
gets its own ``p_N`` variable, bound only when something uses it), the schema location baked
into error specs, and the failure action of the current mode (``return False`` on the fast
path, a ``_fail``/``_fail_on`` call on the error-collecting path).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Protocol

from generator.validators.codewriter import CodeWriter
from generator.validators.errors import SchemaCompileError
from generator.validators.layout import Node, string
from generator.validators.resolver import SchemaIndex, escape_token

Mode = Literal["ok", "err"]
FunctionMode = Literal["ok", "err", "props", "props_local", "items", "items_local"]
Emitter = Callable[["EmitContext", Any], None]


@dataclass(frozen=True, slots=True)
class Unit:
    """A subschema that gets its own generated functions."""

    name: str
    schema: Any
    base: str
    location: str
    scope: tuple[str, ...]
    module: str | None = None  #: the module that defines it, if not this one


class KeywordPlan(NamedTuple):
    """What `emit_schema` does with a schema's keywords (see `Dialect.plan`)."""

    unsupported: str | None  #: the first keyword the dialect rejects, if any
    anything: tuple[str, ...]  #: keywords that apply to any instance, in table order
    groups: tuple[tuple[str, tuple[str, ...]], ...]  #: (instance type, its keywords)


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
    guards: Mapping[str, tuple[str, str]]  #: type name -> guard templates (context.GUARDS)
    #: Writes the checks of one schema (emit.emit_schema); injected to keep modules acyclic.
    emit_schema: Callable[[EmitContext], None]
    #: Writes a props/items annotation function body (annotations.emit_annotation_function).
    emit_annotations: Callable[[EmitContext, str], None]

    #: Keyword plans by a schema's keys (the schemas of a spec share a few hundred key lists).
    _plans: dict[tuple[str, ...], KeywordPlan] = field(
        default_factory=dict, compare=False, repr=False
    )

    def plan(self, schema: Mapping[str, Any]) -> KeywordPlan:
        """The keywords of `schema` to emit, in this dialect's table order, and the first one
        it does not support."""
        keys = tuple(schema)
        plan = self._plans.get(keys)
        if plan is None:
            plan = self._plans[keys] = self._make_plan(keys)
        return plan

    def _make_plan(self, keys: tuple[str, ...]) -> KeywordPlan:
        groups: dict[str, list[str]] = {}
        present = set(keys)
        for keyword in self.emitters:  # the table's order
            if keyword in present:
                groups.setdefault(self.categories.get(keyword, "any"), []).append(keyword)
        anything = tuple(groups.pop("any", ()))
        unsupported = next((keyword for keyword in keys if keyword in self.unsupported), None)
        typed = tuple((category, tuple(group)) for category, group in groups.items())
        return KeywordPlan(unsupported, anything, typed)


class Compiler(Protocol):
    """What a context asks of the module being compiled (`compiler.ModuleCompiler`): a
    protocol, so that the compiler and the contexts it makes do not import each other."""

    index: SchemaIndex
    inline_depth: int
    subschema_units: dict[tuple[Any, ...], Unit]

    dialect: Dialect
    memo: dict[Any, Any]

    def runtime(self, name: str) -> str: ...
    def string(self, value: str) -> str: ...
    def constant(self, stem: str, node: Node, *, late: bool = False) -> str: ...
    def regex(self, pattern: str, ctx: EmitContext, keyword: str) -> str: ...
    def text_tuple(self, stem: str, items: tuple[str, ...]) -> str: ...
    def extend_scope(self, scope: tuple[str, ...], base: str) -> tuple[str, ...]: ...
    def unit_for(self, ctx: EmitContext, name: str | None = None) -> Unit: ...
    def function_name(self, unit: Unit, mode: FunctionMode) -> str: ...


#: Instance-type guards by the category a keyword applies to: (inline form, short form).
#: The short form calls a runtime helper; it is used where the inline form would not fit.
GUARDS: Mapping[str, tuple[str, str]] = {
    "array": ("isinstance({0}, list)", "isinstance({0}, list)"),
    "boolean": ("isinstance({0}, bool)", "isinstance({0}, bool)"),
    "integer": ("_is_int({0})", "_is_int({0})"),
    "null": ("{0} is None", "{0} is None"),
    "number": (
        "isinstance({0}, (int, float)) and not isinstance({0}, bool)",
        "_is_number({0})",
    ),
    "object": ("isinstance({0}, dict)", "isinstance({0}, dict)"),
    "string": ("isinstance({0}, str)", "isinstance({0}, str)"),
}
#: Draft 4 (and so OpenAPI 3.0): 1.0 is a number but not an integer.
DRAFT4_GUARDS: Mapping[str, tuple[str, str]] = {
    **GUARDS,
    "integer": (
        "isinstance({0}, int) and not isinstance({0}, bool)",
        "_is_int4({0})",
    ),
}
#: Keywords that never assert: a schema of a ``$ref`` and these is the ``$ref`` alone.
NON_ASSERTING = frozenset(
    {"$comment", "default", "deprecated", "description", "discriminator", "example"}
    | {"examples", "externalDocs", "readOnly", "title", "writeOnly", "xml"}
)
#: `layout.string` of keywords and messages: a spec repeats a few hundred, thousands of times.
_common_string = functools.lru_cache(maxsize=4096)(string)


@functools.lru_cache(maxsize=1024)  # the same few type guards on the same few variables
def _negated(condition: str) -> str:
    compound = " and " in condition or " or " in condition or " not " in condition
    if not compound and condition.endswith(" is None"):
        return condition[: -len(" is None")] + " is not None"
    simple = not compound and " is " not in condition and " in " not in condition
    return f"not {condition}" if simple else f"not ({condition})"


#: Nesting (in indentation levels) beyond which subschemas get their own function, so that
#: generated lines stay within the line limit (see `ModuleCompiler.inline_depth`).
MAX_INLINE_DEPTH = 6
#: The nesting used instead for a function whose lines did not fit: every subschema called.
FALLBACK_INLINE_DEPTH = 1


@dataclass(slots=True, eq=False)
class EmitContext:
    """One position of inline code generation (see module docstring).

    Treated as immutable (`child`, `using` and `typed` return new contexts), but not a frozen
    dataclass: the compiler makes some 70,000 contexts per spec, and a frozen dataclass pays
    an `object.__setattr__` call per field for each.
    """

    compiler: Compiler
    writer: CodeWriter
    mode: Mode
    data: str  #: Python variable holding the instance
    path: str  #: Python variable holding the instance's path (error-collecting mode)
    schema: Any
    base: str  #: base URI in effect for this schema
    location: str  #: schema location, e.g. "#/components/schemas/X"
    scope: tuple[str, ...]  #: dynamic scope: resources with $dynamicAnchors entered so far
    known_type: str | None = None  #: instance type already proven on this code path

    def guard(self, category: str, data: str | None = None, *, room: int = 10) -> str:
        """Expression testing the instance type; the short form if the inline one is long."""
        inline, short = self.compiler.dialect.guards[category]
        text = inline.format(data or self.data)
        if len(text) + room > self.writer.room:
            text = short.format(data or self.data)
        if text.startswith("_is_"):  # a runtime helper: _is_int4, _is_int or _is_number
            self.compiler.runtime(text[: text.index("(")])
        return text

    def negate(self, condition: str) -> str:
        """``not condition``, parenthesized unless it is a single call or name."""
        return _negated(condition)

    def rt(self, name: str) -> str:
        """A runtime helper's name, recorded so that the module imports it."""
        return self.compiler.runtime(name)

    def spec(self, keyword: str, message: str) -> str:
        """Module constant describing a failure of `keyword` here: (schema path, keyword, text)."""
        schema_path = string(self.location + "/" + escape_token(keyword))
        items = (schema_path, _common_string(keyword), _common_string(message))
        return self.compiler.text_tuple("E", items)

    def fail(self, keyword: str, message: str, *, value: str | None = "", key: str = "") -> None:
        """Emit the failure action for `keyword` of this schema.

        The message is `value`'s short repr followed by `message` (`value` defaults to the
        instance; None for a message that stands alone).  `key` names a variable holding one
        more path segment (an object key or array index) for errors below the instance.
        """
        self.writer.line(self._failure(keyword, message, value, key))

    def fail_if(
        self, condition: str, keyword: str, message: str, *, value: str | None = "", key: str = ""
    ) -> None:
        """``if condition:`` and the failure action (see `fail`) below it."""
        body = self._failure(keyword, message, value, key)
        self.writer.one_line_block(f"if {condition}:", body)

    def _failure(self, keyword: str, message: str, value: str | None, key: str) -> str:
        if self.mode == "ok":
            return "return False"
        path = f"(*{self.path}, {key})" if key else self.path
        spec = self.spec(keyword, message)
        if value is None:
            return f"{self.rt('_fail')}(errors, {path}, {spec})"
        return f"{self.rt('_fail_on')}(errors, {path}, {spec}, {value or self.data})"

    def child(
        self, schema: Any, pointer: str, data: str, segment: str | None, writer: CodeWriter
    ) -> EmitContext:
        """Context for a subschema evaluated on `data`, one path `segment` further down."""
        base, scope = self.base, self.scope
        if isinstance(schema, dict):
            base = self.compiler.index.base_of(schema, base)
            if base != self.base:  # (this context's scope has entered its own base already)
                scope = self.compiler.extend_scope(scope, base)
        path = self.path
        if segment is not None and self.mode == "err":
            path = writer.fresh_name("p")
        location = self.location + pointer
        return EmitContext(
            self.compiler, writer, self.mode, data, path, schema, base, location, scope
        )

    def using(self, writer: CodeWriter) -> EmitContext:
        """The same position, written to `writer` (a `CodeWriter.sub` scratch writer)."""
        return EmitContext(
            self.compiler,
            writer,
            self.mode,
            self.data,
            self.path,
            self.schema,
            self.base,
            self.location,
            self.scope,
            self.known_type,
        )

    def typed(self, known_type: str | None, writer: CodeWriter | None = None) -> EmitContext:
        """The same position, with the instance type proven to be `known_type` (and written
        to `writer`, when given)."""
        return EmitContext(
            self.compiler,
            writer or self.writer,
            self.mode,
            self.data,
            self.path,
            self.schema,
            self.base,
            self.location,
            self.scope,
            known_type,
        )

    def descend(
        self,
        schema: Any,
        pointer: str,
        data: str,
        segment: str | None,
        into: CodeWriter | None = None,
    ) -> None:
        """Validate `data` against a subschema inline, or through its function when deep.

        The code goes to `into` (a `CodeWriter.sub` scratch writer) when given.
        """
        if schema is True:
            return
        writer = into or self.writer
        if writer.depth >= self.compiler.inline_depth:
            (self.using(writer) if into else self).check(schema, pointer, data, segment)
            return
        if segment is None or self.mode == "ok":  # no path variable of its own: write in place
            self.compiler.dialect.emit_schema(self.child(schema, pointer, data, None, writer))
            return
        body = writer.sub()
        child = self.child(schema, pointer, data, segment, body)
        self.compiler.dialect.emit_schema(child)
        if body.uses(child.path):
            writer.line(f"{child.path} = (*{self.path}, {segment})")
        writer.extend(body)

    def function(self, schema: Any, pointer: str, mode: FunctionMode) -> str:
        """Name of a subschema's own function in `mode` (generated on demand).

        A subschema that is only a ``$ref`` uses its target's function: no wrapper to call.
        """
        # Union branches are asked for in both modes, and for the fast path again when
        # reporting: find each one's unit once.
        key = (id(schema), self.base, self.scope, self.location, pointer)
        unit = self.compiler.subschema_units.get(key)
        if unit is None:
            child = self.child(schema, pointer, self.data, None, self.writer)
            child = child.ref_target() or child
            unit = self.compiler.subschema_units[key] = self.compiler.unit_for(child)
        return self.compiler.function_name(unit, mode)

    def ref_target(self) -> EmitContext | None:
        """The context of the ``$ref`` target, when this schema asserts nothing else."""
        schema = self.schema
        if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
            return None
        if not self.compiler.dialect.ref_overrides_siblings and any(
            key != "$ref" and key not in NON_ASSERTING and not key.startswith("x-")
            for key in schema
        ):
            return None
        try:
            target = self.compiler.index.lookup(schema["$ref"], self.base)
        except SchemaCompileError:
            return None  # reported with its location where the $ref is compiled
        scope = self.compiler.extend_scope(self.scope, target.base)
        return EmitContext(
            self.compiler,
            self.writer,
            self.mode,
            self.data,
            self.path,
            target.schema,
            target.base,
            target.location,
            scope,
        )

    def ok_call(self, schema: Any, pointer: str, data: str | None = None) -> str:
        """Expression calling a subschema's fast-path function on `data`."""
        return f"{self.function(schema, pointer, 'ok')}({data or self.data})"

    def err_function(self, schema: Any, pointer: str) -> str:
        return self.function(schema, pointer, "err")

    def check(self, schema: Any, pointer: str, data: str, segment: str | None) -> None:
        """Validate `data` against a subschema through its own function (recursion, depth)."""
        if schema is True:
            return
        with self.writer.block(f"if not {self.ok_call(schema, pointer, data)}:"):
            if self.mode == "ok":
                self.writer.line("return False")
            else:
                self.collect(self.err_function(schema, pointer), data, segment)

    def collect(self, function: str, data: str, segment: str | None) -> None:
        """Call an error-collecting function on `data`, one path `segment` further down."""
        if segment is None:
            self.writer.call(function, [data, self.path, "errors"])
            return
        path = f"(*{self.path}, {segment})"
        call = f"{function}({data}, {path}, errors)"
        if self.writer.fits(call):
            self.writer.line(call)
            return
        name = self.writer.fresh_name("p")
        self.writer.line(f"{name} = {path}")
        self.writer.call(function, [data, name, "errors"])

    def error(self, keyword: str, problem: str) -> SchemaCompileError:
        where = self.location + "/" + escape_token(keyword)
        return SchemaCompileError(f"{keyword}: {problem}", where=where)
