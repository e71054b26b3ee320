"""An in-process fake of the API, for the tests of the teams that use the package.

:class:`FakeAPI` is an httpx transport: a client built on it sends every request
through the package's real code (encoding, credentials, retries, the rate governor,
decoding) and the fake answers in memory, with no socket. A generated ``testing``
module subclasses it with the spec's operations and one typed ``on_<operation>``
method each; this module knows nothing of any spec.

The fake answers the way the runtime understands: statuses the spec declares,
rate-limit headers under the names the spec declares (``x-apiwright``), 429s with
``Retry-After`` or an exhausted window, 5xx, timeouts and dropped connections raised
as the httpx errors a real network gives.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import unquote

import httpx

from ._codec import (
    BOOL,
    BYTES,
    DATE,
    DATETIME,
    FLOAT,
    INT,
    STR,
    UUID,
    Codec,
    DecodeError,
    EnumCodec,
    ListCodec,
    MapCodec,
    Model,
    ModelCodec,
    NullableCodec,
    OptionalCodec,
    UnionCodec,
    _BodyKind,
)
from ._policy import Operation, Settings

__all__ = ["FakeAPI", "FakeFault", "FakeRateLimit", "FakeReply", "FakeRequest"]

B = TypeVar("B")
Handler = Callable[["FakeRequest[Any]"], object]
ItemJudge = Callable[[Any], object]


@dataclass(frozen=True)
class FakeRequest(Generic[B]):
    """One request the fake received: the operation it matched, and its parts decoded.

    ``body`` is the request body as the package's model (or the raw bytes of a body
    that is not JSON; ``None`` without a body). Its repr leaves the headers out, so
    a failing test's output never shows a credential.
    """

    operation: str
    method: str
    url: httpx.URL
    path_params: Mapping[str, str]
    headers: httpx.Headers = field(repr=False)
    body: B
    content: bytes = field(repr=False)

    @property
    def query(self) -> httpx.QueryParams:
        return self.url.params


@dataclass(frozen=True)
class FakeReply:
    """An answer with a chosen status and headers; ``body`` is a model, JSON-ready data,
    ``str`` or ``bytes`` (``None``: no body)."""

    status: int
    body: object = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FakeFault:
    """One scripted misbehaviour; build it with the class methods."""

    kind: str
    status: int = 0
    retry_after: float | None = None
    daily: bool = False
    body: object = None

    @classmethod
    def rate_limited(
        cls, retry_after: float | None = None, *, exhausted: bool = False
    ) -> FakeFault:
        """A 429: with ``Retry-After`` when given; with ``exhausted`` the rate-limit
        headers say no request is left in the window (the client waits the window out).
        """
        kind = "exhausted" if exhausted else "rate_limited"
        return cls(kind, 429, retry_after=retry_after)

    @classmethod
    def daily_limit(cls) -> FakeFault:
        """A 429 for a limit the spec says will not clear soon: never retried."""
        return cls("rate_limited", 429, daily=True)

    @classmethod
    def server_error(cls, status: int = 503, body: object = None) -> FakeFault:
        """A 5xx (or any status) with an error body of the spec's shape, or ``body``."""
        return cls("status", status, body=body)

    @classmethod
    def timeout(cls) -> FakeFault:
        """The server never answers: the client sees a read timeout at once."""
        return cls("timeout")

    @classmethod
    def dropped_connection(cls) -> FakeFault:
        """The server closes the connection without a byte of response."""
        return cls("dropped")


@dataclass(frozen=True)
class FakeRateLimit:
    """A rolling window of ``max_requests`` per ``interval_ms``, with an optional daily
    cap; the fake answers with the API's rate-limit headers and 429 past it."""

    max_requests: int = 10
    interval_ms: int = 1000
    daily: int | None = None

    def __post_init__(self) -> None:
        if self.max_requests < 1 or self.interval_ms < 1:
            raise ValueError("max_requests and interval_ms must be positive")


@dataclass(frozen=True)
class BulkShape:
    """Where an operation's request carries its items and its response the results
    and per-item errors, by model attribute (for the fake's default answer)."""

    items: str
    results: str | None
    errors: str | None


