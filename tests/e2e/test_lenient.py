"""Lenient decoding over real HTTP: a value of the wrong type in an optional property
never costs the caller the rest of a response; ``strict_response_validation=True``
restores the refusal.

The body is the example response of HubSpot's own documentation page for this
endpoint, byte for byte as the page shows it: its ``errors[0].errors[0].context`` is a
string where the spec says object, and its timestamps have no milliseconds.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from hubspot_associations import (
    UNSET,
    APIResponseValidationError,
    BatchResponsePublicAssociationWithErrors,
    BatchStatus,
    SchemaMismatch,
)

from tests.e2e.conftest import Api
from tests.simulator import Fault, HubSpotSimulator

DOCUMENTATION_EXAMPLE = b"""{
"completedAt": "2023-11-07T05:31:56Z",
"results": [
{
"from": {
"id": "53628"
},
"to": {
"id": "12726"
},
"type": "contact_to_company"
}
],
"startedAt": "2023-11-07T05:31:56Z",
"status": "CANCELED",
"errors": [
{
"category": "<string>",
"context": {},
"errors": [
{
"message": "<string>",
"code": "<string>",
"context": "{missingScopes=[scope1, scope2]}",
"in": "<string>",
"subCategory": "<string>"
}
],
"links": {},
"message": "<string>",
"status": "<string>",
"id": "<string>",
"subCategory": {}
}
],
"links": {},
"numErrors": 123,
"requestedAt": "2023-11-07T05:31:56Z"
}"""


def answer_with_the_example(simulator: HubSpotSimulator) -> None:
    simulator.script(Fault.raw(207, DOCUMENTATION_EXAMPLE, "application/json;charset=utf-8"))


def test_the_documentation_example_decodes_as_a_207(
    api: Api, simulator: HubSpotSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    answer_with_the_example(simulator)
    with caplog.at_level(logging.DEBUG, logger="hubspot_associations"):
        result = api.create()
    assert simulator.requests[-1].response_status == 207
    assert type(result) is BatchResponsePublicAssociationWithErrors
    # Everything the caller needs is there: the created association and the error.
    assert [(r.from_.id, r.to.id, r.type) for r in result.results] == [
        ("53628", "12726", "contact_to_company")
    ]
    assert result.status is BatchStatus.CANCELED and result.num_errors == 123
    assert result.completed_at.isoformat() == "2023-11-07T05:31:56+00:00"
    (error,) = result.errors
    assert (error.category, error.context, error.sub_category) == ("<string>", {}, {})
    (detail,) = error.errors
    assert (detail.message, detail.code, detail.in_) == ("<string>", "<string>", "<string>")
    # The mismatched property reads as absent; what arrived is kept, with the reason.
    assert detail.context is UNSET
    assert detail.schema_mismatches == (
        SchemaMismatch(
            "context",
            "{missingScopes=[scope1, scope2]}",
            "$.context: expected an object, got str",
        ),
    )
    assert result.schema_mismatches == () and error.schema_mismatches == ()
    # Nothing is lost: the model writes back exactly what the server sent.
    assert result.to_dict() == json.loads(DOCUMENTATION_EXAMPLE)
    assert any(
        record.levelno == logging.DEBUG and "ErrorDetail.context" in record.getMessage()
        for record in caplog.records
    )


def test_strict_response_validation_refuses_it(api: Api, simulator: HubSpotSimulator) -> None:
    answer_with_the_example(simulator)
    with pytest.raises(APIResponseValidationError) as caught:
        api.create(client_options={"strict_response_validation": True})
    assert caught.value.status_code == 207
    assert "$.errors[0].errors[0].context: expected an object, got str" in str(caught.value)
    assert caught.value.body == json.loads(DOCUMENTATION_EXAMPLE)


def test_strictness_follows_with_options_both_ways(
    api: Api, simulator: HubSpotSimulator
) -> None:
    def twice(client: Any) -> Any:
        strict = client.with_options(strict_response_validation=True)
        lenient = strict.with_options(strict_response_validation=False)
        assert (client.strict_response_validation, strict.strict_response_validation) == (
            False,
            True,
        )
        return strict, lenient

    answer_with_the_example(simulator)
    answer_with_the_example(simulator)
    if api.mode == "sync":
        outcomes = api.call(lambda client: _sync_pair(client, twice))
    else:
        outcomes = api.call(lambda client: _async_pair(client, twice))
    refused, decoded = outcomes
    assert isinstance(refused, APIResponseValidationError)
    assert decoded.errors[0].errors[0].context is UNSET


def _sync_pair(client: Any, copies: Any) -> tuple[Any, Any]:
    strict, lenient = copies(client)
    try:
        strict.batch_create("contacts", "companies", inputs=[])
    except APIResponseValidationError as error:
        refused: Any = error
    else:
        refused = None
    return refused, lenient.batch_create("contacts", "companies", inputs=[])


async def _async_pair(client: Any, copies: Any) -> tuple[Any, Any]:
    strict, lenient = copies(client)
    try:
        await strict.batch_create("contacts", "companies", inputs=[])
    except APIResponseValidationError as error:
        refused: Any = error
    else:
        refused = None
    return refused, await lenient.batch_create("contacts", "companies", inputs=[])


@pytest.mark.parametrize("strict", [False, True])
def test_a_raw_response_parses_as_its_client_says(
    api: Api, simulator: HubSpotSimulator, strict: bool
) -> None:
    answer_with_the_example(simulator)
    raw = api.create(raw=True, client_options={"strict_response_validation": strict})
    assert raw.status_code == 207
    if strict:
        with pytest.raises(APIResponseValidationError):
            raw.parse()
    else:
        assert raw.parse().errors[0].errors[0].schema_mismatches[0].wire_name == "context"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        pytest.param(b'["not", "an", "object"]', "expected an object", id="not-an-object"),
        pytest.param(
            json.dumps(
                {k: v for k, v in json.loads(DOCUMENTATION_EXAMPLE).items() if k != "results"}
            ).encode(),
            "missing required property 'results'",
            id="no-results",
        ),
        pytest.param(
            DOCUMENTATION_EXAMPLE.replace(b'"53628"', b"53628"),
            "$.results[0].from.id: expected a string, got int",
            id="bad-required-value",
        ),
    ],
)
def test_a_body_wrong_at_its_required_parts_still_raises(
    api: Api, simulator: HubSpotSimulator, body: bytes, fragment: str
) -> None:
    simulator.script(Fault.raw(207, body, "application/json"))
    with pytest.raises(APIResponseValidationError) as caught:
        api.create()
    assert fragment in str(caught.value)
