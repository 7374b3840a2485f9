"""What the generated SDK leaves out, or renders weaker, beyond single schemas.

Schema-level findings (a type that falls back to `Any`, keywords the models cannot express)
are reported while the IR is built (`lowering/schemas.py`), and webhooks without a JSON payload
where webhooks are built (`lowering/webhooks.py`). These are the document-level ones: callbacks,
and request bodies the client can only send as raw bytes. Each is a warning with its JSON
pointer; `sdkgen generate` prints them and `sdkgen lint` lists them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import Diagnostic
from generator.ir import ANY, Api, Primitive, TypeExpr
from generator.lowering.walk import HTTP_METHODS
from generator.refs import SpecIndex, join_pointer
from generator.targets.client.shapes import body_shape


def coverage_findings(api: Api, index: SpecIndex) -> list[Diagnostic]:
    """Every document-level construct the SDK does not render faithfully."""
    return [*_callbacks(index), *_raw_bodies(api, index)]


def _operations(section: Any, prefix: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, operation) of every operation in a `paths` or `webhooks` map."""
    if not isinstance(section, dict):
        return
    for key, item in section.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield join_pointer(prefix, key, method), operation


def _callbacks(index: SpecIndex) -> Iterator[Diagnostic]:
    for location, operation in _operations(index.root.contents.get("paths"), "#/paths"):
        callbacks = operation.get("callbacks")
        for name in sorted(callbacks) if isinstance(callbacks, dict) else ():
            yield Diagnostic(
                index.display(join_pointer(location, "callbacks", name)),
                "callback-skipped",
                f"callback {name!r} is not generated (the SDK is a client: it serves no requests)",
            )


def _raw_bodies(api: Api, index: SpecIndex) -> Iterator[Diagnostic]:
    """Bodies the client sends as bytes although the spec gives them a structure."""
    schemas = api.schemas_by_id()
    for operation in api.operations:
        shape = body_shape(operation, schemas)
        if shape is None or shape.media != "binary" or not _structured(shape.type):
            continue
        assert operation.body is not None  # a shape comes from a body
        media = operation.body.contents[0].media_type
        where = join_pointer("#/paths", operation.path, operation.method, "requestBody")
        yield Diagnostic(
            index.display(join_pointer(where, "content", media)),
            "media-type-unsupported",
            f"the client cannot encode {media!r}: the body is sent as bytes you encode",
        )


def _structured(type_: TypeExpr | None) -> bool:
    if type_ is None or type_ == ANY:
        return False
    return not (isinstance(type_, Primitive) and type_.format == "binary")
