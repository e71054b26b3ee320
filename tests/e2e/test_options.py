"""Client options: timeouts, with_options copies, and who closes which connection pool."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from hubspot_associations import (
    AssociationsClient,
    AsyncAssociationsClient,
    BatchResponsePublicAssociation,
)

from tests.conftest import TOKEN
from tests.e2e.conftest import association
from tests.simulator import HubSpotSimulator


def test_default_timeout_is_finite() -> None:
    client = AssociationsClient(access_token=TOKEN)
    assert (client.timeout.connect, client.timeout.read) == (5.0, 60.0)
    assert client.timeout.write is not None and client.timeout.pool is not None
    assert client.max_retries == 2


@pytest.mark.parametrize(
    ("given", "connect", "read"),
    [(10, 5.0, 10.0), (2, 2.0, 2.0), (httpx.Timeout(7.0, connect=1.0), 1.0, 7.0)],
)
def test_timeout_per_client(given: float | httpx.Timeout, connect: float, read: float) -> None:
    client = AssociationsClient(access_token=TOKEN, timeout=given)
    assert (client.timeout.connect, client.timeout.read) == (connect, read)


def test_with_options_is_a_cheap_copy_sharing_the_pool(simulator: HubSpotSimulator) -> None:
    with AssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
        copy = client.with_options(max_retries=0, timeout=5)
        assert type(copy) is AssociationsClient
        assert (copy.max_retries, copy.timeout.read) == (0, 5.0)
        assert (client.max_retries, client.timeout.read) == (2, 60.0)
        assert copy._http_client is client._http_client
        with copy:
            copy.batch_create("contacts", "companies", inputs=[association()])
        # Leaving the copy's block did not close the shared pool.
        client.batch_create("contacts", "companies", inputs=[association()])
        assert (
            copy.with_raw_response.batch_create("contacts", "companies", inputs=[]).status_code
            == 201
        )
    assert client._http_client.is_closed


@pytest.mark.parametrize(("retries", "error"), [(-1, ValueError), (1.5, TypeError)])
def test_max_retries_must_be_a_count(retries: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        AssociationsClient(access_token=TOKEN, max_retries=retries)  # type: ignore[arg-type]
    client = AssociationsClient(access_token=TOKEN)
    with pytest.raises(error):
        client.with_options(max_retries=retries)  # type: ignore[arg-type]
    with pytest.raises(error):
        client.batch_create("contacts", "companies", inputs=[], max_retries=retries)  # type: ignore[arg-type]


def test_a_users_http_client_is_used_and_left_open(simulator: HubSpotSimulator) -> None:
    seen: list[httpx.Request] = []
    with httpx.Client(event_hooks={"request": [seen.append]}) as mine:
        with AssociationsClient(
            access_token=TOKEN, base_url=simulator.base_url, http_client=mine
        ) as client:
            client.batch_create("contacts", "companies", inputs=[])
        client.close()
        assert not mine.is_closed
        assert len(seen) == 1
        assert mine.get(f"{simulator.base_url}/").status_code == 404  # still usable


def test_an_owned_http_client_is_closed(simulator: HubSpotSimulator) -> None:
    client = AssociationsClient(access_token=TOKEN, base_url=simulator.base_url)
    client.batch_create("contacts", "companies", inputs=[])
    client.close()
    assert client._http_client.is_closed


async def test_async_with_closes_only_what_it_owns(simulator: HubSpotSimulator) -> None:
    async with httpx.AsyncClient() as mine:
        async with AsyncAssociationsClient(
            access_token=TOKEN, base_url=simulator.base_url, http_client=mine
        ) as client:
            await client.batch_create("contacts", "companies", inputs=[])
        assert not mine.is_closed
    async with AsyncAssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as own:
        copy = own.with_options(max_retries=0)
        async with copy:
            await copy.batch_create("contacts", "companies", inputs=[])
        assert not own._http_client.is_closed
    assert own._http_client.is_closed


async def test_async_calls_run_concurrently(simulator: HubSpotSimulator) -> None:
    async with AsyncAssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
        parsed = await asyncio.gather(
            *(
                client.batch_create("contacts", "companies", inputs=[association(str(n), "1")])
                for n in range(20)
            )
        )
        raw, *_ = await asyncio.gather(
            client.with_raw_response.batch_create("contacts", "companies", inputs=[]),
            client.batch_create("contacts", "companies", inputs=[]),
        )
    assert all(type(result) is BatchResponsePublicAssociation for result in parsed)
    assert raw.status_code == 201
    assert len(simulator.associations) == 20


def test_raw_response_wrapping_does_not_leak_into_later_calls(
    simulator: HubSpotSimulator,
) -> None:
    with AssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
        raw = client.with_raw_response.batch_create("contacts", "companies", inputs=[])
        plain = client.batch_create("contacts", "companies", inputs=[])
    assert raw.status_code == 201
    assert type(plain) is BatchResponsePublicAssociation
