"""One resource module of the client (`<package>/_client/phone_numbers.py`): the resource's
sync and async classes, their raw and streaming variants, and the operations they send.

The module imports only `_core` at run time; the models its annotations name are imported
for type checkers, and at run time by each operation's factories at its first call.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import Api, Resource
from generator.naming import (
    NameScope,
    ResourceClassNames,
    client_attribute_name,
    operation_constant_name,
)
from generator.render.header import HeaderView
from generator.render.layout import (
    INDENT,
    Atom,
    assignment,
    call,
    class_line,
    fits,
    property_def,
    return_call,
)
from generator.render.literals import py_docstring
from generator.targets.client.ops import MethodView, method_view
from generator.targets.client.spec import Factories, FactoryView
from generator.targets.client.type_exprs import Names, import_lines

#: what a resource class defines besides its methods
RESOURCE_MEMBERS = frozenset({"with_raw_response", "with_streaming_response"})


@dataclass(frozen=True, slots=True)
class ResourcePlan:
    resource: Resource
    attr: str  #: the attribute on the client
    module: str  #: the module under `_client/`
    classes: ResourceClassNames


@dataclass(frozen=True, slots=True)
class ClassView:
    name: str
    base: str
    docstring: str
    is_async: bool
    kind: str  #: `resource`, or `wrapper` (raw / streaming)
    prefix: str = ""  #: `async ` for the async resource's methods
    raw: str = ""
    streaming: str = ""
    raw_def: str = ""  #: the `def with_raw_response(...)` line(s)
    streaming_def: str = ""
    wraps: str = ""  #: the resource class a wrapper wraps
    assignments: tuple[str, ...] = ()  #: a wrapper's `self.<method> = ...` lines

    # Laid out here, not in the template: a long tag gives class names longer than a line.
    @property
    def header(self) -> str:
        return class_line(self.name, self.base) if self.base else f"class {self.name}:"

    def returning(self, wrapper: str) -> str:
        return return_call(wrapper, "self", 2)

    @property
    def init_def(self) -> str:
        """A wrapper's `def __init__(self, resource: ...) -> None:`."""
        line = f"{INDENT}def __init__(self, resource: {self.wraps}) -> None:"
        if fits(line, 0):
            return line
        params = [f"{INDENT * 2}self,", f"{INDENT * 2}resource: {self.wraps},"]
        return "\n".join([f"{INDENT}def __init__(", *params, f"{INDENT}) -> None:"])


@dataclass(frozen=True, slots=True)
class ResourceView:
    header: HeaderView
    docstring: str
    checked_imports: tuple[str, ...]
    aliases: tuple[str, ...]
    factories: tuple[FactoryView, ...]
    constants: tuple[str, ...]
    methods: tuple[MethodView, ...]
    classes: tuple[ClassView, ...]


def resource_view(api: Api, plan: ResourcePlan, header: HeaderView) -> ResourceView:
    by_name = {op.py_name: op for op in api.operations if op.resource == plan.resource.attr_name}
    operations = [
        (client_attribute_name(name, RESOURCE_MEMBERS), by_name[name])
        for name in plan.resource.operations
    ]
    scope = NameScope()
    scope.reserve(*(operation_constant_name(name) for name, _ in operations))
    shadowed = frozenset(name for name, _ in operations) | RESOURCE_MEMBERS
    names = Names(api.schemas_by_id(), shadowed, scope=scope)
    factories = Factories(names.schemas, scope)
    methods = tuple(
        method_view(op, f"{plan.attr}.{name}", names, factories) for name, op in operations
    )
    if factories.views:
        names.ref("Any")
    imports = {local: source for local, source in names.imports.items() if local != "_core"}
    return ResourceView(
        header=header,
        docstring=py_docstring(f"`client.{plan.attr}`: {_describe(plan.resource)}"),
        checked_imports=tuple(import_lines(imports)),
        aliases=tuple(names.alias_lines),
        factories=tuple(factories.views),
        constants=tuple(method.constant for method in methods),
        methods=methods,
        classes=_classes(plan, methods),
    )


def _describe(resource: Resource) -> str:
    text = " ".join((resource.description or "").split())
    if text:
        return text
    if resource.tag:
        return f"The operations tagged {resource.tag}."
    # Without a tag, the resource is the path segment its operations share.
    return f"The `{resource.attr_name}` operations (grouped by path: they have no tag)."


def _classes(plan: ResourcePlan, methods: tuple[MethodView, ...]) -> tuple[ClassView, ...]:
    names = plan.classes
    docstring = py_docstring(_describe(plan.resource), indent="    ")
    return (
        _resource_class(names.sync, names.sync_raw, names.sync_streaming, docstring, False),
        _resource_class(names.async_, names.async_raw, names.async_streaming, docstring, True),
        _wrapper(names.sync_raw, names.sync, methods, _WRAPPERS["sync", "raw"]),
        _wrapper(names.async_raw, names.async_, methods, _WRAPPERS["async", "raw"]),
        _wrapper(names.sync_streaming, names.sync, methods, _WRAPPERS["sync", "stream"]),
        _wrapper(names.async_streaming, names.async_, methods, _WRAPPERS["async", "stream"]),
    )


def _resource_class(
    name: str, raw: str, streaming: str, docstring: str, is_async: bool
) -> ClassView:
    base = "_core.AsyncResource" if is_async else "_core.SyncResource"
    return ClassView(
        name,
        base,
        docstring,
        is_async,
        "resource",
        prefix="async " if is_async else "",
        raw=raw,
        streaming=streaming,
        raw_def=_property_def("with_raw_response", raw),
        streaming_def=_property_def("with_streaming_response", streaming),
    )


def _property_def(name: str, returns: str) -> str:
    """`def name(self) -> returns:` in a class body, split as ruff splits it when long."""
    return property_def(name, returns)


@dataclass(frozen=True, slots=True)
class Wrapping:
    plain: str  #: the `_core` function wrapping a method
    paginated: str  #: the one wrapping a paginated method
    is_async: bool
    what: str  #: what the wrapped methods answer with


_RAW = "the HTTP response (status, headers, request id; `.parse()` for the value)"
_STREAM = "a context manager over the unread response (`iter_bytes()`, `parse()`)"
_WRAPPERS = {
    ("sync", "raw"): Wrapping("to_raw", "to_raw", False, _RAW),
    ("async", "raw"): Wrapping("to_raw_async", "pager_to_raw_async", True, _RAW),
    ("sync", "stream"): Wrapping("to_streamed", "to_streamed", False, _STREAM),
    ("async", "stream"): Wrapping("to_streamed_async", "pager_to_streamed_async", True, _STREAM),
}


def _wrapper(
    name: str, wraps: str, methods: tuple[MethodView, ...], wrapping: Wrapping
) -> ClassView:
    assignments = tuple(
        assignment(
            f"self.{method.name}",
            call(
                f"_core.{wrapping.paginated if method.paginated else wrapping.plain}",
                Atom(f"resource.{method.name}"),
            ),
            indent=2,
        )
        for method in methods
    )
    docstring = py_docstring(f"`{wraps}`'s methods, each answering with {wrapping.what}.", "    ")
    return ClassView(
        name,
        "",
        docstring,
        wrapping.is_async,
        "wrapper",
        wraps=wraps,
        assignments=assignments or ("        del resource",),
    )
