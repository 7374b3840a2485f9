"""Reading an answer: error statuses as exceptions, bodies parsed against their schema,
and the raw and streamed responses of `with_raw_response` / `with_streaming_response`."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from .. import errors
from . import _encode, _lenient

if TYPE_CHECKING:
    from ._core import Operation, ResponseMode, _Options

R = TypeVar("R")
logger: logging.Logger = logging.getLogger(__name__.rsplit(".", 2)[0])

#: parsing keeps what this SDK does not know yet (see `_models`)
_KEEP_UNKNOWN: dict[str, str] = {"unknown": "keep"}
_MESSAGE_LIMIT: int = 500


def handle(
    client: _Options,
    operation: Operation[Any],
    response: httpx.Response,
    mode: ResponseMode,
    wrap: Callable[[Any], Any] | None = None,
    asynchronous: bool = False,
) -> Any:
    """The answer as the caller asked for it; an error status raises."""
    if not response.is_success:
        raise status_error(response)

    def parse(answer: httpx.Response) -> Any:
        value = parse_body(client, operation, answer)
        return value if wrap is None else wrap(value)

    if mode == "raw":
        return RawResponse(response, parse)
    if mode == "stream":
        if asynchronous:
            return AsyncStreamedResponse(response, parse)
        return StreamedResponse(response, parse)
    return parse(response)


def status_error(response: httpx.Response) -> errors.APIStatusError:
    body = body_of(response)
    request = response.request
    message = f"{request.method} {request.url.copy_with(query=None)}: "
    message += f"{response.status_code} {response.reason_phrase}"
    detail = _detail(body)
    if detail:
        message += f": {detail}"
    request_id = errors.request_id_of(response.headers)
    if request_id:
        message += f" (request id {request_id})"
    return errors.status_error_class(response.status_code)(
        message, response=response, body=body
    )


def body_of(response: httpx.Response) -> Any:
    """The body as JSON if it is JSON, else as text; None when empty."""
    content = response.content
    if not content.strip():
        return None
    try:
        return json.loads(content)
    except ValueError:
        return response.text


def _detail(body: Any) -> str:
    """The API's own explanation: `message` (a string or a list), `error` or `detail`."""
    if isinstance(body, dict):
        for key in ("message", "error", "detail"):
            value = body.get(key)
            if isinstance(value, list):
                value = "; ".join(str(item) for item in value)
            if isinstance(value, str) and value:
                return value[:_MESSAGE_LIMIT]
    if body is None:
        return ""
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return text[:_MESSAGE_LIMIT]


def _kind(operation: Operation[Any], status: int) -> Callable[[], Any] | str | None:
    """What the spec says a `status` answer holds; an undocumented 2xx is read like the
    first documented one."""
    responses = operation.responses
    for key in (str(status), f"{status // 100}XX"):
        if key in responses:
            return responses[key]
    return next(iter(responses.values()), None)


def _adapter(operation: Operation[Any], status: int, build: Callable[[], Any]) -> Any:
    adapter = operation.adapters.get(str(status))
    if adapter is None:
        adapter = operation.adapters[str(status)] = TypeAdapter(build())
    return adapter


def parse_body(
    client: _Options, operation: Operation[Any], response: httpx.Response
) -> Any:
    """The body as the operation's return type; a mismatch is `ResponseValidationError`
    (or, in lenient mode, a warning and the body kept as it came)."""
    if operation.download:
        return response.content
    kind = _kind(operation, response.status_code)
    if kind == "bytes":
        return response.content
    if kind == "text":
        return response.text
    content = response.content
    if kind is None or isinstance(kind, str):
        if content.strip():
            return _mismatch(client, operation, response, None, "expected no content")
        return None
    if not content.strip():
        return _mismatch(
            client, operation, response, kind, "expected a JSON body, got none"
        )
    adapter = _adapter(operation, response.status_code, kind)
    try:
        return adapter.validate_json(content, strict=True, context=_KEEP_UNKNOWN)
    except ValidationError as exc:
        found = exc.errors(include_url=False)
        subject = f"{operation.name}: the {response.status_code} response body"
        return _mismatch(
            client, operation, response, kind, _encode.describe(subject, found), found
        )


def _mismatch(
    client: _Options,
    operation: Operation[Any],
    response: httpx.Response,
    build: Callable[[], Any] | None,
    message: str,
    found: list[Any] | None = None,
) -> Any:
    body = body_of(response)
    request_id = errors.request_id_of(response.headers)
    if request_id:
        message += f"\n(request id {request_id})"
    if client.response_validation != "lenient":
        raise errors.ResponseValidationError(
            message, response=response, body=body, errors=found or []
        )
    logger.warning("%s\nlenient mode: returning the body as it came", message)
    if build is None or body is None:
        return None
    return _lenient.best_effort(build(), body)


class RawResponse(Generic[R]):
    """An answer with its HTTP details; `.parse()` reads the body as the method would."""

    def __init__(
        self, response: httpx.Response, parse: Callable[[httpx.Response], R]
    ) -> None:
        self.http_response = response
        self._parse = parse
        self._parsed: list[R] = []

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return errors.request_id_of(self.http_response.headers)

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return self.http_response.json()

    def parse(self) -> R:
        """The body as the method returns it (parsed once)."""
        if not self._parsed:
            self._parsed.append(self._parse(self.http_response))
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status_code} {self.url}>"


class StreamedResponse(RawResponse[R]):
    """An answer whose body is read as you go; close it (or use `with`)."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        try:
            yield from self.http_response.iter_bytes(chunk_size)
        except httpx.HTTPError as exc:
            raise errors.APIConnectionError(
                f"reading the body failed: {exc}", request=self.http_response.request
            ) from exc

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        yield from self.http_response.iter_text(chunk_size)

    def read(self) -> bytes:
        return self.http_response.read()

    def parse(self) -> R:
        self.read()
        return super().parse()

    def close(self) -> None:
        self.http_response.close()


class AsyncStreamedResponse(Generic[R]):
    """An answer of the async client whose body is read as you go."""

    def __init__(
        self, response: httpx.Response, parse: Callable[[httpx.Response], R]
    ) -> None:
        self._raw = RawResponse(response, parse)
        self.http_response = response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return errors.request_id_of(self.http_response.headers)

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        try:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.HTTPError as exc:
            raise errors.APIConnectionError(
                f"reading the body failed: {exc}", request=self.http_response.request
            ) from exc

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def parse(self) -> R:
        await self.read()
        return self._raw.parse()

    async def close(self) -> None:
        await self.http_response.aclose()


class StreamContext(Generic[R]):
    """`with client.<resource>.with_streaming_response.<method>(...) as response:`"""

    def __init__(self, send: Callable[[], StreamedResponse[R]]) -> None:
        self._send = send
        self._response: StreamedResponse[R] | None = None

    def __enter__(self) -> StreamedResponse[R]:
        self._response = self._send()
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncStreamContext(Generic[R]):
    """`async with client.<resource>.with_streaming_response.<method>(...) as response:`"""

    def __init__(self, send: Callable[[], Awaitable[AsyncStreamedResponse[R]]]) -> None:
        self._send = send
        self._response: AsyncStreamedResponse[R] | None = None

    async def __aenter__(self) -> AsyncStreamedResponse[R]:
        self._response = await self._send()
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()
