"""Every error class, by status and by failure; answers that do not match their schema."""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

import pytest

from tests.client.conftest import PROJECT, TOKEN
from tests.client.payloads import ID, byo
from tests.client.server import Reply, TestServer

STATUSES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (503, "InternalServerError"),
    (418, "APIStatusError"),
]


@pytest.mark.parametrize(("status", "name"), STATUSES)
def test_each_error_status_raises_its_class(
    client: Any, server: TestServer, sdk: ModuleType, status: int, name: str
) -> None:
    body = {"message": ["name must be a string", "name is too long"], "statusCode": status}
    headers = {"x-request-id": f"req-{status}"}
    server.reply("GET", f"/phone-number/{ID}", Reply(status, body, headers=headers))
    with pytest.raises(sdk.errors.APIStatusError) as raised:
        client.phone_numbers.get(ID, max_retries=0)
    error = raised.value
    assert type(error).__name__ == name
    assert isinstance(error, sdk.errors.APIError)
    assert error.status_code == status
    assert error.body == body
    assert error.request_id == f"req-{status}"
    assert error.headers["x-request-id"] == f"req-{status}"
    assert "name must be a string; name is too long" in str(error)
    assert f"(request id req-{status})" in str(error)
    assert error.request is not None and error.request.method == "GET"


def test_a_text_error_body_is_kept_as_text(
    client: Any, server: TestServer, sdk: ModuleType
) -> None:
    server.reply("GET", f"/phone-number/{ID}", Reply(502, body=b"<html>Bad gateway</html>"))
    with pytest.raises(sdk.errors.InternalServerError) as raised:
        client.phone_numbers.get(ID, max_retries=0)
    assert raised.value.body == "<html>Bad gateway</html>"
    assert "Bad gateway" in str(raised.value)


def test_the_hierarchy(sdk: ModuleType) -> None:
    errors = sdk.errors
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert issubclass(errors.APIConnectionError, errors.APIError)
    assert issubclass(errors.ResponseValidationError, errors.APIError)
    assert issubclass(errors.TokenMissingError, errors.APIError)
    for _, name in STATUSES:
        assert issubclass(getattr(errors, name), errors.APIStatusError)
    assert errors.status_error_class(599) is errors.InternalServerError


def test_a_connection_failure_is_an_api_connection_error(sdk: ModuleType) -> None:
    client = sdk.Vapi(token=TOKEN, base_url="http://127.0.0.1:9", max_retries=0)
    with pytest.raises(sdk.errors.APIConnectionError) as raised:
        client.phone_numbers.get(ID)
    assert not isinstance(raised.value, sdk.errors.APITimeoutError)
    assert "127.0.0.1:9" in str(raised.value)


def test_a_2xx_body_that_does_not_match_is_a_response_validation_error(
    client: Any, server: TestServer, sdk: ModuleType
) -> None:
    bad = byo(1, name=5)
    del bad["orgId"]
    server.reply("GET", f"/phone-number/{ID}", Reply(200, bad, headers={"x-request-id": "r-9"}))
    with pytest.raises(sdk.errors.ResponseValidationError) as raised:
        client.phone_numbers.get(ID)
    error = raised.value
    assert error.status_code == 200
    assert error.body == bad
    assert error.request_id == "r-9"
    assert {e["loc"][-1] for e in error.errors} == {"name", "orgId"}
    assert "phone_numbers.get: the 200 response body does not match its schema" in str(error)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (Reply(200, body=b"{not json"), "Invalid JSON"),
        (Reply(200, body=b""), "expected a JSON body, got none"),
    ],
    ids=["invalid-json", "empty"],
)
def test_unreadable_2xx_bodies_are_errors_not_none(
    client: Any, server: TestServer, sdk: ModuleType, reply: Reply, expected: str
) -> None:
    server.reply("GET", f"/phone-number/{ID}", reply)
    with pytest.raises(sdk.errors.ResponseValidationError, match=expected):
        client.phone_numbers.get(ID)


def test_lenient_mode_logs_and_returns_what_it_could_read(
    sdk: ModuleType, server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    bad = byo(1, name=5)
    server.reply("GET", "/phone-number", Reply(200, [byo(2), bad]))
    client = sdk.Vapi(token=TOKEN, base_url=server.url, response_validation="lenient")
    with caplog.at_level(logging.WARNING, logger=PROJECT):
        numbers = client.phone_numbers.list()
    good, odd = numbers
    assert isinstance(good, sdk.models.ByoPhoneNumber) and good.name == "Line 2"
    assert isinstance(odd, sdk.models.ByoPhoneNumber)  # built without validation
    assert odd.name == 5 and odd.credential_id == "cred-1"
    assert "lenient mode" in caplog.text and "body[1]" in caplog.text
    client.close()


def test_lenient_mode_coerces_lax_values(sdk: ModuleType, server: TestServer) -> None:
    server.reply("GET", f"/phone-number/{ID}", Reply(200, byo(1, numberE164CheckEnabled="true")))
    with sdk.Vapi(token=TOKEN, base_url=server.url, response_validation="lenient") as client:
        number = client.phone_numbers.get(ID)
    assert number.number_e164_check_enabled is True


def test_content_where_none_is_documented_is_an_error(
    full_client: Any, server: TestServer, full_sdk: ModuleType
) -> None:
    server.reply("POST", "/eval/run", Reply(200, {"surprise": True}))
    with pytest.raises(full_sdk.errors.ResponseValidationError, match="expected no content"):
        full_client.eval.run(
            body={"type": "eval", "evalId": ID, "target": {"type": "assistant", "assistantId": ID}}
        )
