"""The webhooks module from small specs: generated for any spec with a `ServerMessage`
schema, with or without replies, messages paired with replies by class name when the
unions have no titles, names that clash with the module's own left to `models`; the code
is ruff- and mypy-clean and the README's example works."""

from __future__ import annotations

import importlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.render.files import Target
from generator.render.webhooks import render_webhooks
from tests.client.packages import generate_client, import_package, load
from tests.conftest import REPO, minimal_spec

REF = "#/components/schemas/"
USAGE = """
from {package}.webhooks import ServerMessageOrder, parse_server_message{replies}

event = parse_server_message(b"{{}}")
reveal_type(event.event)
if isinstance(event.event, ServerMessageOrder):
    reveal_type(event.event.order_id)
"""
REPLY_USAGE = """
    reveal_type(reply_model(event.event))
    reveal_type(reply_body(ServerMessageResponseOrder(accepted=True)))
"""


def message(tag: str, **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"type": "string", "enum": [tag]}, **properties},
    }


def small_spec(*, replies: bool) -> dict[str, Any]:
    """Three messages told apart by `type` (one named like a name the module imports),
    and, with `replies`, a reply to one of them; no titles on the union members."""
    members = [{"$ref": f"{REF}{name}"} for name in ("ServerMessagePing", "Mapping")]
    members.append({"$ref": f"{REF}ServerMessageOrder"})
    schemas: dict[str, Any] = {
        "ServerMessage": {
            "type": "object",
            "required": ["event"],
            "properties": {"event": {"oneOf": members}},
        },
        "ServerMessagePing": message("ping"),
        "Mapping": message("mapping", keys={"type": "array", "items": {"type": "string"}}),
        "ServerMessageOrder": message("order", orderId={"type": "string"}),
    }
    if replies:  # paired by class name, and by title (a reply named like `Model`)
        members.append({"$ref": f"{REF}ServerMessageCheck", "title": "Check"})
        schemas["ServerMessageCheck"] = message("check")
        reply = {"oneOf": [{"$ref": f"{REF}ServerMessageResponseOrder"}]}
        reply["oneOf"].append({"$ref": f"{REF}Model", "title": "Check"})
        schemas["ServerMessageResponse"] = {"type": "object", "properties": {"reply": reply}}
        schemas["ServerMessageResponseOrder"] = {
            "type": "object",
            "required": ["accepted"],
            "properties": {"accepted": {"type": "boolean"}, "note": {"type": "string"}},
        }
        schemas["Model"] = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    return minimal_spec(schemas)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, check=False)


@pytest.fixture(scope="module", params=[True, False], ids=["with-replies", "no-replies"])
def small(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    replies: bool = request.param
    folder = tmp_path_factory.mktemp("webhooks-small")
    spec = folder / "spec.json"
    spec.write_text(json.dumps(small_spec(replies=replies)), encoding="utf-8")
    package = f"hooks_{'replies' if replies else 'plain'}_sdk"
    return generate_client(spec, folder / "out", package)


def package_of(out: Path) -> str:
    return next(path.name for path in out.iterdir() if path.name.endswith("_sdk"))


def webhooks_of(out: Path) -> ModuleType:
    package = package_of(out)
    import_package(out, package)
    return importlib.import_module(f"{package}.webhooks")


def test_messages_parse_and_unknown_ones_are_kept(small: Path) -> None:
    webhooks = webhooks_of(small)
    order = webhooks.parse_server_message(b'{"event": {"type": "order", "orderId": "o-1"}}')
    assert type(order.event).__name__ == "ServerMessageOrder" and order.event.order_id == "o-1"
    mapped = webhooks.parse_server_message({"event": {"type": "mapping", "keys": ["a"]}})
    assert type(mapped.event).__name__ == "Mapping"
    later = webhooks.parse_server_message('{"event": {"type": "refund", "id": 1}}')
    assert isinstance(later.event, webhooks.UnknownVariant)
    assert "Mapping" not in webhooks.__all__  # the module's own `Mapping` is collections.abc's


def test_replies_pair_by_class_name(small: Path) -> None:
    webhooks = webhooks_of(small)
    if not hasattr(webhooks, "reply_model"):
        assert "reply_body" not in webhooks.__all__
        return
    order = webhooks.parse_server_message(b'{"event": {"type": "order"}}')
    ping = webhooks.parse_server_message(b'{"event": {"type": "ping"}}')
    reply = webhooks.reply_model(order.event)
    assert reply is webhooks.ServerMessageResponseOrder
    assert webhooks.reply_model(ping.event) is None
    assert webhooks.reply_body(reply(accepted=True)) == b'{"accepted":true}'
    check = webhooks.parse_server_message(b'{"event": {"type": "check"}}')
    model = webhooks.reply_model(check.event)
    assert model is not None and model.__module__.endswith("._models.model")
    assert "Model" not in webhooks.__all__
    with pytest.raises(AttributeError):
        _ = webhooks.Model  # a name the module uses for the models' base, for type checkers


def test_the_code_is_ruff_and_mypy_clean(small: Path, mypy_cache: Path) -> None:
    package = package_of(small)
    target = str(small / package / "webhooks.py")
    for command in (
        ("ruff", "check", "--isolated", "--target-version", "py310", target),
        ("ruff", "format", "--isolated", "--check", target),
    ):
        result = run(sys.executable, "-m", *command, cwd=REPO)
        assert result.returncode == 0, result.stdout
    replies = (small / package / "_models" / "server_message_response.py").exists()
    usage = USAGE.format(
        package=package,
        replies=", ServerMessageResponseOrder, reply_body, reply_model" if replies else "",
    ) + (REPLY_USAGE if replies else "")
    (small / "usage.py").write_text(usage, encoding="utf-8")
    flags = ("--strict", "--python-version", "3.10", "--cache-dir", str(mypy_cache))
    result = run(sys.executable, "-m", "mypy", *flags, "usage.py", cwd=small)
    revealed = re.findall(r'Revealed type is "([^"]+)"', result.stdout)
    assert "error" not in result.stdout.replace("errors", ""), result.stdout
    short = [re.sub(r"\b[\w.]+\.(\w+)", r"\1", line) for line in revealed]
    union = "ServerMessagePing | Mapping | ServerMessageOrder | UnknownVariant"
    if replies:
        union = union.replace(" | Unknown", " | ServerMessageCheck | Unknown")
    expected = [union, "str | None"]
    if replies:
        expected += ["type[Model] | None", "bytes"]
    assert short == expected


def test_the_readme_example_runs(small: Path) -> None:
    readme = (small / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", readme.split("## Webhooks", 1)[1], re.DOTALL)
    assert code is not None
    webhooks_of(small)
    namespace: dict[str, Any] = {}
    exec(compile(code.group(1), "README.md", "exec"), namespace)  # our README
    statuses = []
    body = b'{"event": {"type": "order"}}'
    environ = {"CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    answer = namespace["app"](environ, lambda status, headers: statuses.append(status))
    assert statuses == ["200 OK"] and b"".join(answer) == b"{}"


def test_no_server_message_schema_means_no_module() -> None:
    loaded = load(REPO / "specs" / "phone-numbers.yaml")
    assert list(render_webhooks(Target(loaded.api, loaded.index, "pkg"))) == []
