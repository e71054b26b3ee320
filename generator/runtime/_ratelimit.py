"""Rate-limit headers: the spec's own names first, then the IETF ``RateLimit`` fields.

Pure functions over response headers: what the limit is, how much of it is left, and
how long the server asked a client to wait.
"""

from __future__ import annotations

import datetime
import functools
import logging
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import httpx

__all__ = ["RateLimitInfo"]

_logger = logging.getLogger(__name__.rpartition(".")[0])
# A count or a duration in a header is believed up to this many digits (10**15 ms is
# 31,000 years); longer values are ignored, as parsing them would cost time and turn
# into waits no caller wants.
MAX_DIGITS = 15


@dataclass(frozen=True)
class RateLimitHeaders:
    """Names of the headers that carry rate-limit state, as the spec declares them."""

    max: str | None = None
    remaining: str | None = None
    interval_ms: str | None = None
    daily: str | None = None
    daily_remaining: str | None = None

    @property
    def declared(self) -> tuple[str | None, ...]:
        """The five names in field order (``None`` where not declared)."""
        return (
            self.max,
            self.remaining,
            self.interval_ms,
            self.daily,
            self.daily_remaining,
        )

    @functools.cached_property
    def lowercase(self) -> tuple[str | None, ...]:
        """The five names lowercased, in field order (``None`` where not declared)."""
        return tuple(None if name is None else name.lower() for name in self.declared)

    @functools.cached_property
    def wire_fields(self) -> dict[bytes, str] | None:
        """Every field parse_rate_limit reads, lowercased: its bytes to its text.

        ``None`` when a name is not ASCII: only for ASCII is lowercasing the bytes the
        same as lowercasing their latin-1 text, so such a spec takes the general path.
        """
        wanted = {name: name for name in _IETF_FIELDS}
        for name in self.declared:
            if name is not None:
                if not name.isascii():
                    return None
                wanted[name.lower()] = name.lower()
        return {name.encode("ascii"): text for name, text in wanted.items()}


@dataclass(frozen=True)
class RateLimitInfo:
    """Rate-limit state read from one response's headers; ``None`` where absent.

    ``max`` requests are allowed per ``interval_ms``, of which ``remaining`` are left;
    ``daily`` and ``daily_remaining`` are the same for the day.
    """

    max: int | None = None
    remaining: int | None = None
    interval_ms: int | None = None
    daily: int | None = None
    daily_remaining: int | None = None


def _header_int(fields: Mapping[str, str], name: str | None) -> int | None:
    if name is None:
        return None
    return _field_int(fields.get(name.lower()))


def _field_int(raw: str | None) -> int | None:
    if raw is None:
        return None
    if raw.isdigit() and raw.isascii():
        return _bounded(raw)
    # A list-valued field ("10, 10;w=1", as early IETF drafts allowed) counts by its
    # first member.
    return _as_int(raw.split(",", 1)[0])


def _bounded(digits: str) -> int | None:
    if len(digits) > MAX_DIGITS:
        _logger.debug("ignored a rate-limit value of %d digits", len(digits))
        return None
    return int(digits)


class _Member(NamedTuple):
    """One member of a structured-field list or dictionary (RFC 9651)."""

    key: str
    value: str | None
    params: dict[str, str]


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return text


def _members(value: str | None) -> list[_Member]:
    """Members of a structured field, read leniently: a bad member is skipped."""
    if not value:
        return []
    members: list[_Member] = []
    for text in _split_outside_quotes(value, ","):
        pieces = _split_outside_quotes(text, ";")
        head = pieces[0].strip()
        if not head:
            continue
        key, equals, item = head.partition("=")
        params: dict[str, str] = {}
        for piece in pieces[1:]:
            name, _, param = piece.partition("=")
            if name.strip():
                params[name.strip().lower()] = _unquote(param)
        if equals:
            members.append(_Member(key.strip().lower(), _unquote(item), params))
        else:
            members.append(_Member(_unquote(key), None, params))
    return members


