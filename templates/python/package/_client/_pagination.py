"""Pagers: every item of a page-numbered listing, one page fetched at a time as you iterate.

    for number in client.phone_numbers.list_paginated(limit=50):
        ...
    async for number in async_client.phone_numbers.list_paginated(limit=50):
        ...

Iterating starts at the `page` the call asked for (1 by default) and stops after the last
page: when the metadata says so (`hasNextPage`, `currentPage`/`totalPages`,
`itemsPerPage`/`totalItems`), or at the first page without items. A pager can be iterated
again; each iteration fetches the pages again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from ._core import AsyncClient, Operation, ResponseMode, SyncClient

T = TypeVar("T")


class Page(Generic[T]):
    """One page: its number, its items, and the parsed response it came in."""

    def __init__(self, number: int, items: list[T], response: Any) -> None:
        self.number = number
        self.items = items
        self.response = response

    def __repr__(self) -> str:
        return f"<Page {self.number}: {len(self.items)} items>"


def start_sync(
    client: SyncClient,
    operation: Operation[Any],
    arguments: Mapping[str, Any],
    mode: ResponseMode,
) -> Any:
    pager: SyncPager[Any] = SyncPager(client, operation, arguments)
    return pager if mode == "parsed" else pager.first_response(mode)


def start_async(
    client: AsyncClient, operation: Operation[Any], arguments: Mapping[str, Any]
) -> AsyncPager[Any]:
    return AsyncPager(client, operation, arguments)


class _Pager(Generic[T]):
    def __init__(
        self,
        client: Any,
        operation: Operation[Any],
        arguments: Mapping[str, Any],
        first: Any = None,
    ) -> None:
        assert operation.paging is not None
        self._client = client
        self._operation = operation
        self._arguments = dict(arguments)
        self._query = dict(arguments.get("query") or {})
        self._start = int(self._query.get(operation.paging.page) or 1)
        self._first = first

    def _page_arguments(self, number: int) -> dict[str, Any]:
        assert self._operation.paging is not None
        query = {**self._query, self._operation.paging.page: number}
        return {**self._arguments, "query": query}

    def _page(self, number: int, response: Any) -> Page[T]:
        assert self._operation.paging is not None
        items = getattr(response, self._operation.paging.items, None)
        return Page(number, list(items or []), response)

    def _has_next(self, page: Page[T]) -> bool:
        if not page.items:
            return False
        return has_next(page, metadata(self._operation, page.response))

    def _seeded(self, response: Any) -> Any:
        return type(self)(self._client, self._operation, self._arguments, response)


class SyncPager(_Pager[T]):
    """Every item of a listing, fetched page by page as you iterate."""

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items

    def iter_pages(self) -> Iterator[Page[T]]:
        number = self._start
        response = self._first if self._first is not None else self._fetch(number)
        while True:
            page = self._page(number, response)
            yield page
            if not self._has_next(page):
                return
            number += 1
            response = self._fetch(number)

    def first_response(self, mode: ResponseMode) -> Any:
        """The first page's raw or streamed response; `.parse()` is a pager from it."""
        from . import _http

        arguments = self._page_arguments(self._start)
        return _http.send(self._client, self._operation, arguments, mode, self._seeded)

    def _fetch(self, number: int) -> Any:
        from . import _http

        arguments = self._page_arguments(number)
        return _http.send(self._client, self._operation, arguments, "parsed")


class AsyncPager(_Pager[T]):
    """Every item of a listing, fetched page by page as you iterate (`async for`)."""

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item

    async def iter_pages(self) -> AsyncIterator[Page[T]]:
        number = self._start
        response = self._first if self._first is not None else await self._fetch(number)
        while True:
            page = self._page(number, response)
            yield page
            if not self._has_next(page):
                return
            number += 1
            response = await self._fetch(number)

    async def first_response(self, mode: ResponseMode) -> Any:
        """The first page's raw or streamed response; `.parse()` is a pager from it."""
        from . import _http

        arguments = self._page_arguments(self._start)
        return await _http.send_async(
            self._client, self._operation, arguments, mode, self._seeded
        )

    async def _fetch(self, number: int) -> Any:
        from . import _http

        arguments = self._page_arguments(number)
        return await _http.send_async(
            self._client, self._operation, arguments, "parsed"
        )


def metadata(operation: Operation[Any], response: Any) -> Mapping[str, Any]:
    """The page's metadata by wire name (empty when the response has none)."""
    paging = operation.paging
    value = (
        getattr(response, paging.metadata, None) if paging and paging.metadata else None
    )
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        dumped: Mapping[str, Any] = dump(by_alias=True, exclude_unset=True)
        return dumped
    return value if isinstance(value, Mapping) else {}


def _number(value: Any) -> float | None:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if is_number else None


def has_next(page: Page[Any], meta: Mapping[str, Any]) -> bool:
    """Whether a page follows `page`, by the first clue the metadata gives."""
    flag = meta.get("hasNextPage")
    if isinstance(flag, bool):
        return flag
    current, total = _number(meta.get("currentPage")), _number(meta.get("totalPages"))
    if current is not None and total is not None:
        return current < total
    per_page = _number(meta.get("itemsPerPage"))
    total_items = _number(meta.get("totalItems"))
    if per_page and total_items is not None:
        return page.number * per_page < total_items
    if per_page:
        return len(page.items) >= per_page
    return True  # until a page comes back empty
