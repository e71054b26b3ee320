"""Raw responses: a call's status, headers and rate limits, with ``parse()`` for the
result, as ``client.with_raw_response.<method>(...)`` returns them.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable
from typing import Generic, ParamSpec, TypeVar

import httpx

from ._policy import Operation, Settings
from ._ratelimit import RateLimitInfo, parse_rate_limit
from ._results import read_success

__all__ = ["APIResponse"]

R = TypeVar("R")
P = ParamSpec("P")

_PACKAGE = __name__.rpartition(".")[0]
# Set by the raw-response wrappers: the call they wrap returns an APIResponse.
RAW: contextvars.ContextVar[bool] = contextvars.ContextVar(
    f"{_PACKAGE}_raw_response", default=False
)


class APIResponse(Generic[R]):
    """A response before (or as well as) decoding: status, headers, rate limits and
    ``parse()``.
    """

    def __init__(
        self,
        operation: Operation[R],
        http_response: httpx.Response,
        settings: Settings,
        retries: int,
        strict: bool = False,
    ) -> None:
        self._operation = operation
        self.http_response = http_response
        self._settings = settings
        self.retries_taken = retries
        self._strict = strict
        self._parsed: tuple[R] | None = None

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def rate_limit(self) -> RateLimitInfo:
        """Rate-limit state from this response's headers (``None`` where absent)."""
        return parse_rate_limit(
            self.http_response.headers, self._settings.rate_limit_headers
        )

    @property
    def correlation_id(self) -> str | None:
        """The server's id for this request, to quote when asking its support."""
        header = self._settings.correlation_header
        return self.http_response.headers.get(header) if header else None

    def parse(self) -> R:
        """The decoded result, as the plain method would return it."""
        if self._parsed is None:
            self._parsed = (
                read_success(self._operation, self.http_response, self._strict),
            )
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<APIResponse {self._operation.name} {self.status_code}>"


def raw_response_wrapper(method: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """Wrap a client method so it returns an :class:`APIResponse`, not the result."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = RAW.set(True)
        try:
            return method(*args, **kwargs)  # type: ignore[return-value]
        finally:
            RAW.reset(token)

    return wrapped


def async_raw_response_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """The async twin of :func:`raw_response_wrapper`."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = RAW.set(True)
        try:
            return await method(*args, **kwargs)  # type: ignore[return-value]
        finally:
            RAW.reset(token)

    return wrapped
