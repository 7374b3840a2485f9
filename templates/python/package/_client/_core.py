"""The light half of the client: configuration, resources and operation descriptions.

Constructing a client and reaching `client.<resource>` import neither httpx nor pydantic;
the first request imports `_http` (httpx) and the models its operation needs.
"""

from __future__ import annotations

import contextvars
import functools
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Final,
    Generic,
    Literal,
    TypeAlias,
    TypeVar,
    cast,
)

if TYPE_CHECKING:
    from types import TracebackType
    from typing import IO

    import httpx
    from typing_extensions import ParamSpec, Self, TypeAlias

    from ._pagination import AsyncPager, SyncPager
    from ._response import (
        AsyncStreamContext,
        AsyncStreamedResponse,
        RawResponse,
        StreamContext,
        StreamedResponse,
    )

    P = ParamSpec("P")
    #: seconds, an `httpx.Timeout` for connect/read/write/pool separately, or None for none
    Timeout: TypeAlias = "float | httpx.Timeout | None"
    #: a file to upload: its content, a path, or a binary file object; optionally with
    #: its name (and content type) as `(name, file)` or `(name, file, content_type)`
    FileContent: TypeAlias = "bytes | IO[bytes] | os.PathLike[str]"
    FileInput: TypeAlias = (
        "FileContent | tuple[str, FileContent] | tuple[str, FileContent, str]"
    )

R = TypeVar("R")
T = TypeVar("T")
ResponseMode: TypeAlias = Literal["parsed", "raw", "stream"]
#: (where, name, value prefix)
Auth: TypeAlias = tuple[Literal["header", "query"], str, str]


class NotGiven:
    """The default of an argument that was not passed (distinct from `None`)."""

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


class Body:
    """How an operation's request body is checked and encoded."""

    __slots__ = ("adapter", "files", "media", "required", "type")

    def __init__(
        self,
        media: Literal["json", "multipart", "form", "binary"],
        type: Callable[[], Any] | None,
        *,
        required: bool = True,
        files: tuple[str, ...] = (),
    ) -> None:
        self.media = media
        self.type = type  #: builds the annotation the body is validated against
        self.required = required
        self.files = files  #: multipart: the wire names of the file fields
        self.adapter: Any = None  #: the validator, built at first use


class Paging:
    """A page-numbered listing: which query parameter pages, where the items are."""

    __slots__ = ("items", "metadata", "page")

    def __init__(self, page: str, items: str, metadata: str | None) -> None:
        self.page = page  #: wire name of the page-number query parameter
        self.items = items  #: attribute of the envelope holding the items
        self.metadata = (
            metadata  #: attribute of the envelope holding the paging details
        )


class Operation(Generic[R]):
    """One API operation as data: the runtime sends it and reads its answer.

    `responses` maps a 2xx status (or `2XX`) to a function building the annotation its
    JSON body is validated against, to `"bytes"`/`"text"` for raw content, or to None for
    no content. `R` is what a call returns.
    """

    __slots__ = (
        "adapters",
        "auth",
        "body",
        "download",
        "method",
        "name",
        "paging",
        "path",
        "query_styles",
        "responses",
    )

    def __init__(
        self,
        name: str,
        method: str,
        path: str,
        *,
        responses: Mapping[str, Callable[[], Any] | str | None],
        body: Body | None = None,
        auth: bool = True,
        download: bool = False,
        paging: Paging | None = None,
        query_styles: Mapping[str, tuple[str, bool]] | None = None,
    ) -> None:
        self.name = name  #: `resource.method`, for messages and logs
        self.method = method
        self.path = path
        self.responses = responses
        self.body = body
        self.auth = auth
        self.download = download  #: the answer is a file (redirects are followed)
        self.paging = paging
        #: query parameters that are not `form` + `explode`: wire name -> (style, explode)
        self.query_styles = query_styles or {}
        self.adapters: dict[str, Any] = {}  #: validators by status, built at first use

    @property
    def idempotent(self) -> bool:
        return self.method in {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"}


class _Options:
    """What every client shares: the token, where to send, how long to wait and retry."""

    _env_var: ClassVar[str]
    _default_base_url: ClassVar[str]
    _auth: ClassVar[Auth | None] = None

    #: Backoff between retries: `initial_retry_delay * 2**attempt`, at most
    #: `max_retry_delay`, less up to 25 % jitter. A `Retry-After` answer is waited for
    #: exactly, but never longer than `max_retry_after` seconds.
    initial_retry_delay: float = 0.5
    max_retry_delay: float = 8.0
    max_retry_after: float = 60.0

    def __init__(
        self,
        token: str | None,
        *,
        base_url: str | None,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        response_validation: Literal["strict", "lenient"],
        validate_requests: bool,
    ) -> None:
        if not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError(f"max_retries must be an int >= 0, got {max_retries!r}")
        if response_validation not in ("strict", "lenient"):
            raise ValueError(
                f"response_validation must be 'strict' or 'lenient', "
                f"got {response_validation!r}"
            )
        if not isinstance(validate_requests, bool):
            raise TypeError(
                f"validate_requests must be True or False, got {validate_requests!r}"
            )
        self.token = token or os.environ.get(self._env_var) or None
        self.base_url = (base_url or self._default_base_url).rstrip("/")
        if not self.base_url:
            raise ValueError(
                "base_url is required: the API description names no server"
            )
        self.timeout = timeout
        self.max_retries = max_retries
        self.default_headers = dict(default_headers or {})
        self.response_validation = response_validation
        #: check request bodies against their schema before sending (see `_encode`)
        self.validate_requests = validate_requests

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class SyncClient(_Options):
    """Base of the synchronous client."""

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: Timeout = 60.0,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        response_validation: Literal["strict", "lenient"] = "strict",
        validate_requests: bool = True,
    ) -> None:
        super().__init__(
            token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            response_validation=response_validation,
            validate_requests=validate_requests,
        )
        #: the connection pool; made at the first request unless given
        self.http_client = http_client
        self._owns_http_client = http_client is None

    def _request(self, operation: Operation[R], **arguments: Any) -> R:
        from . import _http

        return cast("R", _http.send(self, operation, arguments, _MODE.get()))

    def _paginate(self, operation: Operation[Any], **arguments: Any) -> SyncPager[Any]:
        from . import _pagination

        pager = _pagination.start_sync(self, operation, arguments, _MODE.get())
        return cast("SyncPager[Any]", pager)

    def close(self) -> None:
        """Close the connection pool (not one passed as `http_client`)."""
        if self.http_client is not None and self._owns_http_client:
            self.http_client.close()
            self.http_client = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(_Options):
    """Base of the asynchronous client."""

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: Timeout = 60.0,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        response_validation: Literal["strict", "lenient"] = "strict",
        validate_requests: bool = True,
    ) -> None:
        super().__init__(
            token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            response_validation=response_validation,
            validate_requests=validate_requests,
        )
        #: the connection pool; made at the first request unless given
        self.http_client = http_client
        self._owns_http_client = http_client is None

    async def _request(self, operation: Operation[R], **arguments: Any) -> R:
        from . import _http

        mode = _MODE.get()
        return cast("R", await _http.send_async(self, operation, arguments, mode))

    def _paginate(self, operation: Operation[Any], **arguments: Any) -> AsyncPager[Any]:
        from . import _pagination

        return _pagination.start_async(self, operation, arguments)

    async def close(self) -> None:
        """Close the connection pool (not one passed as `http_client`)."""
        if self.http_client is not None and self._owns_http_client:
            await self.http_client.aclose()
            self.http_client = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


