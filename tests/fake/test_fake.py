"""The HubSpot package's fake API, driven through the package's real clients.

The fake replaces the network, nothing else: every test here calls the generated client
as a team's code would, so encoding, retries, the rate governor and decoding all run.
Where the simulator knows how HubSpot behaves, the same scenario is run against it over
real HTTP and the two must agree.
"""

from __future__ import annotations

import asyncio
import datetime
import pickle
import time

import pytest
from hubspot_associations import (
    APIConnectionError,
    APITimeoutError,
    AssociationsClient,
    AsyncAssociationsClient,
    BatchInputPublicAssociation,
    BatchResponsePublicAssociation,
    BatchResponsePublicAssociationWithErrors,
    BatchStatus,
    InternalServerError,
    RateLimitError,
    StandardError,
)
from hubspot_associations.testing import (
    AssociationsFake,
    FakeFault,
    FakeRateLimit,
    FakeReply,
    FakeRequest,
)

from tests.conftest import TOKEN
from tests.e2e.conftest import association
from tests.simulator import HubSpotSimulator, RateLimit

Created = BatchResponsePublicAssociation | BatchResponsePublicAssociationWithErrors


def test_without_a_handler_it_answers_with_the_spec_example_and_echoes_the_inputs() -> None:
    fake = AssociationsFake()
    with fake.client() as client:
        raw = client.with_raw_response.batch_create(
            "contacts", "companies", inputs=[association("1", "2"), association("3", "4")]
        )
    assert raw.status_code == 200  # HubSpot's answer since 2025-08
    result = raw.parse()
    assert isinstance(result, BatchResponsePublicAssociation)
    assert result.results == [association("1", "2"), association("3", "4")]
    # The rest of the answer is the spec's own example.
    assert result.started_at.isoformat().startswith("2025-08-21T18:15:15.101")
    assert raw.correlation_id  # a fresh one per answer, under the spec's header


def test_success_status_picks_another_documented_status() -> None:
    fake = AssociationsFake(success_status=201)
    with fake.client() as client:
        raw = client.with_raw_response.batch_create("contacts", "companies", inputs=[])
    assert raw.status_code == 201


def test_a_typed_handler_gets_the_decoded_request_and_its_model_picks_the_status() -> None:
    seen: list[FakeRequest[BatchInputPublicAssociation]] = []

    def handler(request: FakeRequest[BatchInputPublicAssociation]) -> Created:
        seen.append(request)
        first = request.body.inputs[0]
        return BatchResponsePublicAssociationWithErrors(
            completed_at=_when(),
            started_at=_when(),
            status=BatchStatus.COMPLETE,
            results=[],
            errors=[_error(f"no record {first.to.id}")],
            num_errors=1,
        )

    fake = AssociationsFake()
    fake.on_batch_create(handler)
    with fake.client() as client:
        raw = client.with_raw_response.batch_create(
            "deals", "tickets", inputs=[association("5", "6")]
        )
    assert raw.status_code == 207  # the status whose schema the returned model is
    result = raw.parse()
    assert isinstance(result, BatchResponsePublicAssociationWithErrors)
    assert [e.message for e in result.errors or []] == ["no record 6"]
    (request,) = seen
    assert request.path_params == {"fromObjectType": "deals", "toObjectType": "tickets"}
    assert request.body == BatchInputPublicAssociation(inputs=[association("5", "6")])


def test_a_handler_may_answer_with_any_status_and_the_client_raises_as_in_production() -> None:
    fake = AssociationsFake()
    fake.on_batch_create(lambda request: FakeReply(500, {"message": "boom"}))
    with fake.client(max_retries=1) as client, pytest.raises(InternalServerError) as caught:
        client.batch_create("contacts", "companies", inputs=[])
    assert caught.value.status_code == 500
    assert "boom" in str(caught.value)
    assert len(fake.requests) == 2  # retried once, as a 500 is


