"""YAML text to the data JSON would give: YAML 1.2 core-schema scalars, bounded aliases, and
errors on one line with their line and column.

PyYAML implements YAML 1.1, which JSON and YAML 1.2 disagree with in ways real specs hit:
- `on`/`yes`/`no` are booleans and dates are datetimes (a property named `on` is common in
  webhook specs);
- `1e-08`, `1e+09` and `1E5` are strings, so a numeric bound becomes `'1e-08'`;
- `012` is octal, `0o17` a string, `1_000` and `1:30` numbers.
Here scalars follow the 1.2 core schema: booleans are `true`/`false` in three spellings, ints
are decimal, `0o` octal or `0x` hex, floats are JSON's numbers plus `.5`, `1.` and `.inf`/`.nan`;
everything else is a string. The C loader (about 6x faster) is used when libyaml is present;
its resolvers and constructors are Python's, so the rules are the same with either.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.errors import SpecLoadError

if TYPE_CHECKING:
    import yaml

#: Aliases may expand a document to at most this many times its written node count, plus the
#: constant: a 1 KB "billion laughs" (9 levels of 9 aliases) expands to ~400 million nodes,
#: while specs that reuse a fragment with an alias stay far below.
ALIAS_EXPANSION_FACTOR = 10
ALIAS_EXPANSION_SLACK = 100_000
#: How deep a document may nest; the shape check (`lowering/shape.py`) refuses deeper ones with
#: the pointer, and a document too deep to construct is refused the same way when it is read.
MAX_NESTING = 100
#: Nesting the C composer may reach on the main thread, and on a thread with a stack of
#: `THREAD_STACK_BYTES` (see `_compose`). libyaml's scanner is also quadratic in flow depth
#: (10,000 levels: 0.9 s; 20,000: 3.3 s), so `THREAD_DEPTH` bounds the time too; past it the
#: depth is measured on the event stream, which stops at `INLINE_DEPTH` levels.
INLINE_DEPTH = 10_000
THREAD_DEPTH = 30_000
THREAD_STACK_BYTES = 256 * 1024 * 1024

_INT = r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
_FLOAT = (
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
#: Where an anchor (`&name`) could start: after a space, a line start or a flow indicator.
#: Matching more than anchors costs only the check; missing one would skip it.
_MAY_HAVE_ANCHORS = re.compile(r"(?:^|[\s\[{,])&[^\s,\[\]{}]", re.MULTILINE)
_RESOLVED = {  # tag → (pattern, the characters a match can start with)
    "tag:yaml.org,2002:bool": (r"true|True|TRUE|false|False|FALSE", "tTfF"),
    "tag:yaml.org,2002:int": (_INT, "-+0123456789"),
    "tag:yaml.org,2002:float": (_FLOAT, "-+.0123456789"),
}


@functools.cache
def yaml_loader() -> type[yaml.SafeLoader]:
    """A safe loader (C when available) with the YAML 1.2 core schema's scalar rules.

    Built on first use, on a copy of PyYAML's resolver table so its own loaders keep theirs:
    importing PyYAML costs ~35 ms that a JSON spec does not need.
    """
    import yaml  # noqa: PLC0415 - PyYAML (~20 ms) only for YAML documents

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dropped = {*_RESOLVED, "tag:yaml.org,2002:timestamp"}
    loader: type[yaml.SafeLoader] = type("Yaml12Loader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in dropped]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    for tag, (pattern, first) in _RESOLVED.items():
        loader.add_implicit_resolver(tag, re.compile(f"^(?:{pattern})$"), list(first))
    loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
    return loader


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | float:
    text = str(node.value)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    if re.fullmatch(r"[-+]?[0-9]+", text):
        return int(text)  # YAML 1.2: `012` is twelve, not octal ten
    return _construct_float(loader, node)  # an explicit `!!int` on a float's text


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(node.value).lower()
    if text.lstrip("+-") == ".inf":
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    try:
        return float(text)
    except ValueError:
        raise _node_error(loader, node, f"{node.value!r} is not a number") from None


def _node_error(loader: Any, node: Any, message: str) -> SpecLoadError:
    return SpecLoadError(message, where=_mark_where(loader.name, node.start_mark))


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    # JSON keys are strings; YAML would give ints for unquoted status codes like `200:`. A
    # number keeps the text it was written as (`1e3:` is "1e3", not "1000.0").
    loader.flatten_mapping(node)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = _key_text(key, key_node)
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _key_text(key: object, node: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (int, float)) and isinstance(node.value, str):
        return str(node.value)
    return str(key)


def parse_yaml(text: str, location: str) -> Any:
    """The data of one YAML document; any YAML problem is one line with its line and column."""
    import yaml  # noqa: PLC0415 - PyYAML (~20 ms) only for YAML documents

    loader = yaml_loader()(text)
    loader.name = location
    node = None
    try:
        node = _compose(loader, text, location)
        if node is None:
            return None
        if _MAY_HAVE_ANCHORS.search(text):  # no anchor, no alias: nothing to count
            _check_aliases(node, location)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        where = _mark_where(location, exc.problem_mark or exc.context_mark)
        raise SpecLoadError(f"invalid YAML: {_problem(exc)}", where=where) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"invalid YAML: character U+{code:04X} is not allowed in YAML"
        raise SpecLoadError(message, where=f"{location}:{line}:{column}") from None
    except yaml.YAMLError as exc:
        raise SpecLoadError(f"invalid YAML: {_one_line(str(exc))}", where=location) from None
    except RecursionError:
        pointer = None if node is None else _deep_pointer(node, MAX_NESTING)
        name = location.rstrip("/").rsplit("/", 1)[-1] or location
        where = location if pointer is None else f"{name}#{pointer}"
        message = f"nested deeper than {MAX_NESTING} levels: too deep to follow"
        raise SpecLoadError(message, where=where) from None
    finally:
        loader.dispose()


def _compose(loader: Any, text: str, location: str) -> Any:
    """The node graph of the document, without overflowing the C stack.

    libyaml's composer recurses in C, about 280 bytes of stack per nesting level: the 8 MB main
    stack holds ~30,000 levels, and `[` * 50,000 kills the process. Nesting is bounded by the
    flow indicators plus the longest line (block nesting needs indentation): a document that
    could nest deeper than `INLINE_DEPTH` is composed on a thread with a large stack, and one
    that could nest deeper than `THREAD_DEPTH` has its depth measured first. (Construction
    then refuses, as too deep, any nesting past the interpreter's recursion limit.)
    """
    bound = text.count("[") + text.count("{") + max(map(len, text.splitlines()), default=0) + 1
    if bound <= INLINE_DEPTH:
        return loader.get_single_node()
    if bound <= THREAD_DEPTH:
        try:
            return _on_a_large_stack(loader.get_single_node)
        except _NoThread:
            pass  # e.g. an address-space limit: measure instead
    _check_depth(text, location)
    return loader.get_single_node()


class _NoThread(Exception):
    """A thread with a large stack could not be started."""


def _on_a_large_stack(function: Callable[[], Any]) -> Any:
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, function()))
        except BaseException as exc:  # re-raised in the calling thread
            outcome.append((False, exc))

    try:
        previous = threading.stack_size(THREAD_STACK_BYTES)  # reserved, touched only as needed
    except (ValueError, RuntimeError):
        raise _NoThread from None
    try:
        thread = threading.Thread(target=run, name="sdkgen-yaml-compose")
        thread.start()
    except RuntimeError:
        raise _NoThread from None
    finally:
        threading.stack_size(previous)
    thread.join()
    succeeded, value = outcome[0]
    if not succeeded:
        raise value
    return value


def _check_depth(text: str, location: str) -> None:
    """Refuse nesting deeper than `INLINE_DEPTH`, measured on the event stream (iterative)."""
    import yaml  # noqa: PLC0415 - PyYAML (~20 ms) only for YAML documents

    starts, ends = (
        (yaml.SequenceStartEvent, yaml.MappingStartEvent),
        (
            yaml.SequenceEndEvent,
            yaml.MappingEndEvent,
        ),
    )
    depth = 0
    for event in yaml.parse(text, Loader=yaml_loader()):
        if isinstance(event, starts):
            depth += 1
            if depth > INLINE_DEPTH:
                message = f"YAML nested too deeply to read (over {INLINE_DEPTH:,} levels)"
                raise SpecLoadError(message, where=_mark_where(location, event.start_mark))
        elif isinstance(event, ends):
            depth -= 1


def _mark_where(location: str, mark: Any) -> str:
    return f"{location}:{mark.line + 1}:{mark.column + 1}" if mark is not None else location


def _problem(exc: yaml.MarkedYAMLError) -> str:
    """`did not find expected ',' or ']' (while parsing a flow sequence from line 3)`."""
    problem = _one_line(exc.problem or "cannot be read")
    if not exc.context:
        return problem
    mark = exc.context_mark
    started = f" from line {mark.line + 1}" if mark is not None else ""
    return f"{problem} ({_one_line(exc.context)}{started})"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _check_aliases(root: Any, location: str) -> None:
    """Refuse a node graph that aliases make cyclic or much larger than written.

    Aliases share nodes, so each node's expanded size is computed once (linear in the written
    document), where every later stage would pay once per path to it. Scalars count one each.
    """
    sizes: dict[int, int] = {}  # id(collection node) → its node count, aliases expanded
    open_nodes: set[int] = set()  # the collections whose children are being counted
    written = 1
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes.get(id(child), 1) for child in _children(node))
        elif key in open_nodes:
            message = "a YAML alias refers to a node that contains it"
            raise SpecLoadError(message, where=_mark_where(location, node.start_mark))
        elif key not in sizes:
            open_nodes.add(key)
            stack.append((node, True))
            children = _children(node)
            written += len(children)
            stack.extend((child, False) for child in reversed(children) if _children(child))
    budget = ALIAS_EXPANSION_FACTOR * written + ALIAS_EXPANSION_SLACK
    if sizes.get(id(root), 1) > budget:
        node = root  # name the smallest node that is already over budget
        while big := [c for c in _children(node) if sizes.get(id(c), 1) > budget]:
            node = big[0]
        raise SpecLoadError(
            f"YAML aliases expand this node to {sizes[id(node)]:,} nodes, over the limit of "
            f"{budget:,} for this document; refused",
            where=_mark_where(location, node.start_mark),
        )


def _children(node: Any) -> list[Any]:
    """A collection node's children (keys and values of a mapping); a scalar has none."""
    value = node.value
    if isinstance(value, list):
        if value and isinstance(value[0], tuple):
            return [part for pair in value for part in pair]
        return value
    return []


def _deep_pointer(node: Any, limit: int) -> str | None:
    """The JSON pointer of the first collection nested more than `limit` levels deep in a
    composed YAML node graph, found without recursion (construction gave up: it recurses)."""
    import yaml  # noqa: PLC0415 - PyYAML (~20 ms) only for YAML documents

    stack: list[tuple[Any, tuple[str, ...]]] = [(node, ())]
    seen: set[int] = set()  # an alias may repeat a node: walk it once
    while stack:
        current, path = stack.pop()
        if id(current) in seen or isinstance(current, yaml.ScalarNode):
            continue
        seen.add(id(current))
        if len(path) > limit:
            return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in path)
        if isinstance(current, yaml.SequenceNode):
            stack.extend((item, (*path, str(i))) for i, item in enumerate(current.value))
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append((value, (*path, str(getattr(key, "value", key)))))
    return None
