"""The core shared by the sync and async clients: their state, request building, and
the retry loop as a generator without I/O (:meth:`ClientCore.exchange`).

The drivers in ``_client_base`` only send, sleep and loop; what to do after every
response and error is decided in ``_retry``, and the pace by the ``_governor``.
"""

from __future__ import annotations

import contextvars
import copy
import functools
import logging
import os
import random
import ssl
import threading
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

import httpx

from . import _retry
from ._codec import UNSET, Unset
from ._encoding import QueryValue, encode_body, request_parts
from ._exceptions import (
    APIDeadlineExceededError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    ConfigurationError,
    ConfigurationTypeError,
    ResponseTooLargeError,
)
from ._governor import RateGovernor
from ._policy import Operation, Settings
from ._ratelimit import parse_rate_limit, server_requested_wait
from ._response import RAW, APIResponse
from ._results import read_success, status_error, transport_error, unexpected
from ._secrets import (
    Credential,
    Resolved,
    Secrets,
    SecretSource,
    missing_credentials_message,
    says_token_expired,
)

__all__: list[str] = []

R = TypeVar("R")
H = TypeVar("H", httpx.Client, httpx.AsyncClient)
Self = TypeVar("Self", bound="ClientCore")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_DEADLINE: float | None = None
"""No overall bound by default: ``timeout`` bounds each phase, retries and waits are
capped; a deadline bounds the whole call."""
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""A larger body is refused while it arrives, before it is held or decoded."""

_PACKAGE = __name__.rpartition(".")[0]

# Where a caller that wants every attempt's status (or error name) of the calls it
# makes collects them; the bulk helpers count retries and 429s per chunk this way.
ATTEMPTS: contextvars.ContextVar[list[int | str] | None] = contextvars.ContextVar(
    f"{_PACKAGE}_attempts", default=None
)
# Set by a pager (``_paging``) while it fetches a page that the API named by URL (a
# ``Link`` header, a next-page field): the request goes there instead of the path.
PAGE_URL: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    f"{_PACKAGE}_page_url", default=None
)
# The secrets of the call in progress, when the client's credentials come from sources
# (callables): resolved once per call by the driver, read by _build_request.
CREDENTIALS: contextvars.ContextVar[Resolved | None] = contextvars.ContextVar(
    f"{_PACKAGE}_credentials", default=None
)
_rng = random.Random()
# How many forks separate this process from the one that imported the module: a client
# made before a fork notices the change and renews what it cannot share (see Shared).
_generation = 0
_renewing = threading.Lock()


def _after_fork_in_child() -> None:
    global _generation, _renewing
    _generation += 1
    # The parent's lock may have been held by a thread that does not exist here.
    _renewing = threading.Lock()
    # Forked workers (gunicorn, multiprocessing) would otherwise share one jitter
    # sequence and retry in lockstep, which is what jitter is there to prevent.
    _rng.seed()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every client this package creates.

    Loading the CA bundle is most of the cost of a new httpx client (tens of
    milliseconds); sharing it makes a client per tenant or per task cheap. httpx builds
    it as it would for ``verify=True``, honouring ``SSL_CERT_FILE`` and ``SSL_CERT_DIR``
    as they are at the first client.
    """
    return httpx.create_ssl_context()


def as_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    # A bare number bounds every phase, but a dead host should still fail fast.
    return httpx.Timeout(
        timeout, connect=min(float(timeout), DEFAULT_TIMEOUT.connect or 5.0)
    )


# The response that ends a call, and how many retries it took.
Final = tuple[httpx.Response, int]


def check_deadline(deadline: float | None) -> float | None:
    if deadline is not None and not (
        isinstance(deadline, (int, float)) and not isinstance(deadline, bool)
    ):
        raise ConfigurationTypeError(
            f"deadline must be a number of seconds or None, not {deadline!r}"
        )
    if deadline is not None and not deadline > 0:
        raise ConfigurationError("deadline must be more than 0 seconds (or None)")
    return deadline


def check_max_bytes(max_bytes: int | None) -> int | None:
    if max_bytes is not None and (
        isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1
    ):
        raise ConfigurationError("max_response_bytes must be a positive int (or None)")
    return max_bytes