class _Window:
    def __init__(self, limit: FakeRateLimit, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.clock = clock
        self.sent: deque[float] = deque()
        self.used_today = 0

    def admit(self) -> tuple[str | None, int, int | None]:
        """Count one request: (the policy turning it away or None, remaining in the
        window, remaining today)."""
        limit, now = self.limit, self.clock()
        while self.sent and self.sent[0] <= now - limit.interval_ms / 1000:
            self.sent.popleft()
        refused: str | None = None
        if limit.daily is not None and self.used_today >= limit.daily:
            refused = "daily"
        elif len(self.sent) >= limit.max_requests:
            refused = "window"
        else:
            self.sent.append(now)
            self.used_today += 1
        daily_left = None if limit.daily is None else limit.daily - self.used_today
        return refused, limit.max_requests - len(self.sent), daily_left


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^{}]*\})", template)
    return re.compile(
        "".join(
            "([^/]+)" if part.startswith("{") else re.escape(part)
            for part in parts
            if part
        )
    )


def _success_statuses(operation: Operation[Any]) -> list[tuple[int, object]]:
    statuses: list[tuple[int, object]] = []
    for status, reader in operation.responses.items():
        if status in ("2XX", "default"):
            code = 200
        else:
            code = int(status) if status.isdigit() else 0
        if 200 <= code < 300:
            statuses.append((code, reader))
    return statuses or [(200, None)]


def placeholder(codec: object, depth: int = 0) -> object:
    """A wire value ``codec`` reads, for answers where the spec has no example."""
    if isinstance(codec, OptionalCodec):
        return placeholder(codec.inner, depth)
    if isinstance(codec, NullableCodec):
        return placeholder(codec.inner, depth)
    if isinstance(codec, ModelCodec):
        if depth > 8:
            return {}
        return {
            entry.wire: placeholder(entry.codec, depth + 1)
            for entry in codec.model.__fields__
            if entry.required
        }
    if isinstance(codec, ListCodec):
        return []
    if isinstance(codec, MapCodec):
        return {}
    if isinstance(codec, EnumCodec):
        return next(iter(codec.members), "")
    if isinstance(codec, UnionCodec):
        return placeholder(codec.members[0], depth) if codec.members else None
    scalars: dict[int, object] = {
        id(STR): "string",
        id(INT): 0,
        id(FLOAT): 0.0,
        id(BOOL): False,
        id(DATETIME): "2025-01-01T00:00:00Z",
        id(DATE): "2025-01-01",
        id(UUID): "00000000-0000-0000-0000-000000000000",
        id(BYTES): "",
    }
    return scalars.get(id(codec), {})


def _wire(value: object, reader: object) -> object:
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(reader, Codec) and not isinstance(reader, _BodyKind):
        try:
            return reader.encode(value)
        except (AttributeError, TypeError, ValueError):
            pass
    if isinstance(value, (_dt.date, uuid.UUID)):
        return str(value)
    return value


