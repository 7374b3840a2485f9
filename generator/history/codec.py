"""The IR snapshot: a frozen `Api` as JSON text and back, exactly.

The IR holds only frozen dataclasses, tuples and JSON values (see `generator.ir.types`), so a
generic encoding is exact: a dataclass is an object tagged with its class name (fields left at
their defaults are left out), a tuple is a list, and a JSON value that is a list or an object
(a default, an example) is wrapped as `{"$json": ...}` so that decoding tells it from a tuple.

The spec's file name and byte hash are not kept: the JSON and YAML copies of one spec, or two
files with one content, give one snapshot. Each schema, operation and resource is on a line of
its own, so a change to one shows as one line in a diff of the output folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from generator import ir

FORMAT = 1
#: every class the IR is made of, by name
_CLASSES: dict[str, type] = {
    name: value
    for name, value in vars(ir).items()
    if isinstance(value, type) and dataclasses.is_dataclass(value)
}
_LISTS = ("schemas", "operations", "resources")
#: each class's (field, default) pairs, looked up once: a Vapi IR has ~100,000 values
_FIELDS: dict[type, tuple[tuple[str, Any], ...]] = {
    cls: tuple((f.name, f.default) for f in dataclasses.fields(cls)) for cls in _CLASSES.values()
}


class SnapshotError(ValueError):
    """A snapshot that is not one this version of sdkgen wrote."""


def encode(api: ir.Api) -> str:
    """The snapshot text: deterministic, for one IR whatever file it was read from."""
    head = {
        key: _encode(getattr(api, key))
        for key in (f.name for f in dataclasses.fields(api))
        if key not in _LISTS and key not in ("spec_name", "spec_sha256")
    }
    lines = [
        "{",
        f'"format": {FORMAT},',
        f'"api": {_dump(head)},',
    ]
    for index, key in enumerate(_LISTS):
        items = [_item(_encode(item)) for item in getattr(api, key)]
        last = "]" + ("," if index < len(_LISTS) - 1 else "")
        lines += [f'"{key}": [', ",\n".join(items), last] if items else [f'"{key}": []{last[1:]}']
    lines.append("}")
    return "\n".join(lines) + "\n"


def content_sha256(snapshot: str) -> str:
    """The hash of what the SDK is generated from (the IR), whatever file it was read from."""
    return hashlib.sha256(snapshot.encode("utf-8")).hexdigest()


def decode(text: str) -> ir.Api:
    """The `Api` of a snapshot; `SnapshotError` if it is not one."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SnapshotError(f"not an sdkgen IR snapshot of format {FORMAT}")
        fields = {key: _decode(value) for key, value in data["api"].items()}
        fields.update({key: _decode(data[key]) for key in _LISTS})
        return ir.Api(spec_name="", spec_sha256="", **fields)
    except SnapshotError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise SnapshotError(f"cannot read it: {exc}") from None


def _item(encoded: dict[str, Any]) -> str:
    """A schema, operation or resource: its lists of IR objects (fields, enum members,
    parameters, responses) one object per line, so a changed description is one line."""
    parts = []
    for key, value in encoded.items():
        if type(value) is list and value and type(value[0]) is dict and "@" in value[0]:
            listed = ",\n".join(_dump(item) for item in value)
            parts.append(f'"{key}":[\n{listed}\n]')
        else:
            parts.append(f"{_dump(key)}:{_dump(value)}")
    return "{" + ",".join(parts) + "}"


def _dump(value: Any) -> str:
    # ensure_ascii: one byte layout whatever the terminal; allow_nan: the IR's floats are JSON's
    return json.dumps(value, separators=(",", ":"), sort_keys=False)


def _encode(value: Any) -> Any:
    fields = _FIELDS.get(type(value))
    if fields is not None:
        out: dict[str, Any] = {"@": type(value).__name__}
        for name, default in fields:
            item = getattr(value, name)
            # `0 == False`, yet they are not the same value: left out only when both agree
            if item is default or (item == default and type(item) is type(default)):
                continue
            out[name] = _encode(item)
        return out
    if type(value) is tuple:
        return [_encode(item) for item in value]
    if isinstance(value, (list, dict)):
        return {"$json": value}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(item) for item in value)
    if isinstance(value, dict):
        if "$json" in value:
            return value["$json"]
        cls = _CLASSES.get(value.get("@", ""))
        if cls is None:
            raise SnapshotError(f"unknown IR class {value.get('@')!r}")
        fields = {key: _decode(item) for key, item in value.items() if key != "@"}
        return cls(**fields)
    return value
