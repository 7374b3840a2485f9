"""The client part: `<package>/errors.py` and `<package>/_client/`.

    _client/_core.py        light: clients' configuration, resources, operation descriptions
    _client/_clients.py     `Vapi` and `AsyncVapi`, each resource created on first use
    _client/<resource>.py   one per resource: its sync, async, raw and streaming classes
    _client/_http.py        sending with retries and logging (imports httpx)
    _client/_encode.py      request bodies and parameters (imports pydantic)
    _client/_response.py    errors, parsing, raw and streamed responses
    _client/_lenient.py     the lenient reading of a body that does not match its schema
    _client/_pagination.py  pagers

`import <package>`, `Vapi(...)` and `client.<resource>` import neither httpx nor pydantic:
the runtime modules load at the first request, the models an operation needs at its first
call. The runtime modules are the same for every spec; only the clients and the resource
modules are rendered from the IR.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.ir import Api, SecurityScheme
from generator.naming import (
    CLIENT_MODULE,
    CLIENT_PACKAGE,
    NameScope,
    async_client_class_name,
    client_attribute_name,
    env_var_name,
    module_name,
    resource_class_names,
)
from generator.render.files import Target, render_static, render_template
from generator.render.header import HeaderView, header_view
from generator.render.layout import class_line, import_line, property_def, return_call
from generator.render.literals import py_docstring, py_str
from generator.targets.client.resources import ResourcePlan, resource_view
from generator.writer import RenderedFile

#: the client's static runtime modules (`render_static`), the same for every spec
RUNTIME = (
    "errors.py",
    f"{CLIENT_PACKAGE}/__init__.py",
    f"{CLIENT_PACKAGE}/_core.py",
    f"{CLIENT_PACKAGE}/_http.py",
    f"{CLIENT_PACKAGE}/_encode.py",
    f"{CLIENT_PACKAGE}/_response.py",
    f"{CLIENT_PACKAGE}/_lenient.py",
    f"{CLIENT_PACKAGE}/_pagination.py",
)
#: what the client classes define: a resource attribute must not replace one
CLIENT_MEMBERS = frozenset(
    {"base_url", "close", "default_headers", "http_client", "initial_retry_delay"}
    | {"max_retries", "max_retry_after", "max_retry_delay", "response_validation"}
    | {"timeout", "token", "validate_requests"}
)


@dataclass(frozen=True, slots=True)
class ResourceAttrView:
    attr: str
    sync_class: str
    async_class: str
    docstring: str
    sync_import: str
    async_import: str

    def definition(self, is_async: bool) -> str:
        """The cached property's `def` line(s), in the client's class body."""
        return property_def(self.attr, self.async_class if is_async else self.sync_class)

    def returning(self, is_async: bool) -> str:
        """Its `return Resource(self)`, in the property's body."""
        return return_call(self.async_class if is_async else self.sync_class, "self", 2)


@dataclass(frozen=True, slots=True)
class ClientClassView:
    name: str
    base: str
    docstring: str
    is_async: bool

    @property
    def header(self) -> str:
        return class_line(self.name, f"_core.{self.base}")


@dataclass(frozen=True, slots=True)
class ClientsView:
    header: HeaderView
    sync_name: str
    async_name: str
    checked_imports: tuple[str, ...]
    classes: tuple[ClientClassView, ...]
    env_var: str  #: literals
    base_url: str
    auth: str
    resources: tuple[ResourceAttrView, ...]


def render_client(target: Target) -> Iterable[RenderedFile]:
    api, package = target.api, target.package_name
    header = header_view(api)
    base = f"{package}/{CLIENT_PACKAGE}"
    for module in RUNTIME:
        yield render_static(module, package, header)
    plans = plan_resources(api)
    for plan in plans:
        view = resource_view(api, plan, header)
        yield render_template(
            "python/client/resource.py.jinja", f"{base}/{plan.module}.py", view=view
        )
    clients = clients_view(api, plans, header)
    module = CLIENT_MODULE.rsplit(".", 1)[-1]
    yield render_template("python/client/clients.py.jinja", f"{base}/{module}.py", view=clients)