class _Answers:
    """How the fake writes its answers: bodies, statuses and headers in the API's terms
    (its error body fields, correlation header and rate-limit headers)."""

    _settings: ClassVar[Settings]
    _window: _Window | None

    def _build(
        self,
        request: httpx.Request,
        status: int,
        value: object,
        headers: Mapping[str, str],
    ) -> httpx.Response:
        extra = dict(headers)
        correlation = self._settings.correlation_header
        if correlation and correlation.lower() not in {k.lower() for k in extra}:
            extra[correlation] = str(uuid.uuid4())
        if value is None:
            return httpx.Response(status, headers=extra, request=request)
        if isinstance(value, bytes):
            extra.setdefault("Content-Type", "application/octet-stream")
            return httpx.Response(status, headers=extra, content=value, request=request)
        if isinstance(value, str):
            extra.setdefault("Content-Type", "text/plain; charset=utf-8")
            return httpx.Response(status, headers=extra, text=value, request=request)
        content = json.dumps(value, separators=(",", ":")).encode()
        extra.setdefault("Content-Type", "application/json")
        return httpx.Response(status, headers=extra, content=content, request=request)

    def _error_body(self, message: str, **fields: object) -> dict[str, object]:
        settings = self._settings
        body: dict[str, object] = {settings.error_message_field or "message": message}
        if settings.correlation_field:
            body[settings.correlation_field] = str(uuid.uuid4())
        body.update(fields)
        return body

    def _error(
        self, request: httpx.Request, status: int, message: str
    ) -> httpx.Response:
        return self._build(request, status, self._error_body(message), {})

    def _limit_headers(self, remaining: int, daily_left: int | None) -> dict[str, str]:
        limit = self._window.limit if self._window is not None else FakeRateLimit()
        return self._window_headers(limit, remaining, daily_left)

    def _window_headers(
        self, limit: FakeRateLimit, remaining: int, daily_left: int | None
    ) -> dict[str, str]:
        names = self._settings.rate_limit_headers
        headers: dict[str, str] = {}
        if names.max and names.remaining:
            headers[names.max] = str(limit.max_requests)
            headers[names.remaining] = str(max(0, remaining))
            if names.interval_ms:
                headers[names.interval_ms] = str(limit.interval_ms)
            if limit.daily is not None and daily_left is not None:
                if names.daily:
                    headers[names.daily] = str(limit.daily)
                if names.daily_remaining:
                    headers[names.daily_remaining] = str(max(0, daily_left))
            return headers
        # Without names of its own, the API is given the IETF fields (draft 7).
        window_seconds = max(1, (limit.interval_ms + 999) // 1000)
        headers["RateLimit-Policy"] = f"{limit.max_requests};w={window_seconds}"
        headers["RateLimit"] = (
            f"limit={limit.max_requests}, remaining={max(0, remaining)}, "
            f"reset={window_seconds}"
        )
        return headers

    def _rate_limited(
        self, request: httpx.Request, headers: dict[str, str], daily: bool
    ) -> httpx.Response:
        settings = self._settings
        fields: dict[str, object] = {}
        if settings.non_retryable_field:
            policy = (
                sorted(settings.non_retryable_values)[0]
                if daily and settings.non_retryable_values
                else "ROLLING_WINDOW"
            )
            fields[settings.non_retryable_field] = policy
        body = self._error_body(
            "daily limit reached" if daily else "rate limit reached", **fields
        )
        return self._build(request, 429, body, headers)

    def _fault(self, request: httpx.Request, fault: FakeFault) -> httpx.Response:
        if fault.kind == "timeout":
            raise httpx.ReadTimeout("the fake API did not answer", request=request)
        if fault.kind == "dropped":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        headers: dict[str, str] = {}
        if fault.kind in ("rate_limited", "exhausted"):
            if fault.retry_after is not None:
                headers["Retry-After"] = f"{fault.retry_after:g}"
            if fault.kind == "exhausted":
                limit = self._window.limit if self._window else FakeRateLimit()
                headers.update(self._window_headers(limit, 0, None))
            return self._rate_limited(request, headers, fault.daily)
        body = fault.body
        if body is None:
            body = self._error_body(f"the fake API answered {fault.status}")
        return self._build(request, fault.status, _wire(body, None), headers)


class FakeAPI(_Answers, httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An in-process fake of the API, used as the transport of a real client.

    Every request is recorded in :attr:`requests`. Unless a handler is set, each
    operation answers with the example the spec gives for its first success status
    (placeholders where the spec has none).
    """

    _settings: ClassVar[Settings]
    _operations: ClassVar[tuple[Operation[Any], ...]] = ()
    # (operation name, status, the example as JSON text in pieces) for each success
    # status.
    _examples: ClassVar[tuple[tuple[str, str, tuple[str, ...]], ...]] = ()
    _bulk: ClassVar[tuple[tuple[str, BulkShape], ...]] = ()

    def __init__(
        self,
        *,
        base_url: str | None = None,
        rate_limit: FakeRateLimit | None = None,
        success_status: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = (base_url or self._settings.base_url).rstrip("/")
        self.requests: list[FakeRequest[Any]] = []
        self.success_status = success_status
        self._clock = clock
        self._lock = threading.Lock()
        self._handlers: dict[str, Handler] = {}
        self._judges: dict[str, ItemJudge] = {}
        self._faults: deque[tuple[str | None, FakeFault]] = deque()
        self._window = None if rate_limit is None else _Window(rate_limit, clock)
        self._example_texts = {
            (name, status): "".join(pieces) for name, status, pieces in self._examples
        }
        self._bulk_shapes = dict(self._bulk)
        self._routes = [
            (operation, _path_pattern(operation.path)) for operation in self._operations
        ]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    @property
    def rate_limit(self) -> FakeRateLimit | None:
        return None if self._window is None else self._window.limit

    @rate_limit.setter
    def rate_limit(self, value: FakeRateLimit | None) -> None:
        """A new limit starts with a fresh window and daily count."""
        with self._lock:
            self._window = None if value is None else _Window(value, self._clock)

    def script(self, *faults: FakeFault, operation: str | None = None) -> None:
        """Answer the next requests (of ``operation`` only, when given by its spec
        name) with these faults, in order; the requests after them are answered
        normally."""
        with self._lock:
            self._faults.extend((operation, fault) for fault in faults)

    @property
    def pending_faults(self) -> list[FakeFault]:
        with self._lock:
            return [fault for _, fault in self._faults]

    def requests_of(self, operation: str) -> list[FakeRequest[Any]]:
        """The requests that matched ``operation`` (its spec name), in order."""
        with self._lock:
            return [r for r in self.requests if r.operation == operation]

    def _set_handler(self, operation: Operation[Any], handler: Handler) -> None:
        with self._lock:
            self._handlers[operation.name] = handler

    def _set_judge(self, operation: Operation[Any], judge: ItemJudge) -> None:
        with self._lock:
            self._judges[operation.name] = judge

    # The transport interface.

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self._answer(request)

    def close(self) -> None:
        """Nothing to release: a fake outlives the clients built on it."""

    async def aclose(self) -> None:
        """Nothing to release: a fake outlives the clients built on it."""

    # Answers.

    def _route(
        self, request: httpx.Request
    ) -> tuple[Operation[Any], dict[str, str]] | None:
        # Still percent-encoded, so that an encoded "/" stays inside its parameter.
        path = request.url.raw_path.decode("ascii").partition("?")[0]
        prefix = httpx.URL(self.base_url).raw_path.decode("ascii").rstrip("/")
        if prefix and path.startswith(prefix):
            path = path[len(prefix) :]
        for operation, pattern in self._routes:
            if operation.method != request.method:
                continue
            match = pattern.fullmatch(path)
            if match is not None:
                names = re.findall(r"\{([^{}]*)\}", operation.path)
                values = [unquote(value) for value in match.groups()]
                return operation, dict(zip(names, values, strict=True))
        return None

    def _next_fault(self, operation: Operation[Any]) -> FakeFault | None:
        for index, (name, fault) in enumerate(self._faults):
            if name is None or name == operation.name:
                del self._faults[index]
                return fault
        return None

    def _answer(self, request: httpx.Request) -> httpx.Response:
        routed = self._route(request)
        if routed is None:
            return self._error(request, 404, "no operation of the spec matches")
        operation, path_params = routed
        try:
            body = self._decode_body(operation, request)
        except (DecodeError, ValueError) as error:
            self._record(operation, request, path_params, None)
            return self._error(request, 400, f"the request body is invalid: {error}")
        recorded = self._record(operation, request, path_params, body)
        with self._lock:
            fault = self._next_fault(operation)
            admitted = self._window.admit() if self._window is not None else None
        if fault is not None:
            return self._fault(request, fault)
        limit_headers: dict[str, str] = {}
        if admitted is not None:
            refused, remaining, daily_left = admitted
            limit_headers = self._limit_headers(remaining, daily_left)
            if refused is not None:
                return self._rate_limited(request, limit_headers, refused == "daily")
        with self._lock:
            handler = self._handlers.get(operation.name)
        answer = (
            handler(recorded)
            if handler is not None
            else self._default_answer(operation, recorded)
        )
        return self._response(request, operation, answer, limit_headers)

    def _record(
        self,
        operation: Operation[Any],
        request: httpx.Request,
        path_params: dict[str, str],
        body: object,
    ) -> FakeRequest[Any]:
        recorded = FakeRequest(
            operation=operation.name,
            method=request.method,
            url=request.url,
            path_params=path_params,
            headers=request.headers,
            body=body,
            content=request.content,
        )
        with self._lock:
            self.requests.append(recorded)
        return recorded

    def _decode_body(self, operation: Operation[Any], request: httpx.Request) -> object:
        content = request.content
        if operation.body_codec is None or not content:
            return None if not content else content
        if operation.body_encoding != "json":
            return content
        return operation.body_codec.decode(json.loads(content))

    def _example(
        self, operation: Operation[Any], status: int, reader: object
    ) -> object:
        text = self._example_texts.get((operation.name, str(status)))
        if text is not None and isinstance(reader, Codec):
            try:
                return reader.decode(json.loads(text))
            except DecodeError:
                pass
        if isinstance(reader, Codec):
            return reader.decode(placeholder(reader))
        if isinstance(reader, _BodyKind):
            return {"text": "", "bytes": b""}.get(reader.kind)
        return None

    def _success_status(self, operation: Operation[Any]) -> tuple[int, object]:
        statuses = _success_statuses(operation)
        wanted = self.success_status
        for status, reader in statuses:
            if status == wanted:
                return status, reader
        return statuses[0]

    def _default_answer(
        self, operation: Operation[Any], request: FakeRequest[Any]
    ) -> object:
        status, reader = self._success_status(operation)
        answer = self._example(operation, status, reader)
        shape = self._bulk_shapes.get(operation.name)
        if shape is None or not isinstance(answer, Model) or request.body is None:
            return FakeReply(status, answer)
        return self._bulk_answer(operation, request, shape, status, answer)

    def _bulk_answer(
        self,
        operation: Operation[Any],
        request: FakeRequest[Any],
        shape: BulkShape,
        status: int,
        answer: Model,
    ) -> object:
        """Like the real API: every item created and echoed, except those the judge
        turns away, which come back as per-item errors in a partial-success answer."""
        items_attr = shape.items
        items = list(getattr(request.body, items_attr, None) or ())
        with self._lock:
            judge = self._judges.get(operation.name)
        accepted, errors = [], []
        for item in items:
            verdict = judge(item) if judge is not None else None
            if verdict is None or verdict is False:
                accepted.append(item)
            else:
                errors.append(verdict)
        if errors and shape.errors is not None:
            partial = self._partial_status(operation, shape.errors)
            if partial is not None:
                status, answer = partial
        changes: dict[str, Any] = {}
        names = {f.name for f in dataclasses.fields(answer)}
        if shape.results in names and shape.results is not None:
            changes[shape.results] = accepted
        if errors and shape.errors in names and shape.errors is not None:
            changes[shape.errors] = [
                error if error is not True else self._placeholder_error(answer, shape)
                for error in errors
            ]
        return FakeReply(status, dataclasses.replace(answer, **changes))

    def _partial_status(
        self, operation: Operation[Any], errors_attr: str
    ) -> tuple[int, Model] | None:
        for status, reader in _success_statuses(operation):
            if isinstance(reader, ModelCodec) and any(
                entry.attr == errors_attr for entry in reader.model.__fields__
            ):
                answer = self._example(operation, status, reader)
                if isinstance(answer, Model):
                    return status, answer
        return None

    def _placeholder_error(self, answer: Model, shape: BulkShape) -> object:
        """The spec's example of a per-item error, else one made of placeholders."""
        errors_attr = shape.errors or ""
        examples = getattr(answer, errors_attr, None)
        if isinstance(examples, list) and examples:
            return examples[0]
        for entry in type(answer).__fields__:
            codec: Any = entry.codec
            while isinstance(codec, (OptionalCodec, NullableCodec)):
                codec = codec.inner
            if entry.attr == shape.errors and isinstance(codec, ListCodec):
                return codec.item.decode(placeholder(codec.item))
        return None

    def _response(
        self,
        request: httpx.Request,
        operation: Operation[Any],
        answer: object,
        headers: dict[str, str],
    ) -> httpx.Response:
        if isinstance(answer, FakeReply):
            status, value = answer.status, answer.body
            headers = {**headers, **answer.headers}
            reader: object = operation.responses.get(str(status))
        else:
            status, reader, value = self._status_for(operation, answer)
        return self._build(request, status, _wire(value, reader), headers)

    def _status_for(
        self, operation: Operation[Any], answer: object
    ) -> tuple[int, object, object]:
        statuses = _success_statuses(operation)
        fitting: list[tuple[int, object]] = [
            (status, reader)
            for status, reader in statuses
            if isinstance(reader, ModelCodec) and isinstance(answer, reader.model)
        ]
        wanted = [pair for pair in fitting if pair[0] == self.success_status]
        chosen = (wanted or fitting or [self._success_status(operation)])[0]
        return chosen[0], chosen[1], answer
