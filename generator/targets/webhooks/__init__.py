"""The webhooks part: `<package>/webhooks.py`, for the messages an API posts to your server.

It is generated for a spec that has OpenAPI 3.1 `webhooks`, or that defines server messages
the way Vapi's does, or both; a spec with neither (the project spec) gets no module.

Each webhook with a JSON payload gets a parse function named after its key
(`newPet` → `parse_new_pet(body)`) that returns the payload's model (see
`generator.lowering.webhooks`). Vapi's way: a schema named `ServerMessage`, an object whose
property (`message`) is a union tagged by the message type, and optionally
`ServerMessageResponse`, an object whose property is the union of the replies some messages
expect:

    parse_server_message(body)  the typed `ServerMessage` from bytes, str or a dict
    reply_model(message)        the reply model a parsed message expects, or None
    reply_body(reply)           the JSON body of a reply (wire names, unset fields left out)

A message and its reply are paired by the `title` beside their `$ref` in the two unions
(`AssistantRequest` in both), else by their class names without the envelopes' names
(`ServerMessageToolCalls` and `ServerMessageResponseToolCalls`). The module re-exports the
envelopes, their variants, the payload models and `UnknownVariant`, each loaded on first use
like the models: importing it imports neither pydantic nor httpx. Every parse function raises
`pydantic.ValidationError` (a `ValueError`) for any input that is not its payload.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from generator.ir import Api, Model, Nullable, Primitive, Ref, UnionOf, Variant, Webhook
from generator.render.files import Target, render_static, render_template
from generator.render.header import HeaderView, header_view
from generator.render.layout import import_line
from generator.render.literals import md_text, py_docstring, py_str
from generator.targets.models import PRIVATE_PACKAGE, RUNTIME_MODULE, plan_modules
from generator.writer import RenderedFile

MESSAGE_SCHEMA = "ServerMessage"
REPLY_SCHEMA = "ServerMessageResponse"
MODULE = "webhooks"
_DOC_WIDTH = 84  #: a function's docstring lines, indented by 4, stay within 88 columns
_RUNTIME_EXPORT = ("UnknownVariant", RUNTIME_MODULE)
#: names the generated module defines or imports: a variant named like one is not
#: re-exported (it stays in `<package>.models`)
VERIFY_NAMES = ("WebhookVerificationError", "verify")  #: re-exported from `_webhook_verify`
OWN_NAMES = frozenset(
    {"Any", "Mapping", "Model", "TYPE_CHECKING", "UnknownVariant", "annotations", "importlib"}
    | {"json", "_ADAPTERS", "_MODULES", "_REPLIES", "_load", "_validate"}
    | {"parse_server_message", "reply_body", "reply_model"}
    | set(VERIFY_NAMES)
)
#: the static runtime modules (`render_static`): checking a request's signature
STATIC = ("_webhook_verify.py",)


@dataclass(frozen=True, slots=True)
class Envelope:
    """An object schema whose one union property holds the real payload."""

    class_name: str
    attr: str  #: the union property's attribute, e.g. `message`
    variants: tuple[tuple[str, str], ...]  #: (pairing key, class name), in the spec's order


@dataclass(frozen=True, slots=True)
class WebhookPlan:
    message: Envelope
    reply: Envelope | None
    replies: tuple[tuple[str, str], ...]  #: (message class, reply class)


@dataclass(frozen=True, slots=True)
class ParserView:
    """One webhook's parse function."""

    name: str  #: `parse_new_pet`
    annotation: str  #: the payload's class as the module names it
    class_literal: str  #: its class name, a literal for `_validate`
    docstring: str


@dataclass(frozen=True, slots=True)
class WebhooksView:
    header: HeaderView
    package_name: str
    docstring: str
    message_class: str | None  #: None: no server messages, only `webhooks`
    has_replies: bool
    parsers: tuple[ParserView, ...]
    needs_adapter: bool  #: a payload is a union or an enum: parsed by a pydantic TypeAdapter
    checked_imports: tuple[str, ...]
    names: tuple[str, ...]  #: `__all__`
    modules: tuple[tuple[str, str], ...]  #: (name, module under `_models`), lazily loaded
    replies: tuple[tuple[str, str], ...]  #: (message class, reply class), literals


@dataclass(frozen=True, slots=True)
class WebhooksReadme:
    """What the generated README's webhooks section names."""

    message_class: str | None  #: None: no server messages, only the spec's `webhooks`
    message_attr: str
    has_replies: bool
    example_message: str | None  #: a message that expects a reply, and its reply...
    example_reply: str | None
    reply_arguments: str  #: ...constructed with these keyword arguments (literal code)
    #: (function, the webhook's key as Markdown table text, payload class) per webhook
    parsers: tuple[tuple[str, str, str], ...] = ()


