"""`sdkgen diff OLD NEW`: the command, registered in `generator.cli`."""

from __future__ import annotations

import sys

import click

from generator.diff import compare
from generator.diff.report import as_json, markdown, text_lines
from generator.diff.sources import check_related, read_api
from generator.errors import GeneratorError
from generator.lowering import ALL_RULES, enabled_repairs

EXIT_MATCHED = 1
# The codes of every sdkgen command. Not imported from `generator.cli`, which imports this
# module (lazily): the two form no cycle.
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
@click.option("--no-repair", is_flag=True, help="Apply none of the repairs to either spec.")
@click.option(
    "--skip-repair",
    "skip_repairs",
    multiple=True,
    metavar="RULE",
    type=click.Choice(ALL_RULES),
    help="Do not apply this repair rule (repeatable), as with `generate`.",
)
def diff(
    old: str,
    new: str,
    output_format: str,
    fail_on: str | None,
    no_repair: bool,
    skip_repairs: tuple[str, ...],
) -> None:
    """What changed from spec OLD to spec NEW for users of the generated SDK.

    OLD and NEW are paths, http(s) URLs or git:REV:path (read with `git show REV:path`).
    Every change names its Python symbol, kind, side (request, response, both or
    unreachable), verdict and the client methods it affects; the report ends in a semver
    suggestion. Exit 0, or 1 with --fail-on when a change matches; 2 when a spec cannot be
    read or the two are not versions of one API. Both sides are read with the same repairs,
    as `generate` would apply them.
    """
    repairs = enabled_repairs(no_repair=no_repair, skip=skip_repairs)
    try:
        old_api, new_api = read_api(old, repairs), read_api(new, repairs)
        check_related(old_api, new_api, old_name=old, new_name=new)
    except GeneratorError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(EXIT_ERROR)
    except RecursionError:
        click.secho("error: a spec nests deeper than sdkgen can follow", fg="red", err=True)
        sys.exit(EXIT_ERROR)
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
