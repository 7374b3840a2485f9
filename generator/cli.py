"""The `sdkgen` command line: parse options, run the pipeline, print what happened.

No generation logic lives here. Every `GeneratorError` becomes a one-line message naming the
file and JSON pointer, with exit code 2; nothing is written when a run fails.
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from generator import pipeline
from generator.config import PARTS, resolve_config, resolve_out
from generator.errors import Diagnostic, GeneratorError
from generator.ir.walk import unions
from generator.lowering import ALL_RULES, enabled_repairs
from generator.lowering.depth import innermost_location
from generator.writer import unified_diff

EXIT_STALE = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130  #: as a shell reports a process ended by Ctrl-C
_SHOWN_PER_RULE = 3


#: Terminal escape sequences (CSI, OSC, DCS and the like, 7- and 8-bit), then any other
#: control character, bidirectional override or line separator: spec text (a title, a
#: name, a message quoting the spec) must not move the cursor, recolour or retitle the
#: terminal, or hide what follows.
_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|.?)"
    r"|[\x9b][0-?]*[ -/]*[@-~]?|[\x90\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?",
    re.DOTALL,
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LINE_BREAK = re.compile("[\n\t\u2028\u2029\x85]")
_INTERNAL_LIMIT = 500  #: characters of an unexpected exception's text shown


def terminal_text(text: object, *, lines: bool = False) -> str:
    """`text` safe to print: escape sequences and control characters removed; `lines`:
    keep line feeds and tabs (a diff), otherwise they become spaces (one line)."""
    cleaned = _ESCAPE.sub("", str(text))
    if not lines:
        cleaned = _LINE_BREAK.sub(" ", cleaned)
    return _CONTROL.sub("", cleaned)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Every failure is one line on stderr and exit 2: never a traceback."""
    try:
        yield
    except GeneratorError as exc:
        click.secho(f"error: {terminal_text(exc)}", fg="red", err=True)
        sys.exit(EXIT_ERROR)
    except RecursionError as exc:
        where = innermost_location(exc)
        said = "the spec nests deeper than the generator can follow"
        click.secho(f"error: {terminal_text(f'{where}: {said}' if where else said)}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        click.secho("error: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # the last resort: a bug of sdkgen's, reported in one line
        click.secho(f"error: internal error: {internal_error(exc)}", fg="red", err=True)
        sys.exit(EXIT_ERROR)


def internal_error(exc: BaseException) -> str:
    """An unexpected exception in one line: where it happened when it says (a `where`, or a
    note a stage added with the pointer it was building), its type and text."""
    where = (
        getattr(exc, "where", None)
        or next(iter(getattr(exc, "__notes__", ())), None)
        or innermost_location(exc)  # the pointer the IR builder was at, when it was building
    )
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    text = terminal_text(f"{where}: {text}" if where else text)
    cut = text if len(text) <= _INTERNAL_LIMIT else text[: _INTERNAL_LIMIT - 3] + "..."
    return f"{cut} (a bug in sdkgen; please report it)"


_repair_options = [
    click.option(
        "--no-repair",
        is_flag=True,
        default=None,
        help="Apply none of the repairs; read the spec exactly as written.",
    ),
    click.option(
        "--skip-repair",
        "skip_repairs",
        multiple=True,
        metavar="RULE",
        type=click.Choice(ALL_RULES),
        help="Do not apply this repair rule (repeatable). `sdkgen lint` lists them.",
    ),
]


#: `--allow-ref`: where `$ref`s may read besides the spec's folder or origin (`ref_policy`).
allow_ref_option = click.option(
    "--allow-ref",
    "allow_ref",
    multiple=True,
    metavar="PREFIX",
    help="Let $refs read files under this folder, or URLs under this prefix (repeatable). "
    "By default a local spec's $refs read only files in its own folder (symlinks resolved) "
    "and a spec from a URL only its own origin. Adds to `allow-ref` in [tool.sdkgen].",
)


def repair_options(function: Any) -> Any:
    for option in reversed(_repair_options):
        function = option(function)
    return function


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sdkgen")
def cli() -> None:
    """Generate a typed Python SDK, validators and docs from an OpenAPI document."""


@cli.command()
@click.option(
    "--spec",
    help="Path or http(s) URL of the OpenAPI document (JSON or YAML). "
    "Default: `spec` in [tool.sdkgen] of the nearest pyproject.toml.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder; receives pyproject.toml, README.md and the package. "
    "Default: `out` in [tool.sdkgen].",
)
@click.option("--package-name", help="Import name of the generated package (e.g. vapi_sdk).")
@click.option("--client-name", help="Class name of the client (default: from info.title).")
@click.option("--docs/--no-docs", default=None, help="Render the reference docs (default: on).")
@click.option(
    "--only",
    multiple=True,
    type=click.Choice(sorted(PARTS)),
    help="Render only this part (repeatable): models, client (with its models), validators, "
    "docs. Default: all. The project files (pyproject.toml, README.md) are always rendered.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; print a diff of what would change; exit 1 if stale.",
)
@repair_options
@allow_ref_option
def generate(check: bool, **options: Any) -> None:
    """Render the SDK from a spec into an output folder, writing only files that changed."""
    with handle_errors():
        config = resolve_config(options, cwd=Path.cwd())
        report = pipeline.generate(config, check=check)
        for done in report.recovered:
            click.echo(f"note: {terminal_text(done)}", err=True)
        print_summary(report)
        out = terminal_text(config.out)
        if report.interrupted:
            click.secho(f"{out} is stale: {report.interrupted}.", err=True)
            sys.exit(EXIT_STALE)
        if check and not report.plan.is_current:
            click.echo(terminal_text(unified_diff(report.plan), lines=True), nl=False)
            click.secho(f"{out} is stale: run `sdkgen generate` to update it.", err=True)
            sys.exit(EXIT_STALE)


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="The output folder the docs were generated into. Default: `out` in [tool.sdkgen].",
)
@click.option("--serve", is_flag=True, help="Serve the HTML docs on 127.0.0.1 until Ctrl-C.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to serve on (0: any free port).",
)
def docs(out: Path | None, serve: bool, port: int) -> None:
    """Show where the generated HTML reference is; with --serve, serve it on localhost."""
    from generator import serve as server  # noqa: PLC0415 - http.server only for this command

    with handle_errors():
        folder = out or resolve_out(cwd=Path.cwd())
        for done in pipeline.recover_output(folder):
            click.echo(f"note: {terminal_text(done)}", err=True)
        site = server.docs_site(folder)
        if not serve:
            click.echo((site / "index.html").resolve().as_uri())
            return
        shown = terminal_text(site)
        server.serve(site, port, lambda url: click.echo(f"serving {shown} at {url} (Ctrl-C stops)"))


