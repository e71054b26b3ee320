"""Error responses over real HTTP: one exception class per status family, all APIError."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from hubspot_associations import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    Error,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    error_model,
)

from tests.conftest import TOKEN
from tests.e2e.conftest import Api
from tests.simulator import Fault, HubSpotSimulator

NO_RETRIES = {"max_retries": 0}


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (504, InternalServerError),
        (501, InternalServerError),
        (418, APIStatusError),
        (405, APIStatusError),
    ],
)
def test_each_status_raises_its_class(
    api: Api, simulator: HubSpotSimulator, status: int, error_class: type[APIStatusError]
) -> None:
    simulator.script(Fault.status(status))
    with pytest.raises(APIError) as caught:
        api.create(client_options=NO_RETRIES)
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, APIStatusError)
    assert error.status_code == status
    assert isinstance(error.headers, httpx.Headers)
    assert isinstance(error.body, dict)
    assert isinstance(error.error, Error)
    assert error.error.to_dict() == error.body
    correlation_id = error.headers["X-HubSpot-Correlation-Id"]
    assert error.correlation_id == correlation_id == error.body["correlationId"]
    assert error.message == error.body["message"]


def test_status_error_attributes_of_a_real_401(api: Api) -> None:
    api.token = "not-a-valid-token"
    with pytest.raises(AuthenticationError) as caught:
        api.create()
    error = caught.value
    assert error.category == "INVALID_AUTHENTICATION"
    assert error.headers["X-HubSpot-Auth-Failure"] == "401 Unauthorized"
    assert error.error is not None and error.error.category == "INVALID_AUTHENTICATION"
    assert error.retry_after is None


def test_403_keeps_the_error_details(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.missing_scopes = True
    with pytest.raises(PermissionDeniedError) as caught:
        api.create()
    assert caught.value.error is not None
    details = caught.value.error.errors
    assert isinstance(details, list) and isinstance(details[0].context, dict)
    assert "requiredGranularScopes" in details[0].context


def test_429_body_without_category_still_reports_one(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.rate_limited(daily=True))
    with pytest.raises(RateLimitError) as caught:
        api.create()
    error = caught.value
    assert error.category == "RATE_LIMIT"  # from errorType: 429 bodies have no category
    assert isinstance(error.body, dict) and error.body["policyName"] == "DAILY"
    assert error.error is not None
    assert error.error.policy_name == "DAILY"


@pytest.mark.parametrize(
    ("fault", "error_class", "shape"),
    [
        (Fault.html(502), InternalServerError, "text/html"),
        (Fault.html(404), NotFoundError, "text/html"),
        (Fault.html(400), BadRequestError, "text/html"),
        (Fault.empty(503), InternalServerError, "no content type, 0 bytes"),
        (Fault.empty(401), AuthenticationError, "no content type, 0 bytes"),
        (Fault.empty(429), RateLimitError, "no content type, 0 bytes"),
        (Fault.raw(500, b"upstream says no", "text/plain"), InternalServerError, "text/plain"),
        (Fault.raw(400, b"{not json", "application/json"), BadRequestError, "application/json"),
    ],
)
def test_html_and_empty_error_bodies_raise_the_right_class(
    api: Api,
    simulator: HubSpotSimulator,
    fault: Fault,
    error_class: type[APIStatusError],
    shape: str,
) -> None:
    simulator.script(fault)
    with pytest.raises(APIStatusError) as caught:
        api.create(client_options=NO_RETRIES)
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == fault.status_code
    assert error.error is None
    assert f"HTTP {fault.status_code}" in str(error)
    assert shape in str(error)
    if fault.kind == "empty":
        assert error.body is None
    else:
        assert isinstance(error.body, str) and error.body


def test_str_is_one_informative_line(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(
        Fault.status(
            400,
            {
                "status": "error",
                "message": "first line\nsecond line " + "x" * 5000,
                "correlationId": "c0ffee00-0000-4000-8000-000000000000",
                "category": "VALIDATION_ERROR",
            },
        )
    )
    with pytest.raises(BadRequestError) as caught:
        api.create()
    text = str(caught.value)
    assert "\n" not in text
    assert len(text) < 500
    assert text.startswith("400 BadRequestError: first line second line x")
    assert "category=VALIDATION_ERROR" in text
    # The header's id wins over the body's: both are HubSpot's, the header is always sent.
    assert f"correlation_id={caught.value.headers['X-HubSpot-Correlation-Id']}" in text


def test_correlation_id_falls_back_to_the_body(api: Api, simulator: HubSpotSimulator) -> None:
    body = b'{"message": "nope", "correlationId": "from-the-body"}'
    # Fault.raw always sends a correlation header; an empty one counts as absent.
    simulator.script(Fault.raw(400, body, "application/json", {"X-HubSpot-Correlation-Id": ""}))
    with pytest.raises(BadRequestError) as caught:
        api.create()
    assert caught.value.correlation_id == "from-the-body"


def test_every_error_class_derives_from_api_error() -> None:
    for error_class in (
        APIConnectionError,
        APITimeoutError,
        APIResponseValidationError,
        APIStatusError,
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        UnprocessableEntityError,
        RateLimitError,
        InternalServerError,
    ):
        assert issubclass(error_class, APIError)
    assert issubclass(APITimeoutError, APIConnectionError)


def test_status_errors_pickle(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.rate_limited(retry_after=3600))
    with pytest.raises(RateLimitError) as caught:
        api.create()
    error = caught.value
    assert error.response is not None
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is RateLimitError
    assert str(copy) == str(error)
    assert (copy.status_code, copy.body, copy.error, copy.correlation_id, copy.retry_after) == (
        error.status_code,
        error.body,
        error.error,
        error.correlation_id,
        error.retry_after,
    )
    assert copy.headers == error.headers
    assert copy.response is None  # a live response does not travel


def test_transport_and_validation_errors_pickle(api: Api, simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.close_connection(), Fault.raw(201, b"", None))
    with pytest.raises(APIConnectionError) as connection:
        api.create(client_options=NO_RETRIES)
    with pytest.raises(APIResponseValidationError) as validation:
        api.create()
    for error in (connection.value, validation.value):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert str(copy) == str(error)
    assert pickle.loads(pickle.dumps(validation.value)).status_code == 201


def test_error_model_reads_error_typed(api: Api, simulator: HubSpotSimulator) -> None:
    api.token = "not-a-valid-token"
    with pytest.raises(AuthenticationError) as caught:
        api.create()
    model = error_model(caught.value)
    assert isinstance(model, Error) and model is caught.value.error
    assert model.category == "INVALID_AUTHENTICATION"
    simulator.script(Fault.html(502))
    api.token = TOKEN
    with pytest.raises(InternalServerError) as html:
        api.create(client_options=NO_RETRIES)
    assert error_model(html.value) is None


# Code a user writes: the model's attributes are typed (a str, not Any).
TYPED_ERROR_USE = """\
from hubspot_associations import APIStatusError, Error, error_model


def message_of(error: APIStatusError) -> str | None:
    model: Error | None = error_model(error)
    if model is None or not isinstance(model.message, str):
        return None
    return model.message
"""
# The same, wrong: error_model() is not Any, so each numbered line is refused.
TYPED_ERROR_MISUSE = """\
from hubspot_associations import APIStatusError, error_model


def misuse(error: APIStatusError) -> None:
    count: int = error_model(error)
    model = error_model(error)
    assert model is not None
    model.no_such_field
    size: int = model.message
"""


def test_error_model_is_typed_for_mypy(tmp_path: Path) -> None:
    (tmp_path / "use.py").write_text(TYPED_ERROR_USE, encoding="utf-8")
    (tmp_path / "misuse.py").write_text(TYPED_ERROR_MISUSE, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            "use.py",
            "misuse.py",
        ],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": ""},
        capture_output=True,
        text=True,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert all(line.startswith("misuse.py:") for line in errors), result.stdout
    assert sorted({int(line.split(":")[1]) for line in errors}) == [5, 8, 9], result.stdout
    assert '"Error | None", variable has type "int"' in result.stdout
    assert '"Error" has no attribute "no_such_field"' in result.stdout
