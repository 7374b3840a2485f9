"""Sending a request: building it, retrying it, logging it, and handing the answer on.

Retries: connection failures, 408, 409, 429 and 5xx are retried up to `max_retries` times
with exponential backoff and jitter, or after the `Retry-After` the API asked for (seconds
or an HTTP date, capped by `max_retry_after`). A POST or PATCH is not idempotent: it is
retried only when the API cannot have processed it (the connection failed before the
request was sent, or the answer was 429 or 503), never after a read timeout.

The logger is named after the package; it logs requests and answers at DEBUG and
retries at INFO, with credentials redacted.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import httpx

from .. import errors
from . import _encode, _response
from ._core import NOT_GIVEN

if TYPE_CHECKING:
    from ._core import AsyncClient, Operation, ResponseMode, SyncClient, _Options

PACKAGE: str = __name__.rsplit(".", 2)[0]
logger: logging.Logger = logging.getLogger(PACKAGE)

USER_AGENT: str = f"{PACKAGE} (sdkgen; httpx {httpx.__version__})"
REDACTED: str = "<redacted>"
_SECRET_HEADERS: frozenset[str] = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie"}
)
_RETRIED_STATUSES: frozenset[int] = frozenset({408, 409, 429})
#: failures after which the request cannot have reached the API
_NOT_SENT: tuple[type[httpx.HTTPError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
_TRANSIENT: tuple[type[httpx.HTTPError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)
_POOL_LOCK: threading.Lock = threading.Lock()

Wrap: TypeAlias = Callable[[Any], Any]


def send(
    client: SyncClient,
    operation: Operation[Any],
    arguments: Mapping[str, Any],
    mode: ResponseMode,
    wrap: Wrap | None = None,
) -> Any:
    """Send `operation` with retries; the parsed answer, or a raw/streamed response."""
    http = _sync_pool(client)
    request = build_request(client, http, operation, arguments)
    retries = _retries(client, arguments)
    attempt = 0
    while True:
        _log_request(client, request, attempt)
        started = time.perf_counter()
        try:
            response = http.send(
                request, stream=mode == "stream", follow_redirects=_follows(operation)
            )
        except httpx.HTTPError as exc:
            delay = _failure_delay(client, operation, exc, attempt, retries, request)
            reason = type(exc).__name__
        else:
            _log_response(response, started)
            if response.is_success or not _may_retry(
                operation, response, attempt, retries
            ):
                if mode == "stream" and not response.is_success:
                    _read(response)
                return _response.handle(client, operation, response, mode, wrap)
            delay = _status_delay(client, response, attempt)
            reason = f"status {response.status_code}"
            response.close()
        _log_retry(request, attempt, retries, delay, reason)
        time.sleep(delay)
        attempt += 1


async def send_async(
    client: AsyncClient,
    operation: Operation[Any],
    arguments: Mapping[str, Any],
    mode: ResponseMode,
    wrap: Wrap | None = None,
) -> Any:
    """`send` for the asynchronous client."""
    http = _async_pool(client)
    request = build_request(client, http, operation, arguments)
    retries = _retries(client, arguments)
    attempt = 0
    while True:
        _log_request(client, request, attempt)
        started = time.perf_counter()
        try:
            response = await http.send(
                request, stream=mode == "stream", follow_redirects=_follows(operation)
            )
        except httpx.HTTPError as exc:
            delay = _failure_delay(client, operation, exc, attempt, retries, request)
            reason = type(exc).__name__
        else:
            _log_response(response, started)
            if response.is_success or not _may_retry(
                operation, response, attempt, retries
            ):
                if mode == "stream" and not response.is_success:
                    await _read_async(response)
                return _response.handle(client, operation, response, mode, wrap, True)
            delay = _status_delay(client, response, attempt)
            reason = f"status {response.status_code}"
            await response.aclose()
        _log_retry(request, attempt, retries, delay, reason)
        await asyncio.sleep(delay)
        attempt += 1


def build_request(
    client: _Options,
    http: httpx.Client | httpx.AsyncClient,
    operation: Operation[Any],
    arguments: Mapping[str, Any],
) -> httpx.Request:
    """The request, with its body checked against the schema before anything is sent
    (unless the client was made with `validate_requests=False`)."""
    content, content_type = _encode.body(
        operation,
        arguments.get("body"),
        arguments.get("fields"),
        check=client.validate_requests,
    )
    headers = {
        "Accept": "*/*" if operation.download else "application/json",
        "User-Agent": USER_AGENT,
        **client.default_headers,
    }
    if content_type is not None:
        headers["Content-Type"] = content_type
    query = _encode.query(
        operation, arguments.get("query"), arguments.get("extra_query")
    )
    _authorize(client, operation, headers, query)
    headers.update(_encode.headers(arguments.get("headers")))
    cookies = _encode.headers(arguments.get("cookies"))
    if cookies:
        headers["Cookie"] = "; ".join(
            f"{name}={value}" for name, value in cookies.items()
        )
    headers.update(arguments.get("extra_headers") or {})
    timeout = arguments.get("timeout", NOT_GIVEN)
    return http.build_request(
        operation.method,
        client.base_url + _encode.path(operation, arguments.get("path")),
        params=tuple(query),
        headers=headers,
        timeout=client.timeout if timeout is NOT_GIVEN else timeout,
        **content,
    )


def _authorize(
    client: _Options,
    operation: Operation[Any],
    headers: dict[str, str],
    query: list[tuple[str, str]],
) -> None:
    if not operation.auth or client._auth is None:
        return
    if client.token is None:
        raise errors.TokenMissingError(
            f"{operation.name} needs an API token: pass {type(client).__name__}(token=...) "
            f"or set the {client._env_var} environment variable"
        )
    where, name, prefix = client._auth
    if where == "header":
        headers[name] = prefix + client.token
    else:
        query.append((name, prefix + client.token))


def _sync_pool(client: SyncClient) -> httpx.Client:
    with _POOL_LOCK:  # two threads' first requests must not make two pools
        if client.http_client is None:
            client.http_client = httpx.Client(timeout=client.timeout)
        http = client.http_client
    if not isinstance(http, httpx.Client):
        raise TypeError(
            f"http_client must be an httpx.Client, got {type(http).__name__}"
        )
    return http


def _async_pool(client: AsyncClient) -> httpx.AsyncClient:
    if client.http_client is None:
        client.http_client = httpx.AsyncClient(timeout=client.timeout)
    http = client.http_client
    if not isinstance(http, httpx.AsyncClient):
        raise TypeError(
            f"http_client must be an httpx.AsyncClient, got {type(http).__name__}"
        )
    return http


def _follows(operation: Operation[Any]) -> bool:
    """Downloads answer with a redirect to the file; other redirects are not followed."""
    return operation.download or operation.method in {"GET", "HEAD"}


def _retries(client: _Options, arguments: Mapping[str, Any]) -> int:
    retries = arguments.get("max_retries", NOT_GIVEN)
    return client.max_retries if retries is NOT_GIVEN else int(retries)


def _may_retry(
    operation: Operation[Any], response: httpx.Response, attempt: int, retries: int
) -> bool:
    if attempt >= retries:
        return False
    advice = response.headers.get("x-should-retry")
    if advice in ("true", "false"):  # the API knows best
        return bool(advice == "true")
    status = response.status_code
    if not operation.idempotent:  # 429 and 503 say the request was not processed
        return status in (429, 503)
    return status in _RETRIED_STATUSES or status >= 500


def _failure_delay(
    client: _Options,
    operation: Operation[Any],
    exc: httpx.HTTPError,
    attempt: int,
    retries: int,
    request: httpx.Request,
) -> float:
    """How long to wait before retrying after `exc`; raises when not retrying."""
    retryable = isinstance(exc, _NOT_SENT) or (
        operation.idempotent and isinstance(exc, _TRANSIENT)
    )
    if attempt >= retries or not retryable:
        raise _connection_error(exc, request) from exc
    return _backoff(client, attempt)


def _connection_error(exc: httpx.HTTPError, request: httpx.Request) -> errors.APIError:
    where = f"{request.method} {request.url.copy_with(query=None)}"
    if isinstance(exc, httpx.TimeoutException):
        return errors.APITimeoutError(
            f"{where} timed out ({type(exc).__name__})", request=request
        )
    detail = str(exc) or type(exc).__name__
    return errors.APIConnectionError(f"{where} failed: {detail}", request=request)


def _status_delay(client: _Options, response: httpx.Response, attempt: int) -> float:
    after = retry_after(response.headers)
    if after is not None:
        return min(after, client.max_retry_after)
    return _backoff(client, attempt)


def _backoff(client: _Options, attempt: int) -> float:
    delay = min(client.initial_retry_delay * 2.0**attempt, client.max_retry_delay)
    return delay * (1 - 0.25 * random.random())


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the API asked to wait: `retry-after-ms`, or `Retry-After` in seconds or as
    an HTTP date; None when absent or unreadable."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return max(float(milliseconds) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def _read(response: httpx.Response) -> None:
    try:
        response.read()
    except httpx.HTTPError as exc:
        raise _connection_error(exc, response.request) from exc


async def _read_async(response: httpx.Response) -> None:
    try:
        await response.aread()
    except httpx.HTTPError as exc:
        raise _connection_error(exc, response.request) from exc


def redacted_headers(client: _Options, headers: httpx.Headers) -> dict[str, str]:
    """The headers, with every credential replaced by `<redacted>`."""
    secret = set(_SECRET_HEADERS)
    if client._auth is not None and client._auth[0] == "header":
        secret.add(client._auth[1].lower())
    return {
        name: REDACTED if name.lower() in secret else value
        for name, value in headers.items()
    }


def _redacted_url(client: _Options, url: httpx.URL) -> httpx.URL:
    if client._auth is not None and client._auth[0] == "query":
        if client._auth[1] in url.params:
            return url.copy_set_param(client._auth[1], REDACTED)
    return url


def _log_request(client: _Options, request: httpx.Request, attempt: int) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "request %s %s%s headers=%s",
            request.method,
            _redacted_url(client, request.url),
            f" (retry {attempt})" if attempt else "",
            redacted_headers(client, request.headers),
        )


def _log_response(response: httpx.Response, started: float) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "response %s %s -> %d %s in %.1f ms (request id %s)",
            response.request.method,
            response.request.url.copy_with(query=None),
            response.status_code,
            response.reason_phrase,
            (time.perf_counter() - started) * 1000,
            errors.request_id_of(response.headers),
        )


def _log_retry(
    request: httpx.Request, attempt: int, retries: int, delay: float, reason: str
) -> None:
    logger.info(
        "retrying %s %s after %s in %.2f s (retry %d of %d)",
        request.method,
        request.url.copy_with(query=None),
        reason,
        delay,
        attempt + 1,
        retries,
    )
