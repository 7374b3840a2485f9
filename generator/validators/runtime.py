"""Runtime support shared by every generated validator module.

The code between the EMBEDDED markers is the single definition of `ValidationError` and of the
helpers generated code calls (error reports, unions, JSON equality, ``multipleOf``, formats).
It uses only the standard library and imports nothing costly up front (``datetime`` is not
needed, ``ipaddress`` and ``fractions`` are imported on first use), so importing a generated
package's validators stays cheap.  `runtime_source` returns the text: embedded into standalone
modules, or rendered as the package's ``_runtime.py``; in-memory compilation reuses these very
objects, so errors are instances of `generator.validators.ValidationError`.  The text is kept
ruff-formatted at 88 columns because it is emitted verbatim.
"""

# ruff: noqa: I001, PLC0415  (the embedded block carries its own imports and lazy imports)
from __future__ import annotations

from pathlib import Path

# --- BEGIN EMBEDDED RUNTIME ---
import re as _re
from collections.abc import Callable as _Callable
from collections.abc import Mapping as _Mapping
from collections.abc import Sequence as _Sequence
from math import isfinite as _isfinite
from typing import Any as _Any
from typing import TypeGuard as _TypeGuard


class ValidationError:
    """One failed JSON Schema keyword: what failed, where in the data and in the schema."""

    __slots__ = ("keyword", "message", "path", "schema_path")

    #: readable text without the location, e.g. "'x' is too long (maxLength 4)"
    message: str
    #: JSON pointer into the validated data ("" for the root)
    path: str
    #: pointer to the failing keyword in the schema document
    schema_path: str
    #: the JSON Schema keyword that failed, e.g. "maxLength"
    keyword: str

    def __init__(self, message: str, path: str, schema_path: str, keyword: str) -> None:
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "schema_path", schema_path)
        object.__setattr__(self, "keyword", keyword)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"ValidationError is immutable (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"ValidationError is immutable (cannot delete {name!r})")

    def _fields(self) -> tuple[str, str, str, str]:
        return (self.message, self.path, self.schema_path, self.keyword)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValidationError):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"ValidationError(message={self.message!r}, path={self.path!r},"
            f" schema_path={self.schema_path!r}, keyword={self.keyword!r})"
        )

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


_Path = tuple[str | int, ...]
_Errors = list[ValidationError]
#: (schema_path, keyword, message): one keyword's place in the schema and its message
_Spec = tuple[str, str, str]
_Check = _Callable[[_Any], bool]
_Collect = _Callable[[_Any, _Path, _Errors], None]
#: (discriminating property, its value -> branch index, branch functions)
_Table = _Mapping[str, int]
_Union = tuple[str | None, _Table | None, _Sequence[_Check]]
#: The same for reporting, and the error of a tag value no branch has (when tags decide)
_Report = tuple[str | None, _Table | None, _Sequence[_Collect], _Spec | None]


def _ptr(segments: _Path) -> str:
    """Render instance path segments as a JSON pointer (RFC 6901 escaping)."""
    return "".join("/" + str(s).replace("~", "~0").replace("/", "~1") for s in segments)


def _r(value: object) -> str:
    """Short repr of an instance value for messages: long values are cut, not dumped.

    Built within a budget, never by ``repr`` of the whole value: that is quadratic in nothing
    but linear in a 100 MB string, raises on an int of over 4,300 digits and recurses as deep
    as the value nests.
    """
    text = _short(value, 81)
    return text if len(text) <= 80 else text[:77] + "..."


def _short(value: object, budget: int) -> str:
    """At least `budget` characters of the repr of `value` (all of it when shorter)."""
    if isinstance(value, str):
        return repr(value[:budget]) if len(value) > budget else repr(value)
    if isinstance(value, int) and value.bit_length() > 256:
        # log10(2) digits per bit: the count without the text
        digits = int(value.bit_length() * 0.30103) + 1
        return f"{'-' if value < 0 else ''}<integer of about {digits} digits>"
    if isinstance(value, (list, dict)):
        return _short_container(value, budget)
    try:
        return repr(value)
    except Exception:  # no JSON value, and its repr fails: its type tells enough
        return f"<{type(value).__name__} object>"


def _short_container(value: list[_Any] | dict[_Any, _Any], budget: int) -> str:
    """`_short` of a list or dict: items until the budget is spent (one level per call)."""
    items: _Any = value.items() if isinstance(value, dict) else value
    parts, used = [], 1
    for item in items:
        if used > budget:
            parts.append("...")
            break
        if isinstance(value, dict):
            key, item_value = item
            text = _short(key, budget - used) + ": " + _short(item_value, budget - used)
        else:
            text = _short(item, budget - used)
        parts.append(text)
        used += len(text) + 2
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    return opening + ", ".join(parts) + closing


