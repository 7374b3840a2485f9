"""Bytes to data: read a spec (JSON or YAML) from a path or an http(s) URL.

YAML is read with YAML 1.2 scalars: `on`, `yes` and `no` stay strings (a property named `on`
is common in webhook specs) and dates stay strings, so YAML and JSON give the same data.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import SpecLoadError

if TYPE_CHECKING:
    import yaml

URL_TIMEOUT_SECONDS = 30.0


@functools.cache
def yaml_loader() -> type[yaml.SafeLoader]:
    """The C loader when libyaml is present (about 6x faster), with YAML 1.2 scalar rules.

    YAML 1.1 reads `on`/`yes`/`no` as booleans and dates as datetimes; JSON does neither. The
    loader drops those resolvers (on a copy of the table, so PyYAML's own loaders keep theirs),
    re-adds plain booleans, and turns non-string keys (`200:`) into strings. Built on first use:
    importing PyYAML costs ~35 ms that a JSON spec does not need.
    """
    import yaml  # noqa: PLC0415

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dropped = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
    loader: type[yaml.SafeLoader] = type("Yaml12Loader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in dropped]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    return loader


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    # JSON keys are strings; YAML would give ints for unquoted status codes like `200:`.
    loader.flatten_mapping(node)
    pairs = loader.construct_pairs(node, deep=True)
    return {k if isinstance(k, str) else _key_text(k): v for k, v in pairs}


def _key_text(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed input file."""

    location: str  #: absolute path or URL, for resolving relative `$ref`s (never written to output)
    name: str  #: short display name: the file name, used in messages and generated headers
    contents: Any
    sha256: str


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def read_bytes(location: str) -> bytes:
    """Read a local file or fetch an http(s) URL, with a timeout."""
    if is_url(location):
        return _fetch(location)
    try:
        return Path(location).read_bytes()
    except FileNotFoundError:
        raise SpecLoadError("no such file", where=location) from None
    except OSError as exc:
        raise SpecLoadError(f"cannot read: {exc.strerror}", where=location) from None


def _fetch(url: str) -> bytes:
    import urllib.error  # noqa: PLC0415 - only URLs need it
    import urllib.request  # noqa: PLC0415

    try:
        with urllib.request.urlopen(url, timeout=URL_TIMEOUT_SECONDS) as response:
            data: bytes = response.read()
            return data
    except urllib.error.HTTPError as exc:
        raise SpecLoadError(f"HTTP {exc.code} {exc.reason}", where=url) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SpecLoadError(f"cannot fetch: {reason}", where=url) from None


def parse(data: bytes, location: str) -> Any:
    """Parse JSON, or YAML when the name says so or the text is not JSON."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecLoadError(f"not UTF-8 text (byte {exc.start})", where=location) from None
    if location.lower().endswith((".yaml", ".yml")) or not text.lstrip().startswith(("{", "[")):
        return _parse_yaml(text, location)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{location}:{exc.lineno}:{exc.colno}"
        raise SpecLoadError(f"invalid JSON: {exc.msg}", where=where) from None


def _parse_yaml(text: str, location: str) -> Any:
    import yaml  # noqa: PLC0415

    try:
        return yaml.load(text, Loader=yaml_loader())  # a safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{location}:{mark.line + 1}:{mark.column + 1}" if mark else location
        raise SpecLoadError(f"invalid YAML: {exc.problem}", where=where) from None
    except yaml.YAMLError as exc:
        raise SpecLoadError(f"invalid YAML: {exc}", where=location) from None


def display_name(location: str) -> str:
    return location.rstrip("/").rsplit("/", 1)[-1] or location


def load_document(location: str) -> Document:
    """Read and parse one file; `location` is a path or URL."""
    if not is_url(location):
        location = str(Path(location).resolve())
    data = read_bytes(location)
    try:
        contents = parse(data, location)
    except RecursionError:
        contents = parse_deeply(data, location)
    return Document(location, display_name(location), contents, hashlib.sha256(data).hexdigest())


def parse_deeply(data: bytes, location: str) -> Any:
    """`parse` on a deep stack, for a document nested deeper than the default one allows: it
    is read, so that the shape check (`build/shape.py`) names the pointer where it nests too
    deeply, and refuses it there."""
    import sys  # noqa: PLC0415
    import threading  # noqa: PLC0415

    result: list[Any] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            result.append(parse(data, location))
        except BaseException as exc:  # handed over to the calling thread
            failed.append(exc)

    limit, size = sys.getrecursionlimit(), threading.stack_size()
    try:
        sys.setrecursionlimit(max(limit, 20_000))  # beyond, PyYAML slows quadratically
        threading.stack_size(1 << 30)  # virtual memory: only the pages used are committed
        worker = threading.Thread(target=run, name="sdkgen-deep-parse")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(size)
        sys.setrecursionlimit(limit)
    if failed and isinstance(failed[0], RecursionError):
        raise SpecLoadError("nested too deeply to read", where=location) from None
    if failed:
        raise failed[0]
    return result[0]
