"""Every rule that turns a spec string into an identifier, a file name or a doc anchor.

Names are decided once, while the IR is built; templates never case-convert anything. A name is
derived from its own spec string and its parent only, so adding or removing an unrelated schema
renames nothing. Uniqueness is per scope (`NameScope`), claimed in the spec's sorted order.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from dataclasses import dataclass, field

# Names the generated modules import or that pydantic's BaseModel defines: a class or field with
# one of these names would shadow it. Spelled out, not read from pydantic at run time, so output
# does not change when pydantic is upgraded.
TYPING_NAMES = frozenset(
    {"Annotated", "Any", "BaseModel", "ClassVar", "ConfigDict", "Field", "Literal", "Optional"}
    | {"TYPE_CHECKING", "TypeAlias", "Union", "date", "datetime", "time", "timedelta", "UUID"}
)
PYDANTIC_ATTRIBUTES = frozenset(
    {"construct", "copy", "dict", "fields", "from_orm", "json", "parse_file", "parse_obj"}
    | {"parse_raw", "schema", "schema_json", "update_forward_refs", "validate", "Config"}
)
BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))
#: Keyword arguments every generated client method takes besides the operation's parameters.
CLIENT_METHOD_OPTIONS = frozenset(
    {"self", "body", "timeout", "max_retries", "extra_headers", "extra_query"}
)

# Builtins used inside generated annotations; a field named like one would shadow it in the
# class body that follows.
_ANNOTATION_BUILTINS = frozenset({"bool", "bytes", "dict", "float", "int", "list", "object", "str"})


_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_CRUD_VERBS = {
    "create": "create",
    "findAll": "list",
    "findOne": "get",
    "update": "update",
    "remove": "delete",
}


def ascii_text(text: str) -> str:
    """Fold accents away (`Café` → `Cafe`); other non-ASCII letters are dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def split_words(text: str) -> list[str]:
    """`HTTPRequest` → [HTTP, Request]; `numberE164Check` → [number, E164, Check]."""
    words: list[str] = []
    for word in _WORD.findall(ascii_text(text)):
        # A digit run belongs to the word before it: `E164`, `v2`, `11labs` stays `11`, `labs`.
        if word.isdigit() and words and not words[-1].isdigit():
            words[-1] += word
        else:
            words.append(word)
    return words


def snake(text: str) -> str:
    return "_".join(word.lower() for word in split_words(text))


def pascal(text: str) -> str:
    """`org_role` and `ORG_ROLE` → `OrgRole`; `httpRequest` → `HttpRequest`."""
    return "".join(
        word.capitalize() if word.isupper() else word[:1].upper() + word[1:]
        for word in split_words(text)
    )


def upper_snake(text: str) -> str:
    return "_".join(word.upper() for word in split_words(text))


def _is_plain_identifier(text: str) -> bool:
    return text.isascii() and text.isidentifier() and not keyword.iskeyword(text)


def class_name(schema_name: str) -> str:
    """A component name that is a valid identifier is kept verbatim (`UpdateByoPhoneNumberDTO`)."""
    if _is_plain_identifier(schema_name) and not schema_name.startswith("_"):
        candidate = schema_name
    else:
        candidate = pascal(schema_name) or "Schema"
    if candidate[0].isdigit():
        candidate = "Schema" + candidate
    if candidate in TYPING_NAMES or candidate in BUILTIN_NAMES or keyword.iskeyword(candidate):
        candidate += "_"
    return candidate


def inline_class_name(parent: str, *parts: str) -> str:
    """The class for an inline schema: its parent's class name plus the path to it."""
    return class_name(parent + "".join(pascal(part) for part in parts))


def field_name(wire_name: str) -> str:
    """The Python attribute for a JSON property; the wire name stays as its alias."""
    name = snake(wire_name) or "field"
    if name[0].isdigit():
        name = "field_" + name
    if keyword.iskeyword(name) or name in PYDANTIC_ATTRIBUTES or name in TYPING_NAMES:
        return name + "_"
    if name.startswith("model_") or name in _ANNOTATION_BUILTINS:
        return name + "_"
    return name


