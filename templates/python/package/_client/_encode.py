"""Encoding a request: the body checked against its schema (unless the client was made
with `validate_requests=False`), then written as JSON, a form or multipart; path, query
and header parameters in OpenAPI's default styles."""

from __future__ import annotations

import datetime
import json
import os
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import errors
from ._core import NOT_GIVEN

if TYPE_CHECKING:
    from ._core import Body, Operation

#: construction is strict: unknown union tags and enum values are errors (see `_models`)
_REJECT_UNKNOWN: dict[str, str] = {"unknown": "reject"}
_SHOWN_ERRORS: int = 20


def body(
    operation: Operation[Any],
    value: Any,
    fields: Mapping[str, Any] | None,
    *,
    check: bool = True,
) -> tuple[dict[str, Any], str | None]:
    """`httpx.build_request` arguments for the body, and its content type; `check`
    False skips the validation (see `as_given`)."""
    spec = operation.body
    given = {k: v for k, v in (fields or {}).items() if v is not NOT_GIVEN}
    if spec is None:
        return {}, None
    if value is not None and given:
        raise TypeError(
            f"{operation.name}: pass the body as body=... or as keyword arguments, "
            f"not both (got body and {', '.join(sorted(given))})"
        )
    if given:
        value = given
    elif value is None:
        if not spec.required:
            return {}, None
        value = {}  # validation names the missing fields
    if spec.media == "binary":
        return {"content": file_part("body", value)[1]}, "application/octet-stream"
    if spec.media == "multipart":
        return multipart(operation, spec, value, check), None
    checked = validate(operation, spec, value) if check else as_given(value)
    adapter = _adapter(spec)
    if spec.media == "form":
        data = adapter.dump_python(
            checked, mode="json", by_alias=True, exclude_unset=True, warnings=check
        )
        return {"data": {k: form_value(v) for k, v in data.items()}}, None
    encoded = adapter.dump_json(
        checked, by_alias=True, exclude_unset=True, warnings=check
    )
    return {"content": encoded}, "application/json"


def _adapter(spec: Body) -> TypeAdapter[Any]:
    if spec.adapter is None:
        assert spec.type is not None
        spec.adapter = TypeAdapter(spec.type())
    adapter: TypeAdapter[Any] = spec.adapter
    return adapter


def validate(operation: Operation[Any], spec: Body, value: Any) -> Any:
    """The body as the schema's types; every mismatch reported at once."""
    value = as_given(value)
    try:
        return _adapter(spec).validate_python(value, context=_REJECT_UNKNOWN)
    except ValidationError as exc:
        found = exc.errors(include_url=False)
        raise errors.RequestValidationError(
            describe(f"{operation.name}: the request body", found),
            operation=operation.name,
            errors=found,
        ) from exc


def as_given(value: Any) -> Any:
    """The body as given, unchecked; another mapping as a dict. It is still written
    through the body's type, without warnings: a model keeps its wire names and the tag
    its union writes, a dict (or anything the type does not describe) goes as it is."""
    if isinstance(value, Mapping) and not isinstance(value, dict):
        return dict(value)
    return value


def describe(subject: str, found: list[Any]) -> str:
    """`subject does not match its schema (2 errors):` and one line per error."""
    count = f"{len(found)} error{'s' if len(found) != 1 else ''}"
    lines = [f"{subject} does not match its schema ({count}):"]
    for error in found[:_SHOWN_ERRORS]:
        lines.append(f"  {location(error['loc'])}: {error['msg']}")
    if len(found) > _SHOWN_ERRORS:
        lines.append(f"  ... and {len(found) - _SHOWN_ERRORS} more")
    return "\n".join(lines)