def plan_webhooks(api: Api) -> WebhookPlan | None:
    message = _envelope(api, MESSAGE_SCHEMA)
    if message is None:
        return None
    reply = _envelope(api, REPLY_SCHEMA)
    if reply is None:
        return WebhookPlan(message, None, ())
    by_key = dict(reply.variants)
    pairs = tuple((name, by_key[key]) for key, name in message.variants if key in by_key)
    return WebhookPlan(message, reply, pairs)


def _envelope(api: Api, name: str) -> Envelope | None:
    """The schema `name` when it is an object with a union property; None otherwise."""
    schema = next((s for s in api.schemas if s.class_name == name), None)
    if not isinstance(schema, Model):
        return None
    by_id = api.schemas_by_id()
    for field in schema.fields:
        type_ = field.type.inner if isinstance(field.type, Nullable) else field.type
        # a `oneOf` of one member is that member
        union = UnionOf((Variant(type_),)) if isinstance(type_, Ref) else type_
        if not isinstance(union, UnionOf):
            continue
        variants = []
        for variant in union.variants:
            if isinstance(variant.type, Ref):
                class_name = by_id[variant.type.target].class_name
                key = variant.label or class_name.removeprefix(name) or class_name
                variants.append((key, class_name))
        return Envelope(schema.class_name, field.py_name, tuple(variants))
    return Envelope(schema.class_name, "", ())


def render_webhooks(target: Target) -> Iterable[RenderedFile]:
    """`<package>/webhooks.py`, when the spec has webhooks or server messages."""
    plan = plan_webhooks(target.api)
    if plan is None and not target.api.webhooks:
        return
    view = webhooks_view(target.api, plan, target.package_name)
    yield render_template(
        "python/webhooks/webhooks.py.jinja", f"{target.package_name}/{MODULE}.py", view=view
    )
    for name in STATIC:
        yield render_static(name, target.package_name, view.header)


def webhooks_view(api: Api, plan: WebhookPlan | None, package: str) -> WebhooksView:
    owners = {p.schema.class_name: p.name for p in plan_modules(api)}
    by_id = api.schemas_by_id()
    payloads = _payload_classes(api)
    own = OWN_NAMES | {hook.py_name for hook in api.webhooks}
    exported = [name for name in _exported(plan, payloads) if name not in own]
    # a reply or payload named like one of the module's own names is loaded, not re-exported
    replies = [reply for _, reply in plan.replies] if plan else []
    loaded = {*exported, *replies, *payloads.values()}
    modules = sorted({(name, owners[name]) for name in loaded} | {_RUNTIME_EXPORT})
    grouped: dict[str, list[str]] = {RUNTIME_MODULE: ["Model"] if plan and plan.reply else []}
    for name, module in modules:
        if name in exported or name == _RUNTIME_EXPORT[0]:
            grouped.setdefault(module, []).append(name)
        elif name in payloads.values():  # named like one of ours: imported under an alias
            grouped.setdefault(module, []).append(f"{name} as _{name}")
    checked = [
        import_line(f".{PRIVATE_PACKAGE}.{module}", sorted(names), indent=1)
        for module, names in sorted(grouped.items())
    ]
    functions = [hook.py_name for hook in api.webhooks] + list(VERIFY_NAMES)
    if plan is not None:
        functions.append("parse_server_message")
        functions += ["reply_body", "reply_model"] if plan.reply else []
    return WebhooksView(
        header=header_view(api),
        package_name=package,
        docstring=_module_doc(plan, api.webhooks, package),
        message_class=plan.message.class_name if plan else None,
        has_replies=plan is not None and plan.reply is not None,
        parsers=tuple(_parser(hook, payloads[hook.py_name], own) for hook in api.webhooks),
        needs_adapter=any(not isinstance(by_id[h.type.target], Model) for h in api.webhooks),
        checked_imports=tuple(checked),
        names=tuple(sorted([*exported, _RUNTIME_EXPORT[0], *functions])),
        modules=tuple(modules),
        replies=tuple((py_str(m), py_str(r)) for m, r in plan.replies) if plan else (),
    )


def _payload_classes(api: Api) -> dict[str, str]:
    """Parse function → the class of its payload."""
    by_id = api.schemas_by_id()
    return {hook.py_name: by_id[hook.type.target].class_name for hook in api.webhooks}


def _parser(hook: Webhook, class_name: str, own: frozenset[str]) -> ParserView:
    annotation = f"_{class_name}" if class_name in own else class_name
    what = f"The `{class_name}` payload of the `{hook.key}` webhook ({hook.method.upper()})"
    paragraphs = [
        f"{what}, from the request body as it came or its decoded JSON.",
        "A body that is not this payload raises `pydantic.ValidationError` (a `ValueError`)"
        " listing every error.",
    ]
    doc = "\n\n".join("\n".join(textwrap.wrap(p, _DOC_WIDTH)) for p in paragraphs)
    return ParserView(hook.py_name, annotation, py_str(class_name), py_docstring(doc, "    "))


