"""The generated decoders and encoders against the field-by-field path they stand in for.

Every model has a generated decoder that reads a payload at once and falls back to the
runtime's field-by-field decoder for anything unusual; these tests hold the two to the same
results and the same errors, and check that ordinary payloads never need the fallback.
"""

from __future__ import annotations

import copy
import json
import logging
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
    SchemaMismatch,
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


REQUIRED_MISMATCHES = [
    (("results", 1, "from", "id"), 5, "$.results[1].from.id: expected a string, got int"),
    (("results", 2, "type"), None, "$.results[2].type: expected a string, got null"),
    (
        ("results", 0, "to"),
        _DELETE,
        "$.results[0]: missing required property 'to' of PublicAssociation",
    ),
    (("results", 0, "to"), [], "$.results[0].to: expected an object for PublicObjectId"),
    (("errors", 0, "links"), {"a": 1}, "$.errors[0].links.a: expected a string, got int"),
    (("results",), {}, "$.results: expected an array, got dict"),
    (("startedAt",), "yesterday", "$.startedAt: not an RFC 3339 date-time"),
]
# Properties the spec marks optional: read as UNSET unless decoding is strict.
OPTIONAL_MISMATCHES = [
    (("numErrors",), True, "$.numErrors: expected an integer, got bool"),
    (("numErrors",), 2.0, "$.numErrors: expected an integer, got float"),
    (("errors", 1, "errors", 0, "in"), 3, "$.errors[1].errors[0].in: expected a string"),
    (
        ("errors", 0, "errors", 0, "context"),
        "{missingScopes=[scope1, scope2]}",
        "$.errors[0].errors[0].context: expected an object, got str",
    ),
    (("links",), ["not", "a", "map"], "$.links: expected an object, got list"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), REQUIRED_MISMATCHES + OPTIONAL_MISMATCHES
)
def test_a_bad_value_is_named_by_its_path_when_strict(
    path: tuple[str | int, ...], value: Any, message: str
) -> None:
    with pytest.raises(DecodeError) as caught:
        BatchResponsePublicAssociationWithErrors.from_dict(
            _body_with(path, value), strict=True
        )
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(("path", "value", "message"), REQUIRED_MISMATCHES)
def test_a_bad_required_value_is_refused_even_when_lenient(
    path: tuple[str | int, ...], value: Any, message: str
) -> None:
    with pytest.raises(DecodeError) as caught:
        BatchResponsePublicAssociationWithErrors.from_dict(_body_with(path, value))
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(("path", "value", "message"), OPTIONAL_MISMATCHES)
def test_a_bad_optional_value_reads_as_unset_and_is_kept(
    path: tuple[str | int, ...], value: Any, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = _body_with(path, value)
    with caplog.at_level(logging.DEBUG, logger="hubspot_associations"):
        result = BatchResponsePublicAssociationWithErrors.from_dict(body)
    holder: Any = result
    for step in path[:-1]:
        holder = holder[step] if isinstance(step, int) else getattr(holder, _attr(step))
    assert getattr(holder, _attr(path[-1])) is UNSET
    (mismatch,) = holder.schema_mismatches
    assert mismatch == SchemaMismatch(path[-1], value, mismatch.reason)
    # The reason is the strict error's, relative to the model that holds the property.
    assert mismatch.reason.startswith(f"$.{path[-1]}: {message.split(': ', 1)[1]}")
    assert result.to_dict() == body
    (record,) = [r for r in caplog.records if "schema_mismatches" in r.getMessage()]
    assert record.levelno == logging.DEBUG and mismatch.reason in record.getMessage()
    # Only the model holding the property has the mismatch; the others are untouched.
    others = [result, *result.errors, *result.errors[0].errors, *result.results]
    assert sum(len(model.schema_mismatches) for model in others if model is not holder) == 0


def _attr(wire: str | int) -> str:
    return {"numErrors": "num_errors", "in": "in_"}.get(str(wire), str(wire))


def test_a_kept_value_gives_way_to_one_set_later() -> None:
    body = _body_with(("errors", 0, "errors", 0, "context"), "{missingScopes=[scope1]}")
    result = BatchResponsePublicAssociationWithErrors.from_dict(body)
    detail = result.errors[0].errors[0]
    assert detail.to_dict()["context"] == "{missingScopes=[scope1]}"
    detail.context = {"missingScopes": ["scope1"]}
    assert detail.to_dict()["context"] == {"missingScopes": ["scope1"]}
    # The mismatch is part of the value: a model read cleanly is not equal to it.
    clean = BatchResponsePublicAssociationWithErrors.from_dict(BODY)
    assert result != clean
    assert ErrorDetail.from_dict(detail.to_dict()).schema_mismatches == ()


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
