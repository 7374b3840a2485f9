"""Deterministic JSON payloads for the named schemas of an OpenAPI 3.0 document.

- `PayloadGenerator` writes valid payloads for a schema from a seeded `random.Random`: every
  required property, the optional ones by a coin (or all of them, down to a depth), one union
  branch at a time, values inside their bounds and lengths, strings drawn from their patterns.
  It records every property it writes as a `Site`.
- `mutations` turns those sites into payloads that one rule of the schema rejects: a required
  property dropped, a value of the wrong JSON type, `null` where the schema is not nullable, a
  string over `maxLength`, a number out of bounds, a string that breaks its pattern, an unknown
  enum value, a malformed `format`, an array with too many items.
- `SpecValidator` is the document's own verdict on any payload: JSON Schema draft 4 (what
  OpenAPI 3.0 schemas extend) with `nullable`, patterns with ECMA-262 semantics (through the
  generator's translation, the one piece of ours it relies on) and the formats asserted.

Nothing here is random at run time beyond the seed: the same document and seed give the same
payloads, so tests built on them are deterministic.
"""

from __future__ import annotations

import copy
import datetime
import functools
import math
import random
import re
import string
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

import jsonschema
import regex

from generator.patterns import translate_pattern

__all__ = ["Case", "Mutation", "PayloadGenerator", "Site", "SpecValidator", "cases", "mutations"]

REF = "#/components/schemas/"
JSON = dict[str, Any]

# Plain text: mostly ASCII, sometimes a letter outside it or a character outside the BMP
# (length counts code points in JSON Schema, and in both pydantic models).
_TEXT = string.ascii_letters + string.digits + " -_.,:/"
_RARE_TEXT = "éßÖ日😀"
# What a pattern's `\p{L}` stands for when a string is drawn from it: letters in and out of ASCII.
_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u017f"
_CATEGORY_CHARS = {
    sre_constants.CATEGORY_DIGIT: string.digits,
    sre_constants.CATEGORY_NOT_DIGIT: string.ascii_letters + " _-",
    sre_constants.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    sre_constants.CATEGORY_NOT_WORD: " -.,:/!",
    sre_constants.CATEGORY_SPACE: " \t",
    sre_constants.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
}
_POOL = string.ascii_letters + string.digits + " -_.,:/!@#é日"
_MAX_DEPTH = 12  # required properties only beyond the chosen depth; this is the hard stop
_TAG = "x-payloads-tag"  # marks the property a chosen branch of a discriminated union is told by


@dataclass(frozen=True)
class Site:
    """One value a generated payload holds: where it is and the schema that describes it."""

    path: tuple[str | int, ...]
    name: str  # `Owner.field` (`Owner.field[]` for an array item): component names only
    declared: JSON  # the schema as declared there, `$ref` and `allOf` resolved
    required: bool  # a required property of its object (never true for an array item)


@dataclass(frozen=True)
class Mutation:
    """Setting the value at one site (or dropping it) so that one rule of the schema breaks."""

    kind: str
    site: Site
    value: Any

    def applied_to(self, payload: Any) -> Any:
        changed = copy.deepcopy(payload)
        parent = _at(changed, self.site.path[:-1])
        if self.value is _DROP:
            del parent[self.site.path[-1]]
        else:
            parent[self.site.path[-1]] = self.value
        return changed


@dataclass(frozen=True)
class Case:
    """A payload for a schema: `kind` is `valid` or the mutation that made it, and `origin`
    the index (among the cases of its schema) of the valid payload it was made from."""

    schema: str
    kind: str
    site: str
    payload: Any
    origin: int | None = None


