"""A local, threaded HTTP simulator of HubSpot's CRM v3 association batch-create endpoint.

``POST /crm/v3/associations/{fromObjectType}/{toObjectType}/batch/create`` behaves as described
in ../shared/hubspot-facts.md; behaviour the facts leave open is exposed as a knob.
"""

from __future__ import annotations

import base64
import json
import re
import selectors
import socket
import socketserver
import struct
import sys
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, TypeVar, cast

from . import bodies
from .faults import Fault, RateLimit

__all__ = [
    "KNOWN_ASSOCIATION_TYPES",
    "AssociationKey",
    "EchoServer",
    "Fault",
    "HubSpotSimulator",
    "RateLimit",
    "RecordedRequest",
]

AssociationKey = tuple[str, str, str, str, str]
"""``(from_type, from_id, to_type, to_id, association_type)``; object types are canonical
(``contacts``, ``companies``, ``deals``, ``tickets`` or a custom ``2-<n>`` id)."""

_ACTIVITIES = ("call", "email", "meeting", "note", "task")
_BASE_TYPES = (
    "contact_to_company",
    "company_to_contact",
    "contact_to_company_unlabeled",
    "company_to_contact_unlabeled",
    "deal_to_contact",
    "contact_to_deal",
    "deal_to_company",
    "company_to_deal",
    "contact_to_ticket",
    "ticket_to_contact",
    "company_to_ticket",
    "ticket_to_company",
    "deal_to_ticket",
    "ticket_to_deal",
    "deal_to_line_item",
    "line_item_to_deal",
    "deal_to_quote",
    "quote_to_deal",
    "parent_to_child_company",
    "child_to_parent_company",
)
KNOWN_ASSOCIATION_TYPES: frozenset[str] = frozenset(
    _BASE_TYPES
    + tuple(
        name
        for obj in ("contact", "company", "deal", "ticket")
        for activity in _ACTIVITIES
        for name in (f"{obj}_to_{activity}", f"{activity}_to_{obj}")
    )
)

_SPECIAL_INVERSES = {
    "parent_to_child_company": "child_to_parent_company",
    "child_to_parent_company": "parent_to_child_company",
    "contact_to_company_unlabeled": "company_to_contact_unlabeled",
    "company_to_contact_unlabeled": "contact_to_company_unlabeled",
}

_OBJECT_TYPES = {
    "contact": "contacts",
    "contacts": "contacts",
    "0-1": "contacts",
    "company": "companies",
    "companies": "companies",
    "0-2": "companies",
    "deal": "deals",
    "deals": "deals",
    "0-3": "deals",
    "ticket": "tickets",
    "tickets": "tickets",
    "0-5": "tickets",
}
# [0-9] rather than \d: \d would accept non-ASCII digits such as "١٢".
_CUSTOM_OBJECT_TYPE = re.compile(r"2-[0-9]+")
_NUMERIC_ID = re.compile(r"[0-9]+")
_ROUTE_PREFIX = ("", "crm", "v3", "associations")
_ROUTE_SUFFIX = ("batch", "create")
_LIST_PREFIX = ("", "crm", "v4", "objects")

_CORRELATION_HEADER = "X-HubSpot-Correlation-Id"
_AUTH_FAILURE_HEADER = ("X-HubSpot-Auth-Failure", "401 Unauthorized")
_DEFAULT_INTERVAL_MS = 10_000
_SHUTDOWN_GRACE_SECONDS = 1.0

_S = TypeVar("_S", bound="_BaseServer")


def canonical_object_type(segment: str) -> str | None:
    """The canonical name for a decoded path segment, or None when HubSpot could not infer it."""
    known = _OBJECT_TYPES.get(segment.lower())
    if known is not None:
        return known
    if _CUSTOM_OBJECT_TYPE.fullmatch(segment):
        return segment
    return None


def inverse_association_type(name: str) -> str:
    special = _SPECIAL_INVERSES.get(name)
    if special is not None:
        return special
    left, sep, right = name.partition("_to_")
    return f"{right}_to_{left}" if sep and left and right else name


@dataclass
class RecordedRequest:
    """One request as the server received it; ``response_status`` is None until answered
    (and stays None when the connection was dropped)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any
    received_at: float
    response_status: int | None = None

    @property
    def query(self) -> dict[str, str]:
        """The query string's parameters (the last value of each)."""
        return dict(urllib.parse.parse_qsl(self.path.partition("?")[2]))


