"""``_ratelimit`` and ``_retry``'s formulas on edge cases a live server rarely produces,
checked directly on ``httpx.Headers`` built here."""

from __future__ import annotations

import email.utils
import os
import random

import httpx
import pytest

from generator.runtime import _core, _ratelimit, _retry
from tests.runtime.client import HUBSPOT_HEADERS as NAMES

NOW = 1_760_000_000.0


def wait(**headers: str) -> float | None:
    fields = httpx.Headers({name.replace("_", "-"): value for name, value in headers.items()})
    return _ratelimit.server_requested_wait(fields, NAMES, now=NOW)


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
    draws = [_retry.backoff_seconds(retry_number, rng) for _ in range(500)]
    assert all(ceiling / 2 <= draw <= ceiling for draw in draws)
    assert max(draws) - min(draws) > ceiling / 4  # jittered, not fixed


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            {"RateLimit": '"a,b";r=4;t=2, "c";r=9', "RateLimit-Policy": '"a,b";q=5;w=3'},
            _ratelimit.RateLimitInfo(max=5, remaining=4, interval_ms=3000),
        ),
        (
            {"RateLimit": '"x";r=1;t=2;pk=:Zm9v:', "RateLimit-Policy": '"y";q=9;w=4'},
            _ratelimit.RateLimitInfo(max=9, remaining=1, interval_ms=4000),
        ),
        ({"RateLimit-Limit": "10, 10;w=1, 50;w=60"}, _ratelimit.RateLimitInfo(max=10)),
        ({"RateLimit": "remaining=-1"}, _ratelimit.RateLimitInfo()),
        ({"X-HubSpot-RateLimit-Max": "١٢".encode()}, _ratelimit.RateLimitInfo()),
    ],
)
def test_rate_limit_field_edge_cases(
    headers: dict[str, str | bytes], expected: _ratelimit.RateLimitInfo
) -> None:
    raw = [
        (name.encode(), value if isinstance(value, bytes) else value.encode())
        for name, value in headers.items()
    ]
    assert _ratelimit.parse_rate_limit(httpx.Headers(raw), NAMES) == expected


def test_the_ietf_reset_is_the_wait_when_nothing_remains() -> None:
    headers = httpx.Headers({"RateLimit": '"d";r=0;t=7', "RateLimit-Policy": '"d";q=5;w=60'})
    assert _ratelimit.server_requested_wait(headers, NAMES) == 7.0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_forked_workers_do_not_share_a_jitter_sequence() -> None:
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.write(writer, repr(_core._rng.random()).encode())
        os._exit(0)
    os.close(writer)
    os.waitpid(child, 0)
    in_child = float(os.read(reader, 64))
    os.close(reader)
    assert in_child != _core._rng.random()


HEADER_SETS: list[list[tuple[bytes, bytes]]] = [
    [],
    [(b"Content-Type", b"application/json")],
    [
        (b"X-HubSpot-RateLimit-Max", b"100"),
        (b"X-HubSpot-RateLimit-Remaining", b"99"),
        (b"X-HubSpot-RateLimit-Interval-Milliseconds", b"10000"),
        (b"X-HubSpot-RateLimit-Daily", b"250000"),
        (b"X-HubSpot-RateLimit-Daily-Remaining", b"249999"),
    ],
    [(b"x-hubspot-ratelimit-max", b"10"), (b"X-HUBSPOT-RATELIMIT-MAX", b"20")],
    [(b"X-HubSpot-RateLimit-Max", b" 7 , 8"), (b"X-HubSpot-RateLimit-Remaining", b"x")],
    [(b"X-HubSpot-RateLimit-Max", "\u0661\u0662".encode())],
    [(b"X-HubSpot-RateLimit-Max", b"\xe9"), (b"X-HubSpot-RateLimit-Remaining", b"")],
    [(b"RateLimit", b'"a";r=4;t=2'), (b"RateLimit-Policy", b'"a";q=5;w=3')],
    [(b"RateLimit", b"limit=10, remaining=3, reset=4"), (b"RateLimit-Policy", b"10;w=60")],
    [
        (b"RateLimit-Limit", b"10"),
        (b"RateLimit-Remaining", b"0"),
        (b"RateLimit-Reset", b"9"),
    ],
    [
        (b"X-HubSpot-RateLimit-Max", b"100"),
        (b"RateLimit", b'"a";r=4;t=2'),
        (b"RateLimit-Policy", b'"a";q=5;w=3'),
    ],
    [(b"X-HubSpot-RateLimit-Remaining", b"0"), (b"RateLimit-Policy", b"10;w=60")],
    [(b"\xc0ratelimit", b"1"), (b"X-HubSpot-RateLimit-Ma\xd8", b"2")],
]
NAME_SETS = [
    NAMES,
    _ratelimit.RateLimitHeaders(),
    _ratelimit.RateLimitHeaders(max="RateLimit-Limit", remaining="X-Left"),
    _ratelimit.RateLimitHeaders(max="X-Lim\u00eft", remaining="X-HubSpot-RateLimit-Remaining"),
]


@pytest.mark.parametrize("names", NAME_SETS)
@pytest.mark.parametrize("raw", HEADER_SETS)
def test_reading_only_the_named_fields_agrees_with_reading_all(
    raw: list[tuple[bytes, bytes]], names: _ratelimit.RateLimitHeaders
) -> None:
    headers = httpx.Headers(raw)
    everything = _ratelimit._lowercase_fields(headers)
    expected = _ratelimit._rate_limit_from_fields(everything, names)
    assert _ratelimit.parse_rate_limit(headers, names) == expected


@pytest.mark.parametrize("digits", [16, 400, 5000])
def test_a_value_of_too_many_digits_is_ignored(digits: int) -> None:
    headers = httpx.Headers({"X-HubSpot-RateLimit-Max": "7" * digits, "RateLimit-Reset": "1"})
    assert _ratelimit.parse_rate_limit(headers, NAMES).max is None
    assert _ratelimit.parse_rate_limit(httpx.Headers({"RateLimit-Limit": "7" * digits}), NAMES) == (
        _ratelimit.RateLimitInfo()
    )


def test_fifteen_digits_are_still_believed() -> None:
    headers = httpx.Headers({"X-HubSpot-RateLimit-Max": "9" * 15})
    assert _ratelimit.parse_rate_limit(headers, NAMES).max == 10**15 - 1
    assert wait(retry_after="1" * 65) is None
