"""Payloads for the differential test: schema-driven instances and mutated copies of them.

`PayloadGenerator` walks a schema of an OpenAPI 3.0 document and builds an instance that aims
to be valid (required properties, some optional ones, one union branch, values inside bounds,
strings that fit the pattern), with a seeded RNG so runs are reproducible.  It does not need
to succeed: the differential test only asks both validators for the same verdict, and
`mutations` then breaks the instance in the ways validators get wrong (a wrong type, a value
outside an enum or bound, a missing required property, an unknown property, ...).
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Iterator
from typing import Any

import regex

from generator.patterns import PatternError, translate_pattern

#: Strings tried, in order, for a `pattern` (the Vapi spec's patterns all accept one).
PATTERN_CANDIDATES = (
    "abc",
    "ABC",
    "org-abc1",
    "Abc1",
    "a_b-c",
    "abc/def",
    "x",
    "1",
    "abc:12",
    "a.b",
)
FORMAT_VALUES = {
    "date-time": "2026-06-10T12:30:00Z",
    "date": "2026-06-10",
    "time": "12:30:00Z",
    "uuid": "3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f",
    "uri": "https://example.com/hooks/call",
    "email": "ops@example.com",
    "ipv4": "192.0.2.10",
    "ipv6": "2001:db8::10",
}
_MAX_DEPTH = 7


def matches(pattern: str, text: str) -> bool:
    try:
        translated = translate_pattern(pattern)
    except PatternError:
        return False
    engine: Any = regex if translated.engine == "regex" else re
    return engine.search(translated.python, text) is not None


class PayloadGenerator:
    """Builds instances of the schemas of one document (see the module docstring)."""

    def __init__(self, document: dict[str, Any], seed: int) -> None:
        self._document = document
        self._rng = random.Random(seed)

    def instance(self, name: str) -> Any:
        return self._any({"$ref": f"#/components/schemas/{name}"}, 0)

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        for _ in range(32):
            if "$ref" not in schema:
                break
            node: Any = self._document
            for token in schema["$ref"].lstrip("#/").split("/"):
                node = node[token.replace("~1", "/").replace("~0", "~")]
            schema = node
        return schema

    def _any(self, schema: Any, depth: int) -> Any:
        if not isinstance(schema, dict):
            return None if schema is False else "anything"
        schema = self._resolve(schema)
        if schema.get("nullable") and self._rng.random() < 0.1:
            return None
        if schema.get("enum"):
            return copy.deepcopy(self._rng.choice(schema["enum"]))
        for keyword in ("oneOf", "anyOf"):
            if schema.get(keyword):
                return self._any(self._rng.choice(schema[keyword]), depth + 1)
        if schema.get("allOf"):
            return self._all_of(schema, depth)
        maker = _MAKERS.get(_type_of(schema))
        return maker(self, schema, depth) if maker else self._rng.choice([1, "text", True])

    def _all_of(self, schema: dict[str, Any], depth: int) -> Any:
        parts = [self._any(member, depth + 1) for member in schema["allOf"]]
        rest = {key: value for key, value in schema.items() if key != "allOf"}
        if _type_of(rest) == "object" or rest.get("properties"):
            parts.append(self._object(rest, depth))
        if all(isinstance(part, dict) for part in parts):
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part)
            return merged
        return parts[0]

    def _object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or ())
        chance = max(0.05, 0.6 - 0.12 * depth)
        result = {}
        for name, subschema in properties.items():
            if name in required or (depth < _MAX_DEPTH and self._rng.random() < chance):
                result[name] = self._any(subschema, depth + 1)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and depth < _MAX_DEPTH and self._rng.random() < 0.3:
            result["extraKey"] = self._any(extra, depth + 1)
        return result

    def _array(self, schema: dict[str, Any], depth: int) -> list[Any]:
        least = schema.get("minItems", 0)
        most = schema.get("maxItems", least + 2)
        count = self._rng.randint(least, max(least, min(most, least + (2 if depth < 5 else 0))))
        items = schema.get("items", {})
        values = [self._any(items, depth + 1) for _ in range(count)]
        if schema.get("uniqueItems"):
            unique: list[Any] = []
            for value in values:
                if value not in unique:
                    unique.append(value)
            values = unique
        return values

    def _string(self, schema: dict[str, Any], depth: int) -> str:
        if schema.get("format") in FORMAT_VALUES:
            return FORMAT_VALUES[schema["format"]]
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            found = [text for text in PATTERN_CANDIDATES if matches(pattern, text)]
            if found:
                return self._rng.choice(found)
        least = schema.get("minLength", 0)
        most = schema.get("maxLength", max(least, 12))
        length = self._rng.randint(least, max(least, min(most, least + 12)))
        return "".join(self._rng.choice("abcdefghij klmno") for _ in range(length))

    def _number(self, schema: dict[str, Any], depth: int) -> float | int:
        low = schema.get("minimum", -1000 if "maximum" not in schema else schema["maximum"] - 100)
        high = schema.get("maximum", low + 1000)
        value: float | int = (
            self._rng.randint(int(low) + 1, int(high) - 1) if high - low > 2 else low
        )
        if schema.get("type") == "number" and self._rng.random() < 0.5 and high - low > 2:
            value = round(self._rng.uniform(low + 0.5, high - 0.5), 3)
        return value


def _type_of(schema: dict[str, Any]) -> str | None:
    declared = schema.get("type")
    if isinstance(declared, str):
        return declared
    if "properties" in schema or "required" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None


_MAKERS: dict[str, Callable[[PayloadGenerator, dict[str, Any], int], Any]] = {
    "object": PayloadGenerator._object,
    "array": PayloadGenerator._array,
    "string": PayloadGenerator._string,
    "integer": lambda generator, schema, depth: int(generator._number(schema, depth)),
    "number": PayloadGenerator._number,
    "boolean": lambda generator, schema, depth: generator._rng.random() < 0.5,
}

# --- mutations -----------------------------------------------------------------------------------

#: Replacement values for a node: each breaks some keyword (type, enum, length, bound, ...).
REPLACEMENTS: tuple[Any, ...] = (
    None,
    12345,
    -1,
    3.5,
    10**12,
    "",
    "x" * 300,
    "!!not valid!!",
    "call.answered",
    True,
    [],
    {},
    [1, "two"],
    {"unexpected": 1},
)


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _nodes(child, (*path, index))


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = root
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return root


def mutations(instance: Any, rng: random.Random, count: int) -> list[Any]:
    """`count` copies of `instance`, each changed at one random place."""
    nodes = list(_nodes(instance))
    mutated = []
    for _ in range(count):
        path, node = rng.choice(nodes)
        copied = copy.deepcopy(instance)
        if isinstance(node, dict) and node and rng.random() < 0.4:
            target = _set(copied, path, dict(node))
            parent = target
            for step in path:
                parent = parent[step]
            if rng.random() < 0.5:
                parent.pop(rng.choice(sorted(parent)))  # a required property, maybe
            else:
                parent["zzUnknownProperty"] = "surprise"
            mutated.append(target)
        else:
            mutated.append(_set(copied, path, copy.deepcopy(rng.choice(REPLACEMENTS))))
    return mutated
