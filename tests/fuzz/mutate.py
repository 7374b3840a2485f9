"""A seeded, structure-aware mutator of OpenAPI documents.

A mutant is the base document with 1-4 mutations, each aimed at what the generator reads:
wrong JSON types at structural keys, deletions, duplications, huge numbers, lone surrogates,
deep nesting, refs to missing things, cycles, hostile names and text (an injection marker
that must never become code or live HTML). The same seed always gives the same mutant.
"""

from __future__ import annotations

import copy
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: A call that must never appear in generated code, nor as a live tag in generated HTML.
MARKER = "sdkgen_pwned"
HOSTILE_TEXT = (
    f'"""\n{MARKER}()\n"""',
    f"'); {MARKER}(); ('",
    f"x\n{MARKER}()\n#",
    f"</script><script>{MARKER}()</script>",
    f"{{{{ {MARKER}() }}}}",
    f"\\\n{MARKER}()",
    f"*/ {MARKER}() /*",
)
HOSTILE_NAMES = (
    "", "class", "None", "123abc", "a-b c", "ü_ñ", "__init__", "self", "_", "A" * 300,
    "model_config", "x/y~z", "Ŧ😀", "import", "print", "foo.bar", "$ref", "\u200bzero",
)  # fmt: skip
WRONG_VALUES: tuple[Any, ...] = (
    "x", "", [], [1, "a"], [[]], 0, -1, 5, 1.5, {}, {"a": 1}, None, True, False,
)  # fmt: skip
HUGE_NUMBERS: tuple[Any, ...] = (
    1e308, -1e308, 10**40, -(10**40), 2**64, 1e-320, -1, 0, 0.5, 2**63, float("inf"),
)  # fmt: skip
STRUCTURAL_KEYS = (
    "info", "paths", "responses", "content", "properties", "allOf", "oneOf", "anyOf",
    "required", "type", "format", "description", "summary", "operationId", "items", "enum",
    "const", "minimum", "maximum", "minLength", "maxItems", "discriminator", "mapping",
    "parameters", "schema", "nullable", "additionalProperties", "pattern", "default", "example",
    "tags", "name", "in", "servers", "url", "title", "requestBody", "$ref", "propertyName",
    "exclusiveMinimum", "multipleOf", "uniqueItems", "components", "schemas", "openapi",
)  # fmt: skip
NUMERIC_KEYS = (
    "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "multipleOf",
    "exclusiveMinimum", "minProperties", "default", "example",
)  # fmt: skip
MISSING_REFS = (
    "#/components/schemas/Nope", "missing.yaml#/Thing", "#/paths", "#nope", "", "#",
    "#/components/schemas/", "#/components/schemas/A~2B", "http://127.0.0.1:9/x.json",
    "#/components/parameters/Nope", "../outside.json",
)  # fmt: skip

Path = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Mutant:
    seed: int
    document: Any
    steps: tuple[str, ...]  #: what was done, for the report
    as_yaml: bool


def _nodes(document: Any) -> list[tuple[Path, Any]]:
    """Every (path, value) in the document, containers and leaves, in document order."""
    found: list[tuple[Path, Any]] = []
    stack: list[tuple[Path, Any]] = [((), document)]
    while stack:
        path, node = stack.pop()
        found.append((path, node))
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node))))
    return found


def _parent(document: Any, path: Path) -> Any:
    node = document
    for token in path[:-1]:
        node = node[token]
    return node


def _set(document: Any, path: Path, value: Any) -> Any:
    if not path:
        return value
    _parent(document, path)[path[-1]] = value
    return document


