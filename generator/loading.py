"""Bytes to data: read a spec (JSON or YAML) from a path or an http(s) URL.

YAML is read with YAML 1.2 core-schema scalars (`generator.yaml_reading`), so YAML and JSON
give the same data. Only regular files are read, and no document past `MAX_DOCUMENT_BYTES`.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]  # C, not in typeshed
from pathlib import Path
from typing import Any

from generator.errors import SpecLoadError
from generator.yaml_reading import MAX_NESTING, parse_yaml

URL_TIMEOUT_SECONDS = 30.0  #: per network operation
URL_DEADLINE_SECONDS = 120.0  #: for a whole response body
#: No document (file or URL body) is read past this: a spec is a few MB, a hostile one endless.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
#: Why a location may not be read (None: it may); see `generator.ref_policy`.
Admit = Callable[[str], "str | None"]


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed input file."""

    location: str  #: absolute path or URL, for resolving relative `$ref`s (never written to output)
    name: str  #: short display name: the file name, used in messages and generated headers
    contents: Any
    sha256: str


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def read_bytes(location: str, *, admit: Admit | None = None) -> bytes:
    """Read a local regular file or fetch an http(s) URL, with a timeout and a size limit.

    `admit(url)` says why a redirect target may not be fetched (None: it may).
    """
    if is_url(location):
        return _fetch(location, admit)
    return _read_file(location)


def _read_file(location: str) -> bytes:
    # Only a regular file is read: `/dev/zero`, `/dev/urandom`, a FIFO or a terminal would
    # block or never end. O_NONBLOCK makes opening a FIFO return at once, so fstat can say so.
    try:
        descriptor = os.open(location, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise SpecLoadError("no such file", where=location) from None
    except OSError as exc:
        raise SpecLoadError(f"cannot read: {exc.strerror}", where=location) from None
    except ValueError:  # a NUL character, or a lone surrogate no file name can hold
        raise SpecLoadError("cannot read: not a valid file name", where=location) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise SpecLoadError("not a regular file; only regular files are read", where=location)
    with os.fdopen(descriptor, "rb") as handle:
        try:
            return _capped(handle.read(MAX_DOCUMENT_BYTES + 1), location)
        except OSError as exc:
            raise SpecLoadError(f"cannot read: {exc.strerror}", where=location) from None


def _capped(data: bytes, location: str) -> bytes:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large(location)
    return data


def _too_large(location: str) -> SpecLoadError:
    limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
    return SpecLoadError(f"larger than the {limit} MB limit for one document", where=location)


def _fetch(url: str, admit: Admit | None) -> bytes:
    # only URLs need these (~15 ms)
    import urllib.error  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    class Redirects(urllib.request.HTTPRedirectHandler):
        # A redirect is a new fetch: it must obey the same rules as a `$ref` would.
        def redirect_request(
            self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
        ) -> Any:
            refused = admit(newurl) if admit is not None else None
            if refused is not None:
                raise SpecLoadError(f"redirected to {newurl}, which {refused}", where=url)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.build_opener(Redirects)
    try:
        with opener.open(url, timeout=URL_TIMEOUT_SECONDS) as response:
            return _read_body(response, url)
    except urllib.error.HTTPError as exc:
        raise SpecLoadError(f"HTTP {exc.code} {exc.reason}", where=url) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SpecLoadError(f"cannot fetch: {reason}", where=url) from None


def _read_body(response: Any, url: str) -> bytes:
    """The body, in chunks: the timeout bounds each read, so a server that trickles a byte at a
    time is stopped by the overall deadline, and an endless body by the size limit."""
    deadline = time.monotonic() + URL_DEADLINE_SECONDS
    chunks: list[bytes] = []
    size = 0
    read = getattr(response, "read1", response.read)  # what has arrived, not a full chunk
    while chunk := read(1 << 16):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_DOCUMENT_BYTES:
            raise _too_large(url)
        if time.monotonic() > deadline:
            raise SpecLoadError(f"not received within {URL_DEADLINE_SECONDS:.0f} s", where=url)
    return b"".join(chunks)


def parse(data: bytes, location: str) -> Any:
    """Parse JSON, or YAML when the name says so or the text is not JSON."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecLoadError(f"not UTF-8 text (byte {exc.start})", where=location) from None
    if location.lower().endswith((".yaml", ".yml")) or not text.lstrip().startswith(("{", "[")):
        return parse_yaml(text, location)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{location}:{exc.lineno}:{exc.colno}"
        raise SpecLoadError(f"invalid JSON: {exc.msg}", where=where) from None
    except RecursionError:
        pointer = deep_pointer(text, MAX_NESTING)
        where = f"{display_name(location)}#{pointer}" if pointer is not None else location
        message = f"nested deeper than {MAX_NESTING} levels: too deep to follow"
        raise SpecLoadError(message, where=where) from None


def deep_pointer(text: str, limit: int) -> str | None:
    """The JSON pointer of the first object or array nested more than `limit` levels deep in
    the JSON `text`, found in one pass without recursion (`json` itself gave up: it recurses)."""
    # One frame per open container: [bracket, its current key or index, expecting a key].
    stack: list[list[Any]] = []
    position, end = 0, len(text)
    while position < end:
        char = text[position]
        if char == '"':
            value, position = scanstring(text, position + 1)
            if stack and stack[-1][2]:
                stack[-1][1], stack[-1][2] = value, False
            continue
        if char in "{[":
            if len(stack) > limit:
                return "".join("/" + _token(str(frame[1])) for frame in stack)
            stack.append([char, 0 if char == "[" else "", char == "{"])
        elif char in "}]" and stack:
            stack.pop()
        elif char == "," and stack:
            frame = stack[-1]
            if frame[0] == "[":
                frame[1] += 1
            else:
                frame[2] = True
        position += 1
    return None


def _token(key: str) -> str:
    """A JSON pointer token (RFC 6901)."""
    return key.replace("~", "~0").replace("/", "~1")


def display_name(location: str) -> str:
    return location.rstrip("/").rsplit("/", 1)[-1] or location


def load_document(location: str, *, admit: Admit | None = None) -> Document:
    """Read and parse one file; `location` is a path or URL (`admit`: see `read_bytes`)."""
    if is_url(location):
        data = read_bytes(location, admit=admit)
    else:
        # Read what was named (`/proc/self/fd/0` must be seen as the pipe it is), but keep
        # the real path: relative refs are relative to the file itself, not to a symlink.
        data = read_bytes(str(Path(location).absolute()))
        location = str(Path(location).resolve())
    contents = parse(data, location)
    return Document(location, display_name(location), contents, hashlib.sha256(data).hexdigest())
