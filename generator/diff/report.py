"""The three formats of a diff report: text for a terminal, markdown for release notes, JSON
for CI. None of them carries the specs' prose: symbols, kinds and short details only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby

import click

from generator.diff.records import KINDS, VERDICTS, Change, DiffReport, Verdict

_COLOURS: dict[Verdict, str] = {"breaking": "red", "non-breaking": "yellow", "docs-only": "cyan"}
_SHOWN_METHODS = 3


def summary(report: DiffReport) -> str:
    counts = report.count_by_verdict()
    shown = ", ".join(f"{counts[verdict]} {verdict}" for verdict in VERDICTS)
    return f"{report.old} -> {report.new}: {report.semver} ({shown})"


def kind_name(kind: str) -> str:
    return kind.replace("-", " ")


def _groups(report: DiffReport) -> Iterator[tuple[Verdict, list[tuple[str, list[Change]]]]]:
    """By verdict, then by kind in `KINDS` order; empty groups left out."""
    order = {kind: index for index, kind in enumerate(KINDS)}
    for verdict, in_verdict in groupby(report.changes, key=lambda c: c.verdict):
        changes = sorted(in_verdict, key=lambda c: (order[c.kind], c.symbol, c.detail))
        yield verdict, [(kind, list(group)) for kind, group in groupby(changes, lambda c: c.kind)]


def _methods(change: Change) -> str:
    count = len(change.affected)
    return f"{count} method" + ("" if count == 1 else "s")


def text_lines(report: DiffReport) -> Iterator[str]:
    """Styled lines: click.echo drops the colours when the output is not a terminal."""
    yield click.style(summary(report), bold=True)
    for verdict, kinds in _groups(report):
        total = sum(len(changes) for _, changes in kinds)
        yield click.style(f"{verdict} ({total})", fg=_COLOURS[verdict], bold=True)
        for kind, changes in kinds:
            yield f"  {kind_name(kind)} ({len(changes)})"
            for change in changes:
                detail = f"  {change.detail}" if change.detail else ""
                yield f"    {change.symbol}{detail}  [{change.side}; {_methods(change)}]"
                if change.note:
                    yield click.style(f"      {change.note}", dim=True)


def markdown(report: DiffReport) -> str:
    counts = report.count_by_verdict()
    lines = [
        f"## API changes: {_code(report.old)} → {_code(report.new)}",
        "",
        f"Suggested version bump: **{report.semver}** "
        f"({', '.join(f'{counts[v]} {v}' for v in VERDICTS)}).",
    ]
    titles = {"breaking": "Breaking changes", "non-breaking": "Other changes", "docs-only": "Docs"}
    for verdict, kinds in _groups(report):
        total = sum(len(changes) for _, changes in kinds)
        lines += ["", f"### {titles[verdict]} ({total})", ""]
        for kind, changes in kinds:
            lines.append(f"- {kind_name(kind)} ({len(changes)})")
            lines += [f"  - {_markdown_item(change)}" for change in changes]
    return "\n".join(lines) + "\n"


def _markdown_item(change: Change) -> str:
    detail = f" {_code(change.detail)}" if change.detail else ""
    methods = ", ".join(_code(m) for m in change.affected[:_SHOWN_METHODS])
    more = len(change.affected) - _SHOWN_METHODS
    methods += f" and {more} more" if more > 0 else ""
    reach = f"; {methods}" if methods else ""
    note = f": {_escape(change.note)}" if change.note else ""
    return f"{_code(change.symbol)}{detail} ({change.side}{reach}){note}"


def _code(text: str) -> str:
    """An inline code span that holds any text, backticks included (CommonMark's rule)."""
    fence = "`"
    while fence in text:
        fence += "`"
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def _escape(text: str) -> str:
    """Notes quote symbols in backticks themselves; no `<` may open a tag. (`>` opens none,
    and arrows `->` stay readable in code spans, where entities are not decoded.)"""
    return text.replace("<", "&lt;")


def as_json(report: DiffReport) -> str:
    data = {
        "old": report.old,
        "new": report.new,
        "semver": report.semver,
        "counts": report.count_by_kind(),  #: per kind, the kinds that occur
        "verdicts": report.count_by_verdict(),  #: all three, zeros included
        "changes": [
            {
                "symbol": change.symbol,
                "kind": change.kind,
                "side": change.side,
                "verdict": change.verdict,
                "breaking": change.breaking,
                "detail": change.detail,
                "affected": list(change.affected),
                "note": change.note,
            }
            for change in report.changes
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
