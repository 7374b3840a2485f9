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
from collections.abc import Sequence
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
#: What `<package>.models` exports beside the models (the runtime types users meet in them):
#: a schema named like one gets a trailing underscore, as for the typing names.
MODEL_RUNTIME_EXPORTS = ("Date", "DateTime", "UnknownValue", "UnknownVariant", "Uuid")
BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))
#: Keyword arguments every generated client method takes besides the operation's parameters.
CLIENT_METHOD_OPTIONS = frozenset(
    {"self", "body", "timeout", "max_retries", "extra_headers", "extra_query"}
)

# Builtins used inside generated annotations; a field named like one would shadow it in the
# class body that follows.
_ANNOTATION_BUILTINS = frozenset({"bool", "bytes", "dict", "float", "int", "list", "object", "str"})


# A digit run with one letter after it is one word (`3dSecure` → 3d, Secure; `2fa` stays 2, fa).
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+[a-z](?![a-z])|[0-9]+")


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
    digest = _digest(full)[:6].upper()
    parent_words = split_words(class_name(parent))
    tail = _cut_words([pascal(part) for part in parts if pascal(part)], 40, from_end=True)
    if not tail:  # one huge last part: its own last words
        tail = _cut_words(split_words(pascal(parts[-1])), 40, from_end=True)
    room = INLINE_NAME_LIMIT - len(tail)
    first = class_name(_cut_words(parent_words, min(room, 32), from_end=False) + tail)
    last = class_name(_cut_words(parent_words, room, from_end=True) + tail)
    return first, last, first[: INLINE_NAME_LIMIT - len(digest)] + digest


def _cut_words(words: list[str], limit: int, *, from_end: bool) -> str:
    """As many whole words as fit in `limit` characters, from the start or from the end."""
    kept: list[str] = []
    for word in reversed(words) if from_end else words:
        if sum(map(len, kept)) + len(word) > limit:
            break
        kept.append(word)
    ordered = reversed(kept) if from_end else kept
    return "".join(word[:1].upper() + word[1:] for word in ordered)


def _digest(text: str) -> str:
    import hashlib  # noqa: PLC0415  (local: only long names need it)

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


# -- paths --------------------------------------------------------------------------------

_VERSION = re.compile(r"v\d+(?:[a-z]+\d*)?|\d+(?:[.-]\d+)*", re.IGNORECASE)


def _is_version(segment: str) -> bool:
    return _VERSION.fullmatch(segment) is not None


def _segments(path: str) -> list[tuple[str, bool]]:
    """(text, is a parameter) of each path segment but versions and a leading `api/` or
    `rest/`: `/api/v1/a/{id}` → a, id."""
    found = [(part.strip("{}"), "{" in part) for part in path.split("/") if part]
    found = [(text, param) for text, param in found if param or not _is_version(text)]
    if len(found) > 1 and not found[0][1] and found[0][0].lower() in {"api", "rest"}:
        found = found[1:]
    return found


def path_resource(path: str) -> str | None:
    """The resource a path is about, for specs without tags: its first segment that is neither
    a version nor a parameter (`/v1/voices/{id}` → `voices`; a leading `api/` is skipped)."""
    literals = [text for text, param in _segments(path) if not param and snake(text)]
    return literals[0] if literals else None


# -- method names ---------------------------------------------------------------------------

_NESTJS = re.compile(r"[A-Z][A-Za-z0-9]*_[A-Za-z][A-Za-z0-9]*")
_CRUD_VERBS = {("find", "all"): "list", ("find", "one"): "get", ("remove",): "delete"}
_PATH_VERBS = {"post": "create", "put": "update", "patch": "update", "delete": "delete"}


def _words(text: str) -> list[str]:
    """Lower-case words; a separator always splits (`folders_0` → folders, 0)."""
    return [word.lower() for chunk in re.split(r"[\W_]+", text) for word in split_words(chunk)]


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "es" if word.endswith(("s", "x", "ch", "sh")) else word + "s"