class Schemas:
    """The named schemas of a document, with `$ref` followed and `allOf` merged."""

    def __init__(self, document: JSON) -> None:
        self.named: dict[str, JSON] = document["components"]["schemas"]

    def flatten(self, schema: JSON, owner: str) -> tuple[JSON, str]:
        """`schema` with its `$ref`s followed and its `allOf` merged, and the component it is."""
        while "$ref" in schema:  # OpenAPI 3.0: the siblings of `$ref` are ignored
            owner = schema["$ref"].removeprefix(REF)
            schema = self.named[owner]
        if "allOf" not in schema:
            return schema, owner
        merged: JSON = {}
        parts = schema["allOf"]
        for part in parts:
            flat, part_owner = self.flatten(part, owner)
            _merge(merged, flat)
        if len(parts) == 1:  # a reference wrapped for its description: it is that component
            owner = part_owner
        _merge(merged, {key: value for key, value in schema.items() if key != "allOf"})
        return merged, owner

    def branches(self, schema: JSON) -> list[JSON]:
        return list(schema.get("oneOf") or schema.get("anyOf") or [])

    def json_types(self, schema: JSON, owner: str) -> set[str] | None:
        """The JSON types a schema admits (`integer` apart from `number`); None for any."""
        flat, owner = self.flatten(schema, owner)
        found = {"null"} if flat.get("nullable") else set()
        if "enum" in flat:
            return found | {_json_type(value) for value in flat["enum"]}
        branches = self.branches(flat)
        if branches:
            for branch in branches:
                types = self.json_types(branch, owner)
                if types is None:
                    return None
                found |= types
            return found
        kind = flat.get("type") or ("object" if "properties" in flat else None)
        if kind is None:
            return None
        return found | ({"number", "integer"} if kind == "number" else {kind})


def _merge(into: JSON, other: JSON) -> None:
    for key, value in other.items():
        if key == "properties":
            into["properties"] = {**into.get("properties", {}), **value}
        elif key == "required":
            into["required"] = sorted({*into.get("required", []), *value})
        else:
            into[key] = value


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    kinds = {float: "number", str: "string", list: "array", dict: "object"}
    return kinds[type(value)]


# --- valid payloads ---------------------------------------------------------------------------


class PayloadGenerator:
    """Valid payloads for the named schemas of `document` (see the module docstring).

    Modes: `minimal` (required properties only), `full` (every property down to `full_depth`
    object levels), `random` (each optional property by a coin, down to `random_depth`).
    """

    def __init__(
        self, document: JSON, *, seed: int, full_depth: int = 2, random_depth: int = 3
    ) -> None:
        self.schemas = Schemas(document)
        self.rng = random.Random(seed)
        self.depths = {"minimal": 0, "full": full_depth, "random": random_depth}

    def payload(self, name: str, mode: str) -> tuple[Any, list[Site]]:
        sites: list[Site] = []
        value = self._value({"$ref": REF + name}, name, 0, (), mode, sites)
        return value, sites

    def _value(
        self,
        schema: JSON,
        owner: str,
        depth: int,
        path: tuple[str | int, ...],
        mode: str,
        sites: list[Site],
    ) -> Any:
        flat, owner = self.schemas.flatten(schema, owner)
        if flat.get("nullable") and mode == "random" and self.rng.random() < 0.15:
            return None
        if "enum" in flat:
            return self.rng.choice(flat["enum"])
        if self.schemas.branches(flat):
            chosen, owner = self.chosen_branch(flat, owner)
            return self._value(chosen, owner, depth, path, mode, sites)
        kind = flat.get("type") or ("object" if "properties" in flat else None)
        if kind == "object":
            return self._object(flat, owner, depth, path, mode, sites)
        if kind == "array":
            return self._array(flat, owner, depth, path, mode, sites)
        return self._scalar(flat, kind)

    def _scalar(self, flat: JSON, kind: str | None) -> Any:
        if kind == "string":
            return self._string(flat)
        if kind in ("number", "integer"):
            return _number(flat, integer=kind == "integer", rng=self.rng)
        if kind == "boolean":
            return self.rng.random() < 0.5
        return self.rng.choice(["anything", 7, True, {"note": "free-form"}, ["a"]])

    def chosen_branch(self, flat: JSON, owner: str) -> tuple[JSON, str]:
        """One branch of a union, merged with the keywords beside the union."""
        branch = self.rng.choice(self.schemas.branches(flat))
        chosen, branch_owner = self.schemas.flatten(branch, owner)
        if "enum" in chosen or self.schemas.branches(chosen):  # keep the branch whole
            return chosen, branch_owner
        siblings = {
            key: value
            for key, value in flat.items()
            if key not in ("oneOf", "anyOf", "discriminator", "description", "title")
        }
        merged = dict(chosen)
        _merge(merged, {k: v for k, v in siblings.items() if k not in merged})
        if "discriminator" in flat:  # the tag is written even where the branch has it optional
            merged[_TAG] = flat["discriminator"]["propertyName"]
        return merged, branch_owner

    def _object(
        self,
        flat: JSON,
        owner: str,
        depth: int,
        path: tuple[str | int, ...],
        mode: str,
        sites: list[Site],
    ) -> JSON:
        if depth > _MAX_DEPTH:
            raise RecursionError(f"{owner}: required properties nest deeper than {_MAX_DEPTH}")
        properties: JSON = flat.get("properties") or {}
        required = set(flat.get("required") or [])
        out: JSON = {}
        for name, prop in properties.items():
            wanted = (
                name in required
                or name == flat.get(_TAG)
                or (depth < self.depths[mode] and (mode == "full" or self.rng.random() < 0.5))
            )
            if not wanted:
                continue
            declared, prop_owner = self.schemas.flatten(prop, owner)
            # An inline object or array is named after the property that holds it.
            inner = prop_owner if prop_owner != owner else f"{owner}.{name}"
            out[name] = self._value(declared, inner, depth + 1, (*path, name), mode, sites)
            sites.append(Site((*path, name), f"{owner}.{name}", declared, name in required))
        for name in sorted(required - set(properties)):
            out[name] = "value"
        extra = flat.get("additionalProperties")
        if not properties and isinstance(extra, dict) and mode != "minimal":
            out["key"] = self._value(extra, owner, depth + 1, (*path, "key"), mode, sites)
        return out

    def _array(
        self,
        flat: JSON,
        owner: str,
        depth: int,
        path: tuple[str | int, ...],
        mode: str,
        sites: list[Site],
    ) -> list[Any]:
        low = int(flat.get("minItems", 0))
        high = int(flat.get("maxItems", low + 2))
        count = low if mode == "minimal" else self.rng.randint(max(low, 1), min(high, low + 2))
        items = flat.get("items") or {}
        declared, _ = self.schemas.flatten(items, owner)
        out = []
        for index in range(count):
            out.append(self._value(items, owner, depth, (*path, index), mode, sites))
            sites.append(Site((*path, index), f"{owner}[]", declared, False))
        return out

    def _string(self, flat: JSON) -> str:
        rng = self.rng
        low = int(flat.get("minLength", 0))
        high = int(flat.get("maxLength", low + 12))
        kind = flat.get("format")
        if kind in FORMATS:
            return FORMATS[kind][0](rng)
        if "pattern" in flat:
            return string_from_pattern(flat["pattern"], rng, low, high)
        if high <= 300 and rng.random() < 0.2:
            length = high  # the bound itself
        else:
            length = rng.randint(low, min(high, low + 12))
        return "".join(
            rng.choice(_RARE_TEXT) if rng.random() < 0.05 else rng.choice(_TEXT)
            for _ in range(length)
        )


