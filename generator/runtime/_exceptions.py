"""The exceptions the client raises: one tree, rooted at :class:`APIError`.

Status errors carry the parsed body and, where the body decodes, the spec's error model.
Their ``str()`` is one line of bounded length with no secrets, and every error pickles.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIDeadlineExceededError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConfigurationTypeError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
]

_MAX_MESSAGE = 300


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_MESSAGE else flat[: _MAX_MESSAGE - 1] + "\u2026"


class APIError(Exception):
    """Base of every error this package raises."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return _one_line(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        state = {
            key: value for key, value in self.__dict__.items() if key != "response"
        }
        return (_rebuild, (type(self), state))


def _rebuild(cls: type[APIError], state: dict[str, Any]) -> APIError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    error.__dict__.setdefault("response", None)
    return error


class ConfigurationError(APIError, ValueError):
    """A mistake in how the client is set up or called (no token, an option out of
    range, an argument a request cannot carry), found before anything is sent; also a
    ``ValueError``."""


class ConfigurationTypeError(ConfigurationError, TypeError):
    """An option of the wrong type (``max_retries="3"``); also a ``TypeError``."""


class ClientClosedError(APIError, RuntimeError):
    """A call on a client after ``close()``: make a new client (or use ``with``)."""


class APIConnectionError(APIError):
    """No usable response: the connection was refused, reset or closed early."""


class APITimeoutError(APIConnectionError):
    """Connecting, sending, reading or waiting for a pooled connection took too long."""


class APIDeadlineExceededError(APITimeoutError):
    """The call's overall ``deadline`` passed, retries and waits included."""


class ResponseTooLargeError(APIError):
    """A response body was over ``max_response_bytes``; it was not read further."""

    def __init__(self, message: str, *, status_code: int, limit: int) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.limit = limit


class APIResponseValidationError(APIError):
    """A success response whose body does not match the schema the spec declares."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: object,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body
        self.response = response


class APIStatusError(APIError):
    """The server answered with an error status; subclasses name the common ones."""

    status_code: int
    headers: httpx.Headers
    body: object
    error: Any
    """The body decoded as the spec's error model, where it decodes; else ``None``."""
    correlation_id: str | None
    retry_after: float | None
    category: str | None
    response: httpx.Response | None

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        headers: httpx.Headers,
        body: object,
        error: Any = None,
        correlation_id: str | None = None,
        retry_after: float | None = None,
        category: str | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.headers = headers
        self.body = body
        self.error = error
        self.correlation_id = correlation_id
        self.retry_after = retry_after
        self.category = category
        self.response = response

    def __str__(self) -> str:
        message = _one_line(self.message) or "(no message)"
        parts = [f"{self.status_code} {type(self).__name__}: {message}"]
        if self.category:
            parts.append(f"category={_one_line(self.category)[:80]}")
        if self.correlation_id:
            parts.append(f"correlation_id={_one_line(self.correlation_id)[:80]}")
        if self.retry_after is not None:
            parts.append(f"retry_after={self.retry_after:g}s")
        return " ".join(parts)


class BadRequestError(APIStatusError):
    """400: the request is malformed or fails validation."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, invalid or expired."""


class PermissionDeniedError(APIStatusError):
    """403: the token lacks a required scope."""


class NotFoundError(APIStatusError):
    """404: the resource or route does not exist."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state."""


class UnprocessableEntityError(APIStatusError):
    """422: the request is well-formed but cannot be processed."""


class RateLimitError(APIStatusError):
    """429: a rate limit was hit; ``retry_after`` says how long to wait, where known."""


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return InternalServerError
    return STATUS_ERRORS.get(status_code, APIStatusError)