def location(loc: tuple[Any, ...]) -> str:
    """`body.hooks[0].do` from pydantic's `('hooks', 0, 'do')`; `*` (no tag) is dropped."""
    text = "body"
    for part in loc:
        if part == "*":
            continue
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def multipart(
    operation: Operation[Any], spec: Body, value: Any, check: bool = True
) -> dict[str, Any]:
    """Files as file parts; the other fields checked against the schema (with `check`),
    sent as text."""
    if isinstance(value, BaseModel):
        value = value.model_dump(by_alias=True, exclude_unset=True)
    data = dict(value)
    files = {name: data.pop(name) for name in spec.files if name in data}
    # Files are checked as present here; their content is read below, not validated.
    placeholder = {**data, **{name: b"" for name in files}}
    checked = validate(operation, spec, placeholder) if check else placeholder
    dumped = _adapter(spec).dump_python(
        checked, mode="json", by_alias=True, exclude_unset=True, warnings=check
    )
    form = {k: form_value(v) for k, v in dumped.items() if k not in files}
    parts = [
        (name, file_part(name, item))
        for name, given in files.items()
        for item in (given if isinstance(given, list) else [given])
    ]
    return {"data": form, "files": parts}


def file_part(name: str, value: Any) -> tuple[str, bytes, str]:
    """(file name, content, content type) from bytes, a path, a file object, or a
    `(name, content[, content type])` tuple."""
    if isinstance(value, tuple) and len(value) in (2, 3):
        content = file_part(name, value[1])[1]
        kind = value[2] if len(value) == 3 else _guess_type(value[0])
        return str(value[0]), content, kind
    if isinstance(value, bytes | bytearray | memoryview):
        return name, bytes(value), "application/octet-stream"
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        with open(path, "rb") as file:
            return os.path.basename(path), file.read(), _guess_type(path)
    if callable(getattr(value, "read", None)):
        content = value.read()
        if not isinstance(content, bytes):
            raise TypeError(f"{name}: open the file in binary mode ('rb')")
        filename = os.path.basename(str(getattr(value, "name", "") or name))
        return filename, content, _guess_type(filename)
    raise TypeError(
        f"{name}: expected bytes, a pathlib.Path, a binary file object or a "
        f"(name, content) tuple, got {type(value).__name__}"
    )


def _guess_type(filename: str) -> str:
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def form_value(value: Any) -> str:
    """A form field's text: strings as they are, anything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def path(operation: Operation[Any], values: Mapping[str, Any] | None) -> str:
    """The path with each `{name}` replaced by its value, percent-encoded."""
    text = operation.path
    for name, value in (values or {}).items():
        encoded = quote(scalar(value), safe="")
        if not encoded:
            raise ValueError(f"{operation.name}: path parameter {name!r} is empty")
        text = text.replace("{" + name + "}", encoded)
    return text


def headers(values: Mapping[str, Any] | None) -> dict[str, str]:
    return {k: scalar(v) for k, v in (values or {}).items() if v is not None}


def query(
    operation: Operation[Any],
    values: Mapping[str, Any] | None,
    extra: Mapping[str, Any] | None,
) -> list[tuple[str, str]]:
    """Query pairs: None is left out, lists repeat their name (`form`, `explode`), objects
    are spread (`deepObject` as `name[key]`)."""
    pairs: list[tuple[str, str]] = []
    for source in (values or {}, extra or {}):
        for name, value in source.items():
            if value is not None:
                style, explode = operation.query_styles.get(name, ("form", True))
                pairs += _query_pairs(name, value, style, explode)
    return pairs


def _query_pairs(
    name: str, value: Any, style: str, explode: bool
) -> list[tuple[str, str]]:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, list | tuple):
        if explode:
            return [(name, scalar(item)) for item in value]
        return [(name, ",".join(scalar(item) for item in value))]
    if isinstance(value, Mapping):
        if style == "deepObject":
            return [(f"{name}[{k}]", scalar(v)) for k, v in value.items()]
        if explode:
            return [(str(k), scalar(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{scalar(v)}" for k, v in value.items()))]
    return [(name, scalar(value))]


def scalar(value: Any) -> str:
    """One parameter value as text: booleans in JSON's spelling, timestamps in ISO 8601
    (as they came, when parsed from the API), nested values as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    wire = getattr(value, "wire", None)
    if isinstance(wire, str):
        return wire
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return form_value(value)