class Limits:
    """One call's overall bounds: the moment its deadline passes, and the largest
    response body it reads."""

    __slots__ = ("deadline", "deadline_at", "max_bytes", "where")

    def __init__(
        self, operation: Operation[Any], deadline: float | None, max_bytes: int | None
    ) -> None:
        self.where = f"{operation.method} {operation.path}"
        self.deadline = deadline
        self.deadline_at = None if deadline is None else time.monotonic() + deadline
        self.max_bytes = max_bytes

    def expired(self) -> APIDeadlineExceededError:
        return APIDeadlineExceededError(
            f"{self.where}: the call's deadline of {self.deadline:g}s passed"
        )

    def check_wait(self, seconds: float) -> None:
        """Refuse a wait that would end after the deadline: fail now instead."""
        if (
            self.deadline_at is not None
            and time.monotonic() + seconds > self.deadline_at
        ):
            raise self.expired()

    def fit(self, request: httpx.Request) -> None:
        """Shrink each timeout of ``request`` to the time left before the deadline."""
        if self.deadline_at is None:
            return
        left = self.deadline_at - time.monotonic()
        if left <= 0:
            raise self.expired()
        phases = request.extensions.get("timeout") or {}
        request.extensions["timeout"] = {
            phase: left if value is None else min(value, left)
            for phase, value in {
                "connect": None,
                "read": None,
                "write": None,
                "pool": None,
                **phases,
            }.items()
        }

    def check_declared(self, response: httpx.Response) -> None:
        length = response.headers.get("content-length", "")
        if self.max_bytes is not None and length.isdigit() and len(length) < 20:
            if int(length) > self.max_bytes:
                raise self.too_large(response)

    def check_progress(self, size: int, response: httpx.Response) -> None:
        """Called as each part of the body arrives."""
        if self.max_bytes is not None and size > self.max_bytes:
            raise self.too_large(response)
        if self.deadline_at is not None and time.monotonic() > self.deadline_at:
            raise self.expired()

    def too_large(self, response: httpx.Response) -> ResponseTooLargeError:
        assert self.max_bytes is not None
        return ResponseTooLargeError(
            f"{self.where}: the {response.status_code} response is larger than "
            f"max_response_bytes={self.max_bytes}",
            status_code=response.status_code,
            limit=self.max_bytes,
        )


_TOKEN = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


def check_cookies(cookies: Sequence[str]) -> None:
    """Refuse a cookie whose name is not a token (RFC 6265): no request can carry it."""
    for cookie in cookies:
        name = cookie.partition("=")[0]
        if not (name and _TOKEN.issuperset(name)):
            raise ConfigurationError(f"{name!r} is not a cookie name (RFC 9110 token)")


def check_headers(headers: Mapping[str, str]) -> None:
    """Refuse a header a request cannot carry, naming it but never showing its value
    (which may be a credential)."""
    for name, value in headers.items():
        if not (isinstance(name, str) and name and _TOKEN.issuperset(name)):
            raise ConfigurationError(f"{name!r} is not a header name (RFC 9110 token)")
        if not isinstance(value, str):
            raise ConfigurationTypeError(
                f"the value of header {name!r} is a {type(value).__name__}, not a str"
            )
        if not value.isascii() or not value.replace("\t", " ").isprintable():
            raise ConfigurationError(
                f"the value of header {name!r} has characters a header cannot carry "
                "(line breaks, control characters or non-ASCII)"
            )


def check_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int):
        raise ConfigurationTypeError(
            f"max_retries must be an int, not {type(max_retries).__name__}"
        )
    if max_retries < 0:
        raise ConfigurationError("max_retries must be 0 or more")
    return max_retries


@functools.lru_cache(maxsize=512)
def _parsed_url(url: str) -> httpx.URL:
    # Parsing a URL is a third of what httpx spends building a request; an httpx.URL is
    # immutable, and a client sends to few distinct URLs.
    return httpx.URL(url)


class _Fixed:
    """What every request of one operation from one client carries: the user agent,
    ``Accept`` and the credentials. Holds secrets, so it neither shows nor pickles them.
    """

    __slots__ = ("cookies", "headers", "query")

    def __init__(
        self,
        headers: dict[str, str],
        query: list[tuple[str, QueryValue]],
        cookies: list[str],
    ) -> None:
        self.headers = headers
        self.query = tuple(query)
        self.cookies = tuple(cookies)

    def __repr__(self) -> str:
        return "<fixed request parts>"

    def __reduce__(self) -> str | tuple[Any, ...]:
        raise TypeError("request parts hold credentials and are not pickled")


