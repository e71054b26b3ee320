"""``_bulk``: chunking and accounting, with chunks sent over HTTP by the runtime client."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from types import SimpleNamespace
from typing import Any

import pytest

from generator.runtime import _bulk
from tests.conftest import TOKEN
from tests.runtime.client import AsyncClient, Client
from tests.simulator import Fault, HubSpotSimulator


def inputs(count: int) -> list[dict[str, Any]]:
    return [
        {"from": {"id": str(100 + n)}, "to": {"id": str(900 + n)}, "type": "contact_to_company"}
        for n in range(count)
    ]


def test_chunked_reads_lazily_from_the_start_index() -> None:
    consumed: list[int] = []

    def numbers() -> Any:
        for n in range(7):
            consumed.append(n)
            yield n

    chunks = _bulk.chunked(numbers(), 3, 2)
    assert next(chunks) == (2, [2, 3, 4])
    assert consumed == [0, 1, 2, 3, 4]
    assert list(chunks) == [(5, [5, 6])]


@pytest.mark.parametrize(("size", "limit"), [(0, 100), (101, 100)])
def test_a_chunk_size_outside_the_spec_bound_is_refused(size: int, limit: int) -> None:
    with pytest.raises(ValueError):
        _bulk.check_chunk_size(size, limit)


def test_every_input_ends_in_results_or_a_failed_chunk(simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.status(400))
    seen: list[_bulk.ChunkOutcome[Any, Any, Any]] = []
    with Client(TOKEN, base_url=simulator.base_url) as client:
        result = _bulk.run_chunks(
            lambda chunk: SimpleNamespace(**client.create({"inputs": chunk})),
            inputs(7),
            chunk_size=3,
            max_items=100,
            start_at=0,
            on_progress=seen.append,
            results_field="results",
            errors_field="errors",
        )
    assert [f.indexes for f in result.failed] == [range(0, 3)]
    assert len(result.results) == 4 and result.requests == 3
    assert [o.attempts for o in seen] == [(400,), (201,), (201,)]
    assert seen[-1].resume_from == 7


async def decoded(call: Awaitable[dict[str, Any]]) -> SimpleNamespace:
    # The runner reads results from attributes, as on a generated model.
    return SimpleNamespace(**await call)


def test_the_async_runner_keeps_to_its_concurrency(simulator: HubSpotSimulator) -> None:
    async def run() -> Any:
        async with AsyncClient(TOKEN, base_url=simulator.base_url) as client:
            return await _bulk.run_chunks_async(
                lambda chunk: decoded(client.create({"inputs": chunk})),
                inputs(10),
                chunk_size=2,
                max_items=100,
                start_at=0,
                concurrency=3,
                allowed_in_flight=client.rate_governor.max_in_flight,
                on_progress=None,
                results_field="results",
                errors_field="errors",
            )

    result = asyncio.run(run())
    assert (result.chunks, result.inputs, len(result.results), result.failed) == (5, 10, 10, [])
