"""Every wait is capped, and the rate governor's state stays bounded, whatever callers do.

A server advertising one request per hour must not make a call block for the hour: the
call fails at once with RateLimitError and ``retry_after``. Cancelled, interrupted and
use-after-close calls release their slot; a server without rate-limit headers leaves no
trail; a cold start with many concurrent callers sends one probe first."""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from typing import Any

import pytest
from hubspot_associations import (
    AssociationsClient,
    AsyncAssociationsClient,
    ClientClosedError,
    RateLimitError,
)

from tests.conftest import TOKEN
from tests.e2e.conftest import Api, association
from tests.simulator import Fault, HubSpotSimulator, RateLimit

SUCCESS = (
    b'{"status":"COMPLETE","results":[],"startedAt":"2025-01-01T00:00:00Z",'
    b'"completedAt":"2025-01-01T00:00:00Z"}'
)


def test_a_window_of_an_hour_fails_the_next_call_at_once(
    api: Api, simulator: HubSpotSimulator
) -> None:
    simulator.rate_limit = RateLimit(max_requests=1, interval_ms=3_600_000)

    def twice(client: Any) -> Any:
        if isinstance(client, AsyncAssociationsClient):

            async def run() -> Any:
                await client.batch_create("contacts", "companies", inputs=[association()])
                return await client.batch_create("contacts", "companies", inputs=[association()])

            return run()
        client.batch_create("contacts", "companies", inputs=[association()])
        return client.batch_create("contacts", "companies", inputs=[association()])

    with pytest.raises(RateLimitError) as caught:
        api.call(twice, timeout=1, max_retries=0)
    assert api.elapsed < 5
    assert caught.value.retry_after is not None and 3500 < caught.value.retry_after <= 3600.1
    assert "over the 60s cap" in str(caught.value)
    assert len(simulator.requests) == 1


def test_an_absurd_window_neither_overflows_nor_hangs(
    api: Api, simulator: HubSpotSimulator
) -> None:
    headers = {
        "X-HubSpot-RateLimit-Max": "1",
        "X-HubSpot-RateLimit-Remaining": "0",
        "X-HubSpot-RateLimit-Interval-Milliseconds": "1" + "0" * 20,
    }
    simulator.script(Fault.raw(201, SUCCESS, "application/json", headers))
    api.create()
    api.create()
    assert api.elapsed < 5


def test_a_cancelled_async_call_releases_its_slot(simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.sleep(2))

    async def run() -> int:
        async with AsyncAssociationsClient(
            access_token=TOKEN, base_url=simulator.base_url
        ) as client:
            task = asyncio.create_task(
                client.batch_create("contacts", "companies", inputs=[association()])
            )
            await asyncio.sleep(0.3)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            governor = client.rate_governor
            # The probe was cancelled: the next call is not held behind it.
            started = time.monotonic()
            await client.batch_create("contacts", "companies", inputs=[association()])
            assert time.monotonic() - started < 1
            return governor.pending

    assert asyncio.run(run()) <= 1


class Interrupted(BaseException):
    """Like KeyboardInterrupt: not an error of the call, so it passes through as is."""


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs signal.setitimer")
def test_an_interrupted_sync_call_releases_its_slot(simulator: HubSpotSimulator) -> None:
    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted

    simulator.script(Fault.sleep(2))
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with AssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
            signal.setitimer(signal.ITIMER_REAL, 0.3)
            with pytest.raises(Interrupted):
                client.batch_create("contacts", "companies", inputs=[association()])
            started = time.monotonic()
            client.batch_create("contacts", "companies", inputs=[association()])
            assert time.monotonic() - started < 1
            assert client.rate_governor.pending <= 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_call_after_close_is_an_api_error_and_leaves_no_slot(
    simulator: HubSpotSimulator,
) -> None:
    client = AssociationsClient(access_token=TOKEN, base_url=simulator.base_url)
    client.close()
    for _ in range(3):
        with pytest.raises(ClientClosedError):
            client.batch_create("contacts", "companies", inputs=[association()])
    assert (client.rate_governor.pending, client.rate_governor.requests) == (0, 0)
    assert not simulator.requests


def test_a_server_without_rate_limit_headers_leaves_no_trail() -> None:
    with HubSpotSimulator(tokens={TOKEN}, send_rate_limit_headers=False) as sim:
        with AssociationsClient(access_token=TOKEN, base_url=sim.base_url) as client:
            for _ in range(200):
                client.batch_create("contacts", "companies", inputs=[association()])
            assert client.rate_governor.pending <= 1


def test_a_cold_start_sends_one_probe_before_the_others(simulator: HubSpotSimulator) -> None:
    simulator.rate_limit = RateLimit(max_requests=10, interval_ms=1000)
    simulator.script(Fault.sleep(0.3))

    async def run() -> None:
        async with AsyncAssociationsClient(
            access_token=TOKEN, base_url=simulator.base_url
        ) as client:
            await asyncio.gather(
                *(
                    client.batch_create("contacts", "companies", inputs=[association()])
                    for _ in range(30)
                )
            )

    asyncio.run(run())
    arrivals = sorted(request.received_at for request in simulator.requests)
    assert arrivals[1] - arrivals[0] >= 0.25
    assert all(request.response_status == 201 for request in simulator.requests)


def test_sixteen_threads_sharing_a_client_get_no_429_once_the_limit_is_known() -> None:
    with HubSpotSimulator(
        tokens={TOKEN}, rate_limit=RateLimit(max_requests=10, interval_ms=500)
    ) as sim:
        with AssociationsClient(access_token=TOKEN, base_url=sim.base_url, max_retries=5) as client:

            def worker() -> None:
                for _ in range(6):
                    client.batch_create("contacts", "companies", inputs=[association()])

            threads = [threading.Thread(target=worker) for _ in range(16)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        statuses = [request.response_status for request in sim.requests]
    assert statuses.count(201) == 96
    assert statuses.count(429) <= 1, statuses.count(429)
