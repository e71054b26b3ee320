"""The sync and async drivers: each sends, sleeps and loops over the same retry
generator (:meth:`ClientCore._exchange`), which asks ``_retry`` what to do with every
response and error; only the I/O differs between :class:`SyncAPIClient` and
:class:`AsyncAPIClient`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import httpx

from ._codec import UNSET, Unset
from ._core import CREDENTIALS, ClientCore, Final, Limits, Shared, tls_context
from ._core import DEFAULT_DEADLINE as DEFAULT_DEADLINE
from ._core import DEFAULT_MAX_RESPONSE_BYTES as DEFAULT_MAX_RESPONSE_BYTES
from ._core import DEFAULT_MAX_RETRIES as DEFAULT_MAX_RETRIES
from ._core import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from ._exceptions import APIError, AuthenticationError, ClientClosedError
from ._policy import Operation
from ._response import RAW
from ._response import APIResponse as APIResponse
from ._response import async_raw_response_wrapper as async_raw_response_wrapper
from ._response import raw_response_wrapper as raw_response_wrapper
from ._results import unexpected
from ._secrets import Credential as Credential
from ._secrets import SecretSource as SecretSource

__all__: list[str] = []

R = TypeVar("R")
Self = TypeVar("Self", bound=ClientCore)


class SyncAPIClient(ClientCore):
    """Base of the generated synchronous client."""

    def __init__(
        self,
        *,
        credentials: Mapping[str, str | SecretSource | None],
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        deadline: float | None = DEFAULT_DEADLINE,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        strict_response_validation: bool = False,
    ) -> None:
        super().__init__(
            credentials=credentials,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            max_response_bytes=max_response_bytes,
            strict_response_validation=strict_response_validation,
        )
        self._owns_http_client = http_client is None
        timeout = self.timeout
        self._shared: Shared[httpx.Client] = Shared(
            http_client, lambda: httpx.Client(timeout=timeout, verify=tls_context())
        )

    @property
    def _http_client(self) -> httpx.Client:
        return self._shared.current().http_client

    def close(self) -> None:
        """Close the connection pool, unless it is an ``http_client`` you passed in."""
        pool = self._shared.closable()
        if self._owns_http_client and pool is not None:
            pool.close()

    def __enter__(self: Self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _call_once(
        self,
        operation: Operation[R],
        arguments: Sequence[object],
        body: object,
        *,
        max_retries: int | Unset,
        timeout: float | httpx.Timeout | Unset,
        extra_headers: Mapping[str, str] | None,
        deadline: float | Unset | None = UNSET,
        max_response_bytes: int | Unset | None = UNSET,
    ) -> R:
        http = self._http_client
        if http.is_closed:
            raise ClientClosedError(f"{type(self).__name__} is closed; make a new one")
        request, retries, want_raw, limits = self._prepare(
            http,
            operation,
            arguments,
            body,
            max_retries,
            timeout,
            extra_headers,
            deadline,
            max_response_bytes,
        )
        steps = self._exchange(operation, retries, limits)
        response: httpx.Response | None = None
        try:
            step = next(steps)
            while True:
                if step is not None:
                    time.sleep(step)
                    step = steps.send(None)
                    continue
                outcome: httpx.Response | httpx.RequestError
                try:
                    outcome = _send(http, request, limits, operation.follows_redirects)
                except httpx.RequestError as error:
                    outcome = error
                response = outcome if isinstance(outcome, httpx.Response) else None
                step = steps.send(outcome)
        except StopIteration as done:
            final: Final = done.value
        except APIError:
            raise
        except Exception as error:
            raise unexpected(operation, response, error) from error
        finally:
            # Interrupted or cancelled mid-call, the loop still releases its slot.
            steps.close()
        return self._finish(operation, final, want_raw)  # type: ignore[return-value]

    def _call(
        self,
        operation: Operation[R],
        arguments: Sequence[object],
        body: object,
        **options: Any,
    ) -> R:
        if not self._secrets.refreshable:
            return self._call_once(operation, arguments, body, **options)
        raw = RAW.get()
        token = CREDENTIALS.set(self._secrets.resolve())
        try:
            try:
                return self._call_once(operation, arguments, body, **options)
            except AuthenticationError as error:
                if not self._token_expired(error):
                    raise
            # The token expired: its source is asked once more, the call retried once.
            RAW.set(raw)
            CREDENTIALS.set(self._secrets.resolve())
            return self._call_once(operation, arguments, body, **options)
        finally:
            CREDENTIALS.reset(token)


def _send(
    http: httpx.Client,
    request: httpx.Request,
    limits: Limits,
    follow_redirects: bool = True,
) -> httpx.Response:
    """Send and read the response, within the call's deadline and size limit."""
    limits.fit(request)
    response = http.send(request, follow_redirects=follow_redirects, stream=True)
    try:
        limits.check_declared(response)
        parts: list[bytes] = []
        size = 0
        for part in response.iter_bytes():
            size += len(part)
            limits.check_progress(size, response)
            parts.append(part)
        # What Response.read() would store: the body, decoded, read once.
        response._content = b"".join(parts)
    finally:
        response.close()
    return response


