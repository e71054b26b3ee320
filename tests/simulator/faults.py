"""Scripted misbehaviour and rate-limit settings for the HubSpot simulator."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

FaultKind = Literal[
    "status",
    "html",
    "empty",
    "sleep",
    "close_connection",
    "reset_connection",
    "rate_limited",
    "redirect",
    "raw",
]


@dataclass(frozen=True)
class RateLimit:
    """A rolling window of ``max_requests`` per ``interval_ms``, plus an optional daily cap.

    HubSpot's real rolling window is 10 000 ms; tests use shorter ones to stay fast.
    """

    max_requests: int = 10
    interval_ms: int = 1000
    daily: int | None = None

    def __post_init__(self) -> None:
        if self.max_requests < 1 or self.interval_ms < 1:
            raise ValueError("max_requests and interval_ms must be positive")
        if self.daily is not None and self.daily < 0:
            raise ValueError("daily must not be negative")


def _header_value(value: str | int | float) -> str:
    if isinstance(value, bool):
        raise TypeError("a header value cannot be a bool")
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Fault:
    """One scripted answer; build it with the class methods, not the constructor."""

    kind: FaultKind
    status_code: int = 0
    body: Mapping[str, Any] | None = None
    raw_body: bytes = b""
    content_type: str | None = None
    seconds: float = 0.0
    location: str = ""
    retry_after: str | None = None
    retry_after_ms: str | None = None
    daily: bool = False
    remaining_zero_headers: bool = False
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def status(cls, code: int, body: Mapping[str, Any] | None = None) -> Fault:
        """A JSON error in HubSpot's shape for ``code``; ``body`` replaces it verbatim."""
        return cls(kind="status", status_code=code, body=body)

    @classmethod
    def html(cls, code: int = 502) -> Fault:
        """A CDN error page (``text/html``), as Cloudflare sends in front of HubSpot."""
        return cls(kind="html", status_code=code)

    @classmethod
    def empty(cls, code: int = 503) -> Fault:
        """An empty body with no Content-Type header at all."""
        return cls(kind="empty", status_code=code)

    @classmethod
    def sleep(cls, seconds: float) -> Fault:
        """Wait ``seconds`` (cut short by server shutdown), then answer normally."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        return cls(kind="sleep", seconds=seconds)

    @classmethod
    def close_connection(cls) -> Fault:
        """Read the request, then close the socket without sending a single byte."""
        return cls(kind="close_connection")

    @classmethod
    def reset_connection(cls) -> Fault:
        """Read the request, then abort the connection with a TCP reset (no FIN first)."""
        return cls(kind="reset_connection")

    @classmethod
    def rate_limited(
        cls,
        retry_after: str | int | float | None = None,
        retry_after_ms: str | int | float | None = None,
        daily: bool = False,
        remaining_zero_headers: bool = False,
    ) -> Fault:
        """HubSpot's 429 (TEN_SECONDLY_ROLLING, or DAILY), with optional retry hints.

        ``retry_after`` is sent as given, so an HTTP-date can be passed as a string.
        """
        return cls(
            kind="rate_limited",
            status_code=429,
            retry_after=None if retry_after is None else _header_value(retry_after),
            retry_after_ms=None if retry_after_ms is None else _header_value(retry_after_ms),
            daily=daily,
            remaining_zero_headers=remaining_zero_headers,
        )

    @classmethod
    def redirect(cls, location: str, code: int = 307) -> Fault:
        return cls(kind="redirect", status_code=code, location=location)

    @classmethod
    def raw(
        cls,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: Mapping[str, str] | None = None,
    ) -> Fault:
        """Exactly this status, body and Content-Type (none when ``None``), plus ``headers``.

        A name in ``headers`` replaces the simulator's own header of that name (the
        correlation id), so a test can send it empty or with another value.
        """
        return cls(
            kind="raw",
            status_code=status,
            raw_body=body,
            content_type=content_type,
            headers=tuple((headers or {}).items()),
        )
