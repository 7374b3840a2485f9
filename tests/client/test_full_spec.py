"""The client generated from the full Vapi spec against the test server: operations across
resources (method, path, query and JSON body on the wire, response parsing), errors,
retries, timeouts and pagination, sync and on `AsyncVapi`. The server answers with payloads
built from the response schemas."""

from __future__ import annotations

import asyncio
import datetime
import json
import time
from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any, TypeVar

import pytest

from tests.client.conftest import TOKEN, fast
from tests.client.payloads import ID
from tests.client.server import Reply, TestServer
from tests.client.spec_payloads import SpecPayloads

T = TypeVar("T")


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def run(sdk: ModuleType, server: TestServer, use: Callable[[Any], Awaitable[T]]) -> T:
    async def main() -> T:
        async with fast(sdk.AsyncVapi(token=TOKEN, base_url=server.url, timeout=5.0)) as client:
            return await use(client)

    return asyncio.run(main())


# --- operations across resources ----------------------------------------------------------


def test_assistants_list_sends_wire_names_and_parses_every_field(
    full_client: Any, server: TestServer, full_payloads: SpecPayloads
) -> None:
    assistants = [full_payloads.of("Assistant", "random", seed=n) for n in range(3)]
    server.reply("GET", "/assistant", Reply(200, assistants))
    moment = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)
    found = full_client.assistants.list(limit=25, created_at_gt="2024-01-01", updated_at_le=moment)
    assert [type(a).__name__ for a in found] == ["Assistant"] * 3
    assert [a.model_dump(mode="json", exclude_unset=True) for a in found] == as_json(assistants)
    (request,) = server.requests()
    assert request.method == "GET" and request.body == b""
    assert request.query == {
        "limit": ["25"],
        "createdAtGt": ["2024-01-01"],
        "updatedAtLe": ["2024-05-01T12:30:00+00:00"],
    }


def test_calls_create_sends_only_the_fields_given(
    full_client: Any, server: TestServer, full_sdk: ModuleType, full_payloads: SpecPayloads
) -> None:
    call = full_payloads.of("Call", "random")
    server.reply("POST", "/call", Reply(201, call))
    created = full_client.calls.create(
        assistant_id=ID,
        customer={"number": "+14155550123", "name": "Ada"},
        schedule_plan=full_sdk.models.SchedulePlan(earliest_at="2024-05-01T12:00:00Z"),
    )
    assert type(created).__name__ == "Call" and created.id == call["id"]
    (request,) = server.requests()
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {
        "assistantId": ID,
        "customer": {"number": "+14155550123", "name": "Ada"},
        "schedulePlan": {"earliestAt": "2024-05-01T12:00:00Z"},
    }


def test_tools_create_and_update_by_their_tag(
    full_client: Any, server: TestServer, full_sdk: ModuleType, full_payloads: SpecPayloads
) -> None:
    tool = full_payloads.of("FunctionTool", "random")
    server.reply("POST", "/tool", Reply(201, tool))
    server.reply("PATCH", f"/tool/{ID}", Reply(200, tool))
    created = full_client.tools.create(body={"type": "function", "function": {"name": "lookup"}})
    assert isinstance(created, full_sdk.models.FunctionTool)
    update = full_sdk.models.UpdateFunctionToolDTO(async_=True)
    updated = full_client.tools.update(ID, body=update)
    assert updated.model_dump(mode="json", exclude_unset=True) == as_json(tool)
    post, patch = server.requests()
    assert post.json() == {"type": "function", "function": {"name": "lookup"}}
    assert patch.method == "PATCH" and patch.json() == {"type": "function", "async": True}


def test_squads_get_and_delete(
    full_client: Any, server: TestServer, full_payloads: SpecPayloads
) -> None:
    squad = full_payloads.of("Squad", "random")
    server.reply("GET", f"/squad/{ID}", Reply(200, squad))
    server.reply("DELETE", f"/squad/{ID}", Reply(200, squad))
    assert full_client.squads.get(ID).model_dump(mode="json", exclude_unset=True) == as_json(squad)
    assert type(full_client.squads.delete(ID)).__name__ == "Squad"
    assert [(r.method, r.path) for r in server.requests()] == [
        ("GET", f"/squad/{ID}"),
        ("DELETE", f"/squad/{ID}"),
    ]


def test_an_invalid_answer_is_a_response_validation_error(
    full_client: Any, server: TestServer, full_sdk: ModuleType
) -> None:
    server.reply("GET", f"/assistant/{ID}", Reply(200, {"id": 7}))
    with pytest.raises(full_sdk.errors.ResponseValidationError, match="orgId"):
        full_client.assistants.get(ID)


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, "BadRequestError"), (401, "AuthenticationError"), (422, "UnprocessableEntityError")],
)
def test_errors_carry_the_parsed_body(
    full_client: Any, server: TestServer, full_sdk: ModuleType, status: int, error: str
) -> None:
    body = {"message": ["name is taken"], "error": "Bad", "statusCode": status}
    server.reply("PATCH", f"/assistant/{ID}", Reply(status, body))
    with pytest.raises(getattr(full_sdk.errors, error)) as raised:
        full_client.assistants.update(ID, name="Ada")
    assert raised.value.status_code == status and raised.value.body == body
    assert len(server.requests()) == 1


# --- retries, timeouts and pagination --------------------------------------------------------


def test_a_post_is_retried_after_429_with_retry_after(
    full_client: Any, server: TestServer, full_payloads: SpecPayloads
) -> None:
    busy = Reply(429, {"message": "slow down"}, headers={"Retry-After": "0.2"})
    server.reply("POST", "/call", busy, Reply(201, full_payloads.of("Call")))
    full_client.calls.create(assistant_id=ID)
    first, second = server.requests()
    assert 0.18 <= second.at - first.at < 1.5
    assert first.body == second.body == b'{"assistantId":"' + ID.encode() + b'"}'


