"""Retries over real HTTP: what is retried, how long the client waits, when it gives up.

Timing assertions are bounds, wide enough for a loaded machine, never exact values.
"""

from __future__ import annotations

import email.utils
import json
import math
import time
from typing import Any

import pytest
from hubspot_associations import (
    APIStatusError,
    InternalServerError,
    RateLimitError,
)

from tests.e2e.conftest import Api
from tests.simulator import Fault, HubSpotSimulator, RateLimit

# A retry hint small enough to keep the tests fast but still honoured.
FAST = {"retry-after-ms": "20"}


def fast(status: int, body: bytes = b'{"message": "try again"}') -> Fault:
    return Fault.raw(status, body, "application/json", FAST)


def test_500_then_201_succeeds_after_two_requests(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.status(500))
    raw = api.create(raw=True)
    assert raw.status_code == 201
    assert raw.retries_taken == 1
    assert [r.response_status for r in simulator.requests] == [500, 201]
    # No hint from the server: the first backoff is 0.25-0.5 s.
    assert 0.2 <= api.elapsed < 2.0


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_statuses_are_retried(api: Api, simulator: HubSpotSimulator, status: int) -> None:
    simulator.script(fast(status), fast(status))
    assert api.create(raw=True).retries_taken == 2
    assert [r.response_status for r in simulator.requests] == [status, status, 201]


@pytest.mark.parametrize(
    "fault",
    [
        Fault.raw(502, b"<html><body>Bad gateway</body></html>", "text/html", FAST),
        Fault.raw(503, b"", None, FAST),
        Fault.raw(504, b"", None, FAST),
    ],
    ids=["html-502", "empty-503", "empty-504"],
)
def test_html_and_empty_5xx_are_retried(
    api: Api, simulator: HubSpotSimulator, fault: Fault
) -> None:
    simulator.script(fault)
    assert api.create(raw=True).retries_taken == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 418, 501])
def test_other_statuses_are_not_retried(api: Api, simulator: HubSpotSimulator, status: int) -> None:
    simulator.script(fast(status))
    with pytest.raises(APIStatusError):
        api.create()
    assert len(simulator.requests) == 1


