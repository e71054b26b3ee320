"""``_retry``: whether and when a request is sent again."""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import pytest

from generator.runtime import _retry
from generator.runtime._policy import Operation
from tests.runtime.client import CREATE, SETTINGS, response

RNG = random.Random(7)
NOT_IDEMPOTENT: Operation[Any] = Operation("post", "POST", "/", (), {}, None, idempotent=False)


def decide(status: int, operation: Operation[Any] = CREATE, done: int = 0, **headers: str) -> Any:
    answer = response(status, b"", {k.replace("_", "-"): v for k, v in headers.items()})
    return _retry.after_response(operation, answer, done, 2, SETTINGS, RNG)


def test_successes_and_client_errors_are_final() -> None:
    assert decide(201).wait is None
    assert decide(400).wait is None


def test_retryable_statuses_back_off_or_wait_as_asked() -> None:
    assert 0.25 <= decide(503).wait <= 0.5
    assert decide(429, Retry_After="2").wait == 2.0
    assert decide(503, done=2).reason == "no retries left of 2"


def test_a_request_that_may_have_been_processed_is_not_sent_again() -> None:
    assert decide(500, NOT_IDEMPOTENT).wait is None
    # 429 and 503 were turned away before any work.
    assert decide(429, NOT_IDEMPOTENT).wait is not None
    assert decide(503, NOT_IDEMPOTENT).wait is not None


def test_a_wait_over_the_cap_is_never_slept() -> None:
    decision = decide(429, Retry_After=str(_retry.MAX_WAIT_SECONDS + 1))
    assert decision.wait is None and "cap" in decision.reason


def test_a_limit_the_spec_calls_non_retryable_is_final() -> None:
    daily = json.dumps({"policyName": "DAILY"}).encode()
    answer = response(429, daily, {"Content-Type": "application/json"})
    assert _retry.after_response(CREATE, answer, 0, 2, SETTINGS, RNG).wait is None


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (httpx.ConnectError("refused"), True),
        (httpx.ReadTimeout("slow"), True),
        (httpx.LocalProtocolError("bad header"), False),
        (httpx.TooManyRedirects("loop"), False),
    ],
)
def test_transport_errors(error: httpx.RequestError, retried: bool) -> None:
    decision = _retry.after_transport_error(CREATE, error, 0, 2, RNG)
    assert (decision.wait is not None) is retried


def test_a_read_error_of_a_request_that_may_have_been_processed_is_final() -> None:
    assert (
        _retry.after_transport_error(NOT_IDEMPOTENT, httpx.ReadError("x"), 0, 2, RNG).wait is None
    )
    assert _retry.after_transport_error(NOT_IDEMPOTENT, httpx.ConnectError("x"), 0, 2, RNG).wait
