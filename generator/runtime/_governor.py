"""Client-side pacing that keeps one client inside the server's advertised rate limit.

Retrying a 429 is the last line of defence; the governor is the first. It is shared by
every request one client sends (sync calls, async tasks, bulk helpers, and
``with_options`` copies), reads the rate-limit headers of every response, and delays a
request just long enough that the server's rolling window is never exceeded. When a
server sends no rate-limit headers, it adapts from 429 responses instead: the gap
between requests doubles on each 429 and shrinks again with every success.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from ._ratelimit import RateLimitInfo
from ._retry import MAX_WAIT_SECONDS

__all__: list[str] = []

# A server counts a request somewhere between its send and its response, so a slot is
# free one window after its response. While a window's worth of requests is unanswered,
# nobody knows when the next slot frees: callers ask again after a short poll.
SLOT_MARGIN_SECONDS = 0.001
POLL_MIN_SECONDS = 0.002
POLL_MAX_SECONDS = 0.05
ADAPTIVE_START_GAP_SECONDS = 0.05
ADAPTIVE_MAX_GAP_SECONDS = 10.0
ADAPTIVE_RECOVERY = 0.9
MIN_GAP_SECONDS = 0.001


class _Slot:
    __slots__ = ("at", "done", "previous")

    def __init__(self, at: float, previous: float) -> None:
        self.at = at
        self.done: float | None = None
        # The send time reserved before this one, restored if this one is cancelled.
        self.previous = previous


class RateGovernor:
    """Reserves send times for requests so that no window holds more than the limit.

    Its state stays bounded whatever callers do: a slot is settled when its request has
    an answer or failed, and cancelled when it was never sent (a wait over the cap, a
    cancelled task, an interrupt), and settled slots are dropped once no window needs
    them.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._slots: deque[_Slot] = deque()
        self._limit: int | None = None
        self._window: float | None = None
        self._not_before = 0.0
        self._last_send = float("-inf")
        self._adaptive_gap = 0.0
        self._round_trip = 0.0
        self._observed = False
        self._probe: _Slot | None = None
        self.requests = 0
        self.rate_limited = 0

    @property
    def limit(self) -> tuple[int, float] | None:
        """The advertised limit as (requests, window seconds), once known."""
        if self._limit is None or self._window is None:
            return None
        return self._limit, self._window

    @property
    def pending(self) -> int:
        """Slots held: unanswered requests, and answered ones a window still counts."""
        return len(self._slots)

    def max_in_flight(self, wanted: int) -> int:
        """Concurrency never exceeds what one window of the advertised limit serves.

        Until a first response has shown whether there is a limit, one request probes
        alone, so a burst cannot overrun a window the client has not learnt yet.
        """
        if not self._observed:
            return 1
        return max(1, min(wanted, self._limit)) if self._limit else max(1, wanted)

    def reserve(self) -> tuple[_Slot | None, float]:
        """Claim the next send slot; returns it and how many seconds to wait first.

        ``None`` instead of a slot means: ask again after the returned seconds. That is
        the answer while the first request of a client (the probe) is unanswered, so
        that a cold start with many callers sends one request and learns the limit from
        its headers first; and while a whole window of requests is unanswered, since the
        server may count each of them until its answer arrives.
        """
        with self._lock:
            now = self._clock()
            if not self._observed and self._probe is not None:
                return None, self._poll()
            at = max(now, self._not_before, self._last_send + self._adaptive_gap)
            slots = self._slots
            limit, window = self._limit, self._window
            # Without a known window no answered slot matters any more.
            horizon = now - window if limit and window is not None else math.inf
            while slots and slots[0].done is not None and slots[0].done <= horizon:
                slots.popleft()
            if limit and window is not None and len(slots) >= limit:
                ends = sorted(
                    (math.inf if slot.done is None else slot.done for slot in slots),
                    reverse=True,
                )
                kth = ends[limit - 1]
                if kth == math.inf:
                    # No slot frees before a window after its send: sleep until the
                    # earliest moment one could, then look again.
                    sends = sorted((slot.at for slot in slots), reverse=True)
                    earliest = sends[limit - 1] + window
                    return None, max(self._poll(), earliest - now)
                at = max(at, kth + window + SLOT_MARGIN_SECONDS)
            slot = _Slot(at, self._last_send)
            if not self._observed:
                self._probe = slot
            slots.append(slot)
            self._last_send = at
            self.requests += 1
            return slot, at - now

    def _poll(self) -> float:
        return min(POLL_MAX_SECONDS, max(POLL_MIN_SECONDS, self._round_trip / 4))

    def settle(self, slot: _Slot) -> None:
        """The request holding ``slot`` has its answer (or failed): counted by now."""
        with self._lock:
            slot.done = self._clock()
            if self._probe is slot:
                # Answered without teaching anything (a transport error): probe again.
                self._probe = None

    def cancel(self, slot: _Slot) -> None:
        """The request holding ``slot`` was never sent: its slot is free again."""
        with self._lock:
            try:
                self._slots.remove(slot)
            except ValueError:
                return
            if self._last_send == slot.at:
                self._last_send = slot.previous
            if self._probe is slot:
                self._probe = None
            self.requests -= 1

    def observe(
        self,
        status_code: int,
        info: RateLimitInfo,
        round_trip: float,
        requested_wait: float | None,
    ) -> None:
        """Learn from one response: rate-limit headers, status and round-trip time."""
        with self._lock:
            self._observed = True
            self._probe = None
            self._round_trip = (
                round_trip
                if self._round_trip == 0
                else (0.8 * self._round_trip + 0.2 * round_trip)
            )
            if info.max is not None and info.max > 0 and info.interval_ms:
                self._limit = info.max
                self._window = info.interval_ms / 1000.0
            if status_code == 429:
                self.rate_limited += 1
                now = self._clock()
                if requested_wait is not None:
                    # A wait beyond the retry cap made that call fail at once; holding
                    # every later call as long would turn one answer into an outage.
                    if requested_wait <= MAX_WAIT_SECONDS:
                        self._not_before = max(self._not_before, now + requested_wait)
                elif self._limit is None:
                    self._adaptive_gap = min(
                        ADAPTIVE_MAX_GAP_SECONDS,
                        max(ADAPTIVE_START_GAP_SECONDS, self._adaptive_gap * 2),
                    )
            elif self._adaptive_gap and 200 <= status_code < 300:
                self._adaptive_gap *= ADAPTIVE_RECOVERY
                if self._adaptive_gap < MIN_GAP_SECONDS:
                    self._adaptive_gap = 0.0
