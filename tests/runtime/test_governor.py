"""``_governor``: pacing on a clock the test controls."""

from __future__ import annotations

from generator.runtime._governor import RateGovernor
from generator.runtime._ratelimit import RateLimitInfo


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_one_request_probes_until_a_response_is_seen() -> None:
    governor = RateGovernor(Clock())
    assert governor.max_in_flight(8) == 1
    governor.observe(200, RateLimitInfo(max=3, interval_ms=1000), 0.01, None)
    assert governor.max_in_flight(8) == 3
    assert governor.limit == (3, 1.0)


def test_a_full_window_delays_the_next_request_until_a_slot_is_free() -> None:
    clock = Clock()
    governor = RateGovernor(clock)
    governor.observe(200, RateLimitInfo(max=2, interval_ms=1000), 0.01, None)
    for _ in range(2):
        slot, pause = governor.reserve()
        assert pause == 0
        governor.settle(slot)
    _slot, pause = governor.reserve()
    assert 1.0 <= pause <= 1.01


def test_without_headers_429s_widen_the_gap_and_successes_shrink_it() -> None:
    clock = Clock()
    governor = RateGovernor(clock)
    governor.observe(429, RateLimitInfo(), 0.01, None)
    governor.observe(429, RateLimitInfo(), 0.01, None)
    governor.reserve()
    _slot, pause = governor.reserve()
    assert abs(pause - 0.1) < 1e-9
    for _ in range(50):
        governor.observe(200, RateLimitInfo(), 0.01, None)
    clock.now += 1
    governor.reserve()
    _slot, pause = governor.reserve()
    assert pause < 0.001
    assert governor.rate_limited == 2


def test_a_requested_wait_holds_every_request_but_not_beyond_the_cap() -> None:
    clock = Clock()
    governor = RateGovernor(clock)
    governor.observe(429, RateLimitInfo(), 0.01, 2.0)
    assert governor.reserve()[1] == 2.0
    governor.observe(429, RateLimitInfo(), 0.01, 3600.0)
    assert governor.reserve()[1] <= 2.0


def test_a_second_caller_waits_for_the_probe_and_then_goes() -> None:
    clock = Clock()
    governor = RateGovernor(clock)
    probe, _ = governor.reserve()
    assert probe is not None
    waiting, poll = governor.reserve()
    assert waiting is None and 0 < poll <= 0.05
    governor.observe(200, RateLimitInfo(max=5, interval_ms=1000), 0.01, None)
    governor.settle(probe)
    assert governor.reserve()[0] is not None


def test_a_probe_that_failed_or_was_cancelled_lets_the_next_caller_probe() -> None:
    governor = RateGovernor(Clock())
    probe, _ = governor.reserve()
    assert probe is not None
    governor.settle(probe)  # a transport error: nothing observed
    second, _ = governor.reserve()
    assert second is not None
    governor.cancel(second)
    assert governor.reserve()[0] is not None


def test_a_cancelled_slot_gives_its_send_time_back() -> None:
    clock = Clock()
    governor = RateGovernor(clock)
    governor.observe(429, RateLimitInfo(), 0.01, None)  # adaptive gap 0.05 s
    governor.reserve()
    second, pause = governor.reserve()
    assert second is not None and abs(pause - 0.05) < 1e-9
    governor.cancel(second)
    _third, pause = governor.reserve()
    assert abs(pause - 0.05) < 1e-9
    assert governor.requests == 2


def test_with_a_window_of_unanswered_requests_callers_poll_instead_of_guessing() -> None:
    governor = RateGovernor(Clock())
    governor.observe(200, RateLimitInfo(max=2, interval_ms=1000), 0.01, None)
    assert governor.reserve()[0] is not None
    assert governor.reserve()[0] is not None
    slot, poll = governor.reserve()
    assert slot is None and poll > 0


def test_answered_slots_are_dropped_once_no_window_needs_them() -> None:
    clock = Clock()
    governor = RateGovernor(clock)
    governor.observe(200, RateLimitInfo(), 0.01, None)  # no limit advertised
    for _ in range(1000):
        slot, _ = governor.reserve()
        assert slot is not None
        governor.settle(slot)
    assert governor.pending <= 1
    governor.observe(200, RateLimitInfo(max=100, interval_ms=1000), 0.01, None)
    for _ in range(1000):
        slot, pause = governor.reserve()
        assert slot is not None
        clock.now += pause
        governor.settle(slot)
    assert governor.pending <= 101