def test_every_request_is_recorded_with_its_body_and_its_repr_hides_the_token() -> None:
    fake = AssociationsFake()
    with fake.client(access_token="sekrit-token-123") as client:
        client.batch_create("contacts", "companies", inputs=[association("7", "8")])
    (request,) = fake.requests
    assert request.operation == "batchCreate"
    assert request.method == "POST"
    assert request.url.path == "/crm/v3/associations/contacts/companies/batch/create"
    assert request.headers["authorization"] == "Bearer sekrit-token-123"
    assert request.body.inputs == [association("7", "8")]
    assert b'"from":{"id":"7"}' in request.content
    assert "sekrit" not in repr(request)
    assert "sekrit" not in repr(fake.requests)


def test_rejected_items_come_back_as_per_input_errors_in_a_207() -> None:
    fake = AssociationsFake()
    fake.reject_batch_create_items(lambda item: item.to.id == "404")
    with fake.client() as client:
        raw = client.with_raw_response.batch_create(
            "contacts", "companies", inputs=[association("1", "2"), association("1", "404")]
        )
    assert raw.status_code == 207
    result = raw.parse()
    assert isinstance(result, BatchResponsePublicAssociationWithErrors)
    assert result.results == [association("1", "2")]
    assert len(result.errors or []) == 1
    assert (result.errors or [])[0].category  # the spec's example error


def test_a_judge_may_return_the_error_model_itself() -> None:
    fake = AssociationsFake()
    fake.reject_batch_create_items(
        lambda item: _error(f"unknown {item.to.id}") if item.to.id == "9" else None
    )
    with fake.client() as client:
        outcome = client.batch_create_all(
            "contacts",
            "companies",
            inputs=[association("1", str(n)) for n in range(12)],
            chunk_size=5,
        )
    assert [e.message for e in outcome.errors] == ["unknown 9"]
    assert len(outcome.results) == 11 and outcome.requests == 3 and not outcome.failed


def test_a_429_with_retry_after_is_waited_and_retried() -> None:
    fake = AssociationsFake()
    fake.script(FakeFault.rate_limited(retry_after=0.4))
    with fake.client() as client:
        started = time.monotonic()
        raw = client.with_raw_response.batch_create("contacts", "companies", inputs=[])
        elapsed = time.monotonic() - started
    assert raw.status_code == 200
    assert len(fake.requests) == 2
    assert 0.4 <= elapsed < 2.0


def test_an_exhausted_window_is_waited_out_from_the_rate_limit_headers() -> None:
    fake = AssociationsFake(rate_limit=FakeRateLimit(max_requests=100, interval_ms=500))
    fake.script(FakeFault.rate_limited(exhausted=True))
    with fake.client() as client:
        started = time.monotonic()
        client.batch_create("contacts", "companies", inputs=[])
        elapsed = time.monotonic() - started
    assert len(fake.requests) == 2
    assert 0.5 <= elapsed < 2.5  # the interval the headers named, not a backoff


def test_a_daily_limit_is_raised_at_once() -> None:
    fake = AssociationsFake()
    fake.script(FakeFault.daily_limit())
    with fake.client() as client, pytest.raises(RateLimitError) as caught:
        client.batch_create("contacts", "companies", inputs=[])
    assert len(fake.requests) == 1
    assert caught.value.status_code == 429


def test_5xx_timeouts_and_dropped_connections_are_retried_then_succeed() -> None:
    fake = AssociationsFake()
    fake.script(FakeFault.server_error(502), FakeFault.timeout(), FakeFault.dropped_connection())
    with fake.client(max_retries=3) as client:
        result = client.batch_create("contacts", "companies", inputs=[association()])
    assert result.results == [association()]
    assert len(fake.requests) == 4
    assert not fake.pending_faults


