"""Generated validators against the official JSON-Schema-Test-Suite, side by side with jsonschema.

``draft4`` runs with dialect "openapi-3.0" (draft-4 semantics), ``draft2020-12`` with "2020-12".
Every case's verdict must equal the suite's.  The ``jsonschema`` library runs on the same cases
as a check of this harness.  Skips are named functions in `SKIPS`, each returning its reason;
skips in required (non-optional) files must stay at or under 5 %.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4, DRAFT202012

from generator.validators import CompiledValidator, compile_schema
from tests.conformance.suite import Case, Group, iter_cases, load_remote, require_suite

MAX_REQUIRED_SKIP_RATIO = 0.05


# --- skips: one named function per reason --------------------------------------------------------


def skip_vocabulary(case: Case) -> str | None:
    """Custom meta-schemas that drop the validation vocabulary need meta-schema processing."""
    if case.group.file == "vocabulary.json":
        return "$vocabulary of custom meta-schemas is not processed"
    return None


def skip_cross_draft(case: Case) -> str | None:
    if case.group.file == "optional/cross-draft.json":
        return "a referenced schema switches to another draft; one dialect per compilation"
    return None


def skip_removed_keywords(case: Case) -> str | None:
    if case.group.file == "optional/dependencies-compatibility.json":
        return "'dependencies' is not a 2020-12 keyword (it is an annotation there)"
    return None


def skip_unsupported_formats(case: Case) -> str | None:
    """Formats outside the checked set are annotations (see generator.validators docs)."""
    name = case.group.file.removeprefix("optional/format/").removesuffix(".json")
    checked = {"date-time", "date", "time", "uuid", "email", "uri", "ipv4", "ipv6"}
    if case.group.file.startswith("optional/format/") and name not in checked:
        return f"format {name!r} is not asserted"
    return None


def skip_format_assertion_vocabulary(case: Case) -> str | None:
    if case.group.file == "optional/format-assertion.json":
        return "format-assertion vocabulary via custom meta-schema is not processed"
    return None


SKIPS: tuple[Callable[[Case], str | None], ...] = (
    skip_vocabulary,
    skip_cross_draft,
    skip_removed_keywords,
    skip_unsupported_formats,
    skip_format_assertion_vocabulary,
)


def jsonschema_optional(case: Case) -> str | None:
    if case.group.optional:
        return "jsonschema does not claim conformance for optional tests"
    return None


def jsonschema_python_regex(case: Case) -> str | None:
    if "\\p{" in json.dumps(case.group.schema):
        return "jsonschema matches patterns with Python's re, which has no \\p{...}"
    return None


def jsonschema_vocabulary(case: Case) -> str | None:
    if case.group.file == "vocabulary.json":
        return "jsonschema does not process $vocabulary"
    return None


#: Where the jsonschema library (the harness cross-check) is known to disagree with the suite.
JSONSCHEMA_DIFFERENCES: tuple[Callable[[Case], str | None], ...] = (
    jsonschema_optional,
    jsonschema_python_regex,
    jsonschema_vocabulary,
)


def skip_reason(case: Case) -> str | None:
    for skip in SKIPS:
        reason = skip(case)
        if reason is not None:
            return f"{skip.__name__}: {reason}"
    return None


# --- compilation, once per group -----------------------------------------------------------------

_COMPILED: dict[tuple[str, str, int], CompiledValidator | Exception] = {}


def compiled(group: Group) -> CompiledValidator:
    key = (group.draft, group.file, group.index)
    if key not in _COMPILED:
        try:
            _COMPILED[key] = compile_schema(
                group.schema,
                dialect=group.dialect,  # type: ignore[arg-type]
                retrieve=load_remote,
                format_assertion=group.file.startswith("optional/format/") or None,
            )
        except Exception as error:  # reported by every case of the group
            _COMPILED[key] = error
    result = _COMPILED[key]
    if isinstance(result, Exception):
        raise result
    return result


def _reference_validator(group: Group) -> Any:
    specification = DRAFT4 if group.draft == "draft4" else DRAFT202012

    def retrieve(uri: str) -> Resource[Any]:
        try:
            return Resource.from_contents(load_remote(uri), default_specification=specification)
        except (OSError, LookupError) as error:
            raise NoSuchResource(uri) from error

    cls = jsonschema.Draft4Validator if group.draft == "draft4" else jsonschema.Draft202012Validator
    checker = cls.FORMAT_CHECKER if group.file.startswith("optional/format/") else None
    return cls(group.schema, registry=Registry(retrieve=retrieve), format_checker=checker)


# --- tests ---------------------------------------------------------------------------------------

CASES = list(iter_cases())


def _param(case: Case) -> Any:
    reason = skip_reason(case)
    marks = [pytest.mark.skip(reason=reason)] if reason else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES if not c.group.optional])
def test_required(case: Case) -> None:
    assert compiled(case.group).is_valid(case.data) is case.valid
    assert (compiled(case.group).validate(case.data) == []) is case.valid


@pytest.mark.parametrize("case", [_param(c) for c in CASES if c.group.optional])
def test_optional(case: Case) -> None:
    assert compiled(case.group).is_valid(case.data) is case.valid
    assert (compiled(case.group).validate(case.data) == []) is case.valid


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_harness_agrees_with_jsonschema(case: Case) -> None:
    for difference in JSONSCHEMA_DIFFERENCES:
        if reason := difference(case):
            pytest.skip(f"{difference.__name__}: {reason}")
    assert _reference_validator(case.group).is_valid(case.data) is case.valid


def test_suite_present_and_skip_ratio() -> None:
    require_suite()
    required = [case for case in CASES if not case.group.optional]
    skipped = [case for case in required if skip_reason(case)]
    ratio = len(skipped) / len(required)
    print(f"required cases: {len(required)}, skipped: {len(skipped)} ({ratio:.1%})")
    assert required, "no suite cases were collected"
    assert ratio <= MAX_REQUIRED_SKIP_RATIO


def test_generated_sources_are_ruff_clean(tmp_path: Path) -> None:
    """The source of every compiled group is what `ruff format` writes, and lint-free."""
    require_suite()
    groups = {(c.group.draft, c.group.file, c.group.index): c.group for c in CASES}
    for number, group in enumerate(groups.values()):
        try:
            source = compiled(group).source
        except Exception:  # groups that do not compile are reported by their own cases
            continue
        (tmp_path / f"group_{number}.py").write_text(source, encoding="utf-8")
    for command in (
        ("check", "--isolated", "--target-version", "py310"),
        ("format", "--isolated", "--check"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, str(tmp_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-3000:]