@dataclass(frozen=True, slots=True)
class _Path:
    """What method naming needs to know of an operation's path."""

    literals: tuple[tuple[str, ...], ...]  #: each literal segment's words (versions left out)
    params: frozenset[str]  #: the words of its parameters' names
    tokens: tuple[str, ...]  #: every segment's words, in order (versions left out)
    raw_tokens: tuple[str, ...]  #: the same with versions, as FastAPI spells them
    item: bool  #: ends with a parameter

    @staticmethod
    def of(path: str) -> _Path:
        segments = _segments(path)
        return _Path(
            literals=tuple(tuple(_words(t)) for t, param in segments if not param and _words(t)),
            params=frozenset(w for t, param in segments if param for w in _words(t)),
            tokens=tuple(w for text, _ in segments for w in _words(text)),
            raw_tokens=tuple(_words(path)),
            item=bool(segments) and segments[-1][1],
        )


def _noun_forms(resource: str, path: _Path) -> list[tuple[str, ...]]:
    """The resource's noun as words, singular and plural, from its tag and its path."""
    forms: list[tuple[str, ...]] = []
    for words in (_words(resource), list(path.literals[0]) if path.literals else []):
        if words:
            head = tuple(words[:-1])
            for last in (words[-1], _singular(words[-1]), _plural(_singular(words[-1]))):
                if (*head, last) not in forms:
                    forms.append((*head, last))
    return forms


#: What may follow a resource's noun for it to be dropped: `get_pet_by_id`, `get_owner_list`.
_QUALIFIERS = frozenset({"by", "paginated", "list"})


def _drop_noun(
    words: list[str], forms: list[tuple[str, ...]], path: _Path, *, anywhere: bool
) -> list[str]:
    """`create_chat` → `create` in the resource `chats`: the noun is dropped once, right after
    the verb and followed by nothing but `by <parameter>`, `list` or `paginated` (so
    `delete_call_data` keeps its noun); `get_voices` and `get_owner_list` become `list`.
    From a path (`anywhere`), the noun goes wherever it is."""
    for start in range(0 if anywhere else 1, len(words)):
        for form in forms:
            end = start + len(form)
            rest = words[end:]
            if words[start:end] != list(form) or not (words[:start] or rest):
                continue
            if anywhere:
                return words[:start] + rest
            if start == 1 and set(rest) <= _QUALIFIERS | path.params:
                listed = form[-1] != _singular(form[-1]) or "list" in rest
                verb = "list" if words[0] == "get" and listed else words[0]
                return [verb, *(word for word in rest if word == "paginated")]
    return words


def _from_path(method: str, path: _Path, siblings: frozenset[str]) -> list[str]:
    """A method's words when it has no usable operationId: the HTTP method as a verb (`get`
    on a collection is `list`, `post` on an item `update`, `put` beside a `patch` `replace`;
    `post` to a segment after an item, like `/intents/{id}/confirm`, is that action) and the
    path's literal segments."""
    literals = [list(words) for words in path.literals]
    last_plural = bool(literals) and literals[-1][-1] != _singular(literals[-1][-1])
    collection = len(literals) == 1 or last_plural
    if method == "get":
        verb = "list" if last_plural and not path.item else "get"
    elif method == "post" and not path.item and not collection:
        verb = ""  # an action
    elif method == "post" and path.item:
        verb = "update"
    elif method == "put" and "patch" in siblings:
        verb = "replace"
    else:
        verb = _PATH_VERBS.get(method, method)
    action = not verb and bool(literals)
    if action:  # an action on an item: `deliver` a `card`
        verb, literals = " ".join(literals[-1]), literals[:-1]
    if literals and (path.item or verb == "create" or action):
        literals[-1][-1] = _singular(literals[-1][-1])
    return verb.split() + [word for words in literals for word in words]


def _is_mechanical(words: list[str], method: str, path: _Path) -> bool:
    """Whether an operationId only spells its method and path (`get_files_id`,
    `GetCustomersCustomer`, `put_users_id_folders_0` with a counter): then the path names it."""
    while words and words[-1].isdigit() and len(words) > 1:
        words = words[:-1]
    words = [word for word in words if not _is_version(word)]
    literal = [word for words_ in path.literals for word in words_]
    return any(
        words == form
        for tokens in (list(path.tokens), literal)
        for form in ([method, *tokens], [*tokens, method])
    )