def _schemas(document: Any) -> dict[str, Any]:
    components = document.get("components") if isinstance(document, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def _pick_key(rng: random.Random, nodes: list[tuple[Path, Any]], keys: tuple[str, ...]) -> Path:
    wanted = [path for path, _ in nodes if path and path[-1] in keys]
    return rng.choice(wanted) if wanted else rng.choice(nodes)[0]


def wrong_type(doc: Any, rng: random.Random) -> tuple[Any, str]:
    path = _pick_key(rng, _nodes(doc), STRUCTURAL_KEYS)
    value = copy.deepcopy(rng.choice(WRONG_VALUES))
    return _set(doc, path, value), f"wrong type {value!r} at {path}"


def delete(doc: Any, rng: random.Random) -> tuple[Any, str]:
    paths = [path for path, _ in _nodes(doc) if path]
    path = rng.choice(paths)
    parent = _parent(doc, path)
    del parent[path[-1]]
    return doc, f"deleted {path}"


def duplicate(doc: Any, rng: random.Random) -> tuple[Any, str]:
    """A subtree copied somewhere else: into another container, or as a near-name twin."""
    nodes = _nodes(doc)
    source_path, source = rng.choice(nodes)
    containers = [(p, n) for p, n in nodes if isinstance(n, dict | list)]
    target_path, target = rng.choice(containers)
    value = copy.deepcopy(source)
    if isinstance(target, list):
        target.append(value)
        return doc, f"copied {source_path} into list {target_path}"
    name = str(source_path[-1]) if source_path else "root"
    twin = rng.choice((name, name.lower(), name.upper(), f"{name}_", f"{name}-", f"{name} "))
    target[twin] = value
    return doc, f"copied {source_path} to {(*target_path, twin)}"


def huge_number(doc: Any, rng: random.Random) -> tuple[Any, str]:
    path = _pick_key(rng, _nodes(doc), NUMERIC_KEYS)
    value = rng.choice(HUGE_NUMBERS)
    return _set(doc, path, value), f"number {value!r} at {path}"


def surrogate(doc: Any, rng: random.Random) -> tuple[Any, str]:
    nodes = _nodes(doc)
    strings = [(p, n) for p, n in nodes if isinstance(n, str)]
    keyed = [(p, n) for p, n in nodes if p and isinstance(p[-1], str)]
    if strings and rng.random() < 0.6:
        path, text = rng.choice(strings)
        return _set(doc, path, text + "\ud800"), f"surrogate in the string at {path}"
    path, _ = rng.choice(keyed)
    parent = _parent(doc, path)
    parent[f"{path[-1]}\udfff"] = parent.pop(path[-1])
    return doc, f"surrogate in the key at {path}"


def deep_nesting(doc: Any, rng: random.Random) -> tuple[Any, str]:
    depth = rng.choice((30, 60, 120, 500, 3000))
    keyword = rng.choice(("items", "properties", "allOf", "not", "additionalProperties"))
    node: Any = {"type": "string"}
    for _ in range(depth):
        if keyword == "properties":
            node = {"type": "object", "properties": {"a": node}}
        elif keyword == "allOf":
            node = {"allOf": [node]}
        else:
            node = {keyword: node}
    _schemas(doc)[f"Deep{depth}"] = node
    return doc, f"{depth} levels of {keyword}"


def missing_ref(doc: Any, rng: random.Random) -> tuple[Any, str]:
    nodes = _nodes(doc)
    refs = [p for p, _ in nodes if p and p[-1] == "$ref"]
    ref = rng.choice(MISSING_REFS)
    if refs and rng.random() < 0.7:
        path = rng.choice(refs)
        return _set(doc, path, ref), f"$ref {ref!r} at {path}"
    mappings = [p for p, n in nodes if p and p[-1] == "mapping" and isinstance(n, dict)]
    if mappings and rng.random() < 0.5:
        mapping = _parent(doc, (*rng.choice(mappings), "x"))
        mapping[rng.choice(list(mapping) or ["x"])] = ref.rsplit("/", 1)[-1] or "Nope"
        return doc, f"discriminator mapping to {ref!r}"
    schemas = [p for p, n in nodes if isinstance(n, dict) and "type" in n]
    path = rng.choice(schemas) if schemas else ()
    return _set(doc, path, {"$ref": ref}), f"$ref {ref!r} replaces {path}"


def cycle(doc: Any, rng: random.Random) -> tuple[Any, str]:
    schemas = _schemas(doc)
    names = list(schemas)
    if not names:
        return doc, "no schemas for a cycle"
    a, b = rng.choice(names), rng.choice(names)
    ref_a, ref_b = {"$ref": f"#/components/schemas/{a}"}, {"$ref": f"#/components/schemas/{b}"}
    how = rng.choice(("allOf-self", "allOf-pair", "ref-self", "union-self", "items-self"))
    if how == "allOf-self":
        schemas[a] = {"allOf": [ref_a, {"type": "object"}]}
    elif how == "allOf-pair":
        schemas[a], schemas[b] = {"allOf": [ref_b]}, {"allOf": [ref_a, {"type": "object"}]}
    elif how == "ref-self":
        schemas[a] = ref_a
    elif how == "union-self":
        schemas[a] = {"oneOf": [ref_a, {"type": "string"}]}
    else:
        schemas[a] = {"type": "array", "items": ref_a}
    return doc, f"cycle {how} on {a}/{b}"


def hostile_text(doc: Any, rng: random.Random) -> tuple[Any, str]:
    """An injection marker in text, a name or a value the generator writes out."""
    nodes = _nodes(doc)
    text = rng.choice(HOSTILE_TEXT)
    where = rng.random()
    keyed = [(p, n) for p, n in nodes if len(p) >= 2 and p[-2] in ("properties", "schemas")]
    if where < 0.4:
        path = _pick_key(rng, nodes, ("title", "description", "summary", "operationId", "name"))
        return _set(doc, path, text), f"hostile text at {path}"
    if where < 0.7 and keyed:
        path, _ = rng.choice(keyed)
        parent = _parent(doc, path)
        parent[text] = parent.pop(path[-1])
        return doc, f"hostile name for {path}"
    enums = [p for p, n in nodes if p and p[-1] == "enum" and isinstance(n, list)]
    if enums:
        path = rng.choice(enums)
        _parent(doc, path)[path[-1]] = [*_parent(doc, path)[path[-1]], text]
        return doc, f"hostile enum value at {path}"
    return _set(doc, ("info", "title"), text), "hostile title"


def odd_name(doc: Any, rng: random.Random) -> tuple[Any, str]:
    nodes = _nodes(doc)
    keyed = [
        (p, n) for p, n in nodes if len(p) >= 2 and p[-2] in ("properties", "schemas", "paths")
    ]
    if not keyed:
        return doc, "no names"
    path, _ = rng.choice(keyed)
    name = rng.choice(HOSTILE_NAMES)
    if path[-2] == "paths":
        name = "/" + name + "/{" + rng.choice(("id", "", "a b", "class")) + "}"
    parent = _parent(doc, path)
    parent[name] = parent.pop(path[-1])
    return doc, f"renamed {path} to {name!r}"


def swap(doc: Any, rng: random.Random) -> tuple[Any, str]:
    """A node replaced by another node of the document (a schema where a response goes)."""
    nodes = _nodes(doc)
    path, _ = rng.choice([n for n in nodes if n[0]])
    other_path, other = rng.choice(nodes)
    return _set(doc, path, copy.deepcopy(other)), f"{path} replaced by a copy of {other_path}"


MUTATIONS: tuple[Callable[[Any, random.Random], tuple[Any, str]], ...] = (
    wrong_type, wrong_type, wrong_type, delete, delete, duplicate, huge_number, surrogate,
    deep_nesting, missing_ref, cycle, hostile_text, hostile_text, odd_name, swap,
)  # fmt: skip


def mutant(base: Any, seed: int) -> Mutant:
    """The mutant for `seed`: 1-4 mutations of a copy of `base`, a quarter of them as YAML."""
    rng = random.Random(seed)
    document = copy.deepcopy(base)
    steps = []
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))  # copying a deep-nesting mutant's subtrees
    try:
        for _ in range(rng.randint(1, 4)):
            mutation = rng.choice(MUTATIONS)
            try:
                document, step = mutation(document, rng)
            except (KeyError, IndexError, TypeError, AttributeError, RecursionError):
                step = f"{mutation.__name__}: not applicable here"  # an earlier step broke it
            steps.append(step)
    finally:
        sys.setrecursionlimit(limit)
    return Mutant(seed, document, tuple(steps), as_yaml=rng.random() < 0.25)