@dataclass
class _Answer:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    drop: bool = False
    reset: bool = False


_DROP = _Answer(status=0, drop=True)
_RESET = _Answer(status=0, drop=True, reset=True)
# SO_LINGER on with a zero timeout: close() discards the connection with an RST.
_LINGER_ABORT = struct.pack("ii", 1, 0)


def _json_answer(
    status: int,
    body: object,
    correlation_id: str,
    headers: Iterable[tuple[str, str]] = (),
) -> _Answer:
    return _Answer(
        status=status,
        body=bodies.encode_json(body),
        content_type=bodies.JSON_CONTENT_TYPE,
        headers=[(_CORRELATION_HEADER, correlation_id), *headers],
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # The default backlog of 5 drops bursts of concurrent connects, and a dropped SYN costs the
    # client a full second before it retries.
    request_queue_size = 128

    def __init__(self, owner: _BaseServer, port: int = 0) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        self._connections_lock = threading.Lock()
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._to_reset: set[socket.socket] = set()
        self._wake_reader, self._wake_writer = socket.socketpair()
        try:
            super().__init__(("127.0.0.1", port), _Handler)
        except BaseException:
            self._wake_reader.close()
            self._wake_writer.close()
            raise

    def serve(self) -> None:
        """Accept until ``stop_serving``; unlike serve_forever, stopping needs no poll tick."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while not self.stopping.is_set():
                ready = {key.fileobj for key, _ in selector.select()}
                if self.stopping.is_set() or self.socket not in ready:
                    continue
                try:
                    request, client_address = self.get_request()
                except OSError:
                    continue
                try:
                    self.process_request(request, client_address)
                except Exception:
                    self.handle_error(request, client_address)
                    self.shutdown_request(request)

    def stop_serving(self) -> None:
        self.stopping.set()
        try:
            self._wake_writer.send(b"\0")
        except OSError:
            pass

    def server_close(self) -> None:
        super().server_close()
        self._wake_reader.close()
        self._wake_writer.close()

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn, a reverse DNS lookup that can stall.
        socketserver.TCPServer.server_bind(self)
        host, port = self.socket.getsockname()[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        if self.stopping.is_set() or not isinstance(request, socket.socket):
            self.shutdown_request(request)
            return
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"{type(self.owner).__name__}-connection",
            daemon=True,
        )
        with self._connections_lock:
            self._connections[request] = thread
        thread.start()

    def reset_on_close(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._to_reset.add(connection)

    def shutdown_request(self, request: socket.socket | tuple[bytes, socket.socket]) -> None:
        if isinstance(request, socket.socket):
            with self._connections_lock:
                self._connections.pop(request, None)
                reset = request in self._to_reset
                self._to_reset.discard(request)
            if reset:
                # The usual shutdown(SHUT_WR) would send a FIN before the RST.
                try:
                    request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_ABORT)
                except OSError:
                    pass
                request.close()
                return
        super().shutdown_request(request)

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        error = sys.exc_info()[1]
        if self.stopping.is_set() or isinstance(error, (ConnectionError, TimeoutError)):
            return
        if error is not None:
            self.owner._note_error(error)
        super().handle_error(request, client_address)

    def close_connections(self, deadline: float) -> None:
        """Unblock every handler thread (idle keep-alive reads included) and wait for them."""
        with self._connections_lock:
            connections = list(self._connections.items())
        for connection, _ in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for _, thread in connections:
            thread.join(max(0.0, deadline - time.monotonic()))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "HubSpotSimulator/1.0"
    sys_version = ""
    # Headers and body go out in two writes; with Nagle on, the client's delayed ACK would add
    # ~40 ms to every keep-alive request.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        self._handle()

    do_GET = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_POST

    def _handle(self) -> None:
        server = cast(_Server, self.server)
        received_at = time.monotonic()
        body = self._read_body()
        if body is None:
            self.close_connection = True
            return
        recorded = RecordedRequest(
            method=self.command,
            path=self.path,
            headers=_lower_headers(self.headers.items()),
            body=body,
            json=_try_json(body),
            received_at=received_at,
        )
        server.owner._record(recorded)
        try:
            answer = server.owner._answer(recorded, server.stopping)
        except Exception as error:
            server.owner._note_error(error)
            correlation_id = bodies.new_correlation_id()
            answer = _json_answer(500, bodies.internal_error(correlation_id), correlation_id)
        if answer.drop:
            self.close_connection = True
            if answer.reset:
                server.reset_on_close(self.connection)
            return
        recorded.response_status = answer.status
        self._write(answer)

    def _write(self, answer: _Answer) -> None:
        self.send_response(answer.status)
        for name, value in answer.headers:
            self.send_header(name, value)
        if answer.content_type is not None:
            self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD" and answer.body:
            self.wfile.write(answer.body)

    def _read_body(self) -> bytes | None:
        """The request body, or None when it is malformed and the connection must be dropped."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return b""
        try:
            length = int(length_header)
        except ValueError:
            return None
        if length < 0:
            return None
        data = self.rfile.read(length)
        return data if len(data) == length else None

    def _read_chunked(self) -> bytes | None:
        chunks: list[bytes] = []
        while True:
            size_line = self.rfile.readline(65537)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                return None
            if size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunk = self.rfile.read(size)
            if len(chunk) != size:
                return None
            chunks.append(chunk)
            self.rfile.readline(3)


def _lower_headers(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in items:
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _try_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


class _BaseServer:
    """Start/stop, the request log and fast shutdown, shared by both servers."""

    def __init__(self, *, port: int = 0) -> None:
        # 0 asks the system for a free port; the command line may ask for a fixed one.
        self._requested_port = port
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._handler_errors: list[BaseException] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False

    def start(self: _S) -> _S:
        if self._server is not None:
            raise RuntimeError(f"{type(self).__name__} was already started")
        server = _Server(self, self._requested_port)
        thread = threading.Thread(
            target=server.serve,
            name=f"{type(self).__name__}-accept",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, drop open connections, wake sleeping faults; returns within ~1 s."""
        server, thread = self._server, self._thread
        if server is None or self._stopped:
            return
        self._stopped = True
        deadline = time.monotonic() + _SHUTDOWN_GRACE_SECONDS
        server.stop_serving()
        if thread is not None:
            thread.join(max(0.0, deadline - time.monotonic()))
        server.close_connections(deadline)
        server.server_close()

    def __enter__(self: _S) -> _S:
        if self._server is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return self._server.server_port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of the requests received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    @property
    def handler_errors(self) -> list[BaseException]:
        """Unexpected exceptions raised while handling requests (answered with a 500)."""
        with self._lock:
            return list(self._handler_errors)

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _note_error(self, error: BaseException) -> None:
        with self._lock:
            self._handler_errors.append(error)

    def _answer(self, request: RecordedRequest, stopping: threading.Event) -> _Answer:
        raise NotImplementedError


class _RateLimiter:
    def __init__(self, config: RateLimit) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._window: deque[float] = deque()
        self._daily_used = 0

    def admit(self, now: float) -> tuple[str | None, list[tuple[str, str]], float]:
        """Count one request; returns (rejecting policy or None, headers, seconds until a slot)."""
        config = self.config
        interval = config.interval_ms / 1000
        with self._lock:
            while self._window and self._window[0] <= now - interval:
                self._window.popleft()
            policy: str | None = None
            if config.daily is not None and self._daily_used >= config.daily:
                policy = "DAILY"
            elif len(self._window) >= config.max_requests:
                policy = "TEN_SECONDLY_ROLLING"
            else:
                self._window.append(now)
                self._daily_used += 1
            wait = self._window[0] + interval - now if policy and self._window else 0.0
            headers = [
                ("X-HubSpot-RateLimit-Max", str(config.max_requests)),
                ("X-HubSpot-RateLimit-Remaining", str(config.max_requests - len(self._window))),
                ("X-HubSpot-RateLimit-Interval-Milliseconds", str(config.interval_ms)),
            ]
            if config.daily is not None:
                headers.append(("X-HubSpot-RateLimit-Daily", str(config.daily)))
                headers.append(
                    ("X-HubSpot-RateLimit-Daily-Remaining", str(config.daily - self._daily_used))
                )
        return policy, headers, max(0.0, wait)


@dataclass(frozen=True)
class _Input:
    from_id: str
    to_id: str
    type: str


class _BadRequest(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "Boolean value"
    if isinstance(value, (int, float)):
        return "Number value"
    if isinstance(value, str):
        return "String value"
    if isinstance(value, list):
        return "Array value"
    if value is None:
        return "Null value"
    return "Object value"


class _BatchParser:
    """Checks the body the way HubSpot's Jackson-based deserializer would, roughly."""

    def __init__(self, text: str, *, strict_id_types: bool) -> None:
        stripped = text.rstrip()
        # json gives no node positions, so every structural error points at the end of the
        # document; HubSpot points at the offending object, which clients must not rely on.
        lines = stripped.split("\n")
        self._where = f"line {len(lines)}, column {len(lines[-1]) + 1}"
        self._strict_id_types = strict_id_types

    def _cannot_deserialize(self, target: str, value: object) -> _BadRequest:
        return _BadRequest(
            f"Invalid input JSON on {self._where}: Cannot deserialize value of type `{target}` "
            f"from {_json_kind(value)}"
        )

    def _missing(self, names: list[str]) -> _BadRequest:
        return _BadRequest(
            f"Invalid input JSON on {self._where}. Some required fields were not set: "
            f"[{', '.join(names)}]"
        )

    def parse(self, document: object) -> list[_Input]:
        if not isinstance(document, dict):
            raise self._cannot_deserialize("BatchInputPublicAssociation", document)
        inputs = document.get("inputs")
        if inputs is None:
            raise self._missing(["inputs"])
        if not isinstance(inputs, list):
            raise self._cannot_deserialize("java.util.ArrayList<PublicAssociation>", inputs)
        return [self._input(item) for item in inputs]

    def _input(self, item: object) -> _Input:
        if not isinstance(item, dict):
            raise self._cannot_deserialize("PublicAssociation", item)
        missing = [name for name in ("from", "to", "type") if item.get(name) is None]
        if missing:
            raise self._missing(missing)
        association_type = item["type"]
        if not isinstance(association_type, str):
            raise self._cannot_deserialize("java.lang.String", association_type)
        return _Input(self._object_id(item["from"]), self._object_id(item["to"]), association_type)

    def _object_id(self, value: object) -> str:
        if not isinstance(value, dict):
            raise self._cannot_deserialize("PublicObjectId", value)
        object_id = value.get("id")
        if object_id is None:
            raise self._missing(["id"])
        if isinstance(object_id, str):
            return object_id
        if (
            not self._strict_id_types
            and isinstance(object_id, int)
            and not isinstance(object_id, bool)
        ):
            return str(object_id)
        raise self._cannot_deserialize("java.lang.String", object_id)


def parse_batch_body(raw: bytes, *, strict_id_types: bool = True) -> list[tuple[str, str, str]]:
    """``(from_id, to_id, type)`` per input, or ValueError with HubSpot's 400 message."""
    try:
        return [(i.from_id, i.to_id, i.type) for i in _parse(raw, strict_id_types)]
    except _BadRequest as error:
        raise ValueError(error.message) from None


def _parse(raw: bytes, strict_id_types: bool) -> list[_Input]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _BadRequest(
            f"Invalid input JSON on line 1, column {error.start + 1}: Invalid UTF-8 start byte"
        ) from None
    if not text.strip():
        raise _BadRequest(
            "Invalid input JSON on line 1, column 1: No content to map due to end-of-input"
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadRequest(
            f"Invalid input JSON on line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    return _BatchParser(text, strict_id_types=strict_id_types).parse(document)


class HubSpotSimulator(_BaseServer):
    """``POST /crm/v3/associations/{from}/{to}/batch/create`` on 127.0.0.1, ephemeral port.

    Checks run in HubSpot's order: route, authentication, rate limit, scopes, object types,
    body. Knobs are plain attributes and may be changed while the server runs.
    """

    def __init__(
        self,
        tokens: Iterable[str] = frozenset({"test-token"}),
        *,
        success_status: int = 201,
        max_batch_size: int = 100,
        rate_limit: RateLimit | None = None,
        send_rate_limit_headers: bool = True,
        rate_limit_retry_after: bool = False,
        include_inverse: bool = False,
        missing_scopes: bool = False,
        expired_tokens: Iterable[str] = frozenset(),
        strict_id_types: bool = True,
        port: int = 0,
    ) -> None:
        super().__init__(port=port)
        if not 200 <= success_status < 300 or success_status == 207:
            raise ValueError(
                "success_status must be a 2xx other than 207 (HubSpot sends 200 or 201)"
            )
        self.tokens: frozenset[str] = frozenset(tokens)
        self.expired_tokens: frozenset[str] = frozenset(expired_tokens)
        self.success_status = success_status
        self.max_batch_size = max_batch_size
        self.send_rate_limit_headers = send_rate_limit_headers
        # Off by default: the facts say Retry-After on a 429 is possible but not guaranteed.
        self.rate_limit_retry_after = rate_limit_retry_after
        self.include_inverse = include_inverse
        self.missing_scopes = missing_scopes
        # Jackson would coerce a JSON number to the string id; strict mode catches clients that
        # send numbers where HubSpot's schema says string.
        self.strict_id_types = strict_id_types
        self.unknown_ids: set[str] = set()
        self.association_types: set[str] = set(KNOWN_ASSOCIATION_TYPES)
        self._associations: set[AssociationKey] = set()
        self._script: deque[Fault] = deque()
        self._limiter: _RateLimiter | None = None
        self.rate_limit = rate_limit

    @property
    def rate_limit(self) -> RateLimit | None:
        return None if self._limiter is None else self._limiter.config

    @rate_limit.setter
    def rate_limit(self, value: RateLimit | None) -> None:
        """Setting a limit (even the same one) starts with a fresh window and daily count."""
        self._limiter = None if value is None else _RateLimiter(value)

    @property
    def associations(self) -> set[AssociationKey]:
        with self._lock:
            return set(self._associations)

    def script(self, *faults: Fault) -> None:
        """Answer the next ``len(faults)`` requests with these faults, in order."""
        with self._lock:
            self._script.extend(faults)

    def clear_script(self) -> None:
        with self._lock:
            self._script.clear()

    @property
    def pending_faults(self) -> list[Fault]:
        with self._lock:
            return list(self._script)

    def _next_fault(self) -> Fault | None:
        with self._lock:
            return self._script.popleft() if self._script else None

    def _answer(self, request: RecordedRequest, stopping: threading.Event) -> _Answer:
        fault = self._next_fault()
        if fault is not None:
            if fault.kind != "sleep":
                return self._fault_answer(fault)
            if stopping.wait(fault.seconds):
                return _DROP
        return self._normal_answer(request)

    def _fault_answer(self, fault: Fault) -> _Answer:
        correlation_id = bodies.new_correlation_id()
        code = fault.status_code
        if fault.kind == "status":
            body = (
                dict(fault.body)
                if fault.body is not None
                else bodies.default_error(code, correlation_id)
            )
            extra = [_AUTH_FAILURE_HEADER] if code == 401 else []
            return _json_answer(code, body, correlation_id, extra)
        if fault.kind == "html":
            return _Answer(
                status=code, body=bodies.cdn_html(code), content_type="text/html; charset=UTF-8"
            )
        if fault.kind == "empty":
            return _Answer(status=code)
        if fault.kind == "close_connection":
            return _DROP
        if fault.kind == "reset_connection":
            return _RESET
        if fault.kind == "rate_limited":
            headers: list[tuple[str, str]] = []
            if fault.retry_after is not None:
                headers.append(("Retry-After", fault.retry_after))
            if fault.retry_after_ms is not None:
                headers.append(("retry-after-ms", fault.retry_after_ms))
            if fault.remaining_zero_headers:
                limit = self.rate_limit
                interval = _DEFAULT_INTERVAL_MS if limit is None else limit.interval_ms
                headers.append(("X-HubSpot-RateLimit-Remaining", "0"))
                headers.append(("X-HubSpot-RateLimit-Interval-Milliseconds", str(interval)))
            body = bodies.rate_limited(correlation_id, daily=fault.daily)
            return _json_answer(429, body, correlation_id, headers)
        if fault.kind == "redirect":
            return _Answer(
                status=code,
                headers=[(_CORRELATION_HEADER, correlation_id), ("Location", fault.location)],
            )
        return _Answer(
            status=code,
            body=fault.raw_body,
            content_type=fault.content_type,
            headers=_with_defaults(fault.headers, [(_CORRELATION_HEADER, correlation_id)]),
        )

    def _normal_answer(self, request: RecordedRequest) -> _Answer:
        correlation_id = bodies.new_correlation_id()
        started_at = bodies.hubspot_timestamp()
        segments = request.path.split("?", 1)[0].split("/")
        listing = (
            request.method == "GET"
            and len(segments) == 8
            and tuple(segments[:4]) == _LIST_PREFIX
            and segments[6] == "associations"
            and all(segments[4:8])
        )
        if not listing and (
            request.method != "POST"
            or len(segments) != 8
            or tuple(segments[:4]) != _ROUTE_PREFIX
            or tuple(segments[6:]) != _ROUTE_SUFFIX
            or not segments[4]
            or not segments[5]
        ):
            body = bodies.not_found(request.method, request.path, correlation_id)
            return _json_answer(404, body, correlation_id)

        token = _bearer_token(request.headers.get("authorization"))
        if token is None or token not in self.tokens:
            if token is not None and token in self.expired_tokens:
                body = bodies.auth_expired(correlation_id, bodies.hubspot_timestamp())
            else:
                body = bodies.auth_not_found(correlation_id)
            return _json_answer(401, body, correlation_id, [_AUTH_FAILURE_HEADER])

        limit_headers: list[tuple[str, str]] = []
        limiter = self._limiter
        if limiter is not None:
            policy, headers, wait = limiter.admit(time.monotonic())
            if self.send_rate_limit_headers:
                limit_headers = headers
            if policy is not None:
                extra = list(limit_headers)
                if self.rate_limit_retry_after and policy != "DAILY":
                    extra.append(("Retry-After", str(max(1, int(wait + 0.999)))))
                body = bodies.rate_limited(correlation_id, daily=policy == "DAILY")
                return _json_answer(429, body, correlation_id, extra)

        if self.missing_scopes:
            return _json_answer(
                403, bodies.missing_scopes(correlation_id), correlation_id, limit_headers
            )

        if listing:
            return self._list(request, segments, correlation_id, limit_headers)

        object_types: list[str] = []
        for segment in segments[4:6]:
            decoded = urllib.parse.unquote(segment)
            canonical = None if "/" in decoded else canonical_object_type(decoded)
            if canonical is None:
                body = bodies.unknown_object_type(decoded, correlation_id)
                return _json_answer(400, body, correlation_id, limit_headers)
            object_types.append(canonical)
        from_type, to_type = object_types

        try:
            inputs = _parse(request.body, self.strict_id_types)
        except _BadRequest as error:
            body = bodies.validation_error(error.message, correlation_id)
            return _json_answer(400, body, correlation_id, limit_headers)
        if len(inputs) > self.max_batch_size:
            body = bodies.too_many_inputs(self.max_batch_size, correlation_id)
            return _json_answer(400, body, correlation_id, limit_headers)

        return self._create(inputs, from_type, to_type, started_at, correlation_id, limit_headers)

    def _list(
        self,
        request: RecordedRequest,
        segments: list[str],
        correlation_id: str,
        headers: list[tuple[str, str]],
    ) -> _Answer:
        """HubSpot's v4 ``GET /crm/v4/objects/{type}/{id}/associations/{toType}``: the
        associated records in id order, ``limit`` a page (at most 500), with the next
        page's opaque cursor in ``paging.next.after``."""
        from_type = canonical_object_type(urllib.parse.unquote(segments[4]))
        to_type = canonical_object_type(urllib.parse.unquote(segments[7]))
        for given, canonical in ((segments[4], from_type), (segments[7], to_type)):
            if canonical is None:
                body = bodies.unknown_object_type(urllib.parse.unquote(given), correlation_id)
                return _json_answer(400, body, correlation_id, headers)
        from_id = urllib.parse.unquote(segments[5])
        query = request.query
        try:
            limit = min(500, max(1, int(query.get("limit", "500"))))
            after = query.get("after")
            start = int(base64.urlsafe_b64decode(after).decode()) if after else 0
        except (ValueError, UnicodeDecodeError):
            body = bodies.validation_error("Invalid paging parameters", correlation_id)
            return _json_answer(400, body, correlation_id, headers)
        by_record: dict[str, list[str]] = {}
        with self._lock:
            for key in self._associations:
                if key[0] == from_type and key[1] == from_id and key[2] == to_type:
                    by_record.setdefault(key[3], []).append(key[4])
        records = sorted(by_record, key=lambda record: (len(record), record))
        page = records[start : start + limit]
        body: dict[str, Any] = {
            "results": [
                {
                    "toObjectId": int(record),
                    "associationTypes": [
                        {"category": "HUBSPOT_DEFINED", "typeId": _type_id(name), "label": None}
                        for name in sorted(by_record[record])
                    ],
                }
                for record in page
            ]
        }
        if start + limit < len(records):
            after = base64.urlsafe_b64encode(str(start + limit).encode()).decode()
            link = f"{request.path.split('?', 1)[0]}?after={after}&limit={limit}"
            body["paging"] = {"next": {"after": after, "link": link}}
        return _json_answer(200, body, correlation_id, headers)

    def _create(
        self,
        inputs: list[_Input],
        from_type: str,
        to_type: str,
        started_at: str,
        correlation_id: str,
        headers: list[tuple[str, str]],
    ) -> _Answer:
        unknown_ids = frozenset(self.unknown_ids)
        association_types = frozenset(self.association_types)
        errors: list[dict[str, Any]] = []
        created: list[_Input] = []
        for item in inputs:
            error = _input_error(item, from_type, to_type, unknown_ids, association_types)
            if error is not None:
                errors.append(error)
            elif item not in created:
                created.append(item)

        results: list[dict[str, Any]] = []
        for item in created:
            results.append(_public_association(item.from_id, item.to_id, item.type))
            if self.include_inverse:
                inverse = inverse_association_type(item.type)
                results.append(_public_association(item.to_id, item.from_id, inverse))
        with self._lock:
            self._associations.update(
                (from_type, item.from_id, to_type, item.to_id, item.type) for item in created
            )
        body = bodies.batch_response(results, started_at, bodies.hubspot_timestamp(), errors)
        status = 207 if errors else self.success_status
        return _json_answer(status, body, correlation_id, headers)


def _with_defaults(
    given: Iterable[tuple[str, str]], defaults: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    given = list(given)
    names = {name.lower() for name, _ in given}
    return [(name, value) for name, value in defaults if name.lower() not in names] + given


def _type_id(association_type: str) -> int:
    """A stable numeric id per association type name (HubSpot's own ids are not public
    for every type)."""
    return 1 + sorted(KNOWN_ASSOCIATION_TYPES | {association_type}).index(association_type)


def _public_association(from_id: str, to_id: str, association_type: str) -> dict[str, Any]:
    return {"from": {"id": from_id}, "to": {"id": to_id}, "type": association_type}


def _input_error(
    item: _Input,
    from_type: str,
    to_type: str,
    unknown_ids: frozenset[str],
    association_types: frozenset[str],
) -> dict[str, Any] | None:
    malformed = [i for i in (item.from_id, item.to_id) if not _NUMERIC_ID.fullmatch(i)]
    if malformed:
        return bodies.standard_error(
            "VALIDATION_ERROR",
            f"Invalid object ids: {', '.join(malformed)}. Object ids must be numeric strings.",
            {"ids": malformed},
        )
    if item.type not in association_types:
        return bodies.standard_error(
            "VALIDATION_ERROR",
            f"{item.type} is not a valid association type between {from_type} and {to_type}",
            {"type": [item.type], "fromObjectType": [from_type], "toObjectType": [to_type]},
        )
    missing = [
        (object_type, object_id)
        for object_type, object_id in ((from_type, item.from_id), (to_type, item.to_id))
        if object_id in unknown_ids
    ]
    if missing:
        return bodies.standard_error(
            "OBJECT_NOT_FOUND",
            "No "
            + " or ".join(
                f"{object_type} with ID {object_id}" for object_type, object_id in missing
            )
            + " exists",
            {"ids": [object_id for _, object_id in missing]},
        )
    return None


def _bearer_token(header: str | None) -> str | None:
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if not token:
        return None
    # A non-Bearer scheme carries no usable credentials, like a wrong token.
    return token if scheme.lower() == "bearer" else ""


class EchoServer(_BaseServer):
    """The "other origin" for redirect tests: records everything, answers 201 with an empty
    but valid batch response."""

    def _answer(self, request: RecordedRequest, stopping: threading.Event) -> _Answer:
        correlation_id = bodies.new_correlation_id()
        now = bodies.hubspot_timestamp()
        return _json_answer(201, bodies.batch_response([], now, now), correlation_id)
