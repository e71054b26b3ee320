"""A client assembled by hand from the runtime's source modules, as a generated package
assembles one, for the HubSpot simulator's one endpoint: the runtime is tested here
without any generated code in between."""

from __future__ import annotations

from typing import Any

import httpx

from generator.runtime import _codec as rt
from generator.runtime._client_base import AsyncAPIClient, Credential, SyncAPIClient
from generator.runtime._policy import Operation, Param, RateLimitHeaders, Settings

PATH_TEMPLATE = "/crm/v3/associations/{fromObjectType}/{toObjectType}/batch/create"

HUBSPOT_HEADERS = RateLimitHeaders(
    max="X-HubSpot-RateLimit-Max",
    remaining="X-HubSpot-RateLimit-Remaining",
    interval_ms="X-HubSpot-RateLimit-Interval-Milliseconds",
    daily="X-HubSpot-RateLimit-Daily",
    daily_remaining="X-HubSpot-RateLimit-Daily-Remaining",
)

SETTINGS = Settings(
    package="runtime_under_test",
    version="0",
    base_url="http://127.0.0.1:9",
    token_env=None,
    correlation_header="X-HubSpot-Correlation-Id",
    correlation_field="correlationId",
    rate_limit_headers=HUBSPOT_HEADERS,
    non_retryable_field="policyName",
    non_retryable_values=frozenset({"DAILY"}),
    error_category_fields=("category", "errorType"),
)

CREATE: Operation[dict[str, Any]] = Operation(
    name="create",
    method="POST",
    path=PATH_TEMPLATE,
    params=(Param("fromObjectType", "path", rt.STR), Param("toObjectType", "path", rt.STR)),
    responses={"200": rt.OBJECT, "201": rt.OBJECT, "207": rt.OBJECT},
    error=rt.OBJECT,
    idempotent=True,
    body_codec=rt.OBJECT,
)

BEARER = Credential("bearer", "bearer", None, ("access_token",), ("",))


def body(*pairs: tuple[str, str]) -> dict[str, Any]:
    pairs = pairs or (("53628", "12726"),)
    return {
        "inputs": [
            {"from": {"id": a}, "to": {"id": b}, "type": "contact_to_company"} for a, b in pairs
        ]
    }


class Client(SyncAPIClient):
    _settings = SETTINGS
    _credentials = (BEARER,)
    _credentials_required = True

    def __init__(self, access_token: str | None = None, **options: Any) -> None:
        super().__init__(credentials={"access_token": access_token}, **options)

    def create(self, payload: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
        call: dict[str, Any] = {"max_retries": rt.UNSET, "timeout": rt.UNSET}
        call.update(options)
        return self._call(
            CREATE,
            ("contacts", "companies"),
            body() if payload is None else payload,
            extra_headers=call.pop("extra_headers", None),
            **call,
        )


class AsyncClient(AsyncAPIClient):
    _settings = SETTINGS
    _credentials = (BEARER,)
    _credentials_required = True

    def __init__(self, access_token: str | None = None, **options: Any) -> None:
        super().__init__(credentials={"access_token": access_token}, **options)

    async def create(self, payload: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
        call: dict[str, Any] = {"max_retries": rt.UNSET, "timeout": rt.UNSET}
        call.update(options)
        return await self._call(
            CREATE,
            ("contacts", "companies"),
            body() if payload is None else payload,
            extra_headers=call.pop("extra_headers", None),
            **call,
        )


def response(
    status: int, content: bytes = b"", headers: dict[str, str] | None = None
) -> httpx.Response:
    """A response as the client receives one (with its request), built without I/O."""
    request = httpx.Request("POST", "http://127.0.0.1/x")
    return httpx.Response(status, content=content, headers=headers or {}, request=request)
