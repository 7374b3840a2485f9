"""`sdkgen diff OLD NEW`: the command, registered in `generator.cli`."""

from __future__ import annotations

import sys

import click

from generator.build import enabled_repairs
from generator.diff import compare
from generator.diff.report import as_json, markdown, text_lines
from generator.diff.sources import check_related, read_api

EXIT_MATCHED = 1
EXIT_ERROR = 2


@click.command("diff", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text (grouped, coloured on a terminal), markdown (release notes) or json (CI).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "any"]),
    help="Exit 1 when there is a breaking change (or any change at all).",
)
def diff(old: str, new: str, output_format: str, fail_on: str | None) -> None:
    """What changed from spec OLD to spec NEW for users of the generated SDK.

    OLD and NEW are paths, http(s) URLs or git:REV:path (read with `git show REV:path`).
    Every change names its Python symbol, kind, side (request, response, both or
    unreachable), verdict and the client methods it affects; the report ends in a semver
    suggestion. Exit 0, or 1 with --fail-on when a change matches; 2 when a spec cannot be
    read or the two are not versions of one API.
    """
    from generator.cli import handle_errors  # noqa: PLC0415 - cli imports this module lazily

    repairs = enabled_repairs(no_repair=False)
    with handle_errors():
        old_api, new_api = read_api(old, repairs), read_api(new, repairs)
        check_related(old_api, new_api, old_name=old, new_name=new)
    report = compare(old_api, new_api, old_name=old, new_name=new)
    if output_format == "json":
        click.echo(as_json(report), nl=False)
    elif output_format == "markdown":
        click.echo(markdown(report), nl=False)
    else:
        for line in text_lines(report):
            click.echo(line)
    matched = any(c.breaking for c in report.changes) if fail_on == "breaking" else report.changes
    sys.exit(EXIT_MATCHED if fail_on and matched else 0)