def test_a_timeout_and_a_dropped_connection_raise_the_runtime_errors_when_retries_end() -> None:
    fake = AssociationsFake()
    fake.script(FakeFault.timeout(), FakeFault.dropped_connection())
    with fake.client(max_retries=0) as client:
        with pytest.raises(APITimeoutError):
            client.batch_create("contacts", "companies", inputs=[])
        with pytest.raises(APIConnectionError) as caught:
            client.batch_create("contacts", "companies", inputs=[])
    assert not isinstance(caught.value, APITimeoutError)


def test_faults_may_target_one_operation_and_unknown_routes_are_404() -> None:
    fake = AssociationsFake()
    fake.script(FakeFault.server_error(503), operation="someOtherOperation")
    with fake.client(max_retries=0) as client:
        client.batch_create("contacts", "companies", inputs=[])
    assert len(fake.pending_faults) == 1
    with fake.client() as client:
        response = client._http_client.get(fake.base_url + "/nowhere")
    assert response.status_code == 404


def test_the_async_client_sees_the_same_fake() -> None:
    fake = AssociationsFake()
    fake.script(FakeFault.server_error(503))
    fake.reject_batch_create_items(lambda item: item.to.id == "0")

    async def run() -> Created:
        async with fake.async_client() as client:
            assert isinstance(client, AsyncAssociationsClient)
            return await client.batch_create(
                "contacts", "companies", inputs=[association("1", "0"), association("1", "2")]
            )

    result = asyncio.run(run())
    assert isinstance(result, BatchResponsePublicAssociationWithErrors)
    assert result.results == [association("1", "2")]
    assert len(fake.requests) == 2


def test_the_fake_is_no_place_for_pickled_credentials() -> None:
    fake = AssociationsFake()
    with fake.client(access_token="sekrit-token-123") as client:
        client.batch_create("contacts", "companies", inputs=[])
        with pytest.raises(TypeError):
            pickle.dumps(client)


def _bulk_run(client: AssociationsClient) -> tuple[int, int, int, int, int]:
    outcome = client.batch_create_all(
        "contacts",
        "companies",
        inputs=[association(str(n), str(1000 + n)) for n in range(60)],
        chunk_size=5,
    )
    return (
        len(outcome.results),
        len(outcome.errors),
        len(outcome.failed),
        outcome.requests,
        outcome.rate_limited,
    )


def test_batch_create_all_paces_and_reports_as_against_the_simulator(
    simulator: HubSpotSimulator,
) -> None:
    """One bulk run, a window of 4 requests per 400 ms and two unknown records: the fake
    and the simulator (real HTTP) give the same outcome, requests and pacing."""
    unknown = {"1003", "1042"}
    simulator.unknown_ids = set(unknown)
    simulator.rate_limit = RateLimit(max_requests=4, interval_ms=400)
    fake = AssociationsFake(rate_limit=FakeRateLimit(max_requests=4, interval_ms=400))
    fake.reject_batch_create_items(lambda item: item.to.id in unknown)

    timings = {}
    outcomes = {}
    with AssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
        started = time.monotonic()
        outcomes["simulator"] = _bulk_run(client)
        timings["simulator"] = time.monotonic() - started
    with fake.client() as client:
        started = time.monotonic()
        outcomes["fake"] = _bulk_run(client)
        timings["fake"] = time.monotonic() - started

    assert outcomes["fake"] == outcomes["simulator"] == (58, 2, 0, 12, 0)
    # 12 requests at 4 per 400 ms: at least two full windows of waiting in both.
    assert timings["simulator"] >= 0.8 and timings["fake"] >= 0.8
    assert abs(timings["fake"] - timings["simulator"]) < 0.5, timings
    assert [r.response_status for r in simulator.requests].count(207) == 2
    assert [r.operation for r in fake.requests] == ["batchCreate"] * 12


def _when() -> datetime.datetime:
    return datetime.datetime(2025, 8, 21, 18, 15, tzinfo=datetime.timezone.utc)


def _error(message: str) -> StandardError:
    return StandardError(
        status="error",
        category="OBJECT_NOT_FOUND",
        message=message,
        errors=[],
        context={},
        links={},
    )
