"""`sdkgen diff`: the changes between two specs, at the level of the SDK generated from them.

    compare(old, new)  two frozen IRs -> a `DiffReport` of judged, sorted `Change`s

Stages: find (`schemas`, `operations`, `types`: IR pairs -> `Finding`s) -> judge (`reach`:
which methods send or return each schema; `verdicts`: this SDK's rules) -> format (`report`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from generator.diff.operations import compare_operations
from generator.diff.reach import Reach, reach
from generator.diff.records import VERDICTS, Change, DiffReport, Finding
from generator.diff.schemas import compare_schemas, names_of
from generator.diff.types import Site
from generator.diff.verdicts import judge
from generator.ir import Api, SchemaId

__all__ = ["Change", "DiffReport", "compare"]


def compare(old: Api, new: Api, *, old_name: str = "", new_name: str = "") -> DiffReport:
    site = Site("", names_of(old), names_of(new))
    findings = [*compare_schemas(old, new, site), *compare_operations(old, new, site)]
    reached = _reach(old, new, findings)
    changes = [judge(finding, reached) for finding in findings]
    changes = _name_removed_members(findings, changes)
    rank = {verdict: index for index, verdict in enumerate(VERDICTS)}
    changes.sort(key=lambda c: (rank[c.verdict], c.symbol, c.kind, c.detail))
    return DiffReport(
        old=old_name or old.spec_name, new=new_name or new.spec_name, changes=tuple(changes)
    )


def _reach(old: Api, new: Api, findings: list[Finding]) -> Reach:
    """Who sends and returns each schema in the new version; for a schema it no longer has,
    in the old one too (whom a removal hurts). The old graph is walked only then."""
    current = reach(new, new.client_name)
    present = {schema.id for schema in new.schemas}
    if all(finding.owner is None or finding.owner in present for finding in findings):
        return current
    return reach(old, new.client_name).merged(current)


def _name_removed_members(findings: list[Finding], changes: list[Change]) -> list[Change]:
    """A removed class's note names the union members that went with it."""
    members: defaultdict[SchemaId, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.kind == "union-member-removed" and finding.removed_target:
            members[finding.removed_target].append(finding)
    noted = []
    for finding, change in zip(findings, changes, strict=True):
        found = members.get(finding.owner or "", [])
        if finding.kind == "removed" and found and finding.symbol.count(".") == 1:
            noted.append(replace(change, note=_removed_member_note(finding.symbol, found)))
        else:
            noted.append(change)
    return noted


def _removed_member_note(symbol: str, members: list[Finding]) -> str:
    """The note names the fields by name, and the tag when the union has one: "`Create…DTO`
    was removed; `credentials` no longer accepts provider 'trieve' (8 models)"."""
    places = sorted({member.symbol.split(".")[2].split("[")[0] for member in members})
    tags = sorted({member.symbol.rsplit("[", 1)[1].rstrip("]") for member in members})
    accepts = "accepts" if len(places) == 1 else "accept"
    prop = members[0].tag_property
    what = f"{prop} {', '.join(tags)}" if prop else "it"
    fields = ", ".join(f"`{place}`" for place in places)
    models = len({member.symbol.split(".")[1] for member in members})
    return (
        f"`{symbol.removeprefix('models.')}` was removed; {fields} no longer {accepts} {what} "
        f"({models} model{'s' if models != 1 else ''})"
    )
