"""What a diff reports: frozen change records, and the report that holds them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal, get_args

from generator.ir import SchemaId

Kind = Literal[
    "added",
    "removed",
    "type-changed",
    "became-required",
    "became-optional",
    "nullable-changed",
    "enum-value-added",
    "enum-value-removed",
    "union-member-added",
    "union-member-removed",
    "constraint-tightened",
    "constraint-loosened",
    "default-changed",
    "deprecated",
    "description-changed",
]
#: the order kinds are listed in, in every format
KINDS: tuple[Kind, ...] = get_args(Kind)

#: `unreachable`: no operation reaches it (webhook payloads, leftovers); judged as both sides
Side = Literal["request", "response", "both", "unreachable"]
Verdict = Literal["breaking", "non-breaking", "docs-only"]
VERDICTS: tuple[Verdict, ...] = ("breaking", "non-breaking", "docs-only")
Semver = Literal["major", "minor", "patch", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One difference between two IRs, before it is judged.

    `owner` is the schema whose reachability gives the side; operation-level findings state
    their `side` instead. The flags carry the facts a verdict needs beyond kind and side.
    """

    symbol: str
    kind: Kind
    detail: str = ""  #: what changed, briefly: `max_length 40 -> 80`, `list[str] -> str`
    owner: SchemaId | None = None
    side: Side | None = None
    required: bool = False  #: an added field or parameter is required
    parses_unknown: bool = False  #: an added response value or member parses as Unknown*
    became_nullable: bool = False  #: for nullable-changed: the direction
    removed_target: SchemaId | None = None  #: a removed union member's schema
    tag_property: str | None = None  #: a tagged union member's tag property (`provider`)


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    symbol: str  #: dotted Python name: `models.CreateAssistantDTO.credentials['trieve']`
    kind: Kind
    side: Side
    verdict: Verdict
    detail: str
    affected: tuple[str, ...]  #: client methods that reach it on its side, sorted
    note: str | None  #: a one-line migration note; every breaking change has one

    @property
    def breaking(self) -> bool:
        return self.verdict == "breaking"


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffReport:
    old: str  #: display names of the two specs
    new: str
    changes: tuple[Change, ...]  #: sorted by verdict, then symbol, then kind

    @property
    def semver(self) -> Semver:
        verdicts = {change.verdict for change in self.changes}
        if "breaking" in verdicts:
            return "major"
        if "non-breaking" in verdicts:
            return "minor"
        return "patch" if verdicts else "none"

    def count_by_kind(self) -> dict[str, int]:
        counts = Counter(change.kind for change in self.changes)
        return {kind: counts[kind] for kind in KINDS if counts[kind]}

    def count_by_verdict(self) -> dict[str, int]:
        counts = Counter(change.verdict for change in self.changes)
        return {verdict: counts[verdict] for verdict in VERDICTS}
