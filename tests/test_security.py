"""A hostile spec: every string reaches output only escaped, and names never collide."""

from __future__ import annotations

import ast
import io
import json
import keyword
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import Any

from generator.ir import Model
from tests.conftest import minimal_spec

EVIL = [
    "x'; import os; os.system('echo pwned'); INJECTED_MARKER() #",
    'x"); INJECTED_MARKER(); ("',
    'x"""; import os #',
    "back\\slash\\",
    "new\nline\r\n",
    "{{ 7*7 }} {% raw %}",
    "line\u2028sep\u2029",
    "nul\x00byte",
    "__class__",
    "class",
]


MARKER = "INJECTED_MARKER"  #: a name that exists only inside the hostile spec's strings


def names_in_code(source: str) -> set[str]:
    """Every NAME token of `source`: code, not strings or comments."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {token.string for token in tokens if token.type == tokenize.NAME}


def hostile_spec() -> dict[str, Any]:
    properties = {
        text: {
            "type": "string",
            "description": text,
            "default": text,
            "enum": [text, "ok"],
            "pattern": "^[a-z]+$",
        }
        for text in EVIL
    }
    schemas = {
        "Thing": {"type": "object", "description": EVIL[1], "properties": properties},
        # names that differ only in case or punctuation
        "Foo": {"type": "string"},
        "foo": {"type": "string"},
        "Foo-": {"type": "string"},
        "Foo_": {"type": "string"},
        "foo.bar": {"type": "string"},
        "foo-bar": {"type": "string"},
        "import": {
            "type": "object",
            "properties": {"from": {"type": "string"}, "from_": {"type": "string"}},
        },
    }
    return minimal_spec(
        schemas, info={"title": "\n".join(EVIL), "version": EVIL[0], "description": "\n".join(EVIL)}
    )


def test_hostile_spec_generates_safe_code(tmp_path: Path) -> None:
    spec = tmp_path / "evil.json"
    spec.write_text(json.dumps(hostile_spec()), encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            str(spec),
            "--out",
            str(out),
            "--package-name",
            "evil_sdk",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    checked = 0
    for path in out.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        ast.parse(source)  # compiles
        assert MARKER not in names_in_code(source), f"{path}: spec text became code"
        checked += MARKER in source  # it is there, as text
    assert checked >= 3, "the hostile strings should reach models, validators and docs"
    check = "from evil_sdk import models\nfor n in models.__all__: getattr(models, n)\n"
    imported = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, cwd=out, check=False
    )
    assert imported.returncode == 0, imported.stderr
    init = (out / "evil_sdk" / "__init__.py").read_text(encoding="utf-8")
    namespace: dict[str, Any] = {}
    exec(compile(init, "__init__.py", "exec"), namespace)
    assert namespace["API_TITLE"] == "\n".join(EVIL)
    assert namespace["API_VERSION"] == EVIL[0]
    pyproject = (out / "pyproject.toml").read_text(encoding="utf-8")
    assert "os.system" not in pyproject.split("version =")[0]


def test_hostile_names_are_unique_identifiers(build: Any) -> None:
    loaded = build(hostile_spec())
    classes = [s.class_name for s in loaded.api.schemas]
    assert len(set(classes)) == len(classes)
    assert all(c.isidentifier() and not keyword.iskeyword(c) for c in classes)
    for schema in loaded.api.schemas:
        if isinstance(schema, Model):
            names = [f.py_name for f in schema.fields]
            assert len(set(names)) == len(names), names
            assert all(n.isidentifier() and not keyword.iskeyword(n) for n in names)
            assert all(not n.startswith("__") for n in names)
    thing = loaded.api.schema("#/components/schemas/Thing")
    assert isinstance(thing, Model)
    assert [f.wire_name for f in thing.fields] == EVIL  # wire names kept exactly, as aliases


def test_hostile_output_is_clean_code(tmp_path: Path) -> None:
    spec = tmp_path / "evil.json"
    spec.write_text(json.dumps(hostile_spec()), encoding="utf-8")
    out = tmp_path / "out"
    args = ["generate", "--spec", str(spec), "--out", str(out), "--package-name", "evil_sdk"]
    subprocess.run([sys.executable, "-m", "generator", *args], check=True, capture_output=True)
    for command in (
        ("ruff", "check", "--isolated", "--target-version", "py310", "."),
        ("ruff", "format", "--isolated", "--check", "."),
        ("mypy", "--strict", "--python-version", "3.10", "evil_sdk"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", *command], capture_output=True, text=True, cwd=out, check=False
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
