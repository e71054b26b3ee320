"""Models read what the server sends and write it back unchanged, over real HTTP."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from hubspot_associations import (
    UNSET,
    BatchResponsePublicAssociation,
    BatchResponsePublicAssociationWithErrors,
    BatchStatus,
    Error,
)

from tests.e2e.conftest import Api, association
from tests.simulator import Fault, HubSpotSimulator

FULL: dict[str, Any] = {
    "status": "COMPLETE",
    "results": [
        {"from": {"id": "1"}, "to": {"id": "2"}, "type": "contact_to_company", "label": None}
    ],
    "errors": [],
    "requestedAt": None,
    "startedAt": "2025-08-21T18:15:15.142Z",
    "completedAt": "2025-08-21T20:15:15.2+02:00",
    "links": {},
    "somethingNew": {"nested": [1, None, "x"]},
}
MINIMAL: dict[str, Any] = {
    "status": "PENDING",
    "results": [],
    "startedAt": "2025-08-21T18:15:15Z",
    "completedAt": "2025-08-21T18:15:15.000001Z",
}


def serve(simulator: HubSpotSimulator, body: dict[str, Any], status: int = 201) -> None:
    simulator.script(Fault.raw(status, json.dumps(body).encode(), "application/json"))


@pytest.mark.parametrize("payload", [FULL, MINIMAL], ids=["full", "minimal"])
def test_a_response_round_trips(
    api: Api, simulator: HubSpotSimulator, payload: dict[str, Any]
) -> None:
    serve(simulator, payload)
    result = api.create()
    assert result.to_dict() == payload
    assert BatchResponsePublicAssociation.from_dict(payload).to_dict() == payload


def test_null_absent_and_unknown_stay_apart(api: Api, simulator: HubSpotSimulator) -> None:
    serve(simulator, FULL)
    full = api.create()
    serve(simulator, MINIMAL)
    minimal = api.create()
    assert full.requested_at is None and "requestedAt" in full.to_dict()
    assert minimal.requested_at is UNSET and "requestedAt" not in minimal.to_dict()
    assert full.extra_properties == {"errors": [], "somethingNew": {"nested": [1, None, "x"]}}
    assert full.results[0].extra_properties == {"label": None}


def test_date_times_are_timezone_aware(api: Api, simulator: HubSpotSimulator) -> None:
    serve(simulator, FULL)
    result = api.create()
    assert result.started_at == datetime.datetime(
        2025, 8, 21, 18, 15, 15, 142000, tzinfo=datetime.timezone.utc
    )
    assert result.completed_at.utcoffset() == datetime.timedelta(hours=2)
    assert result.completed_at - result.started_at == datetime.timedelta(microseconds=58000)


def test_an_unknown_status_is_kept(api: Api, simulator: HubSpotSimulator) -> None:
    serve(simulator, {**MINIMAL, "status": "QUEUED_FOR_LATER"})
    result = api.create()
    assert result.status == "QUEUED_FOR_LATER"
    assert isinstance(result.status, BatchStatus)
    assert result.to_dict()["status"] == "QUEUED_FOR_LATER"
    assert BatchStatus("COMPLETE") is BatchStatus.COMPLETE


def test_a_207_round_trips(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.unknown_ids = {"999"}
    raw = api.create(association("999", "1"), association("1", "2"), raw=True)
    result = raw.parse()
    assert isinstance(result, BatchResponsePublicAssociationWithErrors)
    assert result.to_dict() == json.loads(raw.http_response.content)


def test_an_error_body_round_trips(api: Api) -> None:
    api.token = "wrong"
    with pytest.raises(Exception) as caught:
        api.create()
    error = caught.value.error  # type: ignore[attr-defined]
    assert isinstance(error, Error)
    assert error.to_dict() == caught.value.body  # type: ignore[attr-defined]


def test_a_request_model_round_trips() -> None:
    item = association("1", "2")
    assert item.to_dict() == {"from": {"id": "1"}, "to": {"id": "2"}, "type": "contact_to_company"}
    assert type(item).from_dict(item.to_dict()) == item
