"""Success responses over real HTTP: 200, 201 and 207 come back as models, never None."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hubspot_associations import (
    APIResponse,
    APIResponseValidationError,
    BadRequestError,
    BatchResponsePublicAssociation,
    BatchResponsePublicAssociationWithErrors,
    BatchStatus,
    RateLimitInfo,
)

from tests.e2e.conftest import PATH, Api, association
from tests.simulator import Fault, HubSpotSimulator, RateLimit

VALID_BODY: dict[str, Any] = {
    "status": "COMPLETE",
    "results": [],
    "errors": [],
    "requestedAt": None,
    "startedAt": "2025-08-21T18:15:15.142Z",
    "completedAt": "2025-08-21T18:15:15.201Z",
    "links": {},
}


def ok_with_headers(headers: dict[str, str], status: int = 201) -> Fault:
    return Fault.raw(status, json.dumps(VALID_BODY).encode(), "application/json", headers)


@pytest.mark.parametrize("status", [200, 201])
def test_200_and_201_return_the_batch_response(
    api: Api, simulator: HubSpotSimulator, status: int
) -> None:
    simulator.success_status = status
    result = api.create(association("1", "2"), association("3", "4", "contact_to_company"))
    assert type(result) is BatchResponsePublicAssociation
    assert result.status is BatchStatus.COMPLETE
    assert [(r.from_.id, r.to.id, r.type) for r in result.results] == [
        ("1", "2", "contact_to_company"),
        ("3", "4", "contact_to_company"),
    ]
    assert result.completed_at.tzinfo is not None
    assert ("contacts", "1", "companies", "2", "contact_to_company") in simulator.associations


def test_207_is_returned_not_raised(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.unknown_ids = {"999"}
    result = api.create(association("1", "2"), association("999", "2"))
    assert type(result) is BatchResponsePublicAssociationWithErrors
    assert [r.from_.id for r in result.results] == ["1"]
    assert result.num_errors == 1
    assert isinstance(result.errors, list)
    assert [e.category for e in result.errors] == ["OBJECT_NOT_FOUND"]
    assert simulator.requests[-1].response_status == 207


def test_unknown_status_value_is_kept_not_raised(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(
        Fault.raw(
            201, json.dumps({**VALID_BODY, "status": "ARCHIVED"}).encode(), "application/json"
        )
    )
    result = api.create()
    assert result.status == "ARCHIVED"
    assert result.to_dict()["status"] == "ARCHIVED"


def test_raw_response_exposes_status_headers_and_rate_limits(
    api: Api, simulator: HubSpotSimulator
) -> None:
    simulator.rate_limit = RateLimit(max_requests=5, interval_ms=1000, daily=100)
    raw = api.create(raw=True)
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 201
    assert raw.retries_taken == 0
    assert raw.correlation_id == raw.headers["X-HubSpot-Correlation-Id"]
    assert raw.rate_limit == RateLimitInfo(
        max=5, remaining=4, interval_ms=1000, daily=100, daily_remaining=99
    )
    parsed = raw.parse()
    assert isinstance(parsed, BatchResponsePublicAssociation)
    assert raw.parse() is parsed


def test_raw_rate_limit_is_none_where_headers_are_absent(api: Api) -> None:
    raw = api.create(raw=True)
    assert raw.rate_limit == RateLimitInfo(None, None, None, None, None)


def test_raw_response_of_a_207(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.unknown_ids = {"999"}
    raw = api.create(association("999", "1"), raw=True)
    assert raw.status_code == 207
    assert isinstance(raw.parse(), BatchResponsePublicAssociationWithErrors)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param(
            {"RateLimit": '"default";r=7;t=3', "RateLimit-Policy": '"default";q=10;w=2'},
            RateLimitInfo(max=10, remaining=7, interval_ms=2000),
            id="current-draft",
        ),
        pytest.param(
            {
                "RateLimit": '"burst";r=40;t=1, "day";r=3;t=5000',
                "RateLimit-Policy": '"burst";q=50;w=1, "day";q=1000;w=86400',
            },
            RateLimitInfo(max=1000, remaining=3, interval_ms=86_400_000),
            id="tightest-of-two-policies",
        ),
        pytest.param(
            {"RateLimit": "limit=10, remaining=3, reset=5", "RateLimit-Policy": "10;w=1"},
            RateLimitInfo(max=10, remaining=3, interval_ms=1000),
            id="draft-7",
        ),
        pytest.param(
            {"RateLimit-Limit": "60", "RateLimit-Remaining": "59", "RateLimit-Reset": "30"},
            RateLimitInfo(max=60, remaining=59),
            id="separate-fields",
        ),
        pytest.param(
            {
                "X-HubSpot-RateLimit-Max": "190",
                "X-HubSpot-RateLimit-Remaining": "189",
                "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
                "RateLimit": '"default";r=1;t=3',
                "RateLimit-Policy": '"default";q=2;w=5',
            },
            RateLimitInfo(max=190, remaining=189, interval_ms=10000),
            id="spec-headers-win",
        ),
        pytest.param(
            {"X-HubSpot-RateLimit-Max": "lots", "RateLimit": "garbage;;=,"},
            RateLimitInfo(),
            id="malformed-is-none",
        ),
    ],
)
def test_rate_limit_reads_ietf_fields(
    api: Api, simulator: HubSpotSimulator, headers: dict[str, str], expected: RateLimitInfo
) -> None:
    simulator.script(ok_with_headers(headers))
    assert api.create(raw=True).rate_limit == expected


@pytest.mark.parametrize(
    ("fault", "fragment"),
    [
        pytest.param(Fault.raw(201, b"", None), "not JSON", id="empty-201"),
        pytest.param(Fault.raw(200, b"", "application/json"), "not JSON", id="empty-200"),
        pytest.param(
            Fault.raw(200, b"null", "application/json"), "expected an object", id="null-200"
        ),
        pytest.param(Fault.html(200), "not JSON", id="html-200"),
        pytest.param(
            Fault.raw(201, b'{"status": "COMPLETE"}', "application/json"),
            "missing required",
            id="wrong-shape",
        ),
        pytest.param(
            Fault.raw(
                201,
                json.dumps({**VALID_BODY, "startedAt": "yesterday"}).encode(),
                "application/json",
            ),
            "$.startedAt",
            id="bad-date-time",
        ),
        pytest.param(
            Fault.raw(204, b"", None), "undocumented success status 204", id="undocumented-204"
        ),
    ],
)
def test_a_2xx_that_does_not_decode_raises_validation_error(
    api: Api, simulator: HubSpotSimulator, fault: Fault, fragment: str
) -> None:
    simulator.script(fault)
    with pytest.raises(APIResponseValidationError) as caught:
        api.create()
    assert caught.value.status_code == fault.status_code
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)
    assert len(simulator.requests) == 1


@pytest.mark.parametrize("value", ["contacts/../x", "..", ".", "a?b=c#d", "%2e%2e", "x y"])
def test_path_parameters_cannot_change_the_path(
    api: Api, simulator: HubSpotSimulator, value: str
) -> None:
    with pytest.raises(BadRequestError) as caught:
        api.create(from_type=value)
    # The simulator decodes the segment and echoes it: the value arrived whole.
    assert caught.value.message == f"Unable to infer object type from: {value}"
    (request,) = simulator.requests
    path = request.path
    assert path.startswith("/crm/v3/associations/")
    assert path.endswith("/companies/batch/create")
    assert path.count("/") == PATH.count("/")
    assert "?" not in path


def test_path_parameters_accept_type_ids(api: Api, simulator: HubSpotSimulator) -> None:
    api.create(from_type="0-1", to_type="2-123")
    assert simulator.requests[0].path == "/crm/v3/associations/0-1/2-123/batch/create"


def test_the_body_is_the_spec_wire_form(api: Api, simulator: HubSpotSimulator) -> None:
    api.create(association("1", "2"))
    (request,) = simulator.requests
    assert request.headers["content-type"] == "application/json"
    expected: Any = {
        "inputs": [{"from": {"id": "1"}, "to": {"id": "2"}, "type": "contact_to_company"}]
    }
    assert request.json == expected
