"""The retry policy's pure decisions, on edge cases a live server rarely produces.

No I/O: ``_policy`` is the part of the runtime that needs none, so its parsers and
formulas are checked directly, on ``httpx.Headers`` built here.
"""

from __future__ import annotations

import email.utils
import os
import random

import httpx
import pytest
from hubspot_associations import _client_base, _policy
from hubspot_associations._client import _SETTINGS

NAMES = _SETTINGS.rate_limit_headers
NOW = 1_760_000_000.0


def wait(**headers: str) -> float | None:
    fields = httpx.Headers({name.replace("_", "-"): value for name, value in headers.items()})
    return _policy.server_requested_wait(fields, NAMES, now=NOW)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5.0),
        (" 2.5 ", 2.5),
        ("0", 0.0),
        ("-3", 0.0),
        (email.utils.formatdate(NOW + 90, usegmt=True), 90.0),
        (email.utils.formatdate(NOW - 90, usegmt=True), 0.0),
        ("nan", None),
        ("inf", None),
        ("1e999", None),
        ("soon", None),
        ("", None),
    ],
)
def test_retry_after_values(value: str, expected: float | None) -> None:
    assert wait(retry_after=value) == expected


def test_retry_after_ms_is_preferred_and_validated() -> None:
    assert wait(retry_after_ms="250", retry_after="9") == 0.25
    assert wait(retry_after_ms="later", retry_after="9") == 9.0


def test_an_exhausted_window_asks_for_its_length() -> None:
    exhausted = {
        "X_HubSpot_RateLimit_Remaining": "0",
        "X_HubSpot_RateLimit_Interval_Milliseconds": "10000",
    }
    assert wait(**exhausted) == 10.0
    assert wait(**{**exhausted, "X_HubSpot_RateLimit_Remaining": "3"}) is None
    assert wait(**exhausted, retry_after="1") == 1.0


@pytest.mark.parametrize("retry_number", range(8))
def test_backoff_doubles_from_half_a_second_up_to_eight(retry_number: int) -> None:
    rng = random.Random(retry_number)
    ceiling = min(8.0, 0.5 * 2**retry_number)
    draws = [_policy.backoff_seconds(retry_number, rng) for _ in range(500)]
    assert all(ceiling / 2 <= draw <= ceiling for draw in draws)
    assert max(draws) - min(draws) > ceiling / 4  # jittered, not fixed


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            {"RateLimit": '"a,b";r=4;t=2, "c";r=9', "RateLimit-Policy": '"a,b";q=5;w=3'},
            _policy.RateLimitInfo(max=5, remaining=4, interval_ms=3000),
        ),
        (
            {"RateLimit": '"x";r=1;t=2;pk=:Zm9v:', "RateLimit-Policy": '"y";q=9;w=4'},
            _policy.RateLimitInfo(max=9, remaining=1, interval_ms=4000),
        ),
        ({"RateLimit-Limit": "10, 10;w=1, 50;w=60"}, _policy.RateLimitInfo(max=10)),
        ({"RateLimit": "remaining=-1"}, _policy.RateLimitInfo()),
        ({"X-HubSpot-RateLimit-Max": "١٢".encode()}, _policy.RateLimitInfo()),
    ],
)
def test_rate_limit_field_edge_cases(
    headers: dict[str, str | bytes], expected: _policy.RateLimitInfo
) -> None:
    raw = [
        (name.encode(), value if isinstance(value, bytes) else value.encode())
        for name, value in headers.items()
    ]
    assert _policy.parse_rate_limit(httpx.Headers(raw), NAMES) == expected


def test_the_ietf_reset_is_the_wait_when_nothing_remains() -> None:
    headers = httpx.Headers({"RateLimit": '"d";r=0;t=7', "RateLimit-Policy": '"d";q=5;w=60'})
    assert _policy.server_requested_wait(headers, NAMES) == 7.0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_forked_workers_do_not_share_a_jitter_sequence() -> None:
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.write(writer, repr(_client_base._rng.random()).encode())
        os._exit(0)
    os.close(writer)
    os.waitpid(child, 0)
    in_child = float(os.read(reader, 64))
    os.close(reader)
    assert in_child != _client_base._rng.random()