def _bounds(flat: JSON, *, integer: bool) -> tuple[float | None, float | None]:
    low, high = flat.get("minimum"), flat.get("maximum")
    if integer:
        if low is not None:
            low = math.floor(low) + 1 if flat.get("exclusiveMinimum") else math.ceil(low)
        if high is not None:
            high = math.ceil(high) - 1 if flat.get("exclusiveMaximum") else math.floor(high)
    return low, high


def _number(flat: JSON, *, integer: bool, rng: random.Random) -> float:
    low, high = _bounds(flat, integer=integer)
    start = low if low is not None else (high - 1000 if high is not None else -50)
    stop = high if high is not None else start + 1000
    if integer:
        choices = [rng.randint(int(start), int(stop))]
        choices += [int(bound) for bound in (low, high) if bound is not None]
        return rng.choice(choices)
    inside = round(rng.uniform(start, stop), 2)
    if (flat.get("exclusiveMinimum") and inside <= start) or (
        flat.get("exclusiveMaximum") and inside >= stop
    ):
        inside = (start + stop) / 2
    whole = float(math.floor(inside))
    above_start = whole > start or (whole == start and not flat.get("exclusiveMinimum"))
    choices = [inside, whole if above_start else inside]
    if low is not None and not flat.get("exclusiveMinimum"):
        choices.append(low)
    if high is not None and not flat.get("exclusiveMaximum"):
        choices.append(high)
    return rng.choice(choices)


def _date_time(rng: random.Random) -> str:
    moment = datetime.datetime(2020, 1, 1) + datetime.timedelta(seconds=rng.randrange(10**8))
    fraction = rng.choice(["", f".{rng.randrange(1000):03d}"])
    offset = rng.choice(["Z", "+02:00", "-05:30"])
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + offset


def _date(rng: random.Random) -> str:
    return (datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(3000))).isoformat()


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128)))


