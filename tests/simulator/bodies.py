"""Response bodies shaped like the ones HubSpot's CRM v3 API sends.

Shapes follow ../shared/hubspot-facts.md: error bodies carry ``"status": "error"`` and a
fresh ``correlationId``; 429 bodies use ``errorType``/``policyName`` and have no ``category``;
some 400s and the 500 have no ``category`` either.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any

JSON_CONTENT_TYPE = "application/json;charset=utf-8"

AUTH_NOT_FOUND_MESSAGE = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
    "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)
MISSING_SCOPES_MESSAGE = (
    "This app hasn't been granted all required scopes to make this call. Read more about "
    "required scopes here: https://developers.hubspot.com/scopes."
)
ROLLING_GROUP_NAME = "publicapi:hapikey-api-calls-ten-secondly:6748263"

CDN_HTML_TEMPLATE = (
    "<html>\r\n<head><title>{code} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{code} {phrase}</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    "</body>\r\n</html>\r\n"
)

_DEFAULT_CATEGORIES: dict[int, str] = {
    400: "VALIDATION_ERROR",
    401: "INVALID_AUTHENTICATION",
    403: "MISSING_SCOPES",
    404: "OBJECT_NOT_FOUND",
    409: "CONFLICT",
}


def new_correlation_id() -> str:
    return str(uuid.uuid4())


def encode_json(body: object) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def hubspot_timestamp(moment: datetime | None = None) -> str:
    """UTC timestamp with millisecond precision and a trailing ``Z``, as HubSpot sends it."""
    value = (moment or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def error_body(
    message: str,
    correlation_id: str,
    category: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {"status": "error", "message": message, "correlationId": correlation_id}
    body.update(extra)
    if category is not None:
        body["category"] = category
    return body


def validation_error(message: str, correlation_id: str) -> dict[str, Any]:
    return error_body(message, correlation_id, "VALIDATION_ERROR")


def unknown_object_type(segment: str, correlation_id: str) -> dict[str, Any]:
    return error_body(f"Unable to infer object type from: {segment}", correlation_id)


def too_many_inputs(limit: int, correlation_id: str) -> dict[str, Any]:
    return validation_error(
        f"The maximum number of inputs supported in a batch is {limit}. "
        "Please reduce the number of items and try again",
        correlation_id,
    )


def auth_not_found(correlation_id: str) -> dict[str, Any]:
    return error_body(AUTH_NOT_FOUND_MESSAGE, correlation_id, "INVALID_AUTHENTICATION")


def auth_expired(correlation_id: str, expired_at: str) -> dict[str, Any]:
    return error_body(
        "The OAuth token used to make this call expired 0 second(s) ago.",
        correlation_id,
        "EXPIRED_AUTHENTICATION",
        context={"expire time": [expired_at]},
    )


def missing_scopes(correlation_id: str) -> dict[str, Any]:
    return error_body(
        MISSING_SCOPES_MESSAGE,
        correlation_id,
        "MISSING_SCOPES",
        errors=[
            {
                "message": "One or more of the following scopes are required.",
                "context": {
                    "requiredGranularScopes": [
                        "crm.objects.contacts.write",
                        "crm.objects.companies.write",
                    ]
                },
            }
        ],
        links={"scopes": "https://developers.hubspot.com/scopes"},
    )


def rate_limited(correlation_id: str, *, daily: bool = False) -> dict[str, Any]:
    if daily:
        return error_body(
            "You have reached your daily limit.",
            correlation_id,
            errorType="RATE_LIMIT",
            policyName="DAILY",
        )
    return error_body(
        "You have reached your ten_secondly_rolling limit.",
        correlation_id,
        errorType="RATE_LIMIT",
        policyName="TEN_SECONDLY_ROLLING",
        groupName=ROLLING_GROUP_NAME,
    )


def not_found(method: str, path: str, correlation_id: str) -> dict[str, Any]:
    return error_body(
        f"Unable to route {method} request to {path}", correlation_id, "OBJECT_NOT_FOUND"
    )


def internal_error(correlation_id: str) -> dict[str, Any]:
    return error_body("internal error", correlation_id)


def default_error(code: int, correlation_id: str) -> dict[str, Any]:
    """The body a bare ``Fault.status(code)`` answers with."""
    if code == 401:
        return auth_not_found(correlation_id)
    if code == 403:
        return missing_scopes(correlation_id)
    if code == 429:
        return rate_limited(correlation_id)
    if code == 500:
        return internal_error(correlation_id)
    try:
        status = HTTPStatus(code)
        phrase, name = status.phrase, status.name
    except ValueError:
        phrase, name = f"HTTP {code}", f"HTTP_{code}"
    if code >= 500:
        # The facts show HubSpot's 5xx bodies without a category.
        return error_body(phrase, correlation_id)
    return error_body(phrase, correlation_id, _DEFAULT_CATEGORIES.get(code, name))


def cdn_html(code: int) -> bytes:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "Error"
    return CDN_HTML_TEMPLATE.format(code=code, phrase=phrase).encode("utf-8")


def batch_response(
    results: list[dict[str, Any]],
    started_at: str,
    completed_at: str,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    # Real success bodies carry "errors": [] too; numErrors only appears on 207s.
    body: dict[str, Any] = {
        "status": "COMPLETE",
        "results": results,
        "errors": errors or [],
        "requestedAt": None,
        "startedAt": started_at,
        "completedAt": completed_at,
        "links": {},
    }
    if errors:
        body["numErrors"] = len(errors)
    return body


def standard_error(category: str, message: str, context: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "status": "error",
        "category": category,
        "message": message,
        "context": context,
        "errors": [],
        "links": {},
    }
