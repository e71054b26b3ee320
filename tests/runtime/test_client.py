"""``_client_base``, ``_core`` and ``_response`` over real HTTP: the hand-assembled client
of :mod:`tests.runtime.client` against the simulator, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from generator.runtime import _exceptions
from generator.runtime._client_base import async_raw_response_wrapper, raw_response_wrapper
from generator.runtime._response import APIResponse
from tests.conftest import TOKEN
from tests.runtime.client import AsyncClient, Client
from tests.simulator import Fault, HubSpotSimulator, RateLimit


def test_a_call_sends_the_request_the_operation_describes(simulator: HubSpotSimulator) -> None:
    with Client(TOKEN, base_url=simulator.base_url) as client:
        result = client.create()
    assert result["status"] == "COMPLETE"
    (request,) = simulator.requests
    assert request.path == "/crm/v3/associations/contacts/companies/batch/create"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["user-agent"].startswith("runtime_under_test/0 httpx/")
    assert request.headers["content-type"] == "application/json"


def test_retries_follow_the_decisions_and_the_error_carries_the_body(
    simulator: HubSpotSimulator,
) -> None:
    simulator.script(Fault.status(500), Fault.status(500), Fault.status(500))
    with (
        Client(TOKEN, base_url=simulator.base_url) as client,
        pytest.raises(_exceptions.InternalServerError) as caught,
    ):
        client.create(max_retries=1)
    assert len(simulator.requests) == 2
    assert caught.value.status_code == 500


def test_a_raw_response_shows_status_headers_and_rate_limits(simulator: HubSpotSimulator) -> None:
    simulator.rate_limit = RateLimit(max_requests=50, interval_ms=10_000)
    with Client(TOKEN, base_url=simulator.base_url) as client:
        raw: Any = raw_response_wrapper(client.create)()
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 201 and raw.retries_taken == 0
    assert (raw.rate_limit.max, raw.rate_limit.remaining) == (50, 49)
    assert raw.correlation_id
    assert raw.parse()["status"] == "COMPLETE"


def test_a_missing_token_is_refused_before_any_request() -> None:
    with pytest.raises(ValueError, match="needs an access token"):
        Client(None)


def test_a_refused_connection_is_an_api_connection_error(simulator: HubSpotSimulator) -> None:
    url = simulator.base_url
    simulator.stop()
    with (
        Client(TOKEN, base_url=url, max_retries=0) as client,
        pytest.raises(_exceptions.APIConnectionError),
    ):
        client.create()


def test_the_async_client_behaves_alike(simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.status(503))

    async def run() -> tuple[dict[str, Any], Any]:
        async with AsyncClient(TOKEN, base_url=simulator.base_url) as client:
            plain = await client.create()
            raw = await async_raw_response_wrapper(client.create)()
            return plain, raw

    plain, raw = asyncio.run(run())
    assert plain["status"] == "COMPLETE"
    assert isinstance(raw, APIResponse) and raw.status_code == 201
    assert [r.path for r in simulator.requests].count(simulator.requests[0].path) == 3