class SyncResource:
    """Base of a resource of the synchronous client (`client.phone_numbers`)."""

    def __init__(self, client: SyncClient) -> None:
        self._client = client


class AsyncResource:
    """Base of a resource of the asynchronous client."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client


# How the current call answers: parsed (the default), as a `RawResponse`, or streamed.
# Set by the `with_raw_response` / `with_streaming_response` wrappers around one call.
_MODE: contextvars.ContextVar[ResponseMode] = contextvars.ContextVar(
    "response_mode", default="parsed"
)


def to_raw(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """`method`, answering with the HTTP response (status, headers, `.parse()`)."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        token = _MODE.set("raw")
        try:
            return cast("RawResponse[R]", method(*args, **kwargs))
        finally:
            _MODE.reset(token)

    return wrapped


def to_streamed(method: Callable[P, R]) -> Callable[P, StreamContext[R]]:
    """`method`, answering with a context manager over the unread response."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> StreamContext[R]:
        from ._response import StreamContext

        def send() -> StreamedResponse[R]:
            token = _MODE.set("stream")
            try:
                return cast("StreamedResponse[R]", method(*args, **kwargs))
            finally:
                _MODE.reset(token)

        return StreamContext(send)

    return wrapped


def to_raw_async(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[RawResponse[R]]]:
    """The async `method`, answering with the HTTP response."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        token = _MODE.set("raw")
        try:
            return cast("RawResponse[R]", await method(*args, **kwargs))
        finally:
            _MODE.reset(token)

    return wrapped


def to_streamed_async(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncStreamContext[R]]:
    """The async `method`, answering with an async context manager over the response."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamContext[R]:
        from ._response import AsyncStreamContext

        async def send() -> AsyncStreamedResponse[R]:
            token = _MODE.set("stream")
            try:
                return cast("AsyncStreamedResponse[R]", await method(*args, **kwargs))
            finally:
                _MODE.reset(token)

        return AsyncStreamContext(send)

    return wrapped


def pager_to_raw_async(
    method: Callable[P, AsyncPager[T]],
) -> Callable[P, Awaitable[RawResponse[AsyncPager[T]]]]:
    """An async paginated `method`, answering with the first page's HTTP response; its
    `.parse()` is the pager, starting with that page."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[AsyncPager[T]]:
        pager = method(*args, **kwargs)
        return cast("RawResponse[AsyncPager[T]]", await pager.first_response("raw"))

    return wrapped


def pager_to_streamed_async(
    method: Callable[P, AsyncPager[T]],
) -> Callable[P, AsyncStreamContext[AsyncPager[T]]]:
    """An async paginated `method`, answering with a context manager over the first page."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamContext[AsyncPager[T]]:
        from ._response import AsyncStreamContext

        async def send() -> AsyncStreamedResponse[AsyncPager[T]]:
            pager = method(*args, **kwargs)
            response = await pager.first_response("stream")
            return cast("AsyncStreamedResponse[AsyncPager[T]]", response)

        return AsyncStreamContext(send)

    return wrapped
