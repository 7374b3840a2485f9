"""A hostile spec: every string reaches output only escaped, and names never collide."""

from __future__ import annotations

import ast
import io
import json
import keyword
import re
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import Any

import pytest

import generator.cli as cli_module
from generator import pipeline
from generator.ir import Model
from tests.conftest import REPO, minimal_spec

PROJECT_SPEC = str(REPO / "specs" / "phone-numbers.yaml")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        check=False,
    )


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


INJECTION = 'Api(object): pass\n__import__("os").system("id")\nclass X'


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--client-name", INJECTION, "is not a Python identifier"),
        ("--client-name", "a b", "is not a Python identifier"),
        ("--client-name", "class", "is not a Python identifier"),
        ("--client-name", "None", "is not a Python identifier"),
        ("--client-name", "object", "would shadow a name"),
        ("--client-name", "_Hidden", "must start with a letter"),
        ("--client-name", "Clïent", "is not a Python identifier"),
        ("--package-name", INJECTION, "is not a Python identifier"),
        ("--package-name", "a b", "is not a Python identifier"),
        ("--package-name", "class", "is not a Python identifier"),
        ("--package-name", "None", "is not a Python identifier"),
        ("--package-name", "json", "is the name of a module the package needs"),
        ("--package-name", "pydantic", "is the name of a module the package needs"),
    ],
)
def test_options_that_reach_code_are_checked(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    args = ["--package-name", "ok_sdk", "--client-name", "Ok"]
    args[args.index(option) + 1] = value
    result = run_cli("generate", "--spec", PROJECT_SPEC, "--out", str(tmp_path / "out"), *args)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: command line: {option} ") and message in line, line
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (f"client-name = {json.dumps(INJECTION)}", "client-name in [tool.sdkgen] "),
        ('package-name = "a b"', "package-name in [tool.sdkgen] 'a b' is not a Python"),
        ("client-name = 5", "client-name in [tool.sdkgen] must be a string"),
        ('skip-repairs = "empty-enum"', "skip-repairs in [tool.sdkgen] must be a list of"),
        ('docs = "no"', "docs in [tool.sdkgen] must be true or false"),
        ('pakage-name = "x"', "unknown key 'pakage-name' in [tool.sdkgen]"),
    ],
)
def test_pyproject_values_that_reach_code_are_checked(
    tmp_path: Path, setting: str, message: str
) -> None:
    lines = {"spec": f'spec = "{PROJECT_SPEC}"', "out": 'out = "gen"'}
    lines["package-name"], lines["client-name"] = 'package-name = "ok_sdk"', ""
    key = setting.split(" = ", 1)[0]
    lines[key] = setting
    (tmp_path / "pyproject.toml").write_text("[tool.sdkgen]\n" + "\n".join(lines.values()) + "\n")
    result = run_cli("generate", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {tmp_path / 'pyproject.toml'}: ") and message in line, line
    assert not (tmp_path / "gen").exists()


def test_a_client_name_that_clashes_with_a_model_is_refused(tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    result = run_cli("generate", "--spec", PROJECT_SPEC, "--out", out, "--package-name", "p")
    assert result.returncode == 0, result.stderr
    clash = run_cli(
        *["generate", "--spec", PROJECT_SPEC, "--out", out, "--package-name", "p"],
        "--client-name",
        "Server",
    )
    assert clash.returncode == 2
    assert "--client-name 'Server' makes a class 'Server', which is also a schema's name" in (
        clash.stderr
    )


ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x9b1m\u202eevil\rover\x00"


def test_spec_text_reaches_the_terminal_without_control_characters(tmp_path: Path) -> None:
    spec = minimal_spec(
        {"A": {"type": "string", "enum": [], "description": ESCAPES}},
        info={"title": f"T{ESCAPES}", "version": f"1{ESCAPES}"},
    )
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    out = str(tmp_path / "out")
    for args in (
        ("generate", "--spec", str(path), "--out", out, "--package-name", "p"),
        ("generate", "--spec", str(path), "--out", out + "2", "--package-name", "p", "--check"),
        ("lint", str(path)),
        ("lint", "--format", "json", str(path)),
    ):
        result = run_cli(*args)
        assert result.returncode in (0, 1), result.stderr
        for text in (result.stdout, result.stderr):
            assert not CONTROLS.search(text), (args, CONTROLS.findall(text))
        assert "Tredevil" in result.stdout or args[0] == "lint"
    found = json.loads(run_cli("lint", "--format", "json", str(path)).stdout)
    assert found  # still JSON, the same values


CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def test_an_unexpected_exception_is_one_line_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        error = KeyError("boom\nsecond line")
        error.add_note("spec.json#/components/schemas/A")
        raise error

    monkeypatch.setattr(pipeline, "generate", broken)
    with pytest.raises(SystemExit) as stopped, cli_module.handle_errors():
        pipeline.generate()  # type: ignore[call-arg]
    assert stopped.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: internal error: spec.json#/components/schemas/A: KeyError: ")
    assert "boom" in line and "second line" in line


def test_the_cli_entry_point_has_a_last_resort_too(tmp_path: Path) -> None:
    code = (
        "import generator.cli as c, sys\n"
        "def boom(): raise ValueError('not handled anywhere')\n"
        "c.cli = lambda **k: boom()\n"
        "c.main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line == "error: internal error: ValueError: not handled anywhere (a bug in sdkgen; " + (
        "please report it)"
    )
