"""Loading the official JSON-Schema-Test-Suite from ``../shared`` as flat, named cases.

A *group* is one schema with its tests (compiled once); a *case* is one (data, valid) test of a
group.  Remote references (``http://localhost:1234/...``) are served from the suite's
``remotes/`` folder, meta-schemas from the ``jsonschema-specifications`` package.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_specifications
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SUITE_ROOT = REPO_ROOT.parent / "shared" / "json-schema-test-suite"
REMOTE_PREFIX = "http://localhost:1234/"

#: (suite folder, dialect passed to compile_schema)
DRAFTS = {"draft4": "openapi-3.0", "draft2020-12": "2020-12"}


@dataclass(frozen=True, slots=True)
class Group:
    draft: str  #: "draft4" or "draft2020-12"
    file: str  #: path relative to the draft folder, e.g. "optional/format/date.json"
    index: int  #: position of the group in its file
    description: str
    schema: Any

    @property
    def optional(self) -> bool:
        return self.file.startswith("optional/")

    @property
    def dialect(self) -> str:
        return DRAFTS[self.draft]


@dataclass(frozen=True, slots=True)
class Case:
    group: Group
    description: str
    data: Any
    valid: bool

    @property
    def id(self) -> str:
        return f"{self.group.draft}/{self.group.file}#{self.group.index}: {self.description}"


def require_suite() -> None:
    """Skip (locally) or fail (CI=true) when ../shared is not there."""
    if SUITE_ROOT.is_dir():
        return
    message = f"JSON-Schema-Test-Suite not found at {SUITE_ROOT} (the ../shared checkout)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def iter_cases() -> Iterator[Case]:
    """All cases of the drafts in `DRAFTS`, required files first, in file order."""
    for draft in DRAFTS:
        folder = SUITE_ROOT / "tests" / draft
        files = sorted(folder.glob("*.json")) + sorted(folder.glob("optional/**/*.json"))
        for path in files:
            relative = path.relative_to(folder).as_posix()
            for index, raw in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                group = Group(draft, relative, index, raw["description"], raw["schema"])
                for test in raw["tests"]:
                    yield Case(group, test["description"], test["data"], test["valid"])


@cache
def load_remote(uri: str) -> Any:
    """`retrieve` callback: remotes from the suite, meta-schemas from jsonschema-specifications."""
    if uri.startswith(REMOTE_PREFIX):
        path = SUITE_ROOT / "remotes" / uri[len(REMOTE_PREFIX) :]
        return json.loads(path.read_text(encoding="utf-8"))
    return jsonschema_specifications.REGISTRY.contents(uri)
