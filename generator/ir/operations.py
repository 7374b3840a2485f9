"""Operations: one HTTP method on one path, with its parameters, body and responses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.ir.types import Ref, TypeExpr

ParameterLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    wire_name: str
    py_name: str
    location: ParameterLocation
    type: TypeExpr
    required: bool
    description: str | None = None
    deprecated: bool = False
    style: str | None = None
    explode: bool | None = None
    inferred: bool = False  #: not declared in the spec; inferred from the path template
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Content:
    media_type: str  #: `application/json`, `multipart/form-data`, …
    type: TypeExpr | None  #: None when the media type has no schema (e.g. a binary download)


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestBody:
    required: bool
    contents: tuple[Content, ...]  #: in the spec's order; the first is the default
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    status: str  #: `200`, `4XX`, `default`
    contents: tuple[Content, ...]
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Pagination:
    """Page-numbered listing: `page` query parameter, items and metadata in an envelope."""

    page_parameter: str  #: wire name of the page-number query parameter
    items_field: str  #: wire name of the envelope's array of items
    metadata_field: str | None  #: wire name of the envelope's metadata object


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    operation_id: str | None
    py_name: str  #: the client method, unique within its resource
    resource: str  #: the resource's attribute name on the client (`phone_numbers`)
    method: str  #: lower case: `get`, `post`, …
    path: str
    tag: str | None
    parameters: tuple[Parameter, ...]  #: path parameters first, in path order; then the rest
    body: RequestBody | None
    responses: tuple[Response, ...]  #: sorted by status
    pagination: Pagination | None = None
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    security: tuple[str, ...] = ()  #: names of the security schemes that apply
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """A group of operations sharing a tag; a client attribute like `client.phone_numbers`."""

    tag: str | None
    attr_name: str
    class_name: str
    description: str | None = None
    operations: tuple[str, ...]  #: the `py_name`s of its operations, in the order listed


@dataclass(frozen=True, slots=True, kw_only=True)
class Webhook:
    """A request the API sends to the user's server (OpenAPI 3.1 `webhooks`): its JSON
    payload gets a parse function in `<package>.webhooks`."""

    key: str  #: its key in `webhooks`
    method: str  #: lower case
    py_name: str  #: the parse function, unique in the webhooks module
    type: Ref  #: the payload's named schema
    summary: str | None = None
    description: str | None = None
    source: str  #: location of the operation
