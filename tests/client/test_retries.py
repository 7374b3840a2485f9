"""Retries: which failures are retried, how long the client waits, and what it never
retries (a POST or PATCH the API may have processed)."""

from __future__ import annotations

import email.utils
import importlib
import itertools
import time
from types import ModuleType
from typing import Any

import pytest

from tests.client.conftest import TOKEN, fast
from tests.client.payloads import ID, byo, twilio
from tests.client.server import Reply, TestServer

PATH = f"/phone-number/{ID}"
OK = Reply(200, byo(1))


def gaps(server: TestServer) -> list[float]:
    times = [request.at for request in server.requests()]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_429_waits_for_retry_after_seconds(client: Any, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(429, {}, headers={"Retry-After": "0.2"}), OK)
    assert client.phone_numbers.get(ID).name == "Line 1"
    (gap,) = gaps(server)
    assert 0.18 <= gap < 1.5


def test_retry_after_is_capped(client: Any, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(429, {}, headers={"Retry-After": "30"}), OK)
    started = time.monotonic()
    client.phone_numbers.get(ID)
    assert time.monotonic() - started < 10.0  # capped at max_retry_after (0.3 s), not 30 s
    (gap,) = gaps(server)
    assert 0.28 <= gap < 10.0


def test_retry_after_as_an_http_date(client: Any, server: TestServer) -> None:
    soon = email.utils.formatdate(time.time() + 5, usegmt=True)
    server.reply("GET", PATH, Reply(503, {}, headers={"Retry-After": soon}), OK)
    client.phone_numbers.get(ID)
    (gap,) = gaps(server)
    assert 0.28 <= gap < 4.0  # five seconds away, capped at 0.3


def test_retry_after_in_the_past_retries_at_once(client: Any, server: TestServer) -> None:
    client.max_retry_after = 5.0
    past = email.utils.formatdate(time.time() - 60, usegmt=True)
    server.reply("GET", PATH, Reply(429, {}, headers={"Retry-After": past}), OK)
    client.phone_numbers.get(ID)
    (gap,) = gaps(server)
    assert gap < 4.0  # not the five seconds max_retry_after allows


def test_retry_after_ms(client: Any, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(429, {}, headers={"retry-after-ms": "150"}), OK)
    client.phone_numbers.get(ID)
    (gap,) = gaps(server)
    assert 0.13 <= gap < 1.5


@pytest.mark.parametrize("status", [408, 409, 500, 502, 503, 504])
def test_retried_statuses_on_a_get(client: Any, server: TestServer, status: int) -> None:
    server.reply("GET", PATH, Reply(status, {"message": "busy"}), OK)
    assert client.phone_numbers.get(ID).name == "Line 1"
    assert len(server.requests()) == 2


def test_retries_stop_after_max_retries(client: Any, server: TestServer, sdk: ModuleType) -> None:
    server.reply("GET", PATH, Reply(503, {"message": "down"}))
    with pytest.raises(sdk.errors.InternalServerError, match="down"):
        client.phone_numbers.get(ID)
    assert len(server.requests()) == 3  # the default: 2 retries


def test_max_retries_per_call(client: Any, server: TestServer, sdk: ModuleType) -> None:
    server.reply("GET", PATH, Reply(503, {"message": "down"}))
    with pytest.raises(sdk.errors.InternalServerError):
        client.phone_numbers.get(ID, max_retries=0)
    assert len(server.requests()) == 1


def test_the_api_can_forbid_a_retry(client: Any, server: TestServer, sdk: ModuleType) -> None:
    server.reply("GET", PATH, Reply(503, {}, headers={"x-should-retry": "false"}))
    with pytest.raises(sdk.errors.InternalServerError):
        client.phone_numbers.get(ID)
    assert len(server.requests()) == 1


def test_a_dropped_connection_is_retried_on_a_get(client: Any, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(drop=True), OK)
    assert client.phone_numbers.get(ID).name == "Line 1"
    assert len(server.requests()) == 2