def _uri(rng: random.Random) -> str:
    return f"https://example.com/{rng.choice(['hooks', 'a/b', 'x?y=1'])}"


def _binary(rng: random.Random) -> str:
    return rng.choice(["", "data"])


_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
_UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", re.ASCII)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", re.ASCII)


def _is_date_time(text: str) -> bool:
    """RFC 3339 `date-time`: a date, `T`, a time and an offset (which is not optional)."""
    match = _RFC3339.fullmatch(text)
    if not match:
        return False
    try:
        datetime.datetime.fromisoformat(f"{match[1]}T{match[2]}")  # a real date and time
    except ValueError:
        return False
    return True


def _is_date(text: str) -> bool:
    try:
        return len(text) == 10 and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


# format: (draw a valid value, check a value), as RFC 3339, RFC 4122 and RFC 3986 define them.
FORMATS: dict[str, tuple[Callable[[random.Random], str], Callable[[str], bool]]] = {
    "date-time": (_date_time, _is_date_time),
    "date": (_date, _is_date),
    "uuid": (_uuid, lambda text: bool(_UUID.fullmatch(text))),
    "uri": (_uri, lambda text: bool(_URI.fullmatch(text))),
    "binary": (_binary, lambda text: True),
}


# --- strings from patterns --------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def pattern_search(pattern: str) -> Callable[[str], object]:
    """ECMA-262 `pattern` as an unanchored search, through the generator's translation."""
    translated = translate_pattern(pattern)
    engine: Any = regex if translated.engine == "regex" else re
    search: Callable[[str], object] = engine.compile(translated.python).search
    return search


def string_from_pattern(pattern: str, rng: random.Random, low: int, high: int) -> str:
    """A string `pattern` matches, `low` to `high` characters long."""
    tree = sre_parser.parse(_drawable(translate_pattern(pattern).python))
    search = pattern_search(pattern)
    for _ in range(50):
        out: list[str] = []
        _draw(tree, rng, out)
        text = "".join(out)
        if low <= len(text) <= high and search(text):
            return text
    raise ValueError(f"no string of {low}..{high} characters drawn from {pattern!r}")


def _drawable(python: str) -> str:
    """`python` with `\\p{L}` spelled as a class `re` can parse (only for drawing strings)."""
    out, index, in_class = [], 0, False
    while index < len(python):
        char = python[index]
        if python.startswith("\\p{L}", index):
            out.append(_LETTERS if in_class else f"[{_LETTERS}]")
            index += 5
            continue
        if char == "\\":
            out.append(python[index : index + 2])
            index += 2
            continue
        in_class = (in_class or char == "[") and not (in_class and char == "]")
        out.append(char)
        index += 1
    return "".join(out)


def _draw(items: Any, rng: random.Random, out: list[str]) -> None:
    c = sre_constants
    for op, arg in items:
        if op is c.LITERAL:
            out.append(chr(arg))
        elif op is c.NOT_LITERAL:
            out.append(rng.choice(_POOL.replace(chr(arg), "")))
        elif op is c.ANY:
            out.append(rng.choice(_POOL))
        elif op is c.IN:
            out.append(_draw_class(arg, rng))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub = arg
            high = low + 3 if high is c.MAXREPEAT else min(high, low + 3)
            for _ in range(rng.randint(low, high)):
                _draw(sub, rng, out)
        elif op is c.SUBPATTERN:
            _draw(arg[-1], rng, out)
        elif op is c.ATOMIC_GROUP:
            _draw(arg, rng, out)
        elif op is c.BRANCH:
            _draw(rng.choice(arg[1]), rng, out)
        elif op is c.CATEGORY:
            out.append(rng.choice(_CATEGORY_CHARS[arg]))
        elif op not in (c.AT, c.ASSERT, c.ASSERT_NOT):
            raise ValueError(f"cannot draw a string for {op}")


def _class_chars(items: Any) -> Iterator[str]:
    c = sre_constants
    for op, arg in items:
        if op is c.LITERAL:
            yield chr(arg)
        elif op is c.RANGE:
            yield from (chr(code) for code in range(arg[0], min(arg[1], arg[0] + 400) + 1))
        elif op is c.CATEGORY:
            yield from _CATEGORY_CHARS[arg]


def _draw_class(items: Any, rng: random.Random) -> str:
    if items and items[0][0] is sre_constants.NEGATE:
        excluded = set(_class_chars(items[1:]))
        return rng.choice([char for char in _POOL if char not in excluded])
    return rng.choice(sorted(set(_class_chars(items))))