def _fail(errors: _Errors, path: _Path, spec: _Spec) -> None:
    """Report `spec`'s message as it is."""
    errors.append(ValidationError(spec[2], _ptr(path), spec[0], spec[1]))


def _fail_on(errors: _Errors, path: _Path, spec: _Spec, value: object) -> None:
    """Report `spec`'s message after the short repr of the failing `value`."""
    errors.append(ValidationError(_r(value) + spec[2], _ptr(path), spec[0], spec[1]))


#: Nesting at which `_too_deep` reports a value that nests deeper than validation can follow.
_DEPTH_REPORTED = 100


def _too_deep(data: _Any, schema_path: str) -> list[ValidationError]:
    """The one error of an instance that nests deeper than the validators can follow (they
    recurse with it, and Python's recursion limit stopped them): keyword ``depth``, at the
    first value at depth `_DEPTH_REPORTED`, or at the first deepest value of a shallower one."""
    path = _deepest(data, _DEPTH_REPORTED)
    message = f"nests too deeply to validate (depth {len(path)} reached here)"
    return [ValidationError(message, _ptr(path), schema_path, "depth")]


def _deepest(data: _Any, limit: int) -> _Path:
    """Path of the first value (in document order) at depth `limit`, else of the first deepest
    value; iterative, so that any nesting can be measured."""
    best: _Path = ()
    stack: list[tuple[_Path, _Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if len(path) > len(best):
            best = path
            if len(best) >= limit:
                break
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, i), value[i]) for i in range(len(value) - 1, -1, -1))
    return best


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
    pairs = ((i, j) for i in range(len(items)) for j in range(i))
    return not any(_json_equal(items[i], items[j]) for i, j in pairs)


def _multiple_of(value: float, divisor: float) -> bool:
    if not isinstance(divisor, float) and not isinstance(value, float):
        return value % divisor == 0
    if isinstance(value, float) and not _isfinite(value):  # json.loads reads NaN
        return False
    from fractions import Fraction

    try:
        quotient = value / divisor
        return quotient == int(quotient) or Fraction(value) % Fraction(divisor) == 0
    except OverflowError:  # huge quotient: exact arithmetic cannot overflow
        return Fraction(value) % Fraction(divisor) == 0


# Type guards, so that a type checker reading generated code knows what a check proved, even
# in a schema no value can satisfy (an integer that must also be an object).
def _is_int(value: object) -> _TypeGuard[int | float]:
    """JSON Schema 2019+ integers: 1.0 is an integer too."""
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def _is_int4(value: object) -> _TypeGuard[int]:
    """Draft 4 (OpenAPI 3.0) integers: 1.0 is a number but not an integer."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> _TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPE_CHECKS: dict[str, _Check] = {
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "draft4-integer": _is_int4,
    "integer": _is_int,
    "null": lambda value: value is None,
    "number": _is_number,
    "object": lambda value: isinstance(value, dict),
    "string": lambda value: isinstance(value, str),
}


def _is_type(value: object, kinds: _Sequence[str]) -> bool:
    """Whether `value` has one of the JSON types `kinds` (for long ``type`` lists)."""
    return any(_TYPE_CHECKS[kind](value) for kind in kinds)


def _selected(data: _Any, tag: str | None, table: _Mapping[str, int] | None) -> int:
    """The branch the tag property selects: its index, -1 if unknown, -2 if undecided."""
    if tag is None or table is None or not isinstance(data, dict):
        return -2
    value = data.get(tag)
    if not isinstance(value, str):
        return -2
    return table.get(value, -1)


def _one_of(data: _Any, union: _Union) -> bool:
    """Exactly one branch holds; a tag whose values the branches pin decides at once."""
    tag, table, branches = union
    if tag is not None:
        index = _selected(data, tag, table)
        if index != -2:
            return index >= 0 and branches[index](data)
    found = False
    for branch in branches:
        if branch(data):
            if found:
                return False
            found = True
    return found


def _any_of(data: _Any, union: _Union) -> bool:
    tag, table, branches = union
    if tag is not None:
        index = _selected(data, tag, table)
        if index != -2:
            return index >= 0 and branches[index](data)
    # A loop rather than any(...): no generator to set up on the hot path.
    for branch in branches:  # noqa: SIM110
        if branch(data):
            return True
    return False


def _closest(branches: _Sequence[_Errors], here: str) -> _Errors:
    """The errors of the branch that came closest: its type matched, then fewest errors."""

    def distance(errors: _Errors) -> tuple[bool, int]:
        shallow = any(e.path == here and e.keyword == "type" for e in errors)
        return shallow, len(errors)

    return min(branches, key=distance) if branches else []


def _report_any_of(
    data: _Any,
    path: _Path,
    errors: _Errors,
    union: _Union,
    report: _Report,
) -> None:
    """Errors of a failed anyOf/oneOf: those of the branch the union's own tag selects (only
    it can hold) or, for a tag no branch has, one error at the tag (the report's last item);
    else of the branch the report's table (a discriminator) selects; else of the closest."""
    tag, tags = union[0], report[3]
    index = _selected(data, tag, union[1])
    if index == -1 and tag is not None and tags is not None:
        _fail_on(errors, (*path, tag), tags, data[tag])
        return
    branches = report[2]
    if index < 0:
        index = _selected(data, report[0], report[1])
    if index >= 0:
        branches[index](data, path, errors)
        return
    collected: list[_Errors] = []
    for branch in branches:
        collected.append([])
        branch(data, path, collected[-1])
    errors.extend(_closest(collected, _ptr(path)))


def _report_one_of(
    data: _Any,
    path: _Path,
    errors: _Errors,
    union: _Union,
    report: _Report,
    spec: _Spec,
) -> None:
    """Errors of a failed oneOf: several branches hold (one error), or none does.  When the
    union's tag decides, at most one branch can hold: no branch is counted."""
    undecided = _selected(data, union[0], union[1]) == -2
    if undecided and sum(branch(data) for branch in union[2]) > 1:
        _fail_on(errors, path, spec, data)
    else:
        _report_any_of(data, path, errors, union, report)


_FORMAT_SOURCES = {
    "time": r"([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?"
    r"([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])\Z",
    "date": r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z",
    "email": r"(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r'|"(?:[^"\\]|\\.)*")@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[([^\]]*)\])\Z",
    "uri": r"[A-Za-z][A-Za-z0-9+.-]*:"
    r"(?://(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?"
    r"(\[[^\]]*\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::[0-9]*)?"
    r"(?:/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)*"
    r"|/?(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+"
    r"(?:/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)*)?)"
    r"(?:\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?"
    r"(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?\Z",
    "uuid": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z",
}
_FORMAT_PATTERNS: dict[str, _re.Pattern[str]] = {}
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _format_match(name: str, value: str) -> _re.Match[str] | None:
    """Match a format's pattern, compiled on first use (most programs never check formats)."""
    pattern = _FORMAT_PATTERNS.get(name)
    if pattern is None:
        pattern = _FORMAT_PATTERNS[name] = _re.compile(_FORMAT_SOURCES[name], _re.ASCII)
    return pattern.match(value)