def plan_resources(api: Api) -> tuple[ResourcePlan, ...]:
    """A module per resource, claimed in attribute order beside the runtime's modules."""
    scope = NameScope(fold_case=True)
    runtime = (PurePosixPath(path) for path in RUNTIME)
    own = [path.stem for path in runtime if path.parent.name == CLIENT_PACKAGE]  # __init__ too
    scope.reserve(CLIENT_MODULE.rsplit(".", 1)[-1], *own)
    return tuple(
        ResourcePlan(
            resource=resource,
            attr=client_attribute_name(resource.attr_name, CLIENT_MEMBERS),
            module=scope.claim(module_name(resource.attr_name)),
            classes=resource_class_names(resource.class_name),
        )
        for resource in api.resources
    )


def clients_view(api: Api, plans: tuple[ResourcePlan, ...], header: HeaderView) -> ClientsView:
    sync_name, async_name = api.client_name, async_client_class_name(api.client_name)
    checked = [
        import_line(f".{plan.module}", [plan.classes.async_, plan.classes.sync], indent=1)
        for plan in plans
    ]
    return ClientsView(
        header=header,
        sync_name=sync_name,
        async_name=async_name,
        checked_imports=tuple(checked),
        classes=(
            ClientClassView(sync_name, "SyncClient", _client_doc(api, sync_name, False), False),
            ClientClassView(async_name, "AsyncClient", _client_doc(api, async_name, True), True),
        ),
        env_var=py_str(env_var_name(api.client_name)),
        base_url=py_str(api.servers[0] if api.servers else ""),
        auth=_auth(api.security_schemes),
        resources=tuple(_resource_attr(plan) for plan in plans),
    )


def _resource_attr(plan: ResourcePlan) -> ResourceAttrView:
    description = " ".join((plan.resource.description or "").split())
    text = description or f"The `{plan.attr}` operations."
    return ResourceAttrView(
        attr=plan.attr,
        sync_class=plan.classes.sync,
        async_class=plan.classes.async_,
        docstring=py_docstring(text, indent=2 * "    "),
        sync_import=import_line(f".{plan.module}", [plan.classes.sync], indent=2),
        async_import=import_line(f".{plan.module}", [plan.classes.async_], indent=2),
    )


def _auth(schemes: tuple[SecurityScheme, ...]) -> str:
    """How the token is sent: the first scheme the client knows how to fill in."""
    for scheme in schemes:
        bearer = scheme.kind == "http" and (scheme.scheme or "").lower() == "bearer"
        if bearer or scheme.kind in {"oauth2", "openIdConnect"}:
            return '("header", "Authorization", "Bearer ")'
        if (
            scheme.kind == "apiKey"
            and scheme.location in {"header", "query"}
            and scheme.parameter_name
        ):
            return f'({py_str(scheme.location)}, {py_str(scheme.parameter_name)}, "")'
    return "None"


def _client_doc(api: Api, name: str, is_async: bool) -> str:
    env = env_var_name(api.client_name)
    server = api.servers[0] if api.servers else "none (pass base_url)"
    closing = "`await client.close()` or `async with`" if is_async else "`client.close()` or `with`"
    pool = "httpx.AsyncClient" if is_async else "httpx.Client"
    lines = [
        f"The {api.title} client{' for asyncio' if is_async else ''}.",
        "",
        f"    client = {name}(token=...)  # or set {env}",
        "",
        "Args:",
        f"    token: the API token; defaults to the {env} environment variable. A missing",
        "        token is an error at the first request that needs one.",
        f"    base_url: where to send requests; defaults to {server}.",
        "    timeout: seconds per request, an `httpx.Timeout`, or None for no limit.",
        "    max_retries: how often a failed request is retried (0 for never).",
        "    default_headers: headers sent with every request.",
        f"    http_client: an `{pool}` to send with; `close()` leaves it open.",
        "    response_validation: `strict` (the default) raises `ResponseValidationError`",
        "        when an answer does not match its schema; `lenient` logs a warning and",
        "        returns what it could read (see `errors`).",
        "    validate_requests: True (the default) checks each request body against its",
        "        schema before sending and raises `RequestValidationError` listing every",
        "        problem; False sends it unchecked, still written through its type (wire",
        "        names, union tags); a dict is sent as given.",
        "",
        f"Resources are attributes, created on first use. Close the pool with {closing}.",
    ]
    return py_docstring("\n".join(lines), indent="    ")