def parameter_name(wire_name: str) -> str:
    """A client method's keyword argument for a path, query or header parameter."""
    name = field_name(wire_name)
    return name + "_" if name in CLIENT_METHOD_OPTIONS else name


def enum_member_name(value: object) -> str:
    """`byo-phone-number` → `BYO_PHONE_NUMBER`; `11labs` → `VALUE_11LABS`; `` → `EMPTY`."""
    if value is None:
        return "NONE"
    text = str(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    name = upper_snake(text) if text else "EMPTY"
    if isinstance(value, int | float) and not isinstance(value, bool):
        name = "VALUE_" + re.sub(r"\W", "_", text.replace("-", "MINUS_").replace(".", "_"))
    name = name or "VALUE"
    if name[0].isdigit():
        name = "VALUE_" + name
    return name + "_" if keyword.iskeyword(name) else name


def resource_name(tag: str) -> str:
    """The client attribute for a tag: `Phone Numbers` → `phone_numbers`."""
    return field_name(tag) if snake(tag) else "default"


def resource_class_name(tag: str) -> str:
    return class_name(pascal(tag) + "Resource") if snake(tag) else "DefaultResource"


def method_name(operation_id: str | None, method: str, path: str) -> str:
    """`PhoneNumberController_findAll` → `list`; `Call…_deleteCallData` → `delete_call_data`.

    The controller prefix before `_` is dropped; the five CRUD verbs get conventional names, and
    verbs with a suffix keep it (`findAllPaginated` → `list_paginated`).
    """
    if not operation_id:
        verb = f"{method} {path.replace('{', ' by ').replace('}', ' ')}"
    else:
        verb = operation_id.rsplit("_", 1)[-1] if "_" in operation_id else operation_id
    for prefix, conventional in _CRUD_VERBS.items():
        if verb == prefix or (verb.startswith(prefix) and verb[len(prefix)].isupper()):
            verb = conventional + verb[len(prefix) :]
            break
    name = snake(verb) or "call"
    # Methods may be named like builtins (`list`, the conventional verb); the client template
    # spells its annotations `builtins.list` so the method cannot shadow them.
    return name + "_" if keyword.iskeyword(name) or name in CLIENT_METHOD_OPTIONS else name


#: Functions of the generated webhooks module that a webhook's parse function must not take.
WEBHOOK_MODULE_FUNCTIONS = frozenset({"parse_server_message", "reply_body", "reply_model"})


def webhook_function_name(key: str, method: str | None = None) -> str:
    """`newPet` → `parse_new_pet`; `order.created` → `parse_order_created`; with `method`
    (a second operation under one key) → `parse_new_pet_put`."""
    words = snake(key) or "webhook"
    return f"parse_{words}" + (f"_{method}" if method else "")


def client_class_name(title: str) -> str:
    """`Vapi API` → `Vapi`: the API's title without a trailing "API"/"Service"."""
    words = split_words(title)
    while len(words) > 1 and words[-1].lower() in {"api", "service", "server"}:
        words.pop()
    return class_name("".join(word[:1].upper() + word[1:] for word in words) or "Client")


def module_name(class_or_tag: str) -> str:
    """A module file name for a class: `UpdateByoPhoneNumberDTO` → `update_byo_phone_number_dto`."""
    name = snake(class_or_tag) or "module"
    return "m_" + name if name[0].isdigit() or keyword.iskeyword(name) else name


def doc_anchor(name: str) -> str:
    """A stable HTML/Markdown anchor: lower-case words joined by hyphens."""
    return "-".join(word.lower() for word in split_words(name)) or "section"


def env_var_name(client_name: str) -> str:
    """The environment variable the client reads its token from: `Vapi` → `VAPI_API_KEY`."""
    return f"{upper_snake(client_name) or 'API'}_API_KEY"


@dataclass(slots=True)
class NameScope:
    """Unique names within one scope; later claims of a taken name get a numeric suffix.

    With `fold_case`, names that differ only in case collide too (module file names on
    case-insensitive file systems).
    """

    fold_case: bool = False
    taken: set[str] = field(default_factory=set)

    def claim(self, preferred: str) -> str:
        candidate, counter = preferred, 2
        while self._key(candidate) in self.taken:
            candidate, counter = f"{preferred}{counter}", counter + 1
        self.taken.add(self._key(candidate))
        return candidate

    def reserve(self, *names: str) -> None:
        self.taken.update(self._key(name) for name in names)

    def _key(self, name: str) -> str:
        return name.casefold() if self.fold_case else name


def doc_page_name(name: str) -> str:
    """A docs page's file stem for a schema or resource: its anchor, lower case so two names
    that differ only in case still get two files on a case-insensitive file system (the caller
    claims stems in a `NameScope(fold_case=True)`)."""
    return doc_anchor(name)


def doc_field_anchor(wire_name: str) -> str:
    """The anchor of a field's row on its schema's page: `fallbackDestination` →
    `field-fallback-destination`; prefixed so it never collides with a section's anchor."""
    return "field-" + doc_anchor(wire_name)


def doc_variants_anchor(wire_name: str) -> str:
    """The anchor of the variants table of a field's union: `variants-fallback-destination`."""
    return "variants-" + doc_anchor(wire_name)


def validator_function_names(class_name: str) -> tuple[str, str]:
    """A schema's generated validator functions: `validate_UpdateByoPhoneNumberDTO` (every error)
    and `is_valid_UpdateByoPhoneNumberDTO`; the class name is kept verbatim, as for models."""
    return f"validate_{class_name}", f"is_valid_{class_name}"


def validator_module_name(class_names: list[str]) -> str:
    """The validators module of a group of schemas that refer to each other in a cycle (often a
    group of one): named after the group's first class name, cut to 60 characters (a file name
    must stay short) with a digest of the full name; the caller makes it unique."""
    import hashlib  # noqa: PLC0415  (local: this file's imports belong to the shared rules)

    name = module_name(min(class_names))
    if len(name) <= 60:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{name[:51].rstrip('_')}_{digest}"


def async_client_class_name(client_name: str) -> str:
    """The asynchronous client beside the synchronous one: `Vapi` → `AsyncVapi`."""
    return "Async" + client_name


@dataclass(frozen=True, slots=True)
class ResourceClassNames:
    """The classes of one resource module: the resource, sync and async, each with its
    `with_raw_response` and `with_streaming_response` variants."""

    sync: str
    async_: str
    sync_raw: str
    async_raw: str
    sync_streaming: str
    async_streaming: str


def resource_class_names(class_name: str) -> ResourceClassNames:
    """`PhoneNumbersResource` → `AsyncPhoneNumbersResource`, `PhoneNumbersResourceWithRaw…`."""
    return ResourceClassNames(
        sync=class_name,
        async_="Async" + class_name,
        sync_raw=class_name + "WithRawResponse",
        async_raw="Async" + class_name + "WithRawResponse",
        sync_streaming=class_name + "WithStreamingResponse",
        async_streaming="Async" + class_name + "WithStreamingResponse",
    )


def operation_constant_name(method_name: str) -> str:
    """The module constant describing a client method's operation: `list` → `_LIST`."""
    return "_" + method_name.strip("_").upper()


def type_factory_name(method_name: str, role: str) -> str:
    """The function building the annotation a method validates against at its first call:
    (`update`, `body`) → `_update_body`; (`get`, `200`) → `_get_200`."""
    return f"_{method_name.strip('_')}_{snake(role) or role}"


def type_alias_name(method_name: str, role: str) -> str:
    """A type alias standing for a long annotation in a method's signature:
    (`update`, `body`) → `_UpdateBody`."""
    return "_" + pascal(method_name) + pascal(role)


def client_attribute_name(name: str, taken: frozenset[str]) -> str:
    """A resource attribute or method name that would clash with a member of the class it
    goes on (`close`, `with_raw_response`) gets a trailing underscore."""
    while name in taken:
        name += "_"
    return name