def _fmt_date(value: str) -> bool:
    found = _format_match("date", value)
    if found is None:
        return False
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 1 <= day <= _MONTH_DAYS[month - 1] + (month == 2 and leap)


def _fmt_time(value: str) -> bool:
    found = _format_match("time", value)
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
    import ipaddress

    try:
        return value.isascii() and ipaddress.IPv4Address(value) is not None
    except ValueError:
        return False


def _fmt_ipv6(value: str) -> bool:
    import ipaddress

    if not value.isascii() or "%" in value:
        return False
    try:
        return ipaddress.IPv6Address(value) is not None
    except ValueError:
        return False


def _fmt_email(value: str) -> bool:
    found = _format_match("email", value)
    if found is None or found.group(1) is None:
        return found is not None
    literal = found.group(1)  # [127.0.0.1] or [IPv6:::1]
    return _fmt_ipv6(literal[5:]) if literal.startswith("IPv6:") else _fmt_ipv4(literal)


def _fmt_uri(value: str) -> bool:
    found = _format_match("uri", value)
    if found is None or not (found.group(1) or "").startswith("["):
        return found is not None
    return _fmt_ipv6(found.group(1)[1:-1])


def _fmt_uuid(value: str) -> bool:
    return _format_match("uuid", value) is not None


# --- END EMBEDDED RUNTIME ---

_BEGIN = "# --- BEGIN EMBEDDED RUNTIME ---\n"
_END = "# --- END EMBEDDED RUNTIME ---\n"
#: The runtime's own imports: not for generated code to import from it.
_IMPORTED = {"_Callable", "_Mapping", "_Sequence", "_TypeGuard", "_isfinite", "_re"}
#: Names the runtime defines for generated code (everything but the imports).
RUNTIME_NAMES = frozenset(
    name for name in globals() if name.startswith("_") and not name.startswith("__")
) - {"_BEGIN", "_END", "_IMPORTED", *_IMPORTED} | {"ValidationError"}


def runtime_source() -> str:
    """The embedded runtime's source text, exactly as it appears in this file."""
    text = Path(__file__).read_text(encoding="utf-8")
    return text[text.index(_BEGIN) + len(_BEGIN) : text.index(_END)]


def runtime_namespace() -> dict[str, object]:
    """The runtime's objects by name, for executing generated bodies in memory."""
    return {name: value for name, value in globals().items() if not name.startswith("__")}
