"""What the client puts on the wire, and what it makes of the answer (project spec)."""

from __future__ import annotations

import datetime
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.client.conftest import TOKEN
from tests.client.payloads import ID, byo, page, twilio
from tests.client.server import Reply, TestServer


def test_get_sends_the_path_and_credentials_and_parses_the_variant(
    client: Any, server: TestServer, sdk: ModuleType
) -> None:
    server.reply("GET", f"/phone-number/{ID}", Reply(200, byo(1)))
    number = client.phone_numbers.get(ID)
    assert isinstance(number, sdk.models.ByoPhoneNumber)
    assert number.credential_id == "cred-1"
    (request,) = server.requests()
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("client_project_sdk")
    assert request.body == b""


def test_query_parameters_use_wire_names_and_leave_unset_ones_out(
    client: Any, server: TestServer
) -> None:
    server.reply("GET", "/phone-number", Reply(200, [byo(1), twilio(2)]))
    numbers = client.phone_numbers.list(limit=10.0, created_at_gt="2024-01-01T00:00:00Z")
    assert [n.provider for n in numbers] == ["byo-phone-number", "twilio"]
    (request,) = server.requests()
    assert request.query == {"limit": ["10"], "createdAtGt": ["2024-01-01T00:00:00Z"]}


def test_datetimes_and_literals_in_the_query(client: Any, server: TestServer) -> None:
    server.reply("GET", "/v2/phone-number", Reply(200, page([], 1, 10, 0)))
    moment = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)
    list(client.phone_numbers.list_paginated(updated_at_le=moment, sort_order="ASC"))
    (request,) = server.requests()
    assert request.query["updatedAtLe"] == ["2024-05-01T12:30:00+00:00"]
    assert request.query["sortOrder"] == ["ASC"]


def test_a_variant_without_the_tag_is_sent_with_it(
    client: Any, server: TestServer, sdk: ModuleType
) -> None:
    server.reply("PATCH", f"/phone-number/{ID}", Reply(200, byo(1, name="Support")))
    body = sdk.models.UpdateByoPhoneNumberDTO(name="Support")
    updated = client.phone_numbers.update(ID, body=body)
    assert updated.name == "Support"
    (request,) = server.requests()
    assert request.json() == {"provider": "byo-phone-number", "name": "Support"}
    assert request.headers["content-type"] == "application/json"


def test_a_dict_with_the_tag_selects_its_variant(client: Any, server: TestServer) -> None:
    server.reply("PATCH", f"/phone-number/{ID}", Reply(200, twilio(1)))
    body = {"provider": "twilio", "smsEnabled": False, "name": "Sales"}
    client.phone_numbers.update(ID, body=body)
    assert server.requests()[0].json() == body


def test_a_dict_without_the_tag_is_refused_before_sending(
    client: Any, server: TestServer, sdk: ModuleType
) -> None:
    with pytest.raises(sdk.errors.RequestValidationError) as raised:
        client.phone_numbers.update(ID, body={"name": "Support"})
    message = str(raised.value)
    assert "'provider'" in message
    for tag in ("byo-phone-number", "telnyx", "twilio", "vapi", "vonage"):
        assert f"'{tag}'" in message
    assert isinstance(raised.value, ValueError)
    assert server.requests() == []


def test_every_body_error_is_reported(client: Any, server: TestServer, sdk: ModuleType) -> None:
    body = {"provider": "twilio", "name": 5, "smsEnabled": "yes"}
    with pytest.raises(sdk.errors.RequestValidationError) as raised:
        client.phone_numbers.update(ID, body=body)
    located = {".".join(map(str, e["loc"])) for e in raised.value.errors}
    assert located == {"twilio.name", "twilio.smsEnabled"}
    assert "(2 errors)" in str(raised.value)
    assert "body.twilio.smsEnabled" in str(raised.value)
    assert server.requests() == []


def test_create_parses_the_201_answer(client: Any, server: TestServer, sdk: ModuleType) -> None:
    server.reply("POST", "/phone-number", Reply(201, twilio(3)))
    created = client.phone_numbers.create(
        body={"provider": "twilio", "number": "+14155551234", "twilioAccountSid": "AC123"}
    )
    assert isinstance(created, sdk.models.TwilioPhoneNumber)
    assert server.requests()[0].json()["twilioAccountSid"] == "AC123"


