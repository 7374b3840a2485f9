"""Request bodies are checked before sending by default; `validate_requests=False` sends
them unchecked, still written through their type (issue 5, item 6)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.client.conftest import TOKEN, fast
from tests.client.payloads import ID, byo
from tests.client.server import Reply, TestServer

PATH = f"/phone-number/{ID}"
#: four problems at once: too long, too short, an unknown hook tag, a string for a union
INVALID = {
    "provider": "byo-phone-number",
    "name": "n" * 49,
    "number": "12",
    "hooks": [{"on": "call.answered", "do": []}],
    "fallbackDestination": "+14155559999",
}


@pytest.fixture
def unchecked(sdk: ModuleType, server: TestServer) -> Iterator[Any]:
    made = sdk.Vapi(token=TOKEN, base_url=server.url, timeout=5.0, validate_requests=False)
    with fast(made) as client:
        yield client


def test_validation_is_on_by_default(sdk: ModuleType, server: TestServer) -> None:
    with sdk.Vapi(token=TOKEN, base_url=server.url) as client:
        assert client.validate_requests is True


def test_an_invalid_body_lists_every_problem_and_is_not_sent(
    client: Any, server: TestServer, sdk: ModuleType
) -> None:
    with pytest.raises(sdk.errors.RequestValidationError) as raised:
        client.phone_numbers.update(ID, body=INVALID)
    located = {".".join(str(p) for p in e["loc"] if p != "*") for e in raised.value.errors}
    assert located == {
        "byo-phone-number.name",
        "byo-phone-number.number",
        "byo-phone-number.hooks.0",
        "byo-phone-number.fallbackDestination",
    }
    message = str(raised.value)
    assert "(4 errors)" in message
    assert "body.byo-phone-number.name: String should have at most 40 characters" in message
    assert "body.byo-phone-number.hooks[0]: 'on' is 'call.answered'" in message
    assert server.requests() == []


def test_without_validation_a_dict_is_sent_as_given(
    unchecked: Any, server: TestServer, sdk: ModuleType
) -> None:
    server.reply("PATCH", PATH, Reply(200, byo(1)))
    unchecked.phone_numbers.update(ID, body=INVALID)
    (request,) = server.requests()
    assert request.json() == INVALID
    assert request.headers["content-type"] == "application/json"


def test_without_validation_a_model_still_writes_its_tag_and_wire_names(
    unchecked: Any, server: TestServer, sdk: ModuleType
) -> None:
    server.reply("PATCH", PATH, Reply(200, byo(1, name="Support")))
    body = sdk.models.UpdateByoPhoneNumberDTO(name="Support", credential_id="cred-9")
    updated = unchecked.phone_numbers.update(ID, body=body)
    assert updated.name == "Support"
    (request,) = server.requests()
    assert request.json() == {
        "provider": "byo-phone-number",
        "name": "Support",
        "credentialId": "cred-9",
    }


def test_without_validation_an_invalid_model_is_sent_unchecked(
    unchecked: Any, server: TestServer, sdk: ModuleType
) -> None:
    server.reply("PATCH", PATH, Reply(200, byo(1)))
    body = sdk.models.UpdateByoPhoneNumberDTO.model_construct(name="n" * 49)
    unchecked.phone_numbers.update(ID, body=body)
    (request,) = server.requests()
    assert request.json() == {"provider": "byo-phone-number", "name": "n" * 49}


def test_the_option_must_be_a_bool(sdk: ModuleType) -> None:
    with pytest.raises(TypeError, match="validate_requests"):
        sdk.Vapi(token=TOKEN, base_url="http://x", validate_requests="no")


def test_async_validates_by_default_and_not_when_turned_off(
    sdk: ModuleType, server: TestServer
) -> None:
    server.reply("PATCH", PATH, Reply(200, byo(1, name="Support")))

    async def main() -> None:
        async with sdk.AsyncVapi(token=TOKEN, base_url=server.url) as client:
            assert client.validate_requests is True
            with pytest.raises(sdk.errors.RequestValidationError) as raised:
                await client.phone_numbers.update(ID, body=INVALID)
            assert len(raised.value.errors) == 4
        assert server.requests() == []
        made = sdk.AsyncVapi(token=TOKEN, base_url=server.url, validate_requests=False)
        async with fast(made) as client:
            await client.phone_numbers.update(ID, body=INVALID)
            model = sdk.models.UpdateByoPhoneNumberDTO(name="Support")
            await client.phone_numbers.update(ID, body=model)

    asyncio.run(main())
    first, second = server.requests("PATCH")
    assert first.json() == INVALID
    assert second.json() == {"provider": "byo-phone-number", "name": "Support"}