def test_a_dropped_connection_is_not_retried_on_a_patch(
    client: Any, server: TestServer, sdk: ModuleType
) -> None:
    server.reply("PATCH", PATH, Reply(drop=True), Reply(200, twilio(1)))
    with pytest.raises(sdk.errors.APIConnectionError):
        client.phone_numbers.update(ID, body={"provider": "twilio", "name": "x"})
    assert len(server.requests()) == 1


@pytest.mark.parametrize("status", [429, 503])
def test_a_post_is_retried_when_the_api_did_not_process_it(
    client: Any, server: TestServer, status: int
) -> None:
    body = {"provider": "byo-phone-number", "credentialId": "cred-1"}
    server.reply("POST", "/phone-number", Reply(status, {}), Reply(201, byo(1)))
    assert client.phone_numbers.create(body=body).name == "Line 1"
    assert len(server.requests()) == 2
    assert server.requests()[0].body == server.requests()[1].body


@pytest.mark.parametrize("status", [500, 502, 408, 409])
def test_a_post_is_not_retried_when_the_api_may_have_processed_it(
    client: Any, server: TestServer, sdk: ModuleType, status: int
) -> None:
    body = {"provider": "byo-phone-number", "credentialId": "cred-1"}
    server.reply("POST", "/phone-number", Reply(status, {}), Reply(201, byo(1)))
    with pytest.raises(sdk.errors.APIStatusError):
        client.phone_numbers.create(body=body)
    assert len(server.requests()) == 1


def test_a_post_is_not_retried_after_a_read_timeout(
    client: Any, server: TestServer, sdk: ModuleType
) -> None:
    body = {"provider": "byo-phone-number", "credentialId": "cred-1"}
    server.reply("POST", "/phone-number", Reply(201, byo(1), delay=3.0))
    started = time.monotonic()
    with pytest.raises(sdk.errors.APITimeoutError, match="timed out"):
        client.phone_numbers.create(body=body, timeout=0.15)
    assert time.monotonic() - started < 2.5  # timed out: the answer takes 3 s
    assert len(server.requests()) == 1


def test_a_get_is_retried_after_a_read_timeout(client: Any, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(200, byo(1), delay=0.6), OK)
    assert client.phone_numbers.get(ID, timeout=0.15).name == "Line 1"
    assert len(server.requests()) == 2


def test_a_slow_answer_times_out(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(200, byo(1), delay=3.0))
    with sdk.Vapi(token=TOKEN, base_url=server.url, timeout=0.1, max_retries=0) as client:
        started = time.monotonic()
        with pytest.raises(sdk.errors.APITimeoutError):
            client.phone_numbers.get(ID)
    assert time.monotonic() - started < 2.5  # timed out: the answer takes 3 s


def test_connection_refused_is_retried_even_for_a_post(sdk: ModuleType) -> None:
    client = fast(sdk.Vapi(token=TOKEN, base_url="http://127.0.0.1:9", max_retries=2))
    started = time.monotonic()
    with pytest.raises(sdk.errors.APIConnectionError):
        client.phone_numbers.create(body={"provider": "vapi"})
    assert time.monotonic() - started < 2.0  # two short backoffs


def test_backoff_grows_with_jitter_and_is_capped(sdk: ModuleType) -> None:
    http = importlib.import_module(f"{sdk.__name__}._client._http")
    client = sdk.Vapi(token=TOKEN)
    for attempt, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (6, 8.0), (10, 8.0)]:
        delays = [http._backoff(client, attempt) for _ in range(200)]
        assert all(0.75 * ceiling <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jittered


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_parsing(sdk: ModuleType, headers: dict[str, str], expected: Any) -> None:
    http = importlib.import_module(f"{sdk.__name__}._client._http")
    assert http.retry_after(headers) == expected