def test_an_unknown_variant_in_an_answer_is_kept(
    client: Any, server: TestServer, sdk: ModuleType
) -> None:
    future = {"provider": "carrier-pigeon", "id": ID, "wings": 2}
    server.reply("GET", f"/phone-number/{ID}", Reply(200, future))
    number = client.phone_numbers.get(ID)
    assert isinstance(number, sdk.models.UnknownVariant)
    assert number.model_dump() == future


def test_headers_and_query_per_call_and_per_client(sdk: ModuleType, server: TestServer) -> None:
    server.reply("DELETE", f"/phone-number/{ID}", Reply(200, byo(1)))
    with sdk.Vapi(token=TOKEN, base_url=server.url, default_headers={"X-Team": "a"}) as client:
        client.phone_numbers.delete(
            ID, extra_headers={"X-Trace": "t-1"}, extra_query={"dryRun": True}
        )
    (request,) = server.requests()
    assert request.headers["x-team"] == "a"
    assert request.headers["x-trace"] == "t-1"
    assert request.query == {"dryRun": ["true"]}


def test_path_parameters_are_percent_encoded(client: Any, server: TestServer) -> None:
    server.reply("GET", "/phone-number/a%2Fb%20c", Reply(200, byo(1)))
    client.phone_numbers.get("a/b c")
    assert server.requests()[0].path == "/phone-number/a%2Fb%20c"


def test_an_empty_path_parameter_is_refused(client: Any, server: TestServer) -> None:
    with pytest.raises(ValueError, match="path parameter 'id' is empty"):
        client.phone_numbers.delete("")
    assert server.requests() == []


def test_the_token_comes_from_the_environment(
    sdk: ModuleType, server: TestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAPI_API_KEY", "sk-from-env")
    server.reply("GET", f"/phone-number/{ID}", Reply(200, byo(1)))
    with sdk.Vapi(base_url=server.url) as client:
        client.phone_numbers.get(ID)
    assert server.requests()[0].headers["authorization"] == "Bearer sk-from-env"


def test_a_missing_token_is_an_error_at_the_first_request(
    sdk: ModuleType, server: TestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VAPI_API_KEY", raising=False)
    client = sdk.Vapi(base_url=server.url)  # constructing is fine
    with pytest.raises(sdk.errors.TokenMissingError, match="VAPI_API_KEY"):
        client.phone_numbers.get(ID)
    assert server.requests() == []


def test_the_base_url_defaults_to_the_first_server(sdk: ModuleType) -> None:
    assert sdk.Vapi(token=TOKEN).base_url == "https://api.vapi.ai"
    assert sdk.Vapi(token=TOKEN, base_url="http://x/").base_url == "http://x"


def test_bad_options_are_refused_when_constructing(sdk: ModuleType) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        sdk.Vapi(token=TOKEN, max_retries=-1)
    with pytest.raises(ValueError, match="response_validation"):
        sdk.Vapi(token=TOKEN, response_validation="loose")


def test_a_given_http_client_is_used_and_left_open(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", f"/phone-number/{ID}", Reply(200, byo(1)))
    pool = httpx.Client(headers={"X-Pool": "mine"})
    with sdk.Vapi(token=TOKEN, base_url=server.url, http_client=pool) as client:
        client.phone_numbers.get(ID)
    assert server.requests()[0].headers["x-pool"] == "mine"
    assert not pool.is_closed
    pool.close()


def test_the_context_manager_closes_the_pool(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", f"/phone-number/{ID}", Reply(200, byo(1)))
    with sdk.Vapi(token=TOKEN, base_url=server.url) as client:
        client.phone_numbers.get(ID)
        pool = client.http_client
        assert pool is not None and not pool.is_closed
    assert pool.is_closed
    assert client.http_client is None


def test_raw_response_gives_status_headers_and_parse(
    client: Any, server: TestServer, sdk: ModuleType
) -> None:
    headers = {"x-request-id": "req-42", "x-extra": "1"}
    server.reply("GET", f"/phone-number/{ID}", Reply(200, byo(1), headers=headers))
    raw = client.phone_numbers.with_raw_response.get(ID)
    assert raw.status_code == 200
    assert raw.headers["x-extra"] == "1"
    assert raw.request_id == "req-42"
    assert raw.json()["provider"] == "byo-phone-number"
    assert isinstance(raw.parse(), sdk.models.ByoPhoneNumber)
    assert raw.parse() is raw.parse()


def test_streaming_response_reads_as_it_goes(client: Any, server: TestServer) -> None:
    server.reply("GET", f"/phone-number/{ID}", Reply(200, byo(1)))
    with client.phone_numbers.with_streaming_response.get(ID) as response:
        assert response.status_code == 200
        assert response.parse().name == "Line 1"