def test_retries_stop_at_max_retries(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(*[fast(500)] * 5)
    with pytest.raises(InternalServerError):
        api.create()
    assert len(simulator.requests) == 3  # the default: two retries


@pytest.mark.parametrize(
    ("client_retries", "call_retries", "requests"),
    [(0, None, 1), (1, None, 2), (4, None, 5), (4, 0, 1), (0, 3, 4)],
)
def test_max_retries_per_client_and_per_call(
    api: Api,
    simulator: HubSpotSimulator,
    client_retries: int,
    call_retries: int | None,
    requests: int,
) -> None:
    simulator.script(*[fast(503)] * 6)
    call_options: dict[str, Any] = {} if call_retries is None else {"max_retries": call_retries}
    with pytest.raises(InternalServerError):
        api.create(client_options={"max_retries": client_retries}, **call_options)
    assert len(simulator.requests) == requests


def test_with_options_sets_max_retries(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(*[fast(503)] * 6)
    with pytest.raises(InternalServerError):
        api.call(
            lambda client: client.with_options(max_retries=1).batch_create(
                "contacts", "companies", inputs=[]
            )
        )
    assert len(simulator.requests) == 2


def test_retry_after_seconds_is_honoured(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.rate_limited(retry_after=1))
    api.create()
    assert 0.9 <= api.elapsed < 3.0
    first, second = simulator.requests
    assert second.received_at - first.received_at >= 0.9


def test_retry_after_http_date_is_honoured(api: Api, simulator: HubSpotSimulator) -> None:
    # An HTTP date has whole seconds: the first whole second at least 0.5 s ahead.
    target = math.ceil(time.time() + 0.5)
    simulator.script(Fault.rate_limited(retry_after=email.utils.formatdate(target, usegmt=True)))
    wall_minus_monotonic = time.time() - time.monotonic()
    api.create()
    _, retried = simulator.requests
    resent_at = retried.received_at + wall_minus_monotonic
    assert target - 0.05 <= resent_at < target + 1.5


def test_retry_after_ms_is_honoured(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.rate_limited(retry_after_ms=300))
    api.create()
    first, second = simulator.requests
    assert 0.28 <= second.received_at - first.received_at < 2.0


def test_retry_after_ms_wins_over_retry_after(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.rate_limited(retry_after=30, retry_after_ms=50))
    api.create()
    assert api.elapsed < 2.0


def test_a_long_retry_after_raises_at_once(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.rate_limited(retry_after=3600))
    with pytest.raises(RateLimitError) as caught:
        api.create()
    assert caught.value.retry_after == 3600
    assert "retry_after=3600s" in str(caught.value)
    assert api.elapsed < 1.0
    assert len(simulator.requests) == 1


def test_a_far_retry_after_date_raises_at_once(api: Api, simulator: HubSpotSimulator) -> None:
    date = email.utils.formatdate(time.time() + 86_400, usegmt=True)
    simulator.script(Fault.rate_limited(retry_after=date))
    with pytest.raises(RateLimitError) as caught:
        api.create()
    assert caught.value.retry_after is not None
    assert 86_000 < caught.value.retry_after <= 86_400
    assert len(simulator.requests) == 1


def test_a_long_retry_after_on_a_5xx_also_raises_at_once(
    api: Api, simulator: HubSpotSimulator
) -> None:
    simulator.script(Fault.raw(503, b"", None, {"Retry-After": "120"}))
    with pytest.raises(InternalServerError) as caught:
        api.create()
    assert caught.value.retry_after == 120
    assert len(simulator.requests) == 1


def test_daily_limit_is_not_retried(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.rate_limited(daily=True))
    with pytest.raises(RateLimitError) as caught:
        api.create()
    assert isinstance(caught.value.body, dict) and caught.value.body["policyName"] == "DAILY"
    assert len(simulator.requests) == 1
    assert api.elapsed < 1.0


def test_the_simulators_own_daily_limit_is_not_retried(
    api: Api, simulator: HubSpotSimulator
) -> None:
    simulator.rate_limit = RateLimit(max_requests=100, interval_ms=1000, daily=1)
    api.create()
    with pytest.raises(RateLimitError) as caught:
        api.create()
    assert caught.value.body["policyName"] == "DAILY"  # type: ignore[index]
    assert len(simulator.requests) == 2


def test_an_exhausted_window_is_waited_out(api: Api, simulator: HubSpotSimulator) -> None:
    # The simulator's 429 carries Remaining 0 and the window length, but no Retry-After.
    simulator.rate_limit = RateLimit(max_requests=1, interval_ms=400)
    api.create()
    raw = api.create(raw=True)
    assert raw.status_code == 201
    assert raw.retries_taken == 1
    assert [r.response_status for r in simulator.requests] == [201, 429, 201]
    assert 0.38 <= api.elapsed < 2.5


def test_an_exhausted_long_window_raises_at_once(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.rate_limit = RateLimit(max_requests=1000, interval_ms=120_000)
    simulator.script(Fault.rate_limited(remaining_zero_headers=True))
    with pytest.raises(RateLimitError) as caught:
        api.create()
    assert caught.value.retry_after == 120
    assert len(simulator.requests) == 1


def test_ietf_reset_is_waited_out(api: Api, simulator: HubSpotSimulator) -> None:
    headers = {"RateLimit": '"default";r=0;t=1', "RateLimit-Policy": '"default";q=5;w=60'}
    simulator.script(Fault.raw(429, b"{}", "application/json", headers))
    api.create()
    # The reset (1 s) is waited, not the whole 60 s window.
    assert 0.9 <= api.elapsed < 3.0


def test_a_429_without_hints_backs_off(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.rate_limited(), Fault.rate_limited())
    raw = api.create(raw=True)
    assert raw.retries_taken == 2
    first, second, third = (r.received_at for r in simulator.requests)
    # Exponential backoff with jitter over the upper half: 0.25-0.5 s, then 0.5-1 s.
    assert 0.2 <= second - first < 1.5
    assert 0.45 <= third - second < 2.0


def test_the_request_is_resent_unchanged(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(fast(502))
    api.create()
    first, second = simulator.requests
    assert (first.method, first.path, first.body) == (second.method, second.path, second.body)
    assert json.loads(first.body)["inputs"][0]["type"] == "contact_to_company"
    assert first.headers["authorization"] == second.headers["authorization"]