class Shared(Generic[H]):
    """What a client and its ``with_options`` copies share: the connection pool and the
    rate governor, each valid in the process that made it.

    After a fork, the child must not touch the parent's: their sockets are in use by the
    parent (two processes reading one connection get each other's answers), and their
    locks may have been held, at the moment of the fork, by a thread that exists only in
    the parent. The first use in the child renews both; the parent's are left alone.
    """

    __slots__ = ("_factory", "generation", "governor", "http_client", "owned")

    def __init__(self, http_client: H | None, factory: Callable[[], H]) -> None:
        self._factory: Callable[[], H] = factory
        self.owned = http_client is None
        self.http_client: H = factory() if http_client is None else http_client
        self.governor = RateGovernor()
        self.generation = _generation

    def current(self) -> Shared[H]:
        """This object, renewed first if the process forked since it was made."""
        if self.generation != _generation:
            with _renewing:
                if self.generation != _generation:
                    # A pool passed in by the caller is theirs to make fork-safe.
                    if self.owned:
                        self.http_client = self._factory()
                    self.governor = RateGovernor()
                    self.generation = _generation
        return self

    def __reduce__(self) -> str | tuple[Any, ...]:
        raise TypeError("a connection pool is not pickled")

    def closable(self) -> H | None:
        """The pool to close, if this process made it (after a fork, it did not)."""
        return (
            self.http_client if self.owned and self.generation == _generation else None
        )