def test_503_and_a_dropped_connection_are_retried(
    full_client: Any, server: TestServer, full_payloads: SpecPayloads
) -> None:
    ok = Reply(200, full_payloads.of("Assistant"))
    server.reply("GET", f"/assistant/{ID}", Reply(503, {}), Reply(drop=True), ok)
    assert type(full_client.assistants.get(ID)).__name__ == "Assistant"
    assert len(server.requests()) == 3


def test_a_slow_answer_times_out_and_a_post_is_not_retried(
    full_client: Any, server: TestServer, full_sdk: ModuleType, full_payloads: SpecPayloads
) -> None:
    server.reply("POST", "/squad", Reply(201, full_payloads.of("Squad"), delay=3.0))
    started = time.monotonic()
    with pytest.raises(full_sdk.errors.APITimeoutError):
        full_client.squads.create(members=[], timeout=0.15)
    assert time.monotonic() - started < 2.5  # timed out: the answer takes 3 s
    assert len(server.requests()) == 1


def chat_pages(server: TestServer, payloads: SpecPayloads) -> list[str]:
    """Three pages of chats, two per page; the ids in order."""
    chats = [payloads.of("Chat", "random", seed=n, id=f"chat-{n}") for n in range(5)]
    replies = []
    for number, start in enumerate(range(0, 5, 2), start=1):
        meta = {"itemsPerPage": 2, "totalItems": 5, "currentPage": number}
        replies.append(Reply(200, {"results": chats[start : start + 2], "metadata": meta}))
    server.reply("GET", "/chat", *replies)
    return [chat["id"] for chat in chats]


def test_pagination_across_three_pages(
    full_client: Any, server: TestServer, full_payloads: SpecPayloads
) -> None:
    ids = chat_pages(server, full_payloads)
    found = [chat.id for chat in full_client.chats.list(limit=2, sort_order="ASC")]
    assert found == ids
    queries = [r.query for r in server.requests()]
    assert [q["page"] for q in queries] == [["1"], ["2"], ["3"]]
    assert all(q["limit"] == ["2"] and q["sortOrder"] == ["ASC"] for q in queries)


# --- the same on AsyncVapi -------------------------------------------------------------------


def test_async_operations_across_resources(
    full_sdk: ModuleType, server: TestServer, full_payloads: SpecPayloads
) -> None:
    server.reply("GET", "/assistant", Reply(200, [full_payloads.of("Assistant")]))
    server.reply("POST", "/tool", Reply(201, full_payloads.of("FunctionTool")))
    server.reply("DELETE", f"/squad/{ID}", Reply(200, full_payloads.of("Squad")))

    async def use(client: Any) -> list[str]:
        listed = await client.assistants.list(limit=1)
        tool = await client.tools.create(body={"type": "function"})
        squad = await client.squads.delete(ID)
        return [type(listed[0]).__name__, type(tool).__name__, type(squad).__name__]

    assert run(full_sdk, server, use) == ["Assistant", "FunctionTool", "Squad"]
    listing, post, delete = server.requests()
    assert listing.query == {"limit": ["1"]} and post.json() == {"type": "function"}
    assert delete.method == "DELETE" and delete.headers["authorization"] == f"Bearer {TOKEN}"


def test_async_retries_on_429_503_and_a_dropped_connection(
    full_sdk: ModuleType, server: TestServer, full_payloads: SpecPayloads
) -> None:
    busy = Reply(429, {}, headers={"Retry-After": "0.2"})
    server.reply("POST", "/call", busy, Reply(201, full_payloads.of("Call")))
    ok = Reply(200, full_payloads.of("Assistant"))
    server.reply("GET", f"/assistant/{ID}", Reply(503, {}), Reply(drop=True), ok)

    async def use(client: Any) -> list[str]:
        call = await client.calls.create(assistant_id=ID)
        assistant = await client.assistants.get(ID)
        return [type(call).__name__, type(assistant).__name__]

    assert run(full_sdk, server, use) == ["Call", "Assistant"]
    posts, gets = server.requests("POST"), server.requests("GET")
    assert len(posts) == 2 and 0.18 <= posts[1].at - posts[0].at < 1.5
    assert len(gets) == 3


def test_async_timeouts_and_no_retry_of_a_post(
    full_sdk: ModuleType, server: TestServer, full_payloads: SpecPayloads
) -> None:
    server.reply("POST", "/squad", Reply(201, full_payloads.of("Squad"), delay=3.0))
    server.reply("GET", f"/squad/{ID}", Reply(200, full_payloads.of("Squad"), delay=3.0))

    async def use(client: Any) -> None:
        with pytest.raises(full_sdk.errors.APITimeoutError):
            await client.squads.create(members=[], timeout=0.15)
        with pytest.raises(full_sdk.errors.APITimeoutError):
            await client.squads.get(ID, timeout=0.1, max_retries=0)

    started = time.monotonic()
    run(full_sdk, server, use)
    assert time.monotonic() - started < 2.5  # neither waited for its 3 s answer
    assert len(server.requests("POST")) == 1 and len(server.requests("GET")) == 1


def test_async_pagination_across_three_pages(
    full_sdk: ModuleType, server: TestServer, full_payloads: SpecPayloads
) -> None:
    ids = chat_pages(server, full_payloads)

    async def use(client: Any) -> list[str]:
        return [chat.id async for chat in client.chats.list(limit=2)]

    assert run(full_sdk, server, use) == ids
    assert len(server.requests()) == 3
