"""Client method and resource names from an operation: its operationId in any common style,
else its HTTP method and path. Part of the one rule set in `generator.naming`."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from generator.naming.words import pascal, snake, split_words

#: Keyword arguments every generated client method takes besides the operation's parameters.
CLIENT_METHOD_OPTIONS = frozenset(
    {"self", "body", "timeout", "max_retries", "extra_headers", "extra_query"}
)


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
