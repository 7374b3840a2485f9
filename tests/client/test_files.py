"""Multipart upload (`POST /file`), binary downloads behind redirects, body fields as
keyword arguments, and no-content answers (full Vapi spec)."""

from __future__ import annotations

import email.parser
import email.policy
import io
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.client.conftest import TOKEN
from tests.client.payloads import ID, STAMP
from tests.client.server import Received, Reply, TestServer

FILE = {"id": ID, "orgId": "org-1", "createdAt": STAMP, "updatedAt": STAMP, "name": "notes.txt"}
AUDIO = bytes(range(256)) * 64


def parts(request: Received) -> dict[str, tuple[str | None, str, bytes]]:
    """name → (file name, content type, content) of a multipart/form-data body."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.body)
    found = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        found[str(name)] = (part.get_filename(), part.get_content_type(), payload)
    return found


@pytest.mark.parametrize("kind", ["path", "bytes", "file-object", "tuple"])
def test_upload_a_file(
    full_client: Any, server: TestServer, full_sdk: ModuleType, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"hello\x00world")
    given: Any = {
        "path": path,
        "bytes": b"hello\x00world",
        "file-object": io.BytesIO(b"hello\x00world"),
        "tuple": ("notes.txt", b"hello\x00world", "text/plain"),
    }[kind]
    server.reply("POST", "/file", Reply(201, FILE))
    uploaded = full_client.files.create(file=given)
    assert isinstance(uploaded, full_sdk.models.File)
    (request,) = server.requests()
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    filename, content_type, content = parts(request)["file"]
    assert content == b"hello\x00world"
    expected_name = {"bytes": "file", "file-object": "file"}.get(kind, "notes.txt")
    assert filename == expected_name
    if kind in ("path", "tuple"):
        assert content_type == "text/plain"


def test_upload_through_body_and_retried_with_the_same_content(
    full_client: Any, server: TestServer
) -> None:
    server.reply("POST", "/file", Reply(503, {}), Reply(201, FILE))
    full_client.files.create(body={"file": ("a.wav", AUDIO)})
    first, second = server.requests()
    assert parts(first)["file"][2] == parts(second)["file"][2] == AUDIO


def test_upload_without_the_file_is_refused(
    full_client: Any, server: TestServer, full_sdk: ModuleType
) -> None:
    with pytest.raises(full_sdk.errors.RequestValidationError, match=r"body\.file: Field required"):
        full_client.files.create()
    with pytest.raises(TypeError, match=r"pathlib\.Path"):
        full_client.files.create(file="notes.txt")
    assert server.requests() == []


def test_a_recording_download_follows_the_redirect_to_bytes(
    full_client: Any, server: TestServer
) -> None:
    location = f"{server.url}/storage/rec.wav?sig=abc"
    server.reply("GET", f"/call/{ID}/mono-recording", Reply(302, headers={"Location": location}))
    server.reply(
        "GET", "/storage/rec.wav", Reply(200, body=AUDIO, headers={"Content-Type": "audio/wav"})
    )
    assert full_client.calls.mono_recording_download(ID) == AUDIO
    first, second = server.requests()
    assert first.headers["accept"] == "*/*"
    assert second.query == {"sig": ["abc"]}


def test_a_cross_origin_redirect_drops_the_token(full_client: Any, server: TestServer) -> None:
    location = f"http://localhost:{server.port}/storage/rec.wav"  # another origin
    server.reply("GET", f"/call/{ID}/stereo-recording", Reply(302, headers={"Location": location}))
    server.reply("GET", "/storage/rec.wav", Reply(200, body=AUDIO))
    assert full_client.calls.stereo_recording_download(ID) == AUDIO
    first, second = server.requests()
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert "authorization" not in second.headers


def test_a_download_can_be_streamed(full_client: Any, server: TestServer) -> None:
    server.reply("GET", f"/call/{ID}/pcap", Reply(200, body=AUDIO))
    chunks = []
    with full_client.calls.with_streaming_response.pcap_download(ID) as response:
        assert response.status_code == 200
        chunks = list(response.iter_bytes(1024))
    assert b"".join(chunks) == AUDIO and len(chunks) > 1


def test_a_missing_recording_is_not_found(
    full_client: Any, server: TestServer, full_sdk: ModuleType
) -> None:
    server.reply("GET", f"/call/{ID}/call-logs", Reply(404, {"message": "Artifact not found."}))
    with pytest.raises(full_sdk.errors.NotFoundError, match="Artifact not found"):
        full_client.calls.call_logs_download(ID)


def test_body_fields_as_keyword_arguments(
    full_client: Any, server: TestServer, full_sdk: ModuleType
) -> None:
    assistant = {"id": ID, "orgId": "org-1", "createdAt": STAMP, "updatedAt": STAMP}
    server.reply("POST", "/assistant", Reply(201, {**assistant, "name": "Ada"}))
    created = full_client.assistants.create(
        name="Ada", first_message="Hello!", max_duration_seconds=600
    )
    assert isinstance(created, full_sdk.models.Assistant) and created.name == "Ada"
    assert server.requests()[0].json() == {
        "name": "Ada",
        "firstMessage": "Hello!",
        "maxDurationSeconds": 600,
    }


def test_body_and_keyword_fields_together_are_refused(full_client: Any) -> None:
    with pytest.raises(TypeError, match="not both"):
        full_client.assistants.create(body={"name": "Ada"}, first_message="Hello!")


def test_a_model_body_sends_only_what_was_set(
    full_client: Any, server: TestServer, full_sdk: ModuleType
) -> None:
    assistant = {"id": ID, "orgId": "org-1", "createdAt": STAMP, "updatedAt": STAMP}
    server.reply("PATCH", f"/assistant/{ID}", Reply(200, assistant))
    full_client.assistants.update(ID, body=full_sdk.models.UpdateAssistantDTO(name="Ada"))
    assert server.requests()[0].json() == {"name": "Ada"}


def test_no_content_is_none(full_client: Any, server: TestServer) -> None:
    server.reply("POST", "/eval/run", Reply(200))
    target = {"type": "assistant", "assistantId": ID}
    assert full_client.eval.run(type="eval", eval_id=ID, target=target) is None