async def _send_async(
    http: httpx.AsyncClient,
    request: httpx.Request,
    limits: Limits,
    follow_redirects: bool = True,
) -> httpx.Response:
    """The async twin of :func:`_send`."""
    limits.fit(request)
    response = await http.send(request, follow_redirects=follow_redirects, stream=True)
    try:
        limits.check_declared(response)
        parts: list[bytes] = []
        size = 0
        async for part in response.aiter_bytes():
            size += len(part)
            limits.check_progress(size, response)
            parts.append(part)
        response._content = b"".join(parts)
    finally:
        await response.aclose()
    return response


async def _sleep(seconds: float) -> None:
    # Imported here so that programs using only the sync client never load asyncio.
    import asyncio

    await asyncio.sleep(seconds)


class AsyncAPIClient(ClientCore):
    """Base of the generated asynchronous client: the same behaviour as the sync one."""

    def __init__(
        self,
        *,
        credentials: Mapping[str, str | SecretSource | None],
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        deadline: float | None = DEFAULT_DEADLINE,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        strict_response_validation: bool = False,
    ) -> None:
        super().__init__(
            credentials=credentials,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            max_response_bytes=max_response_bytes,
            strict_response_validation=strict_response_validation,
        )
        self._owns_http_client = http_client is None
        timeout = self.timeout
        self._shared: Shared[httpx.AsyncClient] = Shared(
            http_client,
            lambda: httpx.AsyncClient(timeout=timeout, verify=tls_context()),
        )

    @property
    def _http_client(self) -> httpx.AsyncClient:
        return self._shared.current().http_client

    async def close(self) -> None:
        """Close the connection pool, unless it is an ``http_client`` you passed in."""
        pool = self._shared.closable()
        if self._owns_http_client and pool is not None:
            await pool.aclose()

    async def __aenter__(self: Self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _call_once(
        self,
        operation: Operation[R],
        arguments: Sequence[object],
        body: object,
        *,
        max_retries: int | Unset,
        timeout: float | httpx.Timeout | Unset,
        extra_headers: Mapping[str, str] | None,
        deadline: float | Unset | None = UNSET,
        max_response_bytes: int | Unset | None = UNSET,
    ) -> R:
        http = self._http_client
        if http.is_closed:
            raise ClientClosedError(f"{type(self).__name__} is closed; make a new one")
        request, retries, want_raw, limits = self._prepare(
            http,
            operation,
            arguments,
            body,
            max_retries,
            timeout,
            extra_headers,
            deadline,
            max_response_bytes,
        )
        steps = self._exchange(operation, retries, limits)
        response: httpx.Response | None = None
        try:
            step = next(steps)
            while True:
                if step is not None:
                    await _sleep(step)
                    step = steps.send(None)
                    continue
                outcome: httpx.Response | httpx.RequestError
                try:
                    outcome = await _send_async(
                        http, request, limits, operation.follows_redirects
                    )
                except httpx.RequestError as error:
                    outcome = error
                response = outcome if isinstance(outcome, httpx.Response) else None
                step = steps.send(outcome)
        except StopIteration as done:
            final: Final = done.value
        except APIError:
            raise
        except Exception as error:
            raise unexpected(operation, response, error) from error
        finally:
            # Interrupted or cancelled mid-call, the loop still releases its slot.
            steps.close()
        return self._finish(operation, final, want_raw)  # type: ignore[return-value]

    async def _call(
        self,
        operation: Operation[R],
        arguments: Sequence[object],
        body: object,
        **options: Any,
    ) -> R:
        if not self._secrets.refreshable:
            return await self._call_once(operation, arguments, body, **options)
        raw = RAW.get()
        token = CREDENTIALS.set(await self._secrets.resolve_async())
        try:
            try:
                return await self._call_once(operation, arguments, body, **options)
            except AuthenticationError as error:
                if not self._token_expired(error):
                    raise
            # The token expired: its source is asked once more, the call retried once.
            RAW.set(raw)
            CREDENTIALS.set(await self._secrets.resolve_async())
            return await self._call_once(operation, arguments, body, **options)
        finally:
            CREDENTIALS.reset(token)
