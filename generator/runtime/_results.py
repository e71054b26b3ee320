"""How a response becomes the caller's result, or the exception that explains it."""

from __future__ import annotations

import json
from typing import Any, TypeVar

import httpx

from ._codec import DecodeError, _BodyKind, begin_decode, decode_strictly
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    status_error_class,
)
from ._policy import Operation, Settings
from ._ratelimit import server_requested_wait
from ._secrets import Redactor

__all__: list[str] = []

R = TypeVar("R")


def parse_body(response: httpx.Response) -> object:
    """The body as JSON when it is JSON, else as text; an empty body is ``None``."""
    content = response.content
    if not content.strip():
        return None
    starts_like_json = content.lstrip()[:1] in (b"{", b"[")
    if starts_like_json or "json" in response.headers.get("content-type", ""):
        try:
            return json.loads(content)
        except (ValueError, RecursionError):
            # Not JSON after all, or nested deeper than Python's recursion allows.
            pass
    return response.text


def transport_error(
    operation: Operation[Any],
    error: httpx.RequestError,
    attempts: int,
    redact: Redactor,
) -> APIError:
    kind = type(error).__name__
    tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
    where = f"{operation.method} {operation.path}{_target(error)}"
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(redact(f"{where} timed out ({kind}) {tries}"))
    detail = " ".join(str(error).split())[:200] or "no detail"
    return APIConnectionError(redact(f"{where} failed ({kind}: {detail}) {tries}"))


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _target(error: httpx.RequestError) -> str:
    """`` to scheme://host:port`` of the request that failed: a wrong base_url shows."""
    try:
        url = error.request.url
    except RuntimeError:  # an error httpx raised without its request
        return ""
    port = url.port or _DEFAULT_PORTS.get(url.scheme)
    return f" to {url.scheme}://{url.host}:{port}" if url.host else f" to {url.scheme}:"


def _correlation_id(
    response: httpx.Response, body: object, settings: Settings
) -> str | None:
    if settings.correlation_header is not None:
        from_header: str | None = response.headers.get(settings.correlation_header)
        if from_header:
            return from_header
    if settings.correlation_field is not None and isinstance(body, dict):
        from_body = body.get(settings.correlation_field)
        if isinstance(from_body, str) and from_body:
            return from_body
    return None


def status_error(
    operation: Operation[Any],
    response: httpx.Response,
    settings: Settings,
    redact: Redactor,
) -> APIStatusError:
    """The exception for a non-2xx response, whatever its body looks like."""
    body = parse_body(response)
    error_model: Any = None
    reader = operation.error_reader(response.status_code)
    if reader is not None and isinstance(body, dict):
        try:
            begin_decode()
            error_model = reader.decode(body)
        except (DecodeError, RecursionError):
            error_model = None
    message = ""
    category: str | None = None
    if isinstance(body, dict):
        field = settings.error_message_field
        if field is not None and isinstance(body.get(field), str):
            message = body[field]
        for key in settings.error_category_fields:
            if isinstance(body.get(key), str):
                category = body[key]
                break
    if not message:
        reason = response.reason_phrase or "error"
        content_type = response.headers.get("content-type", "no content type")
        shape = f"{content_type.split(';')[0]}, {len(response.content)} bytes"
        message = f"HTTP {response.status_code} {reason} ({shape})"
    return status_error_class(response.status_code)(
        redact(message),
        status_code=response.status_code,
        headers=response.headers,
        body=body,
        error=error_model,
        correlation_id=_correlation_id(response, body, settings),
        retry_after=server_requested_wait(
            response.headers, settings.rate_limit_headers
        ),
        category=category,
        response=response,
    )


def read_success(
    operation: Operation[R], response: httpx.Response, strict: bool = False
) -> R:
    """Decode a 2xx response into the operation's result; never silently ``None``.

    A value of the wrong type in an optional property is read as absent and listed
    in the model's ``schema_mismatches``, unless ``strict``: then it is refused like
    any other mismatch.
    """
    reader = operation.success_reader(response.status_code)
    if reader is None:
        raise APIResponseValidationError(
            f"{operation.name}: undocumented success status {response.status_code}",
            status_code=response.status_code,
            body=parse_body(response),
            response=response,
        )
    result: Any
    if isinstance(reader, _BodyKind):
        if reader.kind == "text":
            result = response.text
        elif reader.kind == "bytes":
            result = response.content
        else:
            result = None
        return result  # type: ignore[no-any-return]
    try:
        payload = json.loads(response.content)
    except RecursionError:
        raise APIResponseValidationError(
            f"{operation.name}: the {response.status_code} response body nests deeper "
            "than can be decoded",
            status_code=response.status_code,
            body=None,
            response=response,
        ) from None
    except ValueError:
        content_type = response.headers.get("content-type", "no content type")
        raise APIResponseValidationError(
            f"{operation.name}: the {response.status_code} response body is not JSON "
            f"({content_type.split(';')[0]}, {len(response.content)} bytes)",
            status_code=response.status_code,
            body=response.text[:1000],
            response=response,
        ) from None
    try:
        if strict:
            result = decode_strictly(reader, payload)
        else:
            begin_decode()
            result = reader.decode(payload)
    except RecursionError:
        raise APIResponseValidationError(
            f"{operation.name}: the {response.status_code} response nests deeper than "
            "can be decoded",
            status_code=response.status_code,
            body=None,
            response=response,
        ) from None
    except DecodeError as exc:
        raise APIResponseValidationError(
            f"{operation.name}: the {response.status_code} response does not match "
            f"the spec at {exc}",
            status_code=response.status_code,
            body=payload,
            response=response,
        ) from None
    return result  # type: ignore[no-any-return]


def unexpected(
    operation: Operation[Any], response: httpx.Response | None, error: Exception
) -> APIError:
    """An error no rule above foresaw, while a response was read: still an ``APIError``
    (its cause chained), so a caller's ``except APIError`` and the bulk helpers'
    accounting hold whatever happened."""
    kind = type(error).__name__
    where = f"{operation.method} {operation.path}"
    if response is None:
        return APIConnectionError(f"{where} failed ({kind})")
    return APIResponseValidationError(
        f"{where}: the {response.status_code} response could not be read ({kind})",
        status_code=response.status_code,
        body=None,
        response=response,
    )
