"""The generated client as code: lazy and fast to import, clean under ruff and mypy
--strict (with the return types visible to type checkers), valid Python 3.10,
deterministic, and safe with names that clash."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.lowering import ALL_RULES
from generator.pipeline import load_api
from generator.render.files import Target
from generator.targets.client import render_client
from tests.client.conftest import FULL, PROJECT, TOKEN
from tests.client.packages import generate_client, import_package
from tests.client.server import Reply, TestServer
from tests.conftest import REPO, minimal_spec

USAGE = """
from {package} import AsyncVapi, Vapi, errors
from {package}.models import UpdateByoPhoneNumberDTO

client = Vapi(token="t")
reveal_type(client.phone_numbers.get("id"))
reveal_type(client.phone_numbers.list())
reveal_type(client.phone_numbers.update("id", body=UpdateByoPhoneNumberDTO(name="x")))
for number in client.phone_numbers.list_paginated(limit=5):
    reveal_type(number)
reveal_type(client.phone_numbers.with_raw_response.get("id").parse())


async def main() -> None:
    async_client = AsyncVapi()
    reveal_type(await async_client.phone_numbers.get("id"))
    async for item in async_client.phone_numbers.list_paginated():
        reveal_type(item)
"""
PHONE_NUMBER = (
    "ByoPhoneNumber | TwilioPhoneNumber | VonagePhoneNumber | VapiPhoneNumber"
    " | TelnyxPhoneNumber | UnknownVariant"
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, check=False)


def test_import_and_first_resource_load_neither_httpx_nor_pydantic(project_out: Path) -> None:
    # What is loaded, not how long it takes: timings live in benchmarks/bench_client.py.
    code = f"""
import sys
import {PROJECT}
client = {PROJECT}.Vapi(token="t")
client.phone_numbers
print(",".join(sorted(m for m in ("httpx", "pydantic") if m in sys.modules)) or "-")
"""
    result = run(sys.executable, "-c", code, cwd=project_out)
    assert result.stdout.split() == ["-"], result.stderr


def test_the_first_call_loads_only_the_models_it_needs(full_out: Path, server: TestServer) -> None:
    stamp = "2024-05-01T12:00:00.000Z"
    file = {"id": "f", "orgId": "o", "createdAt": stamp, "updatedAt": stamp}
    server.reply("GET", "/file/f", Reply(200, file))
    code = f"""
import sys
import {FULL}
client = {FULL}.Vapi(token="t", base_url={server.url!r})
assert "httpx" not in sys.modules
print(type(client.files.get("f")).__name__)
print(len([m for m in sys.modules if m.startswith("{FULL}._models.")]))
"""
    result = run(sys.executable, "-c", code, cwd=full_out)
    name, loaded = result.stdout.split()
    assert name == "File", result.stderr
    assert int(loaded) <= 5  # File and the runtime, not the 890 others


def test_the_errors_module_is_free_to_import(project_out: Path) -> None:
    code = f"import sys; import {PROJECT}.errors; print('httpx' in sys.modules)"
    assert run(sys.executable, "-c", code, cwd=project_out).stdout.strip() == "False"


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "--isolated", "--target-version", "py310"),
        ("ruff", "format", "--isolated", "--check"),
    ],
    ids=["ruff-check", "ruff-format"],
)
def test_the_client_code_is_ruff_clean(
    project_out: Path, full_out: Path, command: tuple[str, ...]
) -> None:
    paths = [
        str(out / package / part)
        for out, package in ((project_out, PROJECT), (full_out, FULL))
        for part in ("__init__.py", "errors.py", "_client", "webhooks.py")
        if (out / package / part).exists()
    ]
    assert str(full_out / FULL / "webhooks.py") in paths
    result = run(sys.executable, "-m", *command, *paths, cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def mypy(cwd: Path, cache: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    flags = ("--strict", "--python-version", "3.10", "--cache-dir", str(cache))
    return run(sys.executable, "-m", "mypy", *flags, *targets, cwd=cwd)


def test_the_project_client_type_checks_and_its_types_are_visible(
    project_out: Path, mypy_cache: Path
) -> None:
    (project_out / "usage.py").write_text(USAGE.format(package=PROJECT), encoding="utf-8")
    result = mypy(project_out, mypy_cache, PROJECT, "usage.py")
    revealed = [
        re.sub(r"\b[\w.]+\.(\w+)", r"\1", line.split("Revealed type is ")[1].strip('"'))
        for line in result.stdout.splitlines()
        if "Revealed type is" in line
    ]
    union = PHONE_NUMBER
    assert revealed == [
        union,
        f"list[{union}]",
        union,
        union,
        union,
        union,
        union,
    ], result.stdout
    assert "error" not in result.stdout.replace("errors", ""), result.stdout[-3000:]


WEBHOOK_USAGE = """
from {package}.webhooks import ServerMessageToolCalls, parse_server_message, reply_model

event = parse_server_message(b"{{}}")
reveal_type(event)
if isinstance(event.message, ServerMessageToolCalls):
    reveal_type(event.message.tool_call_list)
    reveal_type(reply_model(event.message))