def print_summary(report: pipeline.GenerationReport) -> None:
    api, plan = report.api, report.plan
    heading = f"{api.spec_name}: {api.title} {api.version} (OpenAPI {api.openapi_version})"
    click.echo(terminal_text(heading))
    click.echo(
        f"  {len(api.schemas)} schemas, {len(api.operations)} operations, "
        f"{len(api.resources)} resources"
    )
    verb = "written" if report.written else "would be written"
    written = len(plan.create) + len(plan.update)
    click.echo(
        f"  files: {written} {verb}, {len(plan.unchanged)} unchanged, "
        f"{len(plan.delete)} {'removed' if report.written else 'would be removed'}"
    )
    if report.changes:  # since the previous generation (`generator.history`)
        click.echo(f"  {report.changes}")
    print_diagnostics(report.diagnostics, limit=_SHOWN_PER_RULE)
    stages = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in report.stages)
    click.echo(f"  done in {report.seconds:.2f} s ({stages})")


def print_diagnostics(diagnostics: tuple[Diagnostic, ...], *, limit: int | None) -> None:
    """Grouped by rule; at most `limit` locations each (None: all)."""
    counts = Counter(d.rule for d in diagnostics)
    for rule in sorted(counts):
        found = [d for d in diagnostics if d.rule == rule]
        level = found[0].level
        click.echo(f"  {level}: [{rule}] {counts[rule]} place(s)", err=True)
        for diagnostic in found[:limit]:
            shown = terminal_text(f"{diagnostic.where}: {diagnostic.message}")
            click.echo(f"    {shown}", err=True)
        if limit is not None and len(found) > limit:
            click.echo(f"    … {len(found) - limit} more (`sdkgen lint` lists all)", err=True)


