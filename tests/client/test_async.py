"""The same behaviours on `AsyncVapi`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any, TypeVar

import httpx
import pytest

from tests.client.conftest import TOKEN, fast
from tests.client.payloads import ID, byo, twilio
from tests.client.server import Reply, TestServer

T = TypeVar("T")
PATH = f"/phone-number/{ID}"


def run(sdk: ModuleType, server: TestServer, use: Callable[[Any], Awaitable[T]]) -> T:
    async def main() -> T:
        async with fast(sdk.AsyncVapi(token=TOKEN, base_url=server.url)) as client:
            return await use(client)

    return asyncio.run(main())


def test_get_and_update(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(200, byo(1)))
    server.reply("PATCH", PATH, Reply(200, byo(1, name="Support")))

    async def use(client: Any) -> tuple[Any, Any]:
        got = await client.phone_numbers.get(ID)
        body = sdk.models.UpdateByoPhoneNumberDTO(name="Support")
        return got, await client.phone_numbers.update(ID, body=body)

    got, updated = run(sdk, server, use)
    assert isinstance(got, sdk.models.ByoPhoneNumber) and updated.name == "Support"
    patch = server.requests("PATCH")[0]
    assert patch.json() == {"provider": "byo-phone-number", "name": "Support"}
    assert patch.headers["authorization"] == f"Bearer {TOKEN}"


def test_errors_by_status(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(404, {"message": "gone"}, headers={"x-request-id": "a-1"}))
    with pytest.raises(sdk.errors.NotFoundError) as raised:
        run(sdk, server, lambda client: client.phone_numbers.get(ID))
    assert raised.value.request_id == "a-1"


def test_retry_after_on_429(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(429, {}, headers={"Retry-After": "0.2"}), Reply(200, byo(1)))
    run(sdk, server, lambda client: client.phone_numbers.get(ID))
    first, second = server.requests()
    assert 0.18 <= second.at - first.at < 1.5


def test_a_dropped_connection_is_retried_on_a_get_only(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(drop=True), Reply(200, byo(1)))
    run(sdk, server, lambda client: client.phone_numbers.get(ID))
    assert len(server.requests()) == 2
    server.reset()
    server.reply("PATCH", PATH, Reply(drop=True), Reply(200, twilio(1)))
    body = {"provider": "twilio", "name": "x"}
    with pytest.raises(sdk.errors.APIConnectionError):
        run(sdk, server, lambda client: client.phone_numbers.update(ID, body=body))
    assert len(server.requests()) == 1


def test_no_retry_of_a_post_after_a_read_timeout(sdk: ModuleType, server: TestServer) -> None:
    server.reply("POST", "/phone-number", Reply(201, byo(1), delay=3.0))
    body = {"provider": "byo-phone-number", "credentialId": "cred-1"}
    started = time.monotonic()
    with pytest.raises(sdk.errors.APITimeoutError):
        run(sdk, server, lambda client: client.phone_numbers.create(body=body, timeout=0.15))
    assert time.monotonic() - started < 2.5  # timed out: the answer takes 3 s
    assert len(server.requests()) == 1


def test_raw_and_streaming(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(200, byo(1), headers={"x-request-id": "r-2"}))

    async def use(client: Any) -> tuple[int, str | None, str, str]:
        raw = await client.phone_numbers.with_raw_response.get(ID)
        async with client.phone_numbers.with_streaming_response.get(ID) as streamed:
            parsed = await streamed.parse()
        return raw.status_code, raw.request_id, raw.parse().name, parsed.name

    assert run(sdk, server, use) == (200, "r-2", "Line 1", "Line 1")


def test_body_validation_happens_before_sending(sdk: ModuleType, server: TestServer) -> None:
    with pytest.raises(sdk.errors.RequestValidationError, match="'provider'"):
        run(sdk, server, lambda client: client.phone_numbers.update(ID, body={"name": "x"}))
    assert server.requests() == []


def test_a_given_async_http_client_is_used(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(200, byo(1)))

    async def main() -> bool:
        pool = httpx.AsyncClient(headers={"X-Pool": "async"})
        async with sdk.AsyncVapi(token=TOKEN, base_url=server.url, http_client=pool) as client:
            await client.phone_numbers.get(ID)
        still_open = not pool.is_closed
        await pool.aclose()
        return still_open

    assert asyncio.run(main())
    assert server.requests()[0].headers["x-pool"] == "async"


def test_upload_and_download(full_sdk: ModuleType, server: TestServer) -> None:
    stamp = "2024-05-01T12:00:00.000Z"
    file = {"id": ID, "orgId": "o", "createdAt": stamp, "updatedAt": stamp}
    server.reply("POST", "/file", Reply(201, file))
    location = f"{server.url}/storage/rec.wav"
    server.reply("GET", f"/call/{ID}/mono-recording", Reply(302, headers={"Location": location}))
    server.reply("GET", "/storage/rec.wav", Reply(200, body=b"RIFF...."))

    async def use(client: Any) -> tuple[Any, bytes]:
        uploaded = await client.files.create(file=("a.txt", b"abc"))
        return uploaded, await client.calls.mono_recording_download(ID)

    uploaded, audio = run(full_sdk, server, use)
    assert type(uploaded).__name__ == "File" and audio == b"RIFF...."
    assert b'filename="a.txt"' in server.requests("POST")[0].body


def test_concurrent_requests_run_together(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(200, byo(1), delay=0.3))

    async def use(client: Any) -> tuple[int, float]:
        await client.phone_numbers.get(ID)  # warm: pool, validators
        started = time.monotonic()
        found = await asyncio.gather(*(client.phone_numbers.get(ID) for _ in range(10)))
        return len(found), time.monotonic() - started

    count, elapsed = run(sdk, server, use)
    assert count == 10
    assert elapsed < 2.8  # ten 0.3 s answers, not one after another (3 s)