class ClientCore:
    """State and request building shared by the sync and async clients."""

    _settings: ClassVar[Settings]
    _logger: ClassVar[logging.Logger] = logging.getLogger(_PACKAGE)

    _credentials: ClassVar[tuple[Credential, ...]] = ()
    _credentials_required: ClassVar[bool] = False
    _shared: Shared[Any]

    def __init__(
        self,
        *,
        credentials: Mapping[str, str | SecretSource | None],
        base_url: str | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        deadline: float | None = DEFAULT_DEADLINE,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        strict_response_validation: bool = False,
    ) -> None:
        self._secrets = Secrets(self._credentials, credentials)
        if self._credentials_required and not self._secrets:
            raise ConfigurationError(
                missing_credentials_message(type(self).__name__, self._credentials)
            )
        self._redact = self._secrets.redact
        self.base_url = (base_url or self._settings.base_url).rstrip("/")
        self.timeout = as_timeout(timeout)
        self.max_retries = check_retries(max_retries)
        self.deadline = check_deadline(deadline)
        self.max_response_bytes = check_max_bytes(max_response_bytes)
        self.strict_response_validation = bool(strict_response_validation)
        self._owns_http_client = True

    @property
    def rate_governor(self) -> RateGovernor:
        """The governor pacing every request of this client, of its ``with_options``
        copies, and of every call or task using them (one per process)."""
        return self._shared.current().governor

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(base_url={self.base_url!r}, max_retries={self.max_retries})"

    def _copy_with(
        self: Self,
        max_retries: int | Unset,
        timeout: float | httpx.Timeout | Unset,
        deadline: float | Unset | None = UNSET,
        max_response_bytes: int | Unset | None = UNSET,
        strict_response_validation: bool | Unset = UNSET,
    ) -> Self:
        clone = copy.copy(self)
        clone._owns_http_client = False
        if not isinstance(strict_response_validation, Unset):
            clone.strict_response_validation = bool(strict_response_validation)
        if not isinstance(max_retries, Unset):
            clone.max_retries = check_retries(max_retries)
        if not isinstance(timeout, Unset):
            clone.timeout = as_timeout(timeout)
        if not isinstance(deadline, Unset):
            clone.deadline = check_deadline(deadline)
        if not isinstance(max_response_bytes, Unset):
            clone.max_response_bytes = check_max_bytes(max_response_bytes)
        clone.__dict__.pop("with_raw_response", None)
        return clone

    @functools.cached_property
    def _fixed_parts(self) -> dict[int, tuple[Operation[Any], _Fixed]]:
        # By operation identity; the operation is kept, so its id is never reused.
        return {}

    def _token_expired(self, error: APIStatusError) -> bool:
        """Whether a 401 says the token expired, so that a fresh one may fix it."""
        settings = self._settings
        fields = [settings.error_message_field, *settings.error_category_fields]
        return says_token_expired(
            error.body, error.headers, [field for field in fields if field]
        )

    def _fixed(self, operation: Operation[Any]) -> _Fixed:
        entry = self._fixed_parts.get(id(operation))
        if entry is not None and entry[0] is operation:
            return entry[1]
        headers = {"User-Agent": self._settings.user_agent, "Accept": operation.accept}
        query: list[tuple[str, QueryValue]] = []
        cookies: list[str] = []
        self._secrets.apply(operation.security, headers, query, cookies)
        fixed = _Fixed(headers, query, cookies)
        self._fixed_parts[id(operation)] = (operation, fixed)
        return fixed

    def _build_request(
        self,
        http_client: httpx.Client | httpx.AsyncClient,
        operation: Operation[Any],
        arguments: Sequence[object],
        body: object,
        timeout: httpx.Timeout,
        extra_headers: Mapping[str, str] | None,
    ) -> httpx.Request:
        path, query, headers, cookies = request_parts(operation, arguments)
        if headers:
            check_headers(headers)
        if cookies:
            check_cookies(cookies)
        fixed = self._fixed(operation)
        headers.update(fixed.headers)
        if fixed.query:
            query.extend(fixed.query)
        if fixed.cookies:
            cookies.extend(fixed.cookies)
        sourced: list[tuple[str, QueryValue]] = []
        resolved = CREDENTIALS.get()
        if resolved is not None:
            # Secrets from sources are applied per request, never kept in _Fixed.
            self._secrets.apply(operation.security, headers, sourced, cookies, resolved)
            query.extend(sourced)
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        encoded = encode_body(operation, body, headers)
        if extra_headers:
            check_headers(extra_headers)
            headers.update(extra_headers)
        url = _parsed_url(self.base_url + path)
        page_url = PAGE_URL.get()
        if page_url is not None:
            # The next page's URL carries every query parameter but the credentials.
            url, query = self._page_url(page_url), [*fixed.query, *sourced]
        return http_client.build_request(
            operation.method,
            url,
            params=query or None,
            headers=headers,
            content=encoded.content,
            data=encoded.data,
            files=encoded.files,
            timeout=timeout,
        )

    def _page_url(self, page_url: str) -> httpx.URL:
        """A next-page URL the API gave, resolved against ``base_url``; refused when it
        leads to another origin, where the credentials must not go."""
        base = _parsed_url(self.base_url + "/")
        url = base.join(page_url)
        if (url.scheme, url.host, url.port) != (base.scheme, base.host, base.port):
            raise APIResponseValidationError(
                f"the next page is on another origin ({url.scheme}://{url.host}); "
                "not following it with this client's credentials",
                status_code=200,
                body=None,
            )
        return url

    def _exchange(
        self, operation: Operation[Any], max_retries: int, limits: Limits
    ) -> Generator[float | None, httpx.Response | httpx.RequestError | None, Final]:
        """The retry loop without I/O: yields ``None`` to ask for a send and a number of
        seconds to ask for a sleep; returns the final response and the retries taken.

        The sync and async clients drive this same generator, so they cannot drift
        apart. Only the method, the path template, statuses, attempts and waits are
        logged: never a header value or a body.
        """
        log = self._logger.debug
        route = f"{operation.method} {operation.path}"
        governor = self.rate_governor
        attempts = ATTEMPTS.get()
        retries = 0
        while True:
            slot, pause = governor.reserve()
            while slot is None:
                limits.check_wait(pause)
                yield pause
                slot, pause = governor.reserve()
            sent = False
            try:
                if pause > _retry.MAX_WAIT_SECONDS:
                    raise _retry.wait_over_cap(operation, pause)
                if pause > 0:
                    limits.check_wait(pause)
                    log("%s: paced by the rate governor for %.3fs", route, pause)
                    yield pause
                started = time.monotonic()
                sent = True
                outcome = yield None
                elapsed = time.monotonic() - started
                if isinstance(outcome, httpx.Response):
                    self._observe(governor, outcome, elapsed)
            finally:
                # Whatever happened (an answer, a cancelled task, an interrupt, a closed
                # client), the slot is released: settled if the request went out.
                if sent:
                    governor.settle(slot)
                else:
                    governor.cancel(slot)
            if attempts is not None:
                attempts.append(
                    type(outcome).__name__
                    if isinstance(outcome, httpx.RequestError)
                    else outcome.status_code  # type: ignore[union-attr]
                )
            decision = self._decide(operation, outcome, retries, max_retries, elapsed)
            if decision.wait is None:
                assert isinstance(outcome, httpx.Response)
                return outcome, retries
            retries += 1
            log(
                "%s: retry %d of %d in %.2fs (%s)",
                route,
                retries,
                max_retries,
                decision.wait,
                decision.reason,
            )
            limits.check_wait(decision.wait)
            yield decision.wait

    def _observe(
        self, governor: RateGovernor, response: httpx.Response, elapsed: float
    ) -> None:
        """Tell the governor what a response's headers and status say."""
        headers = response.headers
        names = self._settings.rate_limit_headers
        governor.observe(
            response.status_code,
            parse_rate_limit(headers, names),
            elapsed,
            (
                server_requested_wait(headers, names)
                if response.status_code == 429
                else None
            ),
        )

    def _decide(
        self,
        operation: Operation[Any],
        outcome: httpx.Response | httpx.RequestError | None,
        retries: int,
        max_retries: int,
        elapsed: float,
    ) -> _retry.Decision:
        """Whether to send again after one attempt, logged; a transport error that is
        not retried is raised here, a final response is returned as ``wait=None``."""
        log = self._logger.debug
        route = f"{operation.method} {operation.path}"
        if isinstance(outcome, httpx.RequestError):
            kind = type(outcome).__name__
            decision = _retry.after_transport_error(
                operation, outcome, retries, max_retries, _rng
            )
            log("%s -> %s (attempt %d, %.3fs)", route, kind, retries + 1, elapsed)
            if decision.wait is None:
                log("%s: giving up: %s", route, decision.reason)
                error = transport_error(operation, outcome, retries + 1, self._redact)
                raise error from outcome
            return decision
        assert outcome is not None
        status = outcome.status_code
        decision = _retry.after_response(
            operation, outcome, retries, max_retries, self._settings, _rng
        )
        log("%s -> %d (attempt %d, %.3fs)", route, status, retries + 1, elapsed)
        if decision.wait is None and status in _retry.RETRYABLE_STATUSES:
            log("%s: not retrying: %s", route, decision.reason)
        return decision

    def _finish(
        self, operation: Operation[R], final: Final, want_raw: bool
    ) -> R | APIResponse[R]:
        response, retries = final
        try:
            if not (
                response.is_success
                or operation.documents_redirect(response.status_code)
            ):
                raise status_error(operation, response, self._settings, self._redact)
            strict = self.strict_response_validation
            if want_raw:
                return APIResponse(operation, response, self._settings, retries, strict)
            # What APIResponse.parse would do, without the object.
            return read_success(operation, response, strict)
        except APIError:
            raise
        except Exception as error:
            raise unexpected(operation, response, error) from error

    def _prepare(
        self,
        http_client: httpx.Client | httpx.AsyncClient,
        operation: Operation[Any],
        arguments: Sequence[object],
        body: object,
        max_retries: int | Unset,
        timeout: float | httpx.Timeout | Unset,
        extra_headers: Mapping[str, str] | None,
        deadline: float | Unset | None = UNSET,
        max_response_bytes: int | Unset | None = UNSET,
    ) -> tuple[httpx.Request, int, bool, Limits]:
        want_raw = RAW.get()
        if want_raw:
            # Only the outermost call of a raw wrapper is raw; anything it calls
            # in turn is not.
            RAW.set(False)
        retries = (
            self.max_retries
            if isinstance(max_retries, Unset)
            else check_retries(max_retries)
        )
        limit = self.timeout if isinstance(timeout, Unset) else as_timeout(timeout)
        limits = Limits(
            operation,
            self.deadline if isinstance(deadline, Unset) else check_deadline(deadline),
            (
                self.max_response_bytes
                if isinstance(max_response_bytes, Unset)
                else check_max_bytes(max_response_bytes)
            ),
        )
        try:
            request = self._build_request(
                http_client, operation, arguments, body, limit, extra_headers
            )
        except APIError:
            raise
        except (ValueError, TypeError, AttributeError, httpx.InvalidURL) as error:
            where = f"{operation.method} {operation.path}"
            kind = type(error).__name__
            detail = self._redact(" ".join(str(error).split())[:200])
            raise ConfigurationError(
                f"{where}: the arguments cannot be sent ({kind}: {detail})"
            ) from error
        return request, retries, want_raw, limits
