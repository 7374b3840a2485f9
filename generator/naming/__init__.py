"""Every rule that turns a spec string into an identifier, a file name or a doc anchor.

One rule set, in three modules: `words` (splitting and cases), `methods` (client methods and
resources from operations) and this one (everything else, re-exporting the other two).

Names are decided once, while the IR is built; templates never case-convert anything. A name is
derived from its own spec string and its parent only, so adding or removing an unrelated schema
renames nothing. Uniqueness is per scope (`NameScope`), claimed in the spec's sorted order.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.naming.methods import CLIENT_METHOD_OPTIONS as CLIENT_METHOD_OPTIONS
from generator.naming.methods import method_name as method_name
from generator.naming.methods import method_name_candidates as method_name_candidates
from generator.naming.methods import operation_class_stem as operation_class_stem
from generator.naming.methods import path_resource as path_resource
from generator.naming.words import ascii_text as ascii_text
from generator.naming.words import digest
from generator.naming.words import pascal as pascal
from generator.naming.words import snake as snake
from generator.naming.words import split_words as split_words
from generator.naming.words import upper_snake as upper_snake

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
#: What `<package>.models` exports beside the models (the runtime types users meet in them):
#: a schema named like one gets a trailing underscore, as for the typing names.
#: the client's private package, and the module of its client classes
CLIENT_PACKAGE = "_client"
CLIENT_MODULE = f"{CLIENT_PACKAGE}._clients"
MODEL_RUNTIME_EXPORTS = ("Date", "DateTime", "UnknownValue", "UnknownVariant", "Uuid")
BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))

# Builtins used inside generated annotations; a field named like one would shadow it in the
# class body that follows.
_ANNOTATION_BUILTINS = frozenset({"bool", "bytes", "dict", "float", "int", "list", "object", "str"})


def _is_plain_identifier(text: str) -> bool:
    return text.isascii() and text.isidentifier() and not keyword.iskeyword(text)


#: The package's own constants (`package_init.py.jinja`), exported beside the models.
PACKAGE_CONSTANTS = frozenset({"API_TITLE", "API_VERSION", "SPEC_SHA256"})
_RESERVED_CLASS_NAMES = (
    TYPING_NAMES | BUILTIN_NAMES | PACKAGE_CONSTANTS | frozenset(MODEL_RUNTIME_EXPORTS)
)


def class_name(schema_name: str) -> str:
    """A component name that is an identifier starting with a capital is kept verbatim
    (`UpdateByoPhoneNumberDTO`); any other becomes PascalCase (`issuing.card` → `IssuingCard`,
    `customer` → `Customer`). A class name so always starts with a capital, and no field or
    parameter (always lower case) can shadow it."""
    if _is_plain_identifier(schema_name) and schema_name[:1].isupper():
        candidate = schema_name
    else:
        candidate = pascal(schema_name) or "Schema"
    if candidate[0].isdigit():
        candidate = "Schema" + candidate
    if candidate in _RESERVED_CLASS_NAMES or keyword.iskeyword(candidate):
        candidate += "_"
    return candidate


#: Inline class names longer than this keep the parent's first words and the path's last parts.
INLINE_NAME_LIMIT = 60
_INLINE_PARENT_LIMIT = 32


def inline_class_name(parent: str, *parts: str) -> str:
    """The class for an inline schema: its parent's class name plus the path to it.

    Deep nesting would make that name unreadable (and its module file name too long), so a
    name over `INLINE_NAME_LIMIT` characters keeps the parent's first words (up to 32
    characters) and as many of the path's last parts as fit: the part that says what the
    class is. `inline_class_names` gives the caller collision-free fallbacks.
    """
    return inline_class_names(parent, *parts)[0]


def inline_class_names(parent: str, *parts: str) -> tuple[str, ...]:
    """An inline schema's class names in order of preference; the caller claims the first free
    (and numbers the first when all are taken).

    Up to the limit, the full name only. Past it: the parent's first words and the path's
    last parts; then the parent's last words instead (what tells two siblings apart:
    `…ReportSouthThresholds`); last, the first name with a digest of the full path."""
    full = class_name(parent + "".join(pascal(part) for part in parts))
    if len(full) <= INLINE_NAME_LIMIT:
        return (full,)  # taken (by a component): numbered, as any short name
    mark = digest(full)[:6].upper()
    parent_words = split_words(class_name(parent))
    tail = _cut_words([pascal(part) for part in parts if pascal(part)], 40, from_end=True)
    if not tail:  # one huge last part: its own last words
        tail = _cut_words(split_words(pascal(parts[-1])), 40, from_end=True)
    room = INLINE_NAME_LIMIT - len(tail)
    first = class_name(_cut_words(parent_words, min(room, 32), from_end=False) + tail)
    last = class_name(_cut_words(parent_words, room, from_end=True) + tail)
    return first, last, first[: INLINE_NAME_LIMIT - len(mark)] + mark


def _cut_words(words: list[str], limit: int, *, from_end: bool) -> str:
    """As many whole words as fit in `limit` characters, from the start or from the end."""
    kept: list[str] = []
    for word in reversed(words) if from_end else words:
        if sum(map(len, kept)) + len(word) > limit:
            break
        kept.append(word)
    ordered = reversed(kept) if from_end else kept
    return "".join(word[:1].upper() + word[1:] for word in ordered)


# Comparison operators some APIs append to a parameter's name (`DateCreated<`, `StartTime>=`):
# spelled out, so the variants of one name stay apart and say what they filter.
_OPERATORS: tuple[tuple[str, str], ...] = (("<=", " on or before "), (">=", " on or after "))
_OPERATORS += (("!=", " not "), ("<", " before "), (">", " after "))


def _spell_operators(text: str) -> str:
    if not any(character in text for character in "<>!"):
        return text
    for operator, words in _OPERATORS:
        text = text.replace(operator, words)
    return text


def field_name(wire_name: str) -> str:
    """The Python attribute for a JSON property; the wire name stays as its alias."""
    name = snake(_spell_operators(wire_name)) or "field"
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


def parameter_name_candidates(wire_name: str, location: str) -> tuple[str, str]:
    """A parameter's names in order of preference: one named like another of the operation
    (`id` in the path and in a header) is told apart by where it goes (`id_header`)."""
    name = parameter_name(wire_name)
    located = f"{name.rstrip('_')}_{location}"  # `extra` in the query is no `extra_query`
    return name, located + "_" if located in CLIENT_METHOD_OPTIONS else located


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
    """`Phone Numbers` → `PhoneNumbersResource` (the first of `resource_class_candidates`)."""
    return resource_class_candidates(tag)[0]


def resource_class_candidates(tag: str) -> tuple[str, ...]:
    """Resource class names in order of preference: the caller takes the first that no model
    (nor any of its async, raw and streaming variants) already has (`DubbingResource`)."""
    stem = class_name(pascal(tag) if snake(tag) else "Default")
    return (stem + "Resource", stem + "Operations", stem + "Endpoints", stem + "Api")


#: Functions of the generated webhooks module that a webhook's parse function must not take.
WEBHOOK_MODULE_FUNCTIONS = frozenset({"parse_server_message", "reply_body", "reply_model"})


def webhook_function_name(key: str, method: str | None = None) -> str:
    """`newPet` → `parse_new_pet`; `order.created` → `parse_order_created`; with `method`
    (a second operation under one key) → `parse_new_pet_put`."""
    words = snake(key) or "webhook"
    return f"parse_{words}" + (f"_{method}" if method else "")


def client_class_name(title: str, taken: frozenset[str] = frozenset()) -> str:
    """`Vapi API` → `Vapi`: the API's title without a trailing "API"/"Service". The package
    exports the client beside the models: named like one of `taken` (or its async twin
    would be), it becomes `<name>Client`."""
    words = split_words(title)
    while len(words) > 1 and words[-1].lower() in {"api", "service", "server"}:
        words.pop()
    name = class_name("".join(word[:1].upper() + word[1:] for word in words) or "Client")
    while name in taken or async_client_class_name(name) in taken:
        name += "Client"
    return name


#: A module file name is at most this long (before `.py`): far below any file system's limit.
MODULE_NAME_LIMIT = 80


def module_name(class_or_tag: str) -> str:
    """A module file name for a class: `UpdateByoPhoneNumberDTO` → `update_byo_phone_number_dto`.

    A longer name keeps its first 71 characters and a digest of the whole, so it stays
    bounded, stable, and distinct from other long names."""
    name = snake(class_or_tag) or "module"
    name = "m_" + name if name[0].isdigit() or keyword.iskeyword(name) else name
    if len(name) <= MODULE_NAME_LIMIT:
        return name
    return f"{name[: MODULE_NAME_LIMIT - 9].rstrip('_')}_{digest(name)[:8]}"


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

    def claim_first(self, candidates: Sequence[str]) -> str:
        """The first candidate not taken yet; only when every one is, the first numbered."""
        for candidate in candidates:
            if self._key(candidate) not in self.taken:
                self.taken.add(self._key(candidate))
                return candidate
        return self.claim(candidates[0])

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
    (`update`, `body`) → `_update_body`; (`get`, `200`) → `_get_200`. A private name, so a
    long one is cut to 60 characters with a digest: `def <name>() -> Any:` stays one line."""
    name = f"_{method_name.strip('_')}_{snake(role) or role}"
    return name if len(name) <= 60 else f"{name[:51].rstrip('_')}_{digest(name)[:8]}"


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
