"""Whether and when to send a request again: the retry decisions, without I/O.

The sync and async clients ask these functions after every response and every transport
error; they only send, sleep and loop.
"""

from __future__ import annotations

import random
from typing import Any, NamedTuple

import httpx

from ._exceptions import RateLimitError
from ._policy import Operation, Settings
from ._ratelimit import server_requested_wait
from ._results import parse_body

__all__: list[str] = []

MAX_WAIT_SECONDS = 60.0
"""A longer wait is never slept: the call fails at once, with ``retry_after`` set."""
BACKOFF_INITIAL_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 8.0
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# The server turned these away before doing any work, so even a request that is not
# idempotent may be sent again.
UNPROCESSED_STATUSES = frozenset({429, 503})
UNPROCESSED_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Sending the same request again would fail the same way: a header we cannot encode, a
# URL scheme httpx does not speak, a redirect loop, a body that does not decompress.
PERMANENT_ERRORS = (
    httpx.LocalProtocolError,
    httpx.UnsupportedProtocol,
    httpx.TooManyRedirects,
    httpx.DecodingError,
)


class Decision(NamedTuple):
    """Whether to send again: ``wait`` seconds first, or ``None`` to stop; ``reason``
    says why, for the debug log.
    """

    wait: float | None
    reason: str


def backoff_seconds(retry_number: int, rng: random.Random) -> float:
    """Exponential backoff from 0.5 s, doubling, capped at 8 s; jitter spreads each wait
    over the upper half of its step so that clients failing together do not retry
    together.
    """
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_INITIAL_SECONDS * (2**retry_number))
    return float(ceiling * (0.5 + rng.random() / 2))


def is_non_retryable_limit(body: object, settings: Settings) -> bool:
    """A limit the spec says will not clear soon (HubSpot's ``DAILY``)."""
    if settings.non_retryable_field is None or not isinstance(body, dict):
        return False
    return body.get(settings.non_retryable_field) in settings.non_retryable_values


# The decision after every success: shared, since it is the one made on every call.
_FINAL = Decision(None, "final")


def after_response(
    operation: Operation[Any],
    response: httpx.Response,
    retries_done: int,
    max_retries: int,
    settings: Settings,
    rng: random.Random,
) -> Decision:
    """Whether and when to send again after ``response``."""
    status = response.status_code
    if status not in RETRYABLE_STATUSES:
        return _FINAL
    if not operation.idempotent and status not in UNPROCESSED_STATUSES:
        return Decision(None, f"{status} may have been processed; not idempotent")
    if status == 429 and is_non_retryable_limit(parse_body(response), settings):
        return Decision(None, "the limit will not clear soon")
    requested = server_requested_wait(response.headers, settings.rate_limit_headers)
    if requested is not None and requested > MAX_WAIT_SECONDS:
        return Decision(
            None, f"server asked for {requested:g}s, over the {MAX_WAIT_SECONDS:g}s cap"
        )
    if retries_done >= max_retries:
        return Decision(None, f"no retries left of {max_retries}")
    if requested is not None:
        return Decision(requested, "as the server asked")
    return Decision(backoff_seconds(retries_done, rng), "backoff")


def after_transport_error(
    operation: Operation[Any],
    error: httpx.RequestError,
    retries_done: int,
    max_retries: int,
    rng: random.Random,
) -> Decision:
    """Whether and when to send again after a request got no usable response."""
    if isinstance(error, PERMANENT_ERRORS):
        return Decision(None, "would fail again")
    if not isinstance(error, UNPROCESSED_ERRORS) and not operation.idempotent:
        return Decision(None, "may have been processed; not idempotent")
    if retries_done >= max_retries:
        return Decision(None, f"no retries left of {max_retries}")
    return Decision(backoff_seconds(retries_done, rng), "backoff")


def wait_over_cap(operation: Operation[Any], wait: float) -> RateLimitError:
    """The error for a call the rate limit would hold longer than the cap: raised at
    once, before sending, with the wait as ``retry_after``."""
    where = f"{operation.method} {operation.path}"
    return RateLimitError(
        f"{where}: not sent; the rate limit allows the next request in {wait:.1f}s, "
        f"over the {MAX_WAIT_SECONDS:g}s cap",
        status_code=429,
        headers=httpx.Headers(),
        body=None,
        retry_after=wait,
    )
