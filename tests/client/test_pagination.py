"""Pagers: every item across pages, fetched lazily, sync and async."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any

from tests.client.conftest import TOKEN
from tests.client.payloads import byo, page
from tests.client.server import Reply, TestServer

PATH = "/v2/phone-number"
COUNTERS = ("Ended", "EndedVoicemail", "InProgress", "Queued", "Scheduled")


def three_pages(server: TestServer) -> None:
    server.reply(
        "GET",
        PATH,
        Reply(200, page([byo(1), byo(2)], 1, 2, 5)),
        Reply(200, page([byo(3), byo(4)], 2, 2, 5)),
        Reply(200, page([byo(5)], 3, 2, 5)),
    )


def test_iterating_yields_every_item_across_pages(client: Any, server: TestServer) -> None:
    three_pages(server)
    names = [number.name for number in client.phone_numbers.list_paginated(limit=2, search="x")]
    assert names == [f"Line {n}" for n in range(1, 6)]
    requests = server.requests()
    assert [r.query["page"] for r in requests] == [["1"], ["2"], ["3"]]
    assert all(r.query["limit"] == ["2"] and r.query["search"] == ["x"] for r in requests)


def test_pages_are_fetched_lazily(client: Any, server: TestServer) -> None:
    three_pages(server)
    pager = client.phone_numbers.list_paginated(limit=2)
    assert server.requests() == []  # nothing until iterated
    first = next(iter(pager))
    assert first.name == "Line 1"
    assert len(server.requests()) == 1


def test_iteration_starts_at_the_requested_page(client: Any, server: TestServer) -> None:
    server.reply("GET", PATH, Reply(200, page([byo(3)], 2, 1, 2)))
    assert [n.name for n in client.phone_numbers.list_paginated(page=2, limit=1)] == ["Line 3"]
    assert server.requests()[0].query["page"] == ["2"]


def test_has_next_page_and_empty_pages_stop_iteration(client: Any, server: TestServer) -> None:
    last = page([byo(1)], 1, 10, 99)
    last["metadata"]["hasNextPage"] = False
    server.reply("GET", PATH, Reply(200, last))
    assert len(list(client.phone_numbers.list_paginated())) == 1
    server.reset()
    server.reply("GET", PATH, Reply(200, page([], 1, 10, 99)))
    assert list(client.phone_numbers.list_paginated()) == []
    assert len(server.requests()) == 1


def test_iter_pages_gives_numbered_pages(client: Any, server: TestServer, sdk: ModuleType) -> None:
    three_pages(server)
    pages = list(client.phone_numbers.list_paginated(limit=2).iter_pages())
    assert [(p.number, len(p.items)) for p in pages] == [(1, 2), (2, 2), (3, 1)]
    assert isinstance(pages[0].response, sdk.models.PhoneNumberPaginatedResponse)
    assert pages[0].response.metadata.total_items == 5


def test_raw_first_page_then_a_pager_from_it(client: Any, server: TestServer) -> None:
    three_pages(server)
    raw = client.phone_numbers.with_raw_response.list_paginated(limit=2)
    assert raw.status_code == 200
    assert len(server.requests()) == 1
    names = [number.name for number in raw.parse()]
    assert names == [f"Line {n}" for n in range(1, 6)]
    assert len(server.requests()) == 3  # the first page was not fetched again


def test_async_iteration_across_pages(sdk: ModuleType, server: TestServer) -> None:
    three_pages(server)

    async def collect() -> list[str]:
        async with sdk.AsyncVapi(token=TOKEN, base_url=server.url) as client:
            return [n.name async for n in client.phone_numbers.list_paginated(limit=2)]

    assert asyncio.run(collect()) == [f"Line {n}" for n in range(1, 6)]
    assert len(server.requests()) == 3


def test_async_raw_first_page(sdk: ModuleType, server: TestServer) -> None:
    three_pages(server)

    async def collect() -> tuple[int, list[int]]:
        async with sdk.AsyncVapi(token=TOKEN, base_url=server.url) as client:
            raw = await client.phone_numbers.with_raw_response.list_paginated(limit=2)
            sizes = [len(p.items) async for p in raw.parse().iter_pages()]
            return raw.status_code, sizes

    assert asyncio.run(collect()) == (200, [2, 2, 1])


def test_full_spec_paginated_listing_is_typed(
    full_client: Any, server: TestServer, full_sdk: ModuleType
) -> None:
    campaign = {
        "id": "c-1",
        "orgId": "org-1",
        "createdAt": "2024-05-01T12:00:00.000Z",
        "updatedAt": "2024-05-01T12:00:00.000Z",
        "status": "scheduled",
        "name": "Spring",
        "calls": {},
        **{f"callsCounter{kind}": 0 for kind in COUNTERS},
    }
    server.reply(
        "GET",
        "/campaign",
        Reply(200, {"results": [campaign], "metadata": page([], 1, 1, 2)["metadata"]}),
        Reply(200, {"results": [], "metadata": page([], 2, 1, 2)["metadata"]}),
    )
    found = list(full_client.campaigns.list(limit=1))
    assert [type(c).__name__ for c in found] == ["Campaign"]
