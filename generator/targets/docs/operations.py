"""Resource pages: each operation with its parameters, body, responses, errors and usage."""

from __future__ import annotations

from typing import NamedTuple

from generator.ir import Api, Content, NamedSchema, Operation, Parameter, Resource, SchemaId
from generator.naming import NameScope
from generator.targets.docs.rich import Code, PageRef, Rich, Shown, Text, concat, joined
from generator.targets.docs.schemas import SHOW, union_tables
from generator.targets.docs.sitemap import SiteMap, operation_key
from generator.targets.docs.snippets import snippets
from generator.targets.docs.tables import (
    ContentRow,
    ParameterRow,
    UnionTable,
    contents_table,
    parameters_table,
    union_sections,
)
from generator.targets.docs.words import cells, type_shown


class OperationView(NamedTuple):
    anchor: str
    py_name: Shown
    call: Shown  #: `client.phone_numbers.get`
    request: Shown  #: `GET /phone-number/{id}`
    method: str  #: upper case
    path: Shown
    summary: Shown
    description: Shown
    deprecated: bool
    parameters: Shown  #: the table of parameters
    body: Shown  #: the request body's type (and media type, when not JSON); empty for none
    body_required: bool
    body_description: Shown
    responses: Shown  #: the table of responses the method returns
    errors: Shown  #: the table of responses the client raises for
    unions: Shown  #: the variants tables
    pagination: Shown  #: how pages are fetched, when the method returns a pager
    sync_usage: Shown
    async_usage: Shown


class ResourcePage(NamedTuple):
    page: PageRef
    name: str  #: the tag, as the spec writes it
    title: Shown
    description: Shown
    source_description: str | None  #: as the spec writes it, for summaries
    attr: Shown  #: `client.phone_numbers`
    attr_name: str
    operations: tuple[OperationView, ...]


def resource_page(
    api: Api, resource: Resource, site: SiteMap, package: str, schemas: dict[SchemaId, NamedSchema]
) -> ResourcePage:
    by_name = {op.py_name: op for op in api.operations if op.resource == resource.attr_name}
    # Variant tables' anchors share the page with the operations' own.
    scope = NameScope()
    scope.reserve(*(site.operation_anchors[operation_key(op)] for op in by_name.values()))
    context = _Context(api, site, package, schemas, scope)
    title = resource_title(resource)
    return ResourcePage(
        page=site.resource_pages[resource.attr_name],
        name=title,
        title=SHOW.text(title),
        description=SHOW.prose(resource.description),
        source_description=resource.description,
        attr=SHOW.code(f"client.{resource.attr_name}"),
        attr_name=resource.attr_name,
        operations=tuple(_operation(by_name[name], context) for name in resource.operations),
    )


def resource_title(resource: Resource) -> str:
    return resource.tag or resource.attr_name


def is_error(status: str) -> bool:
    """4XX, 5XX and `default` responses are the ones the client raises for."""
    return status[:1] in ("4", "5") or status == "default"


class _Context(NamedTuple):
    api: Api
    site: SiteMap
    package: str
    schemas: dict[SchemaId, NamedSchema]
    scope: NameScope  #: the page's anchors


def _operation(operation: Operation, context: _Context) -> OperationView:
    site = context.site
    anchor = site.operation_anchors[operation_key(operation)]
    rows = [
        _content_row(response.status, content, response.description, site)
        for response in operation.responses
        for content in (response.contents or (Content(media_type="", type=None),))
    ]
    body = operation.body
    usage = snippets(context.api, context.package, operation, context.schemas)
    request = f"{operation.method.upper()} {operation.path}"
    return OperationView(
        anchor=anchor,
        py_name=SHOW.code(operation.py_name),
        call=SHOW.code(f"client.{operation.resource}.{operation.py_name}"),
        request=SHOW.code(request),
        method=operation.method.upper(),
        path=SHOW.code(operation.path),
        summary=SHOW.text(operation.summary or ""),
        description=SHOW.prose(operation.description),
        deprecated=operation.deprecated,
        parameters=parameters_table([_parameter_row(p, site) for p in operation.parameters]),
        body=_body(operation, site),
        body_required=bool(body and body.required),
        body_description=SHOW.prose(body.description if body else None),
        responses=contents_table([row for status, row in rows if not is_error(status)]),
        errors=contents_table([row for status, row in rows if is_error(status)]),
        unions=union_sections(_operation_unions(operation, anchor, site, context.scope)),
        pagination=SHOW.rich(_pagination(operation)),
        sync_usage=SHOW.code_block(usage.sync),
        async_usage=SHOW.code_block(usage.async_),
    )


def _body(operation: Operation, site: SiteMap) -> Shown:
    contents = operation.body.contents if operation.body else ()
    shown: list[Shown] = []
    for content in contents:
        type_ = type_shown(content.type, site, SHOW) if content.type else SHOW.text("raw bytes")
        if content.media_type != "application/json":
            type_ = concat([type_, SHOW.text(" as "), SHOW.code(content.media_type)])
        shown.append(type_)
    return concat(shown, SHOW.text("; "))


def _content_row(
    status: str, content: Content, description: str | None, site: SiteMap
) -> tuple[str, ContentRow]:
    if content.type is None:
        type_ = SHOW.text("raw bytes" if content.media_type else "no body")
    else:
        type_ = type_shown(content.type, site, SHOW)
    plain_json = content.media_type in ("", "application/json")
    row = ContentRow(
        status=SHOW.code(status) if status else SHOW.text(""),
        media_type=SHOW.text("") if plain_json else SHOW.code(content.media_type),
        type=type_,
        description=SHOW.cell(description),
    )
    return status, row


def _parameter_row(parameter: Parameter, site: SiteMap) -> ParameterRow:
    type_, constraints, _ = cells(parameter.type, site, SHOW)
    return ParameterRow(
        wire_name=SHOW.code(parameter.wire_name),
        py_name=SHOW.code(parameter.py_name),
        renamed=parameter.py_name != parameter.wire_name,
        location=parameter.location,
        type=type_,
        required=parameter.required,
        constraints=constraints,
        deprecated=parameter.deprecated,
        description=SHOW.cell(parameter.description),
    )


def _operation_unions(
    operation: Operation, anchor: str, site: SiteMap, scope: NameScope
) -> list[UnionTable]:
    """Variant tables for unions written in the body or a response."""
    tables: list[UnionTable] = []
    for content in operation.body.contents if operation.body else ():
        if content.type is not None:
            title = (Text("Request body variants"),)
            tables += union_tables(content.type, f"{anchor}-body-variants", title, site, scope)
    for response in operation.responses:
        for content in response.contents:
            if content.type is not None:
                title = (Text(f"Response {response.status} variants"),)
                name = f"{anchor}-response-{response.status.lower()}-variants"
                tables += union_tables(content.type, name, title, site, scope)
    return tables


def _pagination(operation: Operation) -> Rich:
    paging = operation.pagination
    if paging is None:
        return ()
    parts: list[Rich] = [
        (Text("Returns a pager: iterating it yields the items of "), Code(paging.items_field)),
        (Text("fetching the next page (query parameter "), Code(paging.page_parameter), Text(")")),
    ]
    return (*joined(parts, ", "), Text("."))