@cli.command()
@click.argument("spec")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text (one finding per line) or json (a list of objects).",
)
@click.option("--fix", is_flag=True, help="Also write the repaired document (needs -o).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where --fix writes the repaired document (.json or .yaml).",
)
@repair_options
@allow_ref_option
def lint(spec: str, output_format: str, fix: bool, output: Path | None, **options: Any) -> None:
    """List the spec's defects and the repairs the generator applies, each with its pointer.

    Exit 0 when there are only warnings, 1 when the official OpenAPI schema finds errors that
    no repair covers, 2 when the spec cannot be read at all.
    """
    if fix and output is None:
        raise click.UsageError("--fix needs -o/--output")
    enabled = enabled_repairs(
        no_repair=bool(options.get("no_repair")), skip=options.get("skip_repairs") or ()
    )
    with handle_errors():
        # Imported here: the official OAS schemas and jsonschema cost ~0.1 s that
        # `generate` does not need.
        from generator.lint import lint as run_lint  # noqa: PLC0415

        index = pipeline.load_index(spec, allow_refs=options.get("allow_ref") or ())
        report = run_lint(index, enabled)
        if fix and output is not None:
            write_document(output, report.repaired.root.contents)
    if output_format == "json":
        items = [
            {"where": d.where, "rule": d.rule, "level": d.level, "message": d.message}
            for d in report.diagnostics
        ]
        click.echo(json_text(json.dumps(items, indent=2, ensure_ascii=False)))
    else:
        for d in report.diagnostics:
            click.echo(terminal_text(f"{d.where}: {d.level}: [{d.rule}] {d.message}"))
        click.echo(f"{len(report.diagnostics)} finding(s)", err=True)
    sys.exit(1 if report.has_errors else 0)


def json_text(text: str) -> str:
    """JSON for the terminal: `json.dumps` escapes C0 controls but, with `ensure_ascii=False`,
    not C1 ones or bidirectional overrides; these become `\\uXXXX` (the same JSON value)."""
    return _CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def write_document(path: Path, contents: Any) -> None:
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml  # noqa: PLC0415 - 20 ms that only `lint --fix -o x.yaml` needs

        text = yaml.safe_dump(contents, sort_keys=False, allow_unicode=True, width=100)
    else:
        text = json.dumps(contents, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


@cli.command("explain-unions")
@click.argument("spec")
@click.option("--all", "show_all", is_flag=True, help="List tagged unions too.")
@repair_options
@allow_ref_option
def explain_unions(spec: str, show_all: bool, **options: Any) -> None:
    """List the unions that have no discriminator, with their pointers and the reason."""
    enabled = enabled_repairs(
        no_repair=bool(options.get("no_repair")), skip=options.get("skip_repairs") or ()
    )
    with handle_errors():
        loaded = pipeline.load_api(spec, repairs=enabled, allow_refs=options.get("allow_ref") or ())
    found = unions(loaded.api)
    untagged = [u for u in found if u.discriminator is None]
    for union in found if show_all else untagged:
        where = loaded.index.display(union.source)
        if union.discriminator is None:
            line = f"{where}: untagged {union.mode}: {union.untagged_reason}"
        else:
            how = "inferred" if union.discriminator.inferred else "explicit"
            line = f"{where}: tagged by {union.discriminator.property_name!r} ({how})"
        click.echo(terminal_text(line))
    click.echo(
        f"{len(found)} unions, {len(found) - len(untagged)} tagged, {len(untagged)} untagged",
        err=True,
    )


@cli.command("diff", add_help_option=False, context_settings={"ignore_unknown_options": True})
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def diff(arguments: tuple[str, ...]) -> None:
    """Compare two specs: SDK-level changes, breaking-change verdicts, a semver suggestion."""
    from generator.diff.command import diff as command  # noqa: PLC0415 - only `diff` needs it

    command.main(list(arguments), prog_name="sdkgen diff")


def main() -> None:
    """The `sdkgen` command. It ends the process: call `cli` to run a command in-process."""
    # A run builds a large heap (the spec, the IR, the rendered text) that is garbage only
    # at exit: the cycle collector would rescan it again and again for nothing.
    gc.disable()
    try:
        cli(prog_name="sdkgen")
        code: object = 0
    except SystemExit as done:
        code = done.code
    except KeyboardInterrupt:  # outside a command's own handling (click's parsing)
        click.echo("error: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except Exception as exc:  # the last resort, as in `handle_errors`
        click.echo(f"error: internal error: {internal_error(exc)}", err=True)
        code = EXIT_ERROR
    if isinstance(code, str):
        click.echo(code, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written, closed and flushed: freeing that heap object by object would
    # only delay the exit (mypy exits the same way).
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)
