"""``_results`` and ``_exceptions``: how a response becomes a result or an exception."""

from __future__ import annotations

import json
import pickle
from typing import Any

import httpx
import pytest

from generator.runtime import _codec as rt
from generator.runtime import _exceptions, _results
from generator.runtime._policy import Operation, Settings
from generator.runtime._secrets import Redactor
from tests.runtime.client import CREATE, SETTINGS, response

NO_SECRET = Redactor(None)


def test_parse_body_reads_json_text_and_nothing() -> None:
    assert _results.parse_body(response(400, b' {"a": 1}')) == {"a": 1}
    assert _results.parse_body(response(502, b"<html>bad</html>")) == "<html>bad</html>"
    assert _results.parse_body(response(502, b"{not json")) == "{not json"
    assert _results.parse_body(response(500, b"  \n")) is None


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, _exceptions.BadRequestError),
        (401, _exceptions.AuthenticationError),
        (403, _exceptions.PermissionDeniedError),
        (404, _exceptions.NotFoundError),
        (409, _exceptions.ConflictError),
        (422, _exceptions.UnprocessableEntityError),
        (429, _exceptions.RateLimitError),
        (500, _exceptions.InternalServerError),
        (503, _exceptions.InternalServerError),
        (418, _exceptions.APIStatusError),
    ],
)
def test_each_status_has_its_error_class(status: int, cls: type[Exception]) -> None:
    assert _exceptions.status_error_class(status) is cls


def test_a_status_error_carries_what_the_body_and_headers_say() -> None:
    body = {"message": "slow down", "errorType": "RATE_LIMIT", "correlationId": "c-1"}
    answer = response(429, json.dumps(body).encode(), {"Retry-After": "3"})
    error = _results.status_error(CREATE, answer, SETTINGS, Redactor("slow"))
    assert isinstance(error, _exceptions.RateLimitError)
    assert (error.correlation_id, error.retry_after, error.category) == ("c-1", 3.0, "RATE_LIMIT")
    assert error.error == body
    assert str(error) == (
        "429 RateLimitError: [redacted] down category=RATE_LIMIT correlation_id=c-1 "
        "retry_after=3s"
    )


def test_a_status_error_without_a_message_describes_the_body() -> None:
    error = _results.status_error(CREATE, response(502, b"<html/>"), SETTINGS, NO_SECRET)
    assert str(error) == "502 InternalServerError: HTTP 502 Bad Gateway (no content type, 7 bytes)"


def test_errors_are_one_bounded_line_and_pickle_without_the_response() -> None:
    error = _results.status_error(
        CREATE, response(400, json.dumps({"message": "x\n" * 500}).encode()), SETTINGS, NO_SECRET
    )
    assert "\n" not in str(error) and len(str(error)) < 400
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is _exceptions.BadRequestError
    assert (copy.status_code, copy.body, copy.response) == (400, error.body, None)


def test_read_success_decodes_by_status() -> None:
    assert _results.read_success(CREATE, response(201, b'{"status": "COMPLETE"}')) == {
        "status": "COMPLETE"
    }


@pytest.mark.parametrize(
    ("status", "content", "message"),
    [
        (201, b"<html>", "the 201 response body is not JSON"),
        (201, b"[1]", r"does not match the spec at \$: expected an object, got list"),
    ],
)
def test_read_success_refuses_what_does_not_match(
    status: int, content: bytes, message: str
) -> None:
    with pytest.raises(_exceptions.APIResponseValidationError, match=message):
        _results.read_success(CREATE, response(status, content))


def test_an_undocumented_success_status_is_read_as_the_only_documented_shape() -> None:
    only: Operation[Any] = Operation(
        "get", "GET", "/", (), {"200": rt.OBJECT}, None, idempotent=True
    )
    assert _results.read_success(only, response(203, b"{}")) == {}
    two: Operation[Any] = Operation(
        "get", "GET", "/", (), {"200": rt.OBJECT, "204": rt.NO_BODY}, None, idempotent=True
    )
    assert _results.read_success(two, response(204)) is None
    with pytest.raises(_exceptions.APIResponseValidationError, match="undocumented"):
        _results.read_success(two, response(203, b"{}"))


def test_a_transport_error_names_the_route_and_the_attempts() -> None:
    request = httpx.Request("POST", "http://127.0.0.1/x")
    error = _results.transport_error(
        CREATE, httpx.ReadTimeout("slow", request=request), 3, NO_SECRET
    )
    assert isinstance(error, _exceptions.APITimeoutError)
    assert str(error).endswith("timed out (ReadTimeout) after 3 attempts")


def test_the_error_body_keys_come_from_the_settings() -> None:
    body = json.dumps({"detail": "gone", "message": "m", "kind": "K", "category": "C"}).encode()
    plain = _results.status_error(
        CREATE, response(410, body), Settings("p", "0", "", None), NO_SECRET
    )
    assert (plain.message, plain.category) == ("m", None)
    own = Settings(
        "p", "0", "", None, error_message_field="detail", error_category_fields=("kind",)
    )
    error = _results.status_error(CREATE, response(410, body), own, NO_SECRET)
    assert (error.message, error.category) == ("gone", "K")


def test_an_unforeseen_error_while_reading_is_still_an_api_error() -> None:
    answer = response(201, b"{}")
    error = _results.unexpected(CREATE, answer, OverflowError("huge"))
    assert isinstance(error, _exceptions.APIResponseValidationError)
    assert error.status_code == 201 and "OverflowError" in str(error)
    assert isinstance(_results.unexpected(CREATE, None, OSError()), _exceptions.APIConnectionError)