# --- invalid payloads -------------------------------------------------------------------------


def mutations(schemas: Schemas, sites: list[Site], payload: Any) -> Iterator[Mutation]:
    """Every mutation the sites of `payload` allow: each is meant to break one rule."""
    for site in sites:
        for kind, value in _mutated_values(schemas, site, _at(payload, site.path)):
            yield Mutation(kind, site, value)


def cases(
    generator: PayloadGenerator, name: str, *, modes: tuple[str, ...], per_kind: int
) -> list[Case]:
    """Valid payloads for `name` (one per mode) and up to `per_kind` mutations of each kind,
    each at a different site, drawn by the generator's seeded random."""
    found: list[Case] = []
    candidates: dict[str, dict[str, tuple[Mutation, int]]] = {}
    for index, mode in enumerate(modes):
        payload, sites = generator.payload(name, mode)
        found.append(Case(name, "valid", name, payload))
        for mutation in mutations(generator.schemas, sites, payload):
            by_site = candidates.setdefault(mutation.kind, {})
            by_site.setdefault(mutation.site.name, (mutation, index))
    for kind in sorted(candidates):
        by_site = candidates[kind]
        chosen = sorted(by_site)
        if len(chosen) > per_kind:
            chosen = sorted(generator.rng.sample(chosen, per_kind))
        for site in chosen:
            mutation, index = by_site[site]
            payload = mutation.applied_to(found[index].payload)
            found.append(Case(name, kind, site, payload, index))
    return found


_DROP = object()


