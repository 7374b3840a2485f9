"""Checking that a webhook request comes from the API: `verify(headers, body, plan)`.

`plan` says how the API signs its requests to your server, in the spec's own terms: an HMAC
plan (`{"type": "hmac", "secretKey": ..., "algorithm": "sha256", ...}`) or a bearer plan
(`{"type": "bearer", "token": ...}`), as a mapping of wire names or a model of the package
(anything with `model_dump`). Defaults are the ones such plans document: the signature in
`x-signature`, the timestamp in `x-timestamp`, a payload of `{timestamp}.{body}`, hex digits;
`Authorization: Bearer <token>`.

Every comparison takes constant time (`hmac.compare_digest`), and a signed timestamp older or
newer than `tolerance` seconds is refused, so a captured request cannot be replayed later.
Whatever is wrong, `verify` raises `WebhookVerificationError` and nothing else; its message
never contains the secret, the token or the expected signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import Any

__all__ = ["WebhookVerificationError", "verify"]

_ALGORITHMS: frozenset[str] = frozenset({"sha1", "sha256", "sha512"})
_DEFAULT_TOLERANCE: float = 300.0
#: a timestamp above this is in milliseconds (10^11 seconds is the year 5138)
_MILLISECONDS_FROM: float = 1e11
_PLACEHOLDERS: tuple[str, ...] = (
    "{timestamp}",
    "{body}",
    "{method}",
    "{url}",
    "{svix-id}",
)


class WebhookVerificationError(Exception):
    """A webhook request that is not shown to come from the API: a signature, token or
    timestamp that is missing or wrong, a timestamp outside the tolerance, or a plan that
    cannot be used. Answer such a request with 401 and do not act on its body."""


def verify(
    headers: Mapping[str, str],
    body: bytes | bytearray | memoryview | str,
    plan: Mapping[str, Any] | Any,
    *,
    method: str | None = None,
    url: str | None = None,
    tolerance: float = _DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Return if the request is signed (or carries the token) as `plan` says; raise
    `WebhookVerificationError` otherwise.

    `body` is the raw request body, exactly as received (before any JSON decoding).
    `method` and `url` are needed only by a payload format that uses `{method}` or `{url}`.
    `now` (seconds since the epoch) is for tests; the clock is used by default.
    """
    fields = _plan_fields(plan)
    lowered = {str(name).lower(): str(value) for name, value in headers.items()}
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    kind = fields.get("type")
    if kind == "hmac":
        _verify_hmac(fields, lowered, raw, method, url, tolerance, now)
    elif kind == "bearer":
        _verify_bearer(fields, lowered)
    else:
        raise WebhookVerificationError(
            f"unsupported authentication plan type: {kind!r}"
        )


def _plan_fields(plan: Mapping[str, Any] | Any) -> Mapping[str, Any]:
    dump = getattr(plan, "model_dump", None)
    if callable(dump):
        plan = dump(by_alias=True, exclude_none=True)
    if not isinstance(plan, Mapping):
        raise WebhookVerificationError("the plan must be a mapping or a model")
    return plan


def _text(fields: Mapping[str, Any], key: str, default: str) -> str:
    value = fields.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise WebhookVerificationError(f"the plan's {key!r} must be a string")
    return value


def _flag(fields: Mapping[str, Any], key: str, default: bool) -> bool:
    value = fields.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise WebhookVerificationError(f"the plan's {key!r} must be a boolean")
    return value


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name.lower())
    if value is None:
        raise WebhookVerificationError(f"the request has no {name!r} header")
    return value


def _verify_bearer(fields: Mapping[str, Any], headers: Mapping[str, str]) -> None:
    token = _text(fields, "token", "")
    if not token:
        raise WebhookVerificationError("the bearer plan has no token")
    prefix = "Bearer " if _flag(fields, "bearerPrefixEnabled", True) else ""
    received = _header(headers, _text(fields, "headerName", "Authorization"))
    if not hmac.compare_digest(received.encode(), (prefix + token).encode()):
        raise WebhookVerificationError("the bearer token does not match")


def _verify_hmac(
    fields: Mapping[str, Any],
    headers: Mapping[str, str],
    body: bytes,
    method: str | None,
    url: str | None,
    tolerance: float,
    now: float | None,
) -> None:
    algorithm = _text(fields, "algorithm", "sha256")
    if algorithm not in _ALGORITHMS:
        raise WebhookVerificationError(
            "the plan's 'algorithm' is not sha1, sha256 or sha512"
        )
    with_timestamp = _flag(fields, "includeTimestamp", True)
    timestamp = ""
    if with_timestamp:
        timestamp = _header(headers, _text(fields, "timestampHeader", "x-timestamp"))
        _check_age(timestamp, tolerance, time.time() if now is None else now)
    default_format = "{timestamp}.{body}" if with_timestamp else "{body}"
    values = {
        "{timestamp}": timestamp.encode(),
        "{body}": body,
        "{method}": (method or "").encode(),
        "{url}": (url or "").encode(),
        "{svix-id}": _message_id(fields, headers),
    }
    payload = _payload(_text(fields, "payloadFormat", default_format), values)
    digest = hmac.new(_secret(fields), payload, getattr(hashlib, algorithm)).digest()
    expected = _text(fields, "signaturePrefix", "").encode() + _encoded(fields, digest)
    received = _header(headers, _text(fields, "signatureHeader", "x-signature"))
    # a header may carry several signatures, space-separated (a secret being rotated)
    matches = [
        hmac.compare_digest(part.encode(), expected) for part in received.split()
    ]
    if not any(matches):
        raise WebhookVerificationError("the signature does not match")


def _message_id(fields: Mapping[str, Any], headers: Mapping[str, str]) -> bytes:
    name = _text(fields, "messageIdHeader", "")
    return _header(headers, name).encode() if name else b""


def _check_age(timestamp: str, tolerance: float, now: float) -> None:
    try:
        seconds = float(timestamp)
    except ValueError:
        raise WebhookVerificationError("the timestamp is not a number") from None
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        raise WebhookVerificationError("the timestamp is not a number")
    if seconds > _MILLISECONDS_FROM:
        seconds /= 1000
    if abs(now - seconds) > tolerance:
        raise WebhookVerificationError("the timestamp is outside the tolerance")


def _payload(template: str, values: Mapping[str, bytes]) -> bytes:
    """`template` with each placeholder replaced, left to right (a body holding `{url}` stays
    as it is: only the template's own text is searched)."""
    out, rest = [], template
    while rest:
        found = [(rest.find(p), p) for p in _PLACEHOLDERS if p in rest]
        if not found:
            out.append(rest.encode())
            break
        start, placeholder = min(found)
        out += [rest[:start].encode(), values[placeholder]]
        rest = rest[start + len(placeholder) :]
    return b"".join(out)


def _secret(fields: Mapping[str, Any]) -> bytes:
    secret = _text(fields, "secretKey", "")
    if not secret:
        raise WebhookVerificationError("the HMAC plan has no secret key")
    if not _flag(fields, "secretIsBase64", False):
        return secret.encode()
    encoded = secret.removeprefix("whsec_")  # Svix writes its base64 secrets so
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError("the secret key is not valid base64") from None


def _encoded(fields: Mapping[str, Any], digest: bytes) -> bytes:
    encoding = _text(fields, "signatureEncoding", "hex")
    if encoding == "hex":
        return digest.hex().encode()
    if encoding == "base64":
        return base64.b64encode(digest)
    raise WebhookVerificationError(
        "the plan's 'signatureEncoding' is not hex or base64"
    )