def _exported(plan: WebhookPlan | None, payloads: dict[str, str]) -> list[str]:
    """The envelopes, then their variants, then the webhooks' payloads, each once."""
    envelopes = ([plan.message] + ([plan.reply] if plan.reply else [])) if plan else []
    names = [envelope.class_name for envelope in envelopes]
    names += [name for envelope in envelopes for _, name in envelope.variants]
    names += [payloads[name] for name in sorted(payloads)]
    return list(dict.fromkeys(names))


def _module_doc(plan: WebhookPlan | None, hooks: tuple[Webhook, ...], package: str) -> str:
    lines = _server_message_doc(plan, package) if plan else []
    if hooks:
        lines += [""] if lines else []
        lines += _webhooks_doc(hooks, package)
    lines += [
        "",
        "`verify(headers, body, plan)` checks that a request comes from the API, as the plan",
        "you gave the API says (an HMAC signature with a timestamp, or a bearer token);",
        "it raises `WebhookVerificationError` when it does not.",
        "",
        "The models are re-exported here and load on first use: importing this module",
        "imports neither pydantic nor httpx.",
    ]
    return py_docstring("\n".join(lines))


def _server_message_doc(plan: WebhookPlan, package: str) -> list[str]:
    message = plan.message
    example = f"{message.class_name}.{message.attr}" if message.attr else message.class_name
    lines = [
        "Server messages: what the API posts to your server, parsed into typed models.",
        "",
        f"    from {package}.webhooks import parse_server_message",
        "",
        "    event = parse_server_message(request_body)  # bytes, str or a decoded dict",
        "",
        f"`parse_server_message` returns a `{message.class_name}`; `{example}` is the",
        "variant its type selects, and a type this SDK does not know yet gives an",
        "`UnknownVariant` holding the payload as it came. A body that is not JSON or not a",
        "server message raises `pydantic.ValidationError` (a `ValueError`) listing every error.",
    ]
    if plan.reply is not None:
        lines += [
            "",
            "Some messages expect a reply: `reply_model(message)` is the model of that reply",
            "(None when the message expects none), and `reply_body(reply)` its JSON body.",
        ]
    return lines


def _webhooks_doc(hooks: tuple[Webhook, ...], package: str) -> list[str]:
    first = hooks[0].py_name
    lines = [
        "Webhooks: the requests the API sends to your server, one parse function each.",
        "",
        f"    from {package}.webhooks import {first}",
        "",
        f"    payload = {first}(request_body)  # bytes, str or a decoded dict",
        "",
    ]
    lines += [f"- `{h.py_name}`: the `{h.key}` webhook ({h.method.upper()})" for h in hooks]
    lines += [
        "",
        "A body that is not the webhook's payload raises `pydantic.ValidationError` (a",
        "`ValueError`) listing every error.",
    ]
    return lines


def readme_view(api: Api) -> WebhooksReadme | None:
    """The README's webhooks section, when the spec has webhooks or server messages."""
    plan = plan_webhooks(api)
    payloads = _payload_classes(api)
    parsers = tuple(
        (hook.py_name, md_text(hook.key), payloads[hook.py_name])  # `|` escaped too
        for hook in api.webhooks
    )
    if plan is None:
        return WebhooksReadme(None, "", False, None, None, "", parsers) if parsers else None
    models = {s.class_name: s for s in api.schemas if isinstance(s, Model)}
    envelope, has_replies = plan.message, plan.reply is not None
    for message, reply in plan.replies:
        arguments = _example_arguments(models.get(reply))
        if arguments is not None and {message, reply}.isdisjoint(OWN_NAMES):
            return WebhooksReadme(
                envelope.class_name, envelope.attr, has_replies, message, reply, arguments, parsers
            )
    return WebhooksReadme(envelope.class_name, envelope.attr, has_replies, None, None, "", parsers)


def _example_arguments(model: Model | None) -> str | None:
    """Keyword arguments that construct `model` with placeholder strings: its required
    fields, or its first string field when none is required; None when that cannot work."""
    if model is None:
        return None
    strings = [
        field
        for field in model.fields
        if isinstance(field.type, Primitive)
        and field.type.kind == "string"
        and field.type.format is None
        and field.type.constraints.is_empty()
    ]
    required = [field for field in model.fields if field.required]
    if any(field not in strings for field in required):
        return None
    chosen = required or strings[:1]
    if not chosen:
        return None
    return ", ".join(f"{field.py_name}={py_str('...')}" for field in chosen)