"""


@pytest.mark.slow
def test_the_full_client_type_checks(full_out: Path, mypy_cache: Path) -> None:
    usage = full_out / "webhook_usage.py"
    usage.write_text(WEBHOOK_USAGE.format(package=FULL), encoding="utf-8")
    result = mypy(full_out, mypy_cache, FULL, usage.name)
    assert result.returncode == 0, result.stdout[-3000:]
    revealed = re.findall(r'Revealed type is "([^"]+)"', result.stdout)
    short = [re.sub(r"\b[\w.]+\.(\w+)", r"\1", line) for line in revealed]
    assert short == ["ServerMessage", "list[ToolCall]", "type[Model] | None"], short


def python_3_10() -> str:
    """A working `python3.10` (a pyenv shim may exist without one behind it)."""
    found = shutil.which("python3.10")
    if found is None or run(found, "-c", "pass", cwd=REPO).returncode != 0:
        pytest.skip("no python3.10 here")
    return found


def test_the_client_compiles_on_python_3_10(project_out: Path, full_out: Path) -> None:
    python = python_3_10()
    for out, package in ((project_out, PROJECT), (full_out, FULL)):
        result = run(python, "-m", "compileall", "-q", f"{package}/_client", cwd=out)
        assert result.returncode == 0, result.stdout + result.stderr
    result = run(python, "-m", "py_compile", f"{FULL}/webhooks.py", cwd=full_out)
    assert result.returncode == 0, result.stdout + result.stderr


def test_rendering_is_deterministic() -> None:
    loaded = load_api(str(REPO / "specs" / "phone-numbers.yaml"), repairs=frozenset(ALL_RULES))
    target = Target(loaded.api, loaded.index, "pkg")
    assert list(render_client(target)) == list(render_client(target))


def clashing_spec() -> dict[str, Any]:
    """Names that would shadow options, builtins and each other; hostile prose."""
    body = {
        "type": "object",
        "properties": {
            "timeout": {"type": "number"},
            "id": {"type": "string"},
            "body": {"type": "string"},
            "list": {"type": "array", "items": {"type": "string"}},
        },
    }
    widget = {"type": "object", "properties": {"id": {"type": "string"}}}
    operation = {
        "tags": ["Timeout"],
        "summary": 'Say """hi""" \\ and "bye"',
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "max_retries", "in": "query", "schema": {"type": "integer"}},
            {"name": "X-Body", "in": "header", "schema": {"type": "string"}},
        ],
        "requestBody": {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}}
        },
        "responses": {
            "200": {
                "description": "",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Widget"},
                        }
                    }
                },
            }
        },
    }
    return minimal_spec(
        {"Body": body, "Widget": widget},
        servers=[{"url": "https://example.test"}],
        paths={
            "/widgets/{id}": {
                "put": {**operation, "operationId": "Widget_list"},
                "post": {**operation, "operationId": "Widget_withRawResponse"},
            }
        },
    )


def test_clashing_names_are_renamed_and_still_work(
    tmp_path: Path, server: TestServer, mypy_cache: Path
) -> None:
    spec = tmp_path / "clash.json"
    spec.write_text(json.dumps(clashing_spec()), encoding="utf-8")
    out = generate_client(spec, tmp_path / "out", "clash_sdk")
    for command in (
        ("ruff", "check", "--isolated", "--target-version", "py310", "clash_sdk"),
        ("ruff", "format", "--isolated", "--check", "clash_sdk"),
    ):
        result = run(sys.executable, "-m", *command, cwd=out)
        assert result.returncode == 0, result.stdout
    result = mypy(out, mypy_cache, "clash_sdk")
    assert result.returncode == 0, result.stdout[-3000:]
    sdk: ModuleType = import_package(out, "clash_sdk")
    client = sdk.Test(token=TOKEN, base_url=server.url)
    server.reply("PUT", "/widgets/w%2F1", Reply(200, [{"id": "a"}]))
    widgets = client.timeout_.list(
        "w/1", max_retries_=3, x_body="h", timeout_=1.5, id_="i", body_="b", list_=["x"]
    )
    assert [w.id for w in widgets] == ["a"]
    (request,) = server.requests()
    assert request.query == {"max_retries": ["3"]}
    assert request.headers["x-body"] == "h"
    assert request.json() == {"timeout": 1.5, "id": "i", "body": "b", "list": ["x"]}
    assert callable(client.timeout_.with_raw_response_)


def keyed_spec(location: str) -> dict[str, Any]:
    """An API key in a header or the query; one operation needs it, one is open."""
    answer = {"200": {"description": "", "content": {"application/json": {"schema": {}}}}}
    return minimal_spec(
        servers=[{"url": "https://example.test"}],
        components={
            "securitySchemes": {"key": {"type": "apiKey", "in": location, "name": "X-Key"}}
        },
        security=[{"key": []}],
        paths={
            "/private": {"get": {"operationId": "Things_findAll", "responses": answer}},
            "/public": {"get": {"operationId": "Things_ping", "security": [], "responses": answer}},
        },
    )


@pytest.mark.parametrize("location", ["header", "query"])
def test_api_key_schemes_and_open_operations(
    tmp_path: Path, server: TestServer, location: str
) -> None:
    spec = tmp_path / "keyed.json"
    spec.write_text(json.dumps(keyed_spec(location)), encoding="utf-8")
    package = f"keyed_{location}_sdk"
    sdk = import_package(generate_client(spec, tmp_path / "out", package), package)
    server.reply("GET", "/private", Reply(200, {"ok": True}))
    server.reply("GET", "/public", Reply(200, {"ok": True}))
    assert sdk.Test(base_url=server.url).public.ping() == {"ok": True}  # no token needed
    with pytest.raises(sdk.errors.TokenMissingError, match="TEST_API_KEY"):
        sdk.Test(base_url=server.url).private.list()
    sdk.Test(token=TOKEN, base_url=server.url).private.list()
    public, private = server.requests()
    assert "x-key" not in public.headers and "X-Key" not in public.query
    if location == "header":
        assert private.headers["x-key"] == TOKEN
    else:
        assert private.query["X-Key"] == [TOKEN]
