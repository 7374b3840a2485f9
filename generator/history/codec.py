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
    head = [
        f"{_string(name)}:{_item(getattr(api, name))}"
        for name in (f.name for f in dataclasses.fields(api))
        if name not in _LISTS and name not in ("spec_name", "spec_sha256")
    ]
    lines = ["{", f'"format": {FORMAT},', f'"api": {{{",".join(head)}}},']
    for index, key in enumerate(_LISTS):
        items = [_item(item) for item in getattr(api, key)]
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


def _item(value: Any) -> str:
    """A schema, operation or resource: its lists of IR objects (fields, enum members,
    parameters, responses) one object per line, so a changed description is one line."""
    out: list[str] = []
    _write(value, out, lines=True)
    return "".join(out)


#: the JSON text of a string, and of any JSON value (C code both)
_string = json.encoder.encode_basestring_ascii
_dump = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def _write(value: Any, out: list[str], *, lines: bool = False) -> None:
    """Append the JSON of `value` to `out` in one pass. `lines`: each object of a field that
    is a list of IR objects goes on a line of its own (for a top-level item)."""
    kind = type(value)
    fields = _FIELDS.get(kind)
    if fields is not None:
        out.append(f'{{"@":"{kind.__name__}"')
        for name, default in fields:
            item = getattr(value, name)
            # `0 == False`, yet they are not the same value: left out only when both agree
            if item is default or (item == default and type(item) is type(default)):
                continue
            out.append(f',"{name}":')
            if lines and type(item) is tuple and item and type(item[0]) in _FIELDS:
                out.append("[\n")
                for index, member in enumerate(item):
                    out.append(",\n" if index else "")
                    _write(member, out)
                out.append("\n]")
            else:
                _write(item, out)
        out.append("}")
    elif kind is str:
        out.append(_string(value))
    elif kind is tuple:
        out.append("[")
        for index, member in enumerate(value):
            out.append("," if index else "")
            _write(member, out)
        out.append("]")
    elif kind is list or kind is dict:  # a JSON value (a default, an example): kept apart
        out.append(f'{{"$json":{_dump(value)}}}')
    else:  # None, a bool, an int or a float, as `json` writes them
        out.append(_dump(value))


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
