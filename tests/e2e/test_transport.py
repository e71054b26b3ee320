"""Transport failures over real sockets: slow servers, dropped and refused connections."""

from __future__ import annotations

import socket

import httpx
import pytest
from hubspot_associations import APIConnectionError, APITimeoutError

from tests.e2e.conftest import Api
from tests.simulator import Fault, HubSpotSimulator


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_slow_server_times_out_after_every_attempt(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.sleep(3), Fault.sleep(3))
    with pytest.raises(APITimeoutError) as caught:
        api.create(client_options={"timeout": 0.3, "max_retries": 1})
    # Two reads of 0.3 s and one backoff of 0.25-0.5 s, plus slack for a busy machine.
    assert 0.6 + 0.25 <= api.elapsed < 0.6 + 0.5 + 1.0
    assert len(simulator.requests) == 2
    assert "ReadTimeout" in str(caught.value)
    assert "after 2 attempts" in str(caught.value)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)


def test_a_per_call_timeout_overrides_the_client(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.sleep(3))
    with pytest.raises(APITimeoutError):
        api.create(timeout=0.3, max_retries=0)
    assert 0.3 <= api.elapsed < 1.5


def test_with_options_sets_the_timeout(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.sleep(3))
    with pytest.raises(APITimeoutError):
        api.call(
            lambda client: client.with_options(timeout=0.3, max_retries=0).batch_create(
                "contacts", "companies", inputs=[]
            )
        )
    assert 0.3 <= api.elapsed < 1.5


def test_a_timeout_is_retried_then_succeeds(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.sleep(2))
    raw = api.create(raw=True, client_options={"timeout": 0.3})
    assert raw.status_code == 201
    assert raw.retries_taken == 1


def test_a_closed_connection_is_a_connection_error(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.close_connection())
    with pytest.raises(APIConnectionError) as caught:
        api.create(max_retries=0)
    assert type(caught.value) is APIConnectionError
    assert "RemoteProtocolError" in str(caught.value)


def test_a_reset_connection_is_a_connection_error(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.reset_connection())
    with pytest.raises(APIConnectionError) as caught:
        api.create(max_retries=0)
    assert type(caught.value) is APIConnectionError
    assert isinstance(caught.value.__cause__, httpx.TransportError)


def test_a_dropped_connection_is_retried(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.reset_connection(), Fault.close_connection())
    raw = api.create(raw=True)
    assert raw.retries_taken == 2
    assert [r.response_status for r in simulator.requests] == [None, None, 201]


def test_a_refused_connection_is_retried_then_raised(api: Api) -> None:
    api.base_url = f"http://127.0.0.1:{unused_port()}"
    with pytest.raises(APIConnectionError) as caught:
        api.create(max_retries=1)
    assert type(caught.value) is APIConnectionError
    assert "ConnectError" in str(caught.value)
    assert "after 2 attempts" in str(caught.value)
    assert api.elapsed >= 0.25  # one backoff


def test_a_redirect_loop_is_a_connection_error_not_retried(
    api: Api, simulator: HubSpotSimulator
) -> None:
    here = f"{simulator.base_url}/crm/v3/associations/contacts/companies/batch/create"
    simulator.script(*[Fault.redirect(here)] * 30)
    with pytest.raises(APIConnectionError) as caught:
        api.create()
    assert "TooManyRedirects" in str(caught.value)
    assert len(simulator.requests) == 21  # httpx's limit is 20 redirects; no retry
