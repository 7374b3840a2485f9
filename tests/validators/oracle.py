"""The reference verdict: the `jsonschema` library over the document `sdkgen lint --fix` writes.

jsonschema implements JSON Schema draft 4, and an OpenAPI 3.0 schema object is draft 4 plus a
few rules of its own; the oracle adds exactly those, and nothing of the generated validators:

- ``nullable: true`` admits null (every keyword of that schema object lets null through, as
  the repaired spec means it: `null-type-in-3.0` turns a null branch into ``nullable``);
- ``pattern`` is an ECMA-262 regex: it is translated by `generator.patterns` (the JS pattern
  translation the issue applies to both sides) instead of being handed to ``re`` as is;
- ``format`` is checked by jsonschema's own format checker (date-time, date, uuid, email, ...)
  plus a plain ``uri`` rule, a scheme, a colon and no white space (jsonschema's own ``uri``
  check needs the optional rfc3987 package, which is not installed).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import regex
from jsonschema.validators import extend

from generator.patterns import translate_pattern

Check = Callable[[Any, Any, Any, dict[str, Any]], Iterator[Any]]


def lint_fix(spec: Path, out: Path) -> dict[str, Any]:
    """Run `sdkgen lint --fix` and read the repaired document it writes."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "lint", str(spec), "--fix", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: findings no repair covers
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return document


@cache
def _compiled(pattern: str) -> Any:
    translated = translate_pattern(pattern)
    engine: Any = regex if translated.engine == "regex" else re
    return engine.compile(translated.python)


FORMATS = jsonschema.FormatChecker()
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S*")


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or _SCHEME.fullmatch(value) is not None


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    if isinstance(instance, str) and _compiled(pattern).search(instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _nullable(check: Check) -> Check:
    def checked(validator: Any, value: Any, instance: Any, schema: dict[str, Any]) -> Any:
        if instance is None and schema.get("nullable") is True:
            return iter(())
        return check(validator, value, instance, schema)

    return checked


def _oracle_class() -> Any:
    keywords = {
        name: _nullable(check)
        for name, check in jsonschema.Draft4Validator.VALIDATORS.items()
        if name != "$ref"  # draft 4: $ref hides its siblings, nullable included
    }
    keywords["pattern"] = _nullable(_pattern)
    return extend(jsonschema.Draft4Validator, keywords)


class Oracle:
    """`is_valid(name, data)` by jsonschema, for the schemas of one OpenAPI 3.0 document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document
        self._class = _oracle_class()
        self._validators: dict[str, Any] = {}

    def validator(self, name: str) -> Any:
        if name not in self._validators:
            # The whole document is the schema resource, so every `#/components/...` resolves;
            # the `$ref` beside the OpenAPI keywords makes it check one schema.
            schema = {**self._document, "$ref": f"#/components/schemas/{name}"}
            self._validators[name] = self._class(schema, format_checker=FORMATS)
        return self._validators[name]

    def is_valid(self, name: str, data: Any) -> bool:
        return bool(self.validator(name).is_valid(data))
