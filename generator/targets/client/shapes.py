"""What an operation sends and answers, read from the IR: the request body's media type and
fields, each success status's content, downloads and pagination."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from generator.ir import (
    ArrayOf,
    Content,
    Field,
    Model,
    NamedSchema,
    Nullable,
    Operation,
    Primitive,
    Ref,
    SchemaId,
    TypeExpr,
)

BodyMedia = Literal["json", "multipart", "form", "binary"]
#: a success status's content: a JSON body of a type, raw bytes or text, or nothing
Answer = TypeExpr | Literal["bytes", "text"] | None
_MEDIA_ORDER: tuple[tuple[BodyMedia, str], ...] = (
    ("json", "json"),
    ("multipart", "multipart/form-data"),
    ("form", "application/x-www-form-urlencoded"),
)


@dataclass(frozen=True, slots=True)
class BodyShape:
    media: BodyMedia
    type: TypeExpr | None
    required: bool
    model: Model | None  #: the object whose fields are also keyword arguments
    files: tuple[str, ...]  #: multipart: wire names of the binary fields


@dataclass(frozen=True, slots=True)
class PagingShape:
    page: str  #: wire name of the page query parameter
    items: str  #: attribute of the envelope holding the items
    metadata: str | None  #: attribute of the envelope holding the metadata
    item: TypeExpr  #: the type of one item


def is_json(media_type: str) -> bool:
    base = media_type.split(";", maxsplit=1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def body_shape(operation: Operation, schemas: Mapping[SchemaId, NamedSchema]) -> BodyShape | None:
    body = operation.body
    if body is None or not body.contents:
        return None
    media, content = _body_content(body.contents)
    model = None
    if isinstance(content.type, Ref):
        schema = schemas[content.type.target]
        model = schema if isinstance(schema, Model) else None
    files: tuple[str, ...] = ()
    if media == "multipart" and model is not None:
        files = tuple(f.wire_name for f in model.fields if _is_binary(f.type))
    return BodyShape(media, content.type, body.required, model, files)


def _body_content(contents: tuple[Content, ...]) -> tuple[BodyMedia, Content]:
    for media, marker in _MEDIA_ORDER:
        for content in contents:
            if marker in content.media_type.lower() and content.type is not None:
                return media, content
    return "binary", contents[0]


def _is_binary(type_: TypeExpr) -> bool:
    if isinstance(type_, Nullable):
        return _is_binary(type_.inner)
    if isinstance(type_, ArrayOf):
        return _is_binary(type_.item)
    return isinstance(type_, Primitive) and type_.format == "binary"


def keyword_fields(shape: BodyShape | None) -> tuple[Field, ...]:
    """The body fields a method also takes as keyword arguments (read-only ones are not
    sent, so not taken)."""
    if shape is None or shape.model is None or shape.media == "binary":
        return ()
    return tuple(f for f in shape.model.fields if not f.read_only)


def answers(operation: Operation) -> dict[str, Answer]:
    """Each documented success status (`200`, `2XX`) and its content, in status order."""
    found: dict[str, Answer] = {}
    for response in operation.responses:
        if response.status.startswith("2"):
            found[response.status] = _answer(response.contents)
    return found


def _answer(contents: tuple[Content, ...]) -> Answer:
    for content in contents:
        if is_json(content.media_type):
            return content.type if content.type is not None else Primitive("any")
    for content in contents:
        if content.media_type.lower().startswith("text/"):
            return "text"
    return "bytes" if contents else None


def is_download(operation: Operation, found: Mapping[str, Answer]) -> bool:
    """A file download: the answer is binary, or a redirect (to the file) with no JSON."""
    if any(answer == "bytes" for answer in found.values()):
        return True
    redirects = any(r.status.startswith("3") for r in operation.responses)
    return redirects and all(answer is None for answer in found.values())


def paging_shape(
    operation: Operation, found: Mapping[str, Answer], schemas: Mapping[SchemaId, NamedSchema]
) -> PagingShape | None:
    """The pager's view of a paginated operation; None when the envelope is not a model
    with an array of items (then the method returns the page as it is)."""
    pagination = operation.pagination
    envelopes = [answer for answer in found.values() if isinstance(answer, Ref)]
    if pagination is None or len(envelopes) != 1:
        return None
    envelope = schemas[envelopes[0].target]
    if not isinstance(envelope, Model):
        return None
    by_wire = {f.wire_name: f for f in envelope.fields}
    items = by_wire.get(pagination.items_field)
    if items is None or not isinstance(items.type, ArrayOf):
        return None
    metadata = by_wire.get(pagination.metadata_field or "")
    return PagingShape(
        page=pagination.page_parameter,
        items=items.py_name,
        metadata=metadata.py_name if metadata is not None else None,
        item=items.type.item,
    )
