"""This SDK's rules: which changes break code written against the previous version.

A change is breaking when code that worked with the previous SDK can fail with the new API or
the new SDK: a request the new contract refuses, a response the previous SDK cannot parse, a
symbol that is gone or retyped. Additions to responses that the SDK parses as `UnknownValue`
or `UnknownVariant` are safe. An unreachable schema (webhook payloads, say) is judged as both
sides, since the SDK cannot tell how it is used.
"""

from __future__ import annotations

from generator.diff.reach import Reach
from generator.diff.records import Change, Finding, Side, Verdict


def judge(finding: Finding, reach: Reach) -> Change:
    side = finding.side or (reach.side(finding.owner) if finding.owner else "both")
    verdict = _verdict(finding, side)
    affected: frozenset[str] = frozenset()
    if finding.owner is not None:
        affected = reach.methods(finding.owner, _breaking_side(finding, side))
    elif finding.symbol.count(".") >= 2:
        affected = frozenset({_method_of(finding.symbol)})
    return Change(
        symbol=finding.symbol,
        kind=finding.kind,
        side=side,
        verdict=verdict,
        detail=finding.detail,
        affected=tuple(sorted(affected)),
        note=migration_note(finding) if verdict == "breaking" else None,
    )


def _breaking_side(finding: Finding, side: Side) -> Side:
    """The methods a change affects: on a schema both sides use, a change that breaks only
    requests (a member removed) affects the methods that send it, not those that return it."""
    if side in ("both", "unreachable"):
        on_request, on_response = _breaks(finding)
        if on_request != on_response:
            return "request" if on_request else "response"
    return side


def _method_of(symbol: str) -> str:
    """`Vapi.calls.list(limit)` and `Vapi.calls.get->200` belong to `Vapi.calls.list`/`.get`."""
    for mark in ("(", "->"):
        symbol = symbol.split(mark, 1)[0]
    return symbol


def _verdict(finding: Finding, side: Side) -> Verdict:
    if finding.kind == "description-changed":
        return "docs-only"
    on_request, on_response = _breaks(finding)
    hit = {
        "request": on_request,
        "response": on_response,
        "both": on_request or on_response,
        "unreachable": on_request or on_response,
    }[side]
    return "breaking" if hit else "non-breaking"


#: (breaks a request, breaks a response) for the kinds whose effect needs no other fact
_EFFECTS: dict[str, tuple[bool, bool]] = {
    "removed": (True, True),
    "type-changed": (True, True),
    "became-required": (True, False),
    "became-optional": (False, True),  # a value the previous SDK requires may be missing
    "enum-value-removed": (True, False),
    "union-member-removed": (True, False),
    "constraint-tightened": (True, False),
}


def _breaks(finding: Finding) -> tuple[bool, bool]:
    """(breaks a request, breaks a response) for this finding."""
    match finding.kind:
        case "added":
            return finding.required, False
        case "nullable-changed":
            return not finding.became_nullable, finding.became_nullable
        # A response may now hold values the previous SDK refuses (it enforces the old bounds
        # when parsing), unless it reads them as `UnknownValue`/`UnknownVariant`.
        case "enum-value-added" | "union-member-added" | "constraint-loosened":
            return False, not finding.parses_unknown
        case kind:  # default changed, deprecated: nothing a request or response can trip on
            return _EFFECTS.get(kind, (False, False))


#: one line per kind telling a user what to do; `{name}` the symbol, `{detail}` ` (…)`
_NOTES = {
    "removed": "{name} was removed; stop using it",
    "type-changed": "{name} changed type{detail}; update the code that builds or reads it",
    "added": "{name} is new and required; pass it in every call",
    "became-required": "{name} is now required; always set it",
    "became-optional": "{name} may now be absent; handle `None` where you read it",
    "became-nullable": "{name} may now be null; handle `None` where you read it",
    "no-longer-nullable": "{name} no longer accepts null; send a value or leave it out",
    "enum-value-added": "{name} is new; the previous SDK cannot parse it: upgrade",
    "union-member-added": "{name} is new{detail}; the previous SDK cannot parse it: upgrade",
    "enum-value-removed": "{name} is no longer accepted; send another value",
    "union-member-removed": "{name} is no longer accepted{detail}; send another member",
    "constraint-tightened": "{name} accepts fewer values{detail}; check what you send",
    "constraint-loosened": "{name} may hold values the previous SDK rejects{detail}: upgrade",
}


def migration_note(finding: Finding) -> str:
    """One line telling a user of the SDK what to do about a breaking change."""
    key: str = finding.kind
    if key == "nullable-changed":
        key = "became-nullable" if finding.became_nullable else "no-longer-nullable"
    template = _NOTES.get(key, "{name} changed{detail}")
    detail = f" ({finding.detail})" if finding.detail else ""
    return template.format(name=f"`{finding.symbol}`", detail=detail)
