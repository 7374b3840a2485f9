"""The webhooks part: `<package>/webhooks.py`, for the messages an API posts to your server.

It is generated only for a spec that defines them the way Vapi's does: a schema named
`ServerMessage`, an object whose property (`message`) is a union tagged by the message type,
and optionally `ServerMessageResponse`, an object whose property is the union of the replies
some messages expect. A spec without `ServerMessage` (the project spec) gets no module.

    parse_server_message(body)  the typed `ServerMessage` from bytes, str or a dict
    reply_model(message)        the reply model a parsed message expects, or None
    reply_body(reply)           the JSON body of a reply (wire names, unset fields left out)

A message and its reply are paired by the `title` beside their `$ref` in the two unions
(`AssistantRequest` in both), else by their class names without the envelopes' names
(`ServerMessageToolCalls` and `ServerMessageResponseToolCalls`). The module re-exports the
envelopes, their variants and `UnknownVariant`, each loaded on first use like the models:
importing it imports neither pydantic nor httpx.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.ir import Api, Model, Nullable, Primitive, Ref, UnionOf, Variant
from generator.render.files import Target, render_template
from generator.render.layout import import_line
from generator.render.literals import py_docstring, py_str
from generator.render.models import PRIVATE_PACKAGE, RUNTIME_MODULE, plan_modules
from generator.render.views import HeaderView, header_view
from generator.writer import RenderedFile

MESSAGE_SCHEMA = "ServerMessage"
REPLY_SCHEMA = "ServerMessageResponse"
MODULE = "webhooks"
_RUNTIME_EXPORT = ("UnknownVariant", RUNTIME_MODULE)
#: names the generated module defines or imports: a variant named like one is not
#: re-exported (it stays in `<package>.models`)
OWN_NAMES = frozenset(
    {"Any", "Mapping", "Model", "TYPE_CHECKING", "UnknownVariant", "annotations", "importlib"}
    | {"json"}
    | {"parse_server_message", "reply_body", "reply_model"}
)


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
class WebhooksView:
    header: HeaderView
    package_name: str
    docstring: str
    message_class: str
    has_replies: bool
    checked_imports: tuple[str, ...]
    names: tuple[str, ...]  #: `__all__`
    modules: tuple[tuple[str, str], ...]  #: (name, module under `_models`), lazily loaded
    replies: tuple[tuple[str, str], ...]  #: (message class, reply class), literals


@dataclass(frozen=True, slots=True)
class WebhooksReadme:
    """What the generated README's webhook example names."""

    message_class: str
    message_attr: str
    has_replies: bool
    example_message: str | None  #: a message that expects a reply, and its reply...
    example_reply: str | None
    reply_arguments: str  #: ...constructed with these keyword arguments (literal code)


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
    """`<package>/webhooks.py`, when the spec defines server messages (nothing otherwise)."""
    plan = plan_webhooks(target.api)
    if plan is None:
        return
    view = webhooks_view(target.api, plan, target.package_name)
    yield render_template(
        "python/webhooks/webhooks.py.jinja", f"{target.package_name}/{MODULE}.py", view=view
    )


def webhooks_view(api: Api, plan: WebhookPlan, package: str) -> WebhooksView:
    owners = {p.schema.class_name: p.name for p in plan_modules(api)}
    exported = [name for name in _exported(plan) if name not in OWN_NAMES]
    # a reply named like one of the module's own names is loaded, not re-exported
    loaded = {*exported, *(reply for _, reply in plan.replies)}
    modules = sorted({(name, owners[name]) for name in loaded} | {_RUNTIME_EXPORT})
    grouped: dict[str, list[str]] = {RUNTIME_MODULE: ["Model"] if plan.reply else []}
    for name, module in modules:
        if name in exported or name == _RUNTIME_EXPORT[0]:
            grouped.setdefault(module, []).append(name)
    checked = [
        import_line(f".{PRIVATE_PACKAGE}.{module}", sorted(names), indent=1)
        for module, names in sorted(grouped.items())
    ]
    functions = ["parse_server_message"] + (["reply_body", "reply_model"] if plan.reply else [])
    return WebhooksView(
        header=header_view(api),
        package_name=package,
        docstring=_module_doc(plan, package),
        message_class=plan.message.class_name,
        has_replies=plan.reply is not None,
        checked_imports=tuple(checked),
        names=tuple(sorted([*exported, _RUNTIME_EXPORT[0], *functions])),
        modules=tuple(modules),
        replies=tuple((py_str(m), py_str(r)) for m, r in plan.replies),
    )


def _exported(plan: WebhookPlan) -> list[str]:
    """The envelopes, then their variants, each once."""
    envelopes = [plan.message] + ([plan.reply] if plan.reply else [])
    names = [envelope.class_name for envelope in envelopes]
    names += [name for envelope in envelopes for _, name in envelope.variants]
    return list(dict.fromkeys(names))


def _module_doc(plan: WebhookPlan, package: str) -> str:
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
    lines += [
        "",
        "The models are re-exported here and load on first use: importing this module",
        "imports neither pydantic nor httpx.",
    ]
    return py_docstring("\n".join(lines))


def readme_view(api: Api) -> WebhooksReadme | None:
    """The README's webhook example, when the spec defines server messages."""
    plan = plan_webhooks(api)
    if plan is None:
        return None
    models = {s.class_name: s for s in api.schemas if isinstance(s, Model)}
    envelope, has_replies = plan.message, plan.reply is not None
    for message, reply in plan.replies:
        arguments = _example_arguments(models.get(reply))
        if arguments is not None and {message, reply}.isdisjoint(OWN_NAMES):
            return WebhooksReadme(
                envelope.class_name, envelope.attr, has_replies, message, reply, arguments
            )
    return WebhooksReadme(envelope.class_name, envelope.attr, has_replies, None, None, "")


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
