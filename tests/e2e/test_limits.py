"""An overall deadline per call and a maximum response size: per client, per
``with_options`` copy and per call, each with its own APIError subclass."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from hubspot_associations import (
    APIDeadlineExceededError,
    APITimeoutError,
    AssociationsClient,
    ResponseTooLargeError,
)

from tests.conftest import TOKEN
from tests.e2e.conftest import Api, association
from tests.simulator import Fault, HubSpotSimulator

BODY = (
    b'{"status":"COMPLETE","results":[],"startedAt":"2025-01-01T00:00:00Z",'
    b'"completedAt":"2025-01-01T00:00:00Z"}'
)


class TrickleServer:
    """Answers every request with a 201 whose body arrives one byte per ``interval``,
    without a Content-Length (the body ends when the connection closes)."""

    def __init__(self, interval: float, body: bytes = BODY) -> None:
        self.interval = interval
        self.body = body
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> TrickleServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(5)

    def _serve(self) -> None:
        self._listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            head = b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
            head += b"Connection: close\r\n\r\n"
            try:
                connection.sendall(head)
                for byte in self.body:
                    if self._stop.wait(self.interval):
                        return
                    connection.sendall(bytes([byte]))
            except OSError:
                return


@pytest.fixture
def trickle() -> Iterator[TrickleServer]:
    with TrickleServer(interval=0.2) as server:
        yield server


def test_defaults_are_no_deadline_and_32_mib() -> None:
    with AssociationsClient(access_token=TOKEN) as client:
        assert client.deadline is None
        assert client.max_response_bytes == 32 * 1024 * 1024


def test_a_slow_body_is_cut_off_by_the_deadline_not_the_read_timeout(
    trickle: TrickleServer,
) -> None:
    with AssociationsClient(access_token=TOKEN, base_url=trickle.base_url, timeout=2) as client:
        started = time.monotonic()
        with pytest.raises(APIDeadlineExceededError) as caught:
            client.batch_create("contacts", "companies", inputs=[association()], deadline=1.0)
        elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 2.0
    assert isinstance(caught.value, APITimeoutError)
    assert "deadline of 1s" in str(caught.value)


def test_the_deadline_covers_retries_and_their_waits(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(*[Fault.status(503)] * 5)
    with pytest.raises(APIDeadlineExceededError):
        api.create(client_options={"deadline": 0.6, "max_retries": 5})
    assert api.elapsed < 0.9


def test_with_options_and_per_call_values_override_the_client(simulator: HubSpotSimulator) -> None:
    simulator.script(*[Fault.status(503)] * 3)
    with AssociationsClient(
        access_token=TOKEN, base_url=simulator.base_url, deadline=0.3
    ) as client:
        relaxed = client.with_options(deadline=None)
        assert relaxed.deadline is None and client.deadline == 0.3
        result = relaxed.batch_create(
            "contacts", "companies", inputs=[association()], max_retries=3
        )
        assert result.status == "COMPLETE"
        simulator.script(Fault.status(503), Fault.status(503))
        with pytest.raises(APIDeadlineExceededError):
            relaxed.batch_create("contacts", "companies", inputs=[association()], deadline=0.3)


def test_a_body_over_the_limit_is_refused_by_its_content_length(
    api: Api, simulator: HubSpotSimulator
) -> None:
    big = b'{"status":"COMPLETE","padding":"' + b"x" * 200_000 + b'"}'
    simulator.script(Fault.raw(201, big, "application/json"))
    with pytest.raises(ResponseTooLargeError) as caught:
        api.create(client_options={"max_response_bytes": 100_000})
    assert (caught.value.status_code, caught.value.limit) == (201, 100_000)


def test_a_body_without_a_length_is_refused_as_it_arrives() -> None:
    padded = BODY[:-1] + b',"padding":"' + b"x" * 5000 + b'"}'
    with TrickleServer(interval=0.0, body=padded) as server:
        with AssociationsClient(access_token=TOKEN, base_url=server.base_url) as client:
            small = client.with_options(max_response_bytes=1000)
            with pytest.raises(ResponseTooLargeError):
                small.batch_create("contacts", "companies", inputs=[association()])
            result = client.batch_create(
                "contacts", "companies", inputs=[association()], max_response_bytes=None
            )
    assert result is not None


@pytest.mark.parametrize(
    ("option", "value"),
    [("deadline", 0), ("deadline", -1), ("max_response_bytes", 0), ("max_response_bytes", 1.5)],
)
def test_nonsense_limits_are_refused(option: str, value: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        AssociationsClient(access_token=TOKEN, **{option: value})
