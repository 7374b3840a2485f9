"""`<package>.webhooks`: every server message type of the full Vapi spec parsed into its
variant (payloads built from the schemas), unknown types kept, replies, the cost of
importing it, and the README's WSGI example answering over real HTTP."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
import pytest
from pydantic import ValidationError

from tests.client.conftest import FULL, PROJECT
from tests.client.spec_payloads import SpecPayloads

STATUS_UPDATE = {"message": {"type": "status-update", "status": "ended"}}


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))


@pytest.fixture(scope="module")
def webhooks(full_sdk: ModuleType) -> ModuleType:
    """`<package>.webhooks`: a submodule, imported by name like any other."""
    return importlib.import_module(f"{full_sdk.__name__}.webhooks")


def test_every_server_message_type_parses_to_its_variant(
    webhooks: ModuleType, full_payloads: SpecPayloads
) -> None:
    types = full_payloads.server_message_types()
    # every member of the union (27 in this spec), `transcript` with both of its tags
    assert len({schema for _, schema in types}) == 27 and len(types) == 28
    failures = []
    for mode in ("minimal", "random", "full"):
        for tag, schema in types:
            body = {"message": full_payloads.of(schema, mode, type=tag)}
            event = webhooks.parse_server_message(json.dumps(body).encode())
            found = type(event.message).__name__
            if found != schema or event.message.type != tag:
                failures.append(f"{mode} {tag}: {found}, expected {schema}")
            elif event.model_dump(mode="json", exclude_unset=True) != as_json(body):
                failures.append(f"{mode} {tag}: not written back as it came")
    assert failures == []


@pytest.mark.parametrize("form", ["bytes", "bytearray", "str", "dict"])
def test_the_body_may_be_bytes_str_or_a_dict(webhooks: ModuleType, form: str) -> None:
    text = json.dumps(STATUS_UPDATE)
    body = {
        "bytes": text.encode(),
        "bytearray": bytearray(text.encode()),
        "str": text,
        "dict": STATUS_UPDATE,
    }[form]
    event = webhooks.parse_server_message(body)
    assert isinstance(event, webhooks.ServerMessage)
    assert isinstance(event.message, webhooks.ServerMessageStatusUpdate)
    assert event.message.status == "ended"


def test_an_unknown_message_type_is_kept_as_it_came(webhooks: ModuleType) -> None:
    body = {"message": {"type": "call.teleported", "to": {"planet": "Mars"}}, "sentAt": 1}
    event = webhooks.parse_server_message(json.dumps(body))
    assert isinstance(event.message, webhooks.UnknownVariant)
    assert event.message.model_extra == body["message"]
    assert event.model_dump(exclude_unset=True) == body
    assert webhooks.reply_model(event.message) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"not json", "Invalid JSON"),
        (b"[1, 2]", "ServerMessage"),
        (b'{"message": {"status": "ended"}}', "'type', one of: 'assistant-request'"),
        (b'{"message": {"type": "status-update", "status": 7}}', r"message\.status-update"),
        ({"notAMessage": True}, r"message\s+Field required"),
    ],
)
def test_what_is_not_a_server_message_is_a_clear_error(
    webhooks: ModuleType, body: Any, expected: str
) -> None:
    with pytest.raises(ValidationError, match=expected) as raised:
        webhooks.parse_server_message(body)
    assert isinstance(raised.value, ValueError)


def test_messages_that_expect_a_reply_name_its_model(
    webhooks: ModuleType, full_payloads: SpecPayloads
) -> None:
    expected = {}
    for tag, schema in full_payloads.server_message_types():
        reply = schema.replace("ServerMessage", "ServerMessageResponse", 1)
        event = webhooks.parse_server_message({"message": full_payloads.of(schema, type=tag)})
        model = webhooks.reply_model(event.message)
        expected[tag] = None if model is None else model.__name__
        assert model is None or model.__name__ == reply
    # the spec: "Only assistant-request, tool-calls and transfer-destination-request do"
    for tag in ("assistant-request", "tool-calls", "transfer-destination-request"):
        assert expected[tag] is not None
    assert expected["status-update"] is None and expected["end-of-call-report"] is None


def test_reply_bodies_use_wire_names_and_leave_unset_fields_out(webhooks: ModuleType) -> None:
    result = {"toolCallId": "call-1", "name": "lookup", "result": "42"}
    reply = webhooks.ServerMessageResponseToolCalls(results=[result])
    assert json.loads(webhooks.reply_body(reply)) == {"results": [result]}
    assistant = webhooks.ServerMessageResponseAssistantRequest(assistant_id="a-1")
    assert webhooks.reply_body(assistant) == b'{"assistantId":"a-1"}'
    assert webhooks.reply_body({"assistantId": "a-1"}) == b'{"assistantId":"a-1"}'


def test_the_module_lists_and_loads_its_models_lazily(
    webhooks: ModuleType, full_sdk: ModuleType
) -> None:
    assert "ServerMessageToolCalls" in dir(webhooks)
    models = importlib.import_module(f"{full_sdk.__name__}.models")
    assert webhooks.ServerMessageToolCalls is models.ServerMessageToolCalls
    assert webhooks.UnknownVariant is models.UnknownVariant
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = webhooks.Nope


def test_importing_webhooks_is_cheap(full_out: Path) -> None:
    body = json.dumps(STATUS_UPDATE)
    code = f"""
import sys, time
started = time.perf_counter()
from {FULL} import webhooks
elapsed = time.perf_counter() - started
heavy = [m for m in ("httpx", "pydantic") if m in sys.modules]
webhooks.parse_server_message({body!r})
models = [m for m in sys.modules if m.startswith("{FULL}._models.")]
print(elapsed, len(models), *heavy)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=full_out, check=False
    )
    _elapsed, loaded, *heavy = result.stdout.split()  # timings: benchmarks/bench_client.py
    assert heavy == [], result.stderr
    assert int(loaded) < 12  # the runtime, ServerMessage, the status update and its aliases


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        del format, args


@pytest.fixture
def readme_app(full_out: Path, webhooks: ModuleType) -> Iterator[str]:
    """The README's webhook example, served by wsgiref on 127.0.0.1; yields its URL."""
    readme = (full_out / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Webhooks", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None
    namespace: dict[str, Any] = {}
    exec(compile(match.group(1), "README.md", "exec"), namespace)  # our README
    server: WSGIServer = make_server("127.0.0.1", 0, namespace["app"], handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_readme_example_answers_server_messages_over_http(
    readme_app: str, full_payloads: SpecPayloads
) -> None:
    request = {"message": full_payloads.of("ServerMessageAssistantRequest")}
    with httpx.Client(timeout=5.0) as http:
        answered = http.post(readme_app, json=request)
        assert answered.status_code == 200
        assert answered.json() == {"assistantId": "..."}
        assert http.post(readme_app, json=STATUS_UPDATE).json() == {}
        unknown = {"message": {"type": "call.teleported"}}
        assert http.post(readme_app, json=unknown).json() == {}
        refused = http.post(readme_app, content=b"{")
        assert refused.status_code == 400 and "Invalid JSON" in refused.text


def test_a_spec_without_server_messages_has_no_webhooks(project_out: Path) -> None:
    assert not (project_out / PROJECT / "webhooks.py").exists()
    assert "## Webhooks" not in (project_out / "README.md").read_text(encoding="utf-8")
