"""The `logging` logger: requests, answers and retries, with credentials redacted."""

from __future__ import annotations

import importlib
import logging
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.client.conftest import PROJECT, TOKEN
from tests.client.payloads import ID, byo
from tests.client.server import Reply, TestServer


def test_requests_answers_and_retries_are_logged_without_the_token(
    client: Any, server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    headers = {"x-request-id": "req-7"}
    server.reply("GET", f"/phone-number/{ID}", Reply(503, {}), Reply(200, byo(1), headers=headers))
    with caplog.at_level(logging.DEBUG, logger=PROJECT):
        client.phone_numbers.get(ID, extra_headers={"Cookie": "session=s3cret"})
    records = [r for r in caplog.records if r.name == PROJECT]
    text = "\n".join(r.getMessage() for r in records)
    assert TOKEN not in text and "s3cret" not in text
    assert "'authorization': '<redacted>'" in text
    assert "'cookie': '<redacted>'" in text
    assert f"request GET {server.url}/phone-number/{ID}" in text
    assert "-> 503" in text and "-> 200 OK" in text and "request id req-7" in text
    retries = [r for r in records if r.levelno == logging.INFO]
    assert len(retries) == 1 and "after status 503" in retries[0].getMessage()


def test_nothing_is_formatted_when_debug_is_off(
    client: Any, server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.reply("GET", f"/phone-number/{ID}", Reply(200, byo(1)))
    with caplog.at_level(logging.WARNING, logger=PROJECT):
        client.phone_numbers.get(ID)
    assert [r for r in caplog.records if r.name == PROJECT] == []


def test_an_api_key_in_the_query_is_redacted(sdk: ModuleType) -> None:
    http = importlib.import_module(f"{PROJECT}._client._http")

    class QueryKeyed(sdk.Vapi):  # type: ignore[misc,name-defined]
        _auth = ("query", "api_key", "")

    client = QueryKeyed(token=TOKEN)
    url = http._redacted_url(client, httpx.URL(f"https://x/y?api_key={TOKEN}&a=1"))
    assert TOKEN not in str(url) and "a=1" in str(url)
    headers = http.redacted_headers(client, httpx.Headers({"X-Other": "v"}))
    assert headers == {"x-other": "v"}