def _from_operation_id(operation_id: str, method: str, path: _Path) -> tuple[list[str], ...]:
    """The words an operationId gives, most specific first: the NestJS controller prefix
    (`PhoneNumberController_create`), a dotted or slashed namespace (`pets.list`) and FastAPI's
    path-and-method suffix (`add_voice_v1_voices_add_post`) are dropped; the CRUD verbs NestJS
    scaffolds get conventional names (`findAll` → `list`)."""
    text = operation_id.strip()
    if _NESTJS.fullmatch(text):
        text = text.split("_", 1)[1]
    parts = [part for part in re.split(r"[./]", text) if _words(part)]
    found = [_words(parts[-1])] if parts else []
    if len(parts) > 1:
        found.append(_words(text))
    suffix = [*path.raw_tokens, method]
    for words in found:
        if len(words) > len(suffix) and words[-len(suffix) :] == suffix:
            words[-len(suffix) :] = []
        for prefix, verb in _CRUD_VERBS.items():
            if tuple(words[: len(prefix)]) == prefix:
                words[: len(prefix)] = [verb]
    # An id of digits only (a counter) says nothing: the path names the method instead.
    return tuple(words for words in found if any(not word.isdigit() for word in words))


def method_name_candidates(
    operation_id: str | None,
    method: str,
    path: str,
    resource: str = "",
    siblings: frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    """A client method's possible names, best first; the caller claims the first free one.

    `chats` + `ChatController_createChat` → `create`; `files` + `get_files_id` → `get`;
    `voices` + `get_voices_v1_voices_get` → `list`; no operationId: `GET /call/{id}` → `get`.
    `resource` is the tag (or path segment) whose noun is dropped; `siblings` are the other
    HTTP methods of the path (a `put` beside a `patch` is `replace`).
    """
    shape = _Path.of(path)
    forms = _noun_forms(resource, shape) if resource else []
    words = _from_operation_id(operation_id, method, shape) if operation_id else ()
    mechanical = bool(words) and _is_mechanical(list(words[0]), method, shape)
    derived = _from_path(method, shape, siblings)
    ordered: list[list[str]] = []
    if words and not mechanical:
        ordered += [_drop_noun(list(words[0]), forms, shape, anywhere=False), *words]
    ordered += [_drop_noun(derived, forms, shape, anywhere=True), derived]
    ordered += [[method, *derived[1:]], [*(words[0] if words else derived), method]]
    names = [_method_identifier(candidate, method) for candidate in ordered]
    return tuple(dict.fromkeys(names))


def operation_class_stem(operation_id: str | None, method: str, path: str) -> str:
    """What an operation's inline bodies and responses are named after: its operationId in
    PascalCase without FastAPI's path-and-method suffix, else its method and path."""
    if operation_id and any(character.isalpha() for character in operation_id):
        suffix = [*_Path.of(path).raw_tokens, method]
        words = _words(operation_id)
        if len(words) > len(suffix) and words[-len(suffix) :] == suffix:
            return pascal("_".join(words[: -len(suffix)]))
        return pascal(operation_id) or pascal(f"{method} {path}")
    return pascal(f"{method} {path}")


def method_name(operation_id: str | None, method: str, path: str, resource: str = "") -> str:
    """The preferred name of a client method (see `method_name_candidates`)."""
    return method_name_candidates(operation_id, method, path, resource)[0]


def _method_identifier(words: list[str], method: str) -> str:
    name = "_".join(words) or method
    if name[0].isdigit():  # `3dSecure`, a bare counter: the HTTP method makes it a name
        name = f"{method}_{name}"
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
    return f"{name[: MODULE_NAME_LIMIT - 9].rstrip('_')}_{_digest(name)[:8]}"


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
    (`update`, `body`) → `_update_body`; (`get`, `200`) → `_get_200`. A private name, so a
    long one is cut to 60 characters with a digest: `def <name>() -> Any:` stays one line."""
    name = f"_{method_name.strip('_')}_{snake(role) or role}"
    return name if len(name) <= 60 else f"{name[:51].rstrip('_')}_{_digest(name)[:8]}"


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