def _as_int(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    return _bounded(text) if text.isascii() and text.isdigit() else None


class _IetfLimit(NamedTuple):
    limit: int | None = None
    remaining: int | None = None
    window_seconds: int | None = None
    reset_seconds: int | None = None


def _ietf_limit(fields: Mapping[str, str]) -> _IetfLimit:
    """What the IETF rate-limit fields say, in any of the drafts' spellings.

    Current drafts: ``RateLimit: "name";r=R;t=T`` and ``RateLimit-Policy:
    "name";q=Q;w=W``, one member per policy (the tightest one counts). Draft 7: the
    dictionary ``RateLimit: limit=Q, remaining=R, reset=T`` with ``RateLimit-Policy:
    Q;w=W``. Earlier drafts: ``RateLimit-Limit``, ``RateLimit-Remaining`` and
    ``RateLimit-Reset`` as separate fields.
    """
    current = _members(fields.get("ratelimit"))
    policies = _members(fields.get("ratelimit-policy"))
    limit = remaining = reset = window = None
    dictionary = {m.key: m.value for m in current if m.value is not None}
    if dictionary:
        limit = _as_int(dictionary.get("limit"))
        remaining = _as_int(dictionary.get("remaining"))
        reset = _as_int(dictionary.get("reset"))
    scored = [(m, _as_int(m.params.get("r"))) for m in current if m.value is None]
    counted = [(m, left) for m, left in scored if left is not None]
    tightest = min(counted, key=lambda pair: pair[1], default=None)
    policy: _Member | None = policies[0] if policies else None
    if tightest is not None:
        member, remaining = tightest
        reset = _as_int(member.params.get("t"))
        policy = next((p for p in policies if p.key == member.key), policy)
    if policy is not None:
        limit = limit if limit is not None else _as_int(policy.params.get("q"))
        if limit is None and policy.value is None:
            limit = _as_int(policy.key)
        window = _as_int(policy.params.get("w"))
    if limit is None:
        limit = _header_int(fields, "ratelimit-limit")
    if remaining is None:
        remaining = _header_int(fields, "ratelimit-remaining")
    if reset is None:
        reset = _header_int(fields, "ratelimit-reset")
    return _IetfLimit(limit, remaining, window, reset)


_NO_IETF_LIMIT = _IetfLimit()
# Every field _ietf_limit reads: without one of them, it finds nothing.
_IETF_FIELDS = frozenset(
    {
        "ratelimit",
        "ratelimit-policy",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
    }
)


def _lowercase_fields(headers: httpx.Headers) -> dict[str, str]:
    # One pass over the raw headers: each httpx.Headers.get would be another pass, and
    # Headers.items() decodes every field again through a computed property.
    return {
        name.decode("latin-1").lower(): value.decode("latin-1")
        for name, value in headers.raw
    }


_NO_RATE_LIMIT = RateLimitInfo()


def parse_rate_limit(headers: httpx.Headers, names: RateLimitHeaders) -> RateLimitInfo:
    """The spec's own headers first; the IETF ``RateLimit`` fields fill the gaps."""
    wanted = names.wire_fields
    if wanted is None:
        return _rate_limit_from_fields(_lowercase_fields(headers), names)
    # Decode only the fields read below; the others stay bytes.
    fields: dict[str, str] = {}
    for name, value in headers.raw:
        text = wanted.get(name.lower())
        if text is not None:
            fields[text] = value.decode("latin-1")
    if not fields:
        return _NO_RATE_LIMIT
    if not _IETF_FIELDS.isdisjoint(fields):
        return _rate_limit_from_fields(fields, names)
    # Only the spec's own fields: what _rate_limit_from_fields reads, without the
    # IETF fallbacks that cannot apply.
    get = fields.get
    limit, remaining, interval_ms, daily, daily_remaining = names.lowercase
    return RateLimitInfo(
        _field_int(get(limit)) if limit else None,
        _field_int(get(remaining)) if remaining else None,
        _field_int(get(interval_ms)) if interval_ms else None,
        _field_int(get(daily)) if daily else None,
        _field_int(get(daily_remaining)) if daily_remaining else None,
    )


def _rate_limit_from_fields(
    fields: Mapping[str, str], names: RateLimitHeaders
) -> RateLimitInfo:
    has_ietf = not _IETF_FIELDS.isdisjoint(fields)
    ietf = _ietf_limit(fields) if has_ietf else _NO_IETF_LIMIT
    limit = _header_int(fields, names.max)
    remaining = _header_int(fields, names.remaining)
    interval_ms = _header_int(fields, names.interval_ms)
    if interval_ms is None and ietf.window_seconds is not None:
        interval_ms = ietf.window_seconds * 1000
    return RateLimitInfo(
        max=ietf.limit if limit is None else limit,
        remaining=ietf.remaining if remaining is None else remaining,
        interval_ms=interval_ms,
        daily=_header_int(fields, names.daily),
        daily_remaining=_header_int(fields, names.daily_remaining),
    )


def _seconds(text: str, scale: float = 1.0) -> float | None:
    if len(text) > 64:
        _logger.debug("ignored a wait of %d characters", len(text))
        return None
    try:
        value = float(text) * scale
    except ValueError:
        return None
    return max(0.0, value) if math.isfinite(value) else None


def server_requested_wait(
    headers: httpx.Headers, names: RateLimitHeaders, now: float | None = None
) -> float | None:
    """Seconds the server asked us to wait, or ``None`` when it did not say.

    ``retry-after-ms`` is the most precise, then ``Retry-After`` (seconds or an HTTP
    date); failing both, an exhausted window (remaining 0) is waited out.
    """
    millis = headers.get("retry-after-ms")
    if millis is not None:
        wait = _seconds(millis, 0.001)
        if wait is not None:
            return wait
    retry_after = headers.get("retry-after")
    if retry_after is not None:
        wait = _seconds(retry_after)
        if wait is not None:
            return wait
        try:
            import email.utils  # only HTTP-date Retry-After values need email

            when: datetime.datetime | None = email.utils.parsedate_to_datetime(
                retry_after.strip()
            )
        except (TypeError, ValueError, IndexError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=datetime.timezone.utc)
            current = time.time() if now is None else now
            return max(0.0, when.timestamp() - current)
    info = parse_rate_limit(headers, names)
    if info.remaining == 0:
        reset = _ietf_limit(_lowercase_fields(headers)).reset_seconds
        if reset is not None:
            return float(reset)
        if info.interval_ms is not None:
            return info.interval_ms / 1000.0
    return None
