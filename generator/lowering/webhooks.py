"""OpenAPI 3.1 `webhooks` → `Webhook`s: each operation's JSON request body is the payload a
parse function of `<package>.webhooks` returns.

An inline payload schema becomes a named model here (`NewPetPayload`), like an operation's
inline body. What cannot be parsed into a model (no request body, no JSON media type, a
payload that is not a schema object) is a warning at its pointer, and gets no function.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from generator import naming
from generator.ir import Ref, Webhook
from generator.lowering.hints import Hint
from generator.lowering.schemas import SchemaBuilder
from generator.lowering.walk import HTTP_METHODS
from generator.refs import join_pointer

RULE = "webhook-skipped"  #: as `callback-skipped`


def build_webhooks(builder: SchemaBuilder) -> tuple[Webhook, ...]:
    """Every webhook operation with a JSON payload, sorted by (key, method)."""
    hooks = builder.index.root.contents.get("webhooks")
    if not isinstance(hooks, dict):
        return ()
    scope = naming.NameScope()
    scope.reserve(*naming.WEBHOOK_MODULE_FUNCTIONS)
    built = []
    for key in sorted(hooks):
        item, where = builder.index.follow(hooks[key], join_pointer("#/webhooks", key))
        if not isinstance(item, dict):
            continue
        methods = [method for method in HTTP_METHODS if isinstance(item.get(method), dict)]
        for number, method in enumerate(methods):
            name = naming.webhook_function_name(key, method if number else None)
            location = join_pointer(where, method)
            webhook = _webhook(builder, key, method, item[method], location, name)
            if webhook is not None:
                built.append(dataclasses.replace(webhook, py_name=scope.claim(name)))
    return tuple(built)


def _webhook(
    builder: SchemaBuilder,
    key: str,
    method: str,
    operation: Mapping[str, Any],
    location: str,
    name: str,
) -> Webhook | None:
    body, where = builder.index.follow(
        operation.get("requestBody"), join_pointer(location, "requestBody")
    )
    content = body.get("content") if isinstance(body, dict) else None
    media = _json_media(content) if isinstance(content, dict) else None
    if content is None or media is None:
        _skip(builder, location, "it has no JSON request body to parse")
        return None
    schema_at = join_pointer(where, "content", media, "schema")
    hint = Hint(naming.pascal(key) or "Webhook").child("Payload")
    type_ = builder.type_of(content[media]["schema"], schema_at, hint)
    if not isinstance(type_, Ref):
        _skip(builder, schema_at, "its payload is not an object or a named schema")
        return None
    return Webhook(
        key=key,
        method=method,
        py_name=name,
        type=type_,
        summary=_text(operation.get("summary")),
        description=_text(operation.get("description")),
        source=location,
    )


def _json_media(content: Mapping[str, Any]) -> str | None:
    """The first JSON media type (`application/json`, `…+json`) that has a schema."""
    for media, entry in content.items():
        base = str(media).split(";", 1)[0].strip().lower()
        is_json = base == "application/json" or base.endswith("+json")
        if is_json and isinstance(entry, dict) and "schema" in entry:
            return str(media)
    return None


def _skip(builder: SchemaBuilder, location: str, why: str) -> None:
    builder.diagnostics.warn(builder.index.display(location), RULE, f"webhook not rendered: {why}")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
