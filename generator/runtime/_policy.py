"""What the generated client declares: the API's settings and one descriptor per
operation, which the runtime reads so that each generated method is a single call.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._codec import Codec, _BodyKind
from ._ratelimit import RateLimitHeaders as RateLimitHeaders
from ._ratelimit import RateLimitInfo as RateLimitInfo

__all__: list[str] = []

R = TypeVar("R")


@dataclass(frozen=True)
class Settings:
    """What the spec says about the API as a whole, for the runtime to act on."""

    package: str
    version: str
    base_url: str
    token_env: str | None
    correlation_header: str | None = None
    correlation_field: str | None = None
    rate_limit_headers: RateLimitHeaders = field(default_factory=RateLimitHeaders)
    non_retryable_field: str | None = None
    non_retryable_values: frozenset[str] = frozenset()
    # Where an error body holds its message, and its category (the first present).
    error_message_field: str | None = "message"
    error_category_fields: tuple[str, ...] = ()

    @functools.cached_property
    def user_agent(self) -> str:
        return f"{self.package}/{self.version} httpx/{httpx.__version__}"


@dataclass(frozen=True)
class Param:
    """One operation parameter: wire name, where it goes, how it is serialised."""

    wire: str
    location: str
    codec: Codec[Any]
    style: str = "simple"
    explode: bool = False


@dataclass(frozen=True)
class BodyPart:
    """A property of a form or multipart body sent as its Encoding Object says: with a
    parameter's style and explode (form), or under its own content type (multipart)."""

    wire: str
    style: str = "form"
    explode: bool = True
    content_type: str | None = None


@dataclass(frozen=True)
class Operation(Generic[R]):
    """One API operation as data; the runtime reads it, so each method is one call."""

    name: str
    method: str
    path: str
    params: tuple[Param, ...]
    responses: Mapping[str, Codec[Any] | _BodyKind]
    error: Codec[Any] | None
    idempotent: bool
    body_codec: Codec[Any] | None = None
    body_encoding: str = "json"
    body_media_type: str = "application/json"
    body_parts: tuple[BodyPart, ...] = ()
    # The error schemas the spec documents by status or range, before ``error``.
    errors: Mapping[str, Codec[Any]] | None = None
    # Alternatives of security scheme names (sent together); None: the spec is silent.
    security: tuple[tuple[str, ...], ...] | None = None

    if not TYPE_CHECKING:
        # The result type is for type checkers alone. At run time a descriptor's
        # ``Operation[...]`` is the class itself: no generic alias to build, and the
        # type may be a string naming models that load on first use.
        def __class_getitem__(cls, result_type: object) -> type:
            return cls

    @functools.cached_property
    def accept(self) -> str:
        """The ``Accept`` header: JSON if any response is JSON, or none is declared."""
        reads_json = any(
            not isinstance(reader, _BodyKind) for reader in self.responses.values()
        )
        return "application/json" if reads_json or not self.responses else "*/*"

    @functools.cached_property
    def follows_redirects(self) -> bool:
        """False where the spec documents a 3xx response: that is the result."""
        return not any(status[:1] == "3" for status in self.responses)

    def documents_redirect(self, status_code: int) -> bool:
        """Whether ``status_code`` is a 3xx documented as this operation's result."""
        return 300 <= status_code < 400 and (
            str(status_code) in self.responses
            or f"{status_code // 100}XX" in self.responses
        )

    def error_reader(self, status_code: int) -> Codec[Any] | None:
        """The schema an error body of this status is read with, if any."""
        if self.errors:
            found = self.errors.get(str(status_code))
            if found is None:
                found = self.errors.get(f"{status_code // 100}XX")
            if found is not None:
                return found
        return self.error

    def success_reader(self, status_code: int) -> Codec[Any] | _BodyKind | None:
        exact = self.responses.get(str(status_code))
        if exact is not None:
            return exact
        ranged = self.responses.get(f"{status_code // 100}XX")
        if ranged is not None:
            return ranged
        distinct = {id(reader): reader for reader in self.responses.values()}
        # An undocumented 2xx is read as the only documented success shape, if there
        # is one: HubSpot switched this very endpoint from 201 to 200 without telling.
        return next(iter(distinct.values())) if len(distinct) == 1 else None