def _at(payload: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        payload = payload[key]
    return payload


def _mutated_values(schemas: Schemas, site: Site, current: Any) -> Iterator[tuple[str, Any]]:
    declared = site.declared
    if site.required:
        yield "missing-required", _DROP
    types = schemas.json_types(declared, site.name)
    if types is not None:
        wrong = _wrong_value(types)
        if wrong is not None:
            yield "wrong-type", wrong
        if "null" not in types:
            yield "null", None
    if not isinstance(current, (str, int, float)) or isinstance(current, bool):
        if isinstance(current, list):
            yield from _array_mutations(declared, current)
        return
    if isinstance(current, str) and _has_enum(schemas, declared, site.name):
        yield "unknown-enum-value", "not-a-known-value"
    if isinstance(current, str):
        yield from _string_mutations(declared, current)
    elif "minimum" in declared or "maximum" in declared:
        yield from _number_mutations(declared, current)


def _has_enum(schemas: Schemas, declared: JSON, owner: str) -> bool:
    """An enum here or in a branch (an open enum: an unknown value is then valid)."""
    if "enum" in declared:
        return True
    return any("enum" in schemas.flatten(b, owner)[0] for b in schemas.branches(declared))


def _wrong_value(types: set[str]) -> Any:
    numeric = bool(types & {"number", "integer"})
    text = "5" if numeric else ("true" if "boolean" in types else "text")
    candidates: list[tuple[str, Any]] = [
        ("string", text),
        ("integer", 5),
        ("number", 2.5),
        ("boolean", True),
        ("object", {}),
        ("array", []),
    ]
    for kind, value in candidates:
        admitted = kind in types or (kind == "integer" and "number" in types)
        if not admitted:
            return value
    return None  # every JSON type but null is admitted


def _string_mutations(declared: JSON, current: str) -> Iterator[tuple[str, Any]]:
    if "maxLength" in declared and declared["maxLength"] <= 10_000:
        yield "string-too-long", "a" * (declared["maxLength"] + 1)
    if declared.get("minLength", 0) > 0:
        yield "string-too-short", "a" * (declared["minLength"] - 1)
    if "pattern" in declared:
        yield "pattern-trailing-newline", current + "\n"
        yield "pattern-bad-character", "!" + current
        if "\\d" in declared["pattern"]:
            yield "pattern-non-ascii-digit", current + "\u0663"  # ARABIC-INDIC DIGIT THREE
    kind = declared.get("format")
    if kind in ("date-time", "uuid", "uri", "date"):
        yield f"format-{kind}-malformed", "not a valid value"
    if kind == "date-time":
        yield "format-date-time-without-offset", "2024-05-01T12:00:00"
        yield "format-date-time-impossible-date", "2024-02-30T12:00:00Z"
    if kind == "uuid":
        yield "format-uuid-without-hyphens", current.replace("-", "")


def _number_mutations(declared: JSON, current: float) -> Iterator[tuple[str, Any]]:
    integer = declared.get("type") == "integer"
    step = 1 if integer else 0.5
    if "minimum" in declared:
        low = declared["minimum"]
        yield "below-minimum", low if declared.get("exclusiveMinimum") else low - step
    if "maximum" in declared:
        high = declared["maximum"]
        yield "above-maximum", high if declared.get("exclusiveMaximum") else high + step


def _array_mutations(declared: JSON, current: list[Any]) -> Iterator[tuple[str, Any]]:
    if "maxItems" in declared and current:
        yield "too-many-items", [current[0]] * (declared["maxItems"] + 1)
    if declared.get("minItems", 0) > 0:
        yield "too-few-items", current[: declared["minItems"] - 1]


# --- the document's own verdict ---------------------------------------------------------------


def _draft4(node: Any) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema draft 4: `nullable: true` admits null."""
    if isinstance(node, list):
        return [_draft4(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _draft4(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True and "$ref" not in node:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def _link(node: Any, named: dict[str, JSON]) -> None:
    """Replace each `{"$ref": ...}` below `node` by the schema it names (in place; the graph
    may then hold cycles, which validation follows only as deep as the payload goes)."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        if isinstance(value, dict) and "$ref" in value:  # OpenAPI 3.0 ignores its siblings
            node[key] = named[value["$ref"].removeprefix(REF)]
        elif isinstance(value, (dict, list)):
            _link(value, named)


_PYTHON_TYPES: dict[str, type] = {"object": dict, "array": list, "string": str, "boolean": bool}


def _plainly_rejects(branch: JSON, instance: Any) -> bool:
    """A cheap look that rules a union branch out (its type, or the value of a property with
    an enum, a tag); false when it takes a real validation to know."""
    expected = _PYTHON_TYPES.get(branch.get("type", ""))
    if expected is not None and not isinstance(instance, expected):
        return True
    if isinstance(instance, dict):
        for key, prop in (branch.get("properties") or {}).items():
            if key in instance and "enum" in prop and instance[key] not in prop["enum"]:
                return True
    return False


def _matching(validator: Any, branches: list[JSON], instance: Any, enough: int) -> int:
    """How many branches `instance` is valid for, counting up to `enough`. jsonschema's own
    `oneOf`/`anyOf` collect every error of every branch; this stops at the first."""
    matched = 0
    for index, branch in enumerate(branches):
        if _plainly_rejects(branch, instance):
            continue
        if next(validator.descend(instance, branch, schema_path=index), None) is None:
            matched += 1
            if matched >= enough:
                break
    return matched


def _one_of(
    validator: Any, branches: list[JSON], instance: Any, schema: JSON
) -> Iterator[jsonschema.ValidationError]:
    matched = _matching(validator, branches, instance, 2)
    if matched != 1:
        yield jsonschema.ValidationError(f"valid for {matched} branches of oneOf")


def _any_of(
    validator: Any, branches: list[JSON], instance: Any, schema: JSON
) -> Iterator[jsonschema.ValidationError]:
    if not _matching(validator, branches, instance, 1):
        yield jsonschema.ValidationError("valid for no branch of anyOf")


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: JSON
) -> Iterator[jsonschema.ValidationError]:
    if validator.is_type(instance, "string") and not pattern_search(pattern)(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _on_strings(check: Callable[[str], bool], instance: Any) -> bool:
    """A format constrains strings only."""
    return not isinstance(instance, str) or check(instance)


class SpecValidator:
    """Whether a payload is valid for a named schema, as the document says."""

    def __init__(self, document: JSON) -> None:
        self.named: dict[str, JSON] = _draft4(document["components"]["schemas"])
        _link(self.named, self.named)
        keywords = {"pattern": _ecma_pattern, "oneOf": _one_of, "anyOf": _any_of}
        self.cls = jsonschema.validators.extend(jsonschema.Draft4Validator, keywords)
        self.formats = jsonschema.FormatChecker(formats=())
        for name, (_, check) in FORMATS.items():
            self.formats.checks(name)(functools.partial(_on_strings, check))
        self.validators: dict[str, Any] = {}

    def is_valid(self, name: str, payload: Any) -> bool:
        validator = self.validators.get(name)
        if validator is None:
            validator = self.cls(self.named[name], format_checker=self.formats)
            self.validators[name] = validator
        return bool(validator.is_valid(payload))
