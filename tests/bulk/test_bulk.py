"""batch_create_all: chunking, accounting, laziness, resumption and pacing, sync and async."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hubspot_associations import (
    AssociationsClient,
    AsyncAssociationsClient,
    BadRequestError,
    PublicAssociation,
    PublicObjectId,
)
from hubspot_associations._bulk import ChunkOutcome

from tests.conftest import TOKEN
from tests.simulator import Fault, HubSpotSimulator, RateLimit

Outcome = ChunkOutcome[PublicAssociation, PublicAssociation, object]


def association(index: int) -> PublicAssociation:
    return PublicAssociation(
        from_=PublicObjectId(id=str(100000 + index)),
        to=PublicObjectId(id=str(200000 + index)),
        type="contact_to_company",
    )


def sent_indexes(sim: HubSpotSimulator, *, only_status: set[int] | None = None) -> list[int]:
    """Input indexes, in order, of every input the simulator received."""
    indexes = []
    for request in sim.requests:
        if only_status is not None and request.response_status not in only_status:
            continue
        body = json.loads(request.body)
        indexes.extend(int(item["from"]["id"]) - 100000 for item in body["inputs"])
    return indexes


def client_for(sim: HubSpotSimulator, **options: object) -> AssociationsClient:
    return AssociationsClient(access_token=TOKEN, base_url=sim.base_url, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(("count", "requests"), [(0, 0), (1, 1), (100, 1), (101, 2), (1050, 11)])
def test_chunk_boundaries(simulator: HubSpotSimulator, count: int, requests: int) -> None:
    with client_for(simulator) as client:
        result = client.batch_create_all(
            "contacts", "companies", inputs=(association(i) for i in range(count))
        )
    assert len(simulator.requests) == requests
    assert all(len(json.loads(r.body)["inputs"]) <= 100 for r in simulator.requests)
    assert sent_indexes(simulator) == list(range(count))
    assert len(result.results) == count
    assert (result.requests, result.chunks, result.inputs) == (requests, requests, count)
    assert result.failed == [] and result.errors == [] and result.ok


def test_chunk_size_above_the_spec_maximum_fails_before_sending(
    simulator: HubSpotSimulator,
) -> None:
    with client_for(simulator) as client:
        with pytest.raises(ValueError, match="between 1 and 100"):
            client.batch_create_all(
                "contacts", "companies", inputs=[association(0)], chunk_size=101
            )
        with pytest.raises(ValueError):
            client.batch_create_all("contacts", "companies", inputs=[association(0)], chunk_size=0)
    assert simulator.requests == []


def test_a_chunk_that_fails_for_good_is_reported_with_its_indexes(
    simulator: HubSpotSimulator,
) -> None:
    outcomes: list[Outcome] = []

    def progress(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if outcome.chunk == 0:
            simulator.script(Fault.status(400))

    with client_for(simulator) as client:
        result = client.batch_create_all(
            "contacts",
            "companies",
            inputs=[association(i) for i in range(250)],
            chunk_size=100,
            on_progress=progress,
        )
    assert [o.chunk for o in outcomes] == [0, 1, 2]
    assert len(result.failed) == 1
    failed = result.failed[0]
    assert failed.indexes == range(100, 200)
    assert [int(a.from_.id) - 100000 for a in failed.inputs] == list(range(100, 200))
    assert isinstance(failed.error, BadRequestError)
    assert len(result.results) == 150
    assert outcomes[1].failure is failed and outcomes[2].failure is None
    assert not result.ok
    assert sorted(sent_indexes(simulator)) == list(range(250))


def test_every_input_is_sent_once_except_by_a_retry(simulator: HubSpotSimulator) -> None:
    def progress(outcome: Outcome) -> None:
        if outcome.chunk == 1:
            simulator.script(Fault.status(500))

    with client_for(simulator) as client:
        result = client.batch_create_all(
            "contacts",
            "companies",
            inputs=[association(i) for i in range(400)],
            on_progress=progress,
        )
    assert sent_indexes(simulator, only_status={201}) == list(range(400))
    assert sorted(sent_indexes(simulator, only_status={500})) == list(range(200, 300))
    assert (result.requests, result.retries, len(result.results)) == (5, 1, 400)


def test_per_input_errors_from_207_are_collected(simulator: HubSpotSimulator) -> None:
    simulator.unknown_ids.update({"100003", "100150"})
    with client_for(simulator) as client:
        result = client.batch_create_all(
            "contacts", "companies", inputs=[association(i) for i in range(200)]
        )
    assert len(result.errors) == 2
    assert len(result.results) == 198
    assert result.failed == []


def test_inputs_are_read_lazily(simulator: HubSpotSimulator) -> None:
    consumed = 0

    def inputs() -> Iterator[PublicAssociation]:
        nonlocal consumed
        for index in range(1000):
            consumed = index + 1
            yield association(index)

    seen: list[int] = []

    def progress(outcome: Outcome) -> None:
        seen.append(consumed)

    with client_for(simulator) as client:
        client.batch_create_all(
            "contacts", "companies", inputs=inputs(), chunk_size=50, on_progress=progress
        )
    assert seen == [50 * (n + 1) for n in range(20)]


def test_start_at_resumes_where_a_run_stopped(simulator: HubSpotSimulator) -> None:
    items = [association(i) for i in range(500)]
    with client_for(simulator) as client:
        result = client.batch_create_all("contacts", "companies", inputs=items, start_at=250)
    assert sent_indexes(simulator) == list(range(250, 500))
    assert len(result.results) == 250
    with pytest.raises(ValueError):
        client.batch_create_all("contacts", "companies", inputs=items, start_at=-1)


def test_resume_from_tracks_the_finished_prefix(simulator: HubSpotSimulator) -> None:
    resume: list[int] = []
    with client_for(simulator) as client:
        client.batch_create_all(
            "contacts",
            "companies",
            inputs=[association(i) for i in range(230)],
            start_at=10,
            on_progress=lambda o: resume.append(o.resume_from),
        )
    assert resume == [110, 210, 230]


def test_the_governor_keeps_429s_to_a_handful() -> None:
    with HubSpotSimulator(
        tokens={TOKEN}, rate_limit=RateLimit(max_requests=5, interval_ms=500)
    ) as sim:
        with client_for(sim) as client:
            result = client.batch_create_all(
                "contacts", "companies", inputs=[association(i) for i in range(2500)]
            )
        answered_429 = sum(1 for r in sim.requests if r.response_status == 429)
    assert len(result.results) == 2500 and result.failed == []
    assert answered_429 <= 1, answered_429
    assert result.rate_limited == answered_429


def test_without_headers_the_governor_adapts_from_429s() -> None:
    with HubSpotSimulator(
        tokens={TOKEN},
        rate_limit=RateLimit(max_requests=5, interval_ms=500),
        send_rate_limit_headers=False,
    ) as sim:
        with client_for(sim, max_retries=6) as client:
            result = client.batch_create_all(
                "contacts", "companies", inputs=[association(i) for i in range(2500)]
            )
        answered_429 = sum(1 for r in sim.requests if r.response_status == 429)
        answered_201 = sum(1 for r in sim.requests if r.response_status == 201)
    assert len(result.results) == 2500 and result.failed == []
    assert answered_201 == 25
    # Without headers some 429s are how the limit is learnt; far fewer than requests sent.
    assert answered_429 <= 12, answered_429


async def test_async_bulk_sends_every_input_once_with_bounded_concurrency(
    simulator: HubSpotSimulator,
) -> None:
    outcomes: list[Outcome] = []
    async with AsyncAssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
        result = await client.batch_create_all(
            "contacts",
            "companies",
            inputs=(association(i) for i in range(1050)),
            concurrency=4,
            on_progress=outcomes.append,
        )
    assert sorted(sent_indexes(simulator)) == list(range(1050))
    assert len(simulator.requests) == 11
    assert len(result.results) == 1050 and result.failed == []
    assert sorted(o.chunk for o in outcomes) == list(range(11))
    assert outcomes[-1].resume_from == 1050


async def test_async_bulk_reads_lazily_and_reports_failures(simulator: HubSpotSimulator) -> None:
    consumed = 0

    def inputs() -> Iterator[PublicAssociation]:
        nonlocal consumed
        for index in range(600):
            consumed = index + 1
            yield association(index)

    high_water: list[int] = []
    finished = 0

    def progress(outcome: Outcome) -> None:
        nonlocal finished
        finished += len(outcome.indexes)
        # Inputs read from the iterable whose chunk has not finished: what memory holds.
        high_water.append(consumed - finished)
        if outcome.chunk == 0:
            simulator.script(Fault.status(400))

    async with AsyncAssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
        result = await client.batch_create_all(
            "contacts",
            "companies",
            inputs=inputs(),
            chunk_size=50,
            concurrency=3,
            on_progress=progress,
        )
    assert len(result.failed) == 1 and len(result.results) == 550
    # Chunks finish out of order, so the finished prefix may lag; but never more than
    # concurrency chunks are read and unfinished (a failed chunk counts as finished), so
    # memory is bounded by chunk_size x concurrency.
    assert max(high_water) <= 50 * 3, high_water


async def test_async_concurrency_is_capped_by_the_advertised_limit() -> None:
    with HubSpotSimulator(
        tokens={TOKEN}, rate_limit=RateLimit(max_requests=3, interval_ms=300)
    ) as sim:
        async with AsyncAssociationsClient(access_token=TOKEN, base_url=sim.base_url) as client:
            result = await client.batch_create_all(
                "contacts", "companies", inputs=[association(i) for i in range(1500)], concurrency=8
            )
            assert client.rate_governor.max_in_flight(8) == 3
        answered_429 = sum(1 for r in sim.requests if r.response_status == 429)
    assert len(result.results) == 1500
    assert answered_429 <= 1, answered_429


def test_without_keeping_results_only_progress_sees_them(simulator: HubSpotSimulator) -> None:
    simulator.unknown_ids.add("100007")
    seen_results = 0
    seen_errors = 0

    def progress(outcome: Outcome) -> None:
        nonlocal seen_results, seen_errors
        seen_results += len(outcome.results)
        seen_errors += len(outcome.errors)

    with client_for(simulator) as client:
        result = client.batch_create_all(
            "contacts",
            "companies",
            inputs=(association(i) for i in range(1000)),
            keep_results=False,
            on_progress=progress,
        )
    assert result.results == [] and result.errors == []
    assert (result.result_count, result.error_count) == (999, 1)
    assert (seen_results, seen_errors) == (999, 1)
    assert not result.ok
    assert sorted(sent_indexes(simulator)) == list(range(1000))


async def test_async_without_keeping_results(simulator: HubSpotSimulator) -> None:
    async with AsyncAssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
        result = await client.batch_create_all(
            "contacts",
            "companies",
            inputs=(association(i) for i in range(500)),
            keep_results=False,
        )
    assert result.results == [] and result.result_count == 500 and result.ok
