"""Runtime support embedded verbatim into every generated validator module.

The code between the EMBEDDED markers is the single definition of `ValidationError` and of the
helpers generated code calls (JSON equality, ``multipleOf``, formats, branch selection).  It
uses only the standard library, so generated modules stay dependency-free; `runtime_source`
returns that text for embedding, and in-memory compilation reuses these very objects so errors
are instances of `generator.validators.ValidationError`.
"""

# ruff: noqa: I001  (the embedded block below must carry its own imports, so two import blocks)
from __future__ import annotations

from pathlib import Path

# --- BEGIN EMBEDDED RUNTIME ---
import datetime as _datetime
import ipaddress as _ipaddress
import re as _re
from collections.abc import Sequence as _Sequence
from dataclasses import dataclass as _dataclass
from fractions import Fraction as _Fraction
from typing import Any as _Any


@_dataclass(frozen=True, slots=True)
class ValidationError:
    """One failed JSON Schema keyword: what failed, where in the data and where in the schema."""

    message: str  #: readable text without the location, e.g. "'x' is too long (maxLength 4)"
    path: str  #: JSON pointer into the validated data ("" for the root)
    schema_path: str  #: pointer to the failing keyword in the schema document
    keyword: str  #: the JSON Schema keyword that failed, e.g. "maxLength"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _ptr(segments: _Sequence[object]) -> str:
    """Render instance path segments as a JSON pointer (RFC 6901 escaping)."""
    return "".join("/" + str(s).replace("~", "~0").replace("/", "~1") for s in segments)


def _r(value: object) -> str:
    """Short repr of an instance value for messages: long values are cut, not dumped."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _json_equal(left: object, right: object) -> bool:
    """JSON equality: 1 == 1.0, but True != 1 and containers compare element-wise."""
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_json_equal, left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(
            _json_equal(v, right[k]) for k, v in left.items()
        )
    return type(left) is type(right) and left == right


def _in_enum(value: object, allowed: _Sequence[object]) -> bool:
    return any(_json_equal(value, option) for option in allowed)


def _unique(items: list[_Any]) -> bool:
    """Whether all array items differ under JSON equality (quadratic only for containers)."""
    seen = set()
    for item in items:
        if isinstance(item, (list, dict, float)):
            break
        key = (type(item) is bool, item)
        if key in seen:
            return False
        seen.add(key)
    else:
        return True
    return not any(_json_equal(items[i], items[j]) for i in range(len(items)) for j in range(i))


def _multiple_of(value: float, divisor: float) -> bool:
    if isinstance(divisor, float) or isinstance(value, float):
        try:
            quotient = value / divisor
            return quotient == int(quotient) or _Fraction(value) % _Fraction(divisor) == 0
        except OverflowError:  # huge quotient: exact arithmetic cannot overflow
            return _Fraction(value) % _Fraction(divisor) == 0
    return value % divisor == 0


def _is_int(value: object) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    )


_TIME = _re.compile(
    r"([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?"
    r"([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])\Z",
    _re.ASCII,
)
_DATE = _re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", _re.ASCII)
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = _re.compile(
    rf'(?:{_ATOM}(?:\.{_ATOM})*|"(?:[^"\\]|\\.)*")@(?:{_LABEL}(?:\.{_LABEL})*|\[([^\]]*)\])\Z'
)
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
_URI = _re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*:"
    r"(?://(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?"
    r"(\[[^\]]*\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::[0-9]*)?"
    rf"(?:/{_PCHAR}*)*|/?(?:{_PCHAR}+(?:/{_PCHAR}*)*)?)"
    rf"(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?\Z"
)
_UUID = _re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z"
)


def _fmt_date(value: str) -> bool:
    try:
        return bool(_DATE.match(value)) and bool(_datetime.date.fromisoformat(value))
    except ValueError:
        return False


def _fmt_time(value: str) -> bool:
    found = _TIME.match(value)
    return found is not None and (found.group(3) != "60" or _leap_second_ok(found))


def _leap_second_ok(found: _re.Match[str]) -> bool:
    """RFC 3339: a leap second is only valid at 23:59:60 UTC."""
    hour, minute = int(found.group(1)), int(found.group(2))
    offset = found.group(5)
    if offset not in ("Z", "z"):
        sign = -1 if offset[0] == "+" else 1
        total = hour * 60 + minute + sign * (int(offset[1:3]) * 60 + int(offset[4:6]))
        hour, minute = divmod(total % 1440, 60)
    return (hour, minute) == (23, 59)


def _fmt_date_time(value: str) -> bool:
    date, sep, time = value.partition("T") if "T" in value else value.partition("t")
    return bool(sep) and _fmt_date(date) and _fmt_time(time)


def _fmt_ipv4(value: str) -> bool:
    try:
        return value.isascii() and _ipaddress.IPv4Address(value) is not None
    except ValueError:
        return False


def _fmt_ipv6(value: str) -> bool:
    try:
        return value.isascii() and "%" not in value and _ipaddress.IPv6Address(value) is not None
    except ValueError:
        return False


def _fmt_email(value: str) -> bool:
    found = _EMAIL.match(value)
    if found is None or found.group(1) is None:
        return found is not None
    literal = found.group(1)  # [127.0.0.1] or [IPv6:::1]
    return _fmt_ipv6(literal[5:]) if literal.startswith("IPv6:") else _fmt_ipv4(literal)


def _fmt_uri(value: str) -> bool:
    found = _URI.match(value)
    if found is None or not (found.group(1) or "").startswith("["):
        return found is not None
    return _fmt_ipv6(found.group(1)[1:-1])


def _fmt_uuid(value: str) -> bool:
    return _UUID.match(value) is not None


def _closest(branches: _Sequence[list[ValidationError]], here: str) -> list[ValidationError]:
    """The errors of the branch that came closest: its type matched, then fewest errors."""

    def distance(errors: list[ValidationError]) -> tuple[bool, int]:
        shallow = any(e.path == here and e.keyword == "type" for e in errors)
        return shallow, len(errors)

    return min(branches, key=distance) if branches else []


def _report_branches(
    data: object,
    path: tuple[str | int, ...],
    errors: list[ValidationError],
    branches: _Sequence[_Any],
    chosen: int | None,
) -> None:
    """Report the errors of one failing oneOf/anyOf branch: the chosen one, else the closest."""
    if chosen is not None:
        branches[chosen](data, path, errors)
        return
    collected: list[list[ValidationError]] = []
    for branch in branches:
        collected.append([])
        branch(data, path, collected[-1])
    errors.extend(_closest(collected, _ptr(path)))


# --- END EMBEDDED RUNTIME ---

_BEGIN = "# --- BEGIN EMBEDDED RUNTIME ---\n"
_END = "# --- END EMBEDDED RUNTIME ---\n"


def runtime_source() -> str:
    """The embedded runtime's source text, exactly as it appears in this file."""
    text = Path(__file__).read_text(encoding="utf-8")
    return text[text.index(_BEGIN) + len(_BEGIN) : text.index(_END)]


def runtime_namespace() -> dict[str, object]:
    """The runtime's objects by name, for executing generated bodies in memory."""
    return {name: value for name, value in globals().items() if not name.startswith("__")}
