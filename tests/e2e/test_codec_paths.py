"""The generated decoders and encoders against the field-by-field path they stand in for.

Every model has a generated decoder that reads a payload at once and falls back to the
runtime's field-by-field decoder for anything unusual; these tests hold the two to the same
results and the same errors, and check that ordinary payloads never need the fallback.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hubspot_associations import (
    UNSET,
    BatchInputPublicAssociation,
    BatchResponsePublicAssociationWithErrors,
    BatchStatus,
    DecodeError,
    ErrorDetail,
    PublicAssociation,
    PublicObjectId,
    StandardError,
)
from hubspot_associations import _codec as codec

from tests.benchmarks.bench_bodies import partial_body

BODY: dict[str, Any] = json.loads(partial_body(3, 2))


@pytest.fixture
def fallbacks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the models whose payloads went to the field-by-field decoder."""
    seen: list[str] = []
    real = codec.fallback

    def counting(instance: Any, data: object) -> Any:
        seen.append(type(instance).__name__)
        return real(instance, data)

    monkeypatch.setattr(codec, "fallback", counting)
    return seen


def test_an_ordinary_body_never_needs_the_fallback(fallbacks: list[str]) -> None:
    result = BatchResponsePublicAssociationWithErrors.from_dict(BODY)
    assert fallbacks == []
    assert result.to_dict() == BODY
    assert result == codec.decode_fields(BatchResponsePublicAssociationWithErrors, BODY)
    assert result.status is BatchStatus.COMPLETE
    assert isinstance(result.errors, list) and isinstance(result.errors[0], StandardError)
    assert isinstance(result.errors[0].errors[0], ErrorDetail)


def _body_with(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    body = copy.deepcopy(BODY)
    target: Any = body
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return body


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("results", 1, "from", "id"), 5, "$.results[1].from.id: expected a string, got int"),
        (("results", 2, "type"), None, "$.results[2].type: expected a string, got null"),
        (
            ("results", 0, "to"),
            _DELETE,
            "$.results[0]: missing required property 'to' of PublicAssociation",
        ),
        (("results", 0, "to"), [], "$.results[0].to: expected an object for PublicObjectId"),
        (("numErrors",), True, "$.numErrors: expected an integer, got bool"),
        (("numErrors",), 2.0, "$.numErrors: expected an integer, got float"),
        (("errors", 1, "errors", 0, "in"), 3, "$.errors[1].errors[0].in: expected a string"),
        (("errors", 0, "links"), {"a": 1}, "$.errors[0].links.a: expected a string, got int"),
        (("results",), {}, "$.results: expected an array, got dict"),
        (("startedAt",), "yesterday", "$.startedAt: not an RFC 3339 date-time"),
    ],
)
def test_a_bad_value_is_named_by_its_path(
    path: tuple[str | int, ...], value: Any, message: str
) -> None:
    with pytest.raises(DecodeError) as caught:
        BatchResponsePublicAssociationWithErrors.from_dict(_body_with(path, value))
    assert str(caught.value).startswith(message)


def test_unknown_keys_are_kept_at_every_level(fallbacks: list[str]) -> None:
    body = _body_with(("results", 1, "from", "label"), {"x": [1, None]})
    body["results"][2]["note"] = None
    body["somethingNew"] = "yes"
    result = BatchResponsePublicAssociationWithErrors.from_dict(body)
    assert result.results[1].from_.extra_properties == {"label": {"x": [1, None]}}
    assert result.results[2].extra_properties == {"note": None}
    assert result.results[0].extra_properties == {}
    assert result.extra_properties == {"somethingNew": "yes"}
    assert result.to_dict() == body
    # Extra keys are found without the field-by-field decoder.
    assert fallbacks == []


def test_absent_null_and_present_stay_apart() -> None:
    absent = _body_with(("requestedAt",), _DELETE)
    del absent["numErrors"]
    decoded = BatchResponsePublicAssociationWithErrors.from_dict(absent)
    assert decoded.requested_at is UNSET and decoded.num_errors is UNSET
    assert decoded.to_dict() == absent and "requestedAt" not in decoded.to_dict()
    null = BatchResponsePublicAssociationWithErrors.from_dict(BODY)
    assert null.requested_at is None and null.to_dict()["requestedAt"] is None
    present = _body_with(("requestedAt",), "2025-08-21T18:15:15.087Z")
    assert BatchResponsePublicAssociationWithErrors.from_dict(present).to_dict() == present


def test_a_207_always_carries_its_errors() -> None:
    without_errors = dict(BODY)
    del without_errors["errors"]
    with pytest.raises(DecodeError, match="missing required property 'errors'"):
        BatchResponsePublicAssociationWithErrors.from_dict(without_errors)


def test_a_non_object_is_refused() -> None:
    for value in ([], "x", None, 1):
        with pytest.raises(DecodeError, match="expected an object for PublicObjectId"):
            PublicObjectId.from_dict(value)


def test_encoders_match_the_field_table() -> None:
    built = BatchInputPublicAssociation(
        inputs=[
            PublicAssociation(
                from_=PublicObjectId(id="1", extra_properties={"k": 1}),
                to=PublicObjectId(id="2"),
                type="contact_to_company",
                extra_properties={"type": "shadowed", "first": True},
            )
        ]
    )
    wire = built.to_dict()
    assert wire == {
        "inputs": [
            {
                "type": "contact_to_company",
                "first": True,
                "from": {"k": 1, "id": "1"},
                "to": {"id": "2"},
            }
        ]
    }
    # Extra properties come first and a property of the schema wins over an extra key.
    assert list(wire["inputs"][0]) == ["type", "first", "from", "to"]
    assert wire == codec.Model.to_dict(built)
    detail = ErrorDetail(message="m", in_="from")
    assert detail.to_dict() == {"message": "m", "in": "from"}
    assert detail.to_dict() == codec.Model.to_dict(detail)


def test_a_subclass_decodes_as_itself() -> None:
    class Labelled(PublicObjectId):
        pass

    decoded = Labelled.from_dict({"id": "7", "x": 1})
    assert type(decoded) is Labelled
    assert decoded.id == "7" and decoded.extra_properties == {"x": 1}
