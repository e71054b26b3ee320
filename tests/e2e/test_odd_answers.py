"""Odd answers from a server: whatever comes back, a call raises nothing but ``APIError``
subclasses, and a bulk run accounts for every chunk (issue: a 5,000-digit header, a huge
window and a deeply nested body escaped as ValueError, OverflowError, RecursionError)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hubspot_associations import (
    APIError,
    APIResponseValidationError,
    AssociationsClient,
    BadRequestError,
)

from tests.conftest import TOKEN
from tests.e2e.conftest import Api, association
from tests.simulator import Fault, HubSpotSimulator

NESTED = b"[" * 100_000 + b"]" * 100_000
SUCCESS = json.dumps(
    {
        "status": "COMPLETE",
        "results": [],
        "startedAt": "2025-01-01T00:00:00.000Z",
        "completedAt": "2025-01-01T00:00:00.000Z",
    }
).encode()


@pytest.mark.parametrize(
    "headers",
    [
        {"X-HubSpot-RateLimit-Max": "9" * 5000, "X-HubSpot-RateLimit-Remaining": "1"},
        {
            "X-HubSpot-RateLimit-Max": "10",
            "X-HubSpot-RateLimit-Interval-Milliseconds": "1" + "0" * 400,
        },
        {"RateLimit": '"a";r=0;t=' + "9" * 5000, "RateLimit-Policy": '"a";q=1;w=' + "9" * 400},
        {"Retry-After": "1" * 5000},
    ],
)
def test_absurd_header_values_are_ignored(
    api: Api, simulator: HubSpotSimulator, headers: dict[str, str]
) -> None:
    simulator.script(Fault.raw(201, SUCCESS, "application/json", headers))
    raw = api.create(raw=True)
    assert raw.status_code == 201
    assert raw.rate_limit.interval_ms is None
    assert raw.parse().status == "COMPLETE"


def test_a_deeply_nested_success_body_is_a_validation_error(
    api: Api, simulator: HubSpotSimulator
) -> None:
    simulator.script(Fault.raw(201, NESTED, "application/json"))
    with pytest.raises(APIResponseValidationError, match="nests deeper"):
        api.create()


def test_a_deeply_nested_error_body_still_gives_the_status_error(
    api: Api, simulator: HubSpotSimulator
) -> None:
    simulator.script(Fault.raw(400, NESTED, "application/json"))
    with pytest.raises(BadRequestError) as caught:
        api.create()
    assert isinstance(caught.value.body, str)


def test_a_bulk_run_accounts_for_a_chunk_whatever_failed_it(simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.raw(201, NESTED, "application/json"))
    items: list[Any] = [association(str(n), str(900 + n)) for n in range(10)]
    items[7] = object()  # not an association: encoding its chunk fails
    with AssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
        result = client.batch_create_all("contacts", "companies", inputs=items, chunk_size=3)
    assert [chunk.indexes for chunk in result.failed] == [range(0, 3), range(6, 9)]
    assert all(isinstance(chunk.error, APIError) for chunk in result.failed)
    assert isinstance(result.failed[0].error, APIResponseValidationError)
    assert isinstance(result.failed[1].error.__cause__, Exception)
    assert len(result.results) == 4 and result.inputs == 10
