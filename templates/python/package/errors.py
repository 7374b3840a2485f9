"""Every error the client raises.

    APIError                      a request did not give a usable answer
    |-- TokenMissingError         no token: nothing was sent
    |-- APIConnectionError        no answer: refused, dropped, DNS, TLS, ...
    |   `-- APITimeoutError       no answer in time
    |-- APIStatusError            an error status (`status_code`, `headers`, `body`)
    |   |-- BadRequestError           400
    |   |-- AuthenticationError       401
    |   |-- PermissionDeniedError     403
    |   |-- NotFoundError             404
    |   |-- ConflictError             409
    |   |-- UnprocessableEntityError  422
    |   |-- RateLimitError            429
    |   `-- InternalServerError       500 and above
    `-- ResponseValidationError   a 2xx answer that does not match its schema

    RequestValidationError (a ValueError)  the body does not match its schema: not sent

`ResponseValidationError` is raised by default. A client made with
`response_validation="lenient"` logs the errors as a warning instead and returns what it
could read: each value that does not match is kept as it came (a dict, a list, a string),
so the type hint then describes what was expected, not what arrived.

Importing this module is free: it imports neither httpx nor pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseValidationError",
    "TokenMissingError",
    "UnprocessableEntityError",
    "status_error_class",
]

#: Response headers that carry the id the API gave a request, first match wins.
REQUEST_ID_HEADERS: tuple[str, ...] = (
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "cf-ray",
)


class APIError(Exception):
    """Base of the errors of a request that was attempted."""

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class TokenMissingError(APIError):
    """The operation needs a token and the client has none; nothing was sent."""


class APIConnectionError(APIError):
    """No answer: the connection failed, was dropped, or the answer was unreadable."""

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """No answer within the timeout."""

    def __init__(
        self,
        message: str = "Request timed out.",
        *,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)


def request_id_of(headers: Mapping[str, str]) -> str | None:
    """The request id the API sent back, if any."""
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return value
    return None


class _ResponseError(APIError):
    """What every error about a received response carries."""

    response: httpx.Response
    status_code: int
    headers: httpx.Headers
    body: Any  #: the parsed JSON body, else its text (None when empty)
    request_id: str | None

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.request_id = request_id_of(response.headers)


class APIStatusError(_ResponseError):
    """The API answered with an error status (or one this operation does not expect)."""


class BadRequestError(APIStatusError):
    """400: the API refused the request as malformed."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, wrong or expired."""


class PermissionDeniedError(APIStatusError):
    """403: the token may not do this."""


class NotFoundError(APIStatusError):
    """404: no such resource (or path)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's current state."""


class UnprocessableEntityError(APIStatusError):
    """422: the request is well-formed but its values were refused."""


class RateLimitError(APIStatusError):
    """429: too many requests; retried automatically, honouring `Retry-After`."""


class InternalServerError(APIStatusError):
    """500 and above: the API failed."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The error class for an HTTP status."""
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)


class ResponseValidationError(_ResponseError):
    """A 2xx answer whose body does not match the operation's response schema.

    `errors` lists every mismatch (pydantic's error dicts: `loc`, `msg`, `type`); `body` is
    the body as it came. See the module docstring for the lenient mode.
    """

    errors: Sequence[Mapping[str, Any]]

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        errors: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__(message, response=response, body=body)
        self.errors = errors


class RequestValidationError(ValueError):
    """The request body does not match the operation's schema; nothing was sent.

    `errors` lists every mismatch (pydantic's error dicts: `loc`, `msg`, `type`). A
    client made with `validate_requests=False` does not check, so never raises it.
    """

    def __init__(
        self, message: str, *, operation: str, errors: Sequence[Mapping[str, Any]]
    ) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.errors = errors
