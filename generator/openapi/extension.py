"""``x-apiwright``: the generator's own settings in the spec, checked and read in one place.

The root's ``x-apiwright`` mapping becomes one :class:`Settings`; a wrong shape is a located
error here, so nothing later reads the raw mapping. An operation's ``x-apiwright-idempotent``
is read by :func:`idempotent_override`, its ``x-apiwright-pagination`` by
:func:`read_pagination`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..loader import Document

EXTENSION = "x-apiwright"
IDEMPOTENT = f"{EXTENSION}-idempotent"

_STRINGS = ("client", "tokenEnv")
_TABLES: dict[str, tuple[str, ...]] = {
    "correlationId": ("header", "bodyField"),
    "rateLimitHeaders": ("max", "remaining", "intervalMs", "daily", "dailyRemaining"),
    "nonRetryableRateLimits": ("bodyField",),
    "errorBody": ("messageField",),
}


@dataclass(frozen=True)
class RateLimitHeaderSettings:
    """Header names an API uses for its rate-limit window, where they are not the usual ones."""

    max: str | None = None
    remaining: str | None = None
    interval_ms: str | None = None
    daily: str | None = None
    daily_remaining: str | None = None


@dataclass(frozen=True)
class Settings:
    """What ``x-apiwright`` says; every field None (or empty) when the spec does not say it."""

    client: str | None = None
    token_env: str | None = None
    correlation_header: str | None = None
    correlation_field: str | None = None
    rate_limit_headers: RateLimitHeaderSettings = field(default_factory=RateLimitHeaderSettings)
    non_retryable_field: str | None = None
    non_retryable_values: tuple[str, ...] = ()
    error_message_field: str | None = None
    error_category_fields: tuple[str, ...] = ()


def read_settings(document: Document) -> Settings:
    """The root document's ``x-apiwright``; a wrong shape raises a located SpecError."""
    raw = document.data.get(EXTENSION)
    where = f"/{EXTENSION}"
    if raw is None:
        return Settings()
    if not isinstance(raw, dict):
        raise document.error(f"{EXTENSION} must be a mapping", where)
    for key in _STRINGS:
        if key in raw and not isinstance(raw[key], str):
            raise document.error(f"{EXTENSION} {key} must be a string", f"{where}/{key}")
    tables = {key: _table(document, raw, key, fields) for key, fields in _TABLES.items()}
    values = tables["nonRetryableRateLimits"].get("values")
    if values is not None and not (
        isinstance(values, list) and all(isinstance(v, (str, int)) for v in values)
    ):
        raise document.error(
            f"{EXTENSION} nonRetryableRateLimits.values must be a list of strings",
            f"{where}/nonRetryableRateLimits/values",
        )
    categories = tables["errorBody"].get("categoryFields")
    if categories is not None and not (
        isinstance(categories, list) and all(isinstance(v, str) for v in categories)
    ):
        raise document.error(
            f"{EXTENSION} errorBody.categoryFields must be a list of strings",
            f"{where}/errorBody/categoryFields",
        )
    correlation, headers = tables["correlationId"], tables["rateLimitHeaders"]
    return Settings(
        client=raw.get("client"),
        token_env=raw.get("tokenEnv"),
        correlation_header=correlation.get("header"),
        correlation_field=correlation.get("bodyField"),
        rate_limit_headers=RateLimitHeaderSettings(
            max=headers.get("max"),
            remaining=headers.get("remaining"),
            interval_ms=headers.get("intervalMs"),
            daily=headers.get("daily"),
            daily_remaining=headers.get("dailyRemaining"),
        ),
        non_retryable_field=tables["nonRetryableRateLimits"].get("bodyField"),
        non_retryable_values=tuple(str(value) for value in values or ()),
        error_message_field=tables["errorBody"].get("messageField"),
        error_category_fields=tuple(categories or ()),
    )


def _table(
    document: Document, raw: dict[str, Any], key: str, fields: tuple[str, ...]
) -> dict[str, Any]:
    where = f"/{EXTENSION}/{key}"
    table = raw.get(key)
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise document.error(f"{EXTENSION} {key} must be a mapping", where)
    for name in fields:
        if name in table and not isinstance(table[name], str):
            raise document.error(f"{EXTENSION} {key}.{name} must be a string", f"{where}/{name}")
    return table


def idempotent_override(operation: dict[str, Any]) -> bool | None:
    """An operation's ``x-apiwright-idempotent``, when it is a boolean."""
    value = operation.get(IDEMPOTENT)
    return value if isinstance(value, bool) else None


PAGINATION = f"{EXTENSION}-pagination"
PAGING_STYLES = ("cursor", "link", "nextUrl", "offset")
# What each style needs the spec to name, beyond ``style`` (``items`` is always optional).
_PAGING_NEEDS: dict[str, tuple[str, ...]] = {
    "cursor": ("cursorParam", "nextCursor"),
    "link": (),
    "nextUrl": ("nextUrl",),
    "offset": ("offsetParam", "total"),
}
_PAGING_KEYS = ("style", "items", "cursorParam", "nextCursor", "nextUrl", "offsetParam", "total")


@dataclass(frozen=True)
class PaginationSettings:
    """An operation's ``x-apiwright-pagination``: how it pages, where the spec alone is
    ambiguous. Paths (``nextCursor``, ``nextUrl``, ``total``) are dotted property names in the
    response body; ``items`` names the body's array property (none: the body is the array)."""

    style: str
    items: str | None = None
    cursor_param: str | None = None
    next_cursor: tuple[str, ...] = ()
    next_url: tuple[str, ...] = ()
    offset_param: str | None = None
    total: tuple[str, ...] = ()


def read_pagination(
    document: Document, operation: dict[str, Any], pointer: str
) -> PaginationSettings | bool | None:
    """An operation's ``x-apiwright-pagination``: ``False`` turns detection off, a mapping
    declares the shape, ``None`` when absent; a wrong shape raises a located SpecError."""
    raw = operation.get(PAGINATION)
    where = f"{pointer}/{PAGINATION}"
    if raw is None:
        return None
    if raw is False:
        return False
    if not isinstance(raw, dict):
        raise document.error(f"{PAGINATION} must be false or a mapping", where)
    for key, value in raw.items():
        if key not in _PAGING_KEYS:
            raise document.error(
                f"{PAGINATION} has an unknown key {key!r} (known: {', '.join(_PAGING_KEYS)})",
                f"{where}/{key}",
            )
        if not isinstance(value, str) or not value:
            raise document.error(
                f"{PAGINATION} {key} must be a non-empty string", f"{where}/{key}"
            )
    style = raw.get("style")
    if style not in _PAGING_NEEDS:
        raise document.error(
            f"{PAGINATION} style must be one of {', '.join(PAGING_STYLES)}", f"{where}/style"
        )
    missing = [key for key in _PAGING_NEEDS[style] if key not in raw]
    if missing:
        raise document.error(
            f"{PAGINATION} style {style} needs {' and '.join(missing)}", where
        )

    def path(key: str) -> tuple[str, ...]:
        value = raw.get(key)
        return tuple(value.split(".")) if isinstance(value, str) else ()

    return PaginationSettings(
        style=style,
        items=raw.get("items"),
        cursor_param=raw.get("cursorParam"),
        next_cursor=path("nextCursor"),
        next_url=path("nextUrl"),
        offset_param=raw.get("offsetParam"),
        total=path("total"),
    )
