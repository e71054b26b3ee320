"""The field-by-field decoder's leniency, on models assembled by hand from the runtime."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from generator.runtime import _codec as rt


@dataclasses.dataclass(kw_only=True)
class Cat(rt.Model):
    lives: int | rt.Unset = rt.UNSET


@dataclasses.dataclass(kw_only=True)
class Dog(rt.Model):
    name: str
    lives: str | rt.Unset = rt.UNSET


rt.bind(Cat, (rt.Field("lives", "lives", rt.INT, False),))
rt.bind(Dog, (rt.Field("name", "name", rt.STR, True), rt.Field("lives", "lives", rt.STR, False)))

PET = rt.UnionCodec((rt.ModelCodec(Cat), rt.ModelCodec(Dog)))


def test_a_union_prefers_the_member_that_fits_exactly() -> None:
    # Cat would take it by reading "lives" as absent; Dog fits as it is.
    pet = PET.decode({"name": "Rex", "lives": "one"})
    assert type(pet) is Dog and pet.lives == "one" and pet.schema_mismatches == ()


def test_a_union_falls_back_to_the_first_lenient_fit() -> None:
    pet = PET.decode({"lives": ["many"]})
    assert type(pet) is Cat and pet.lives is rt.UNSET
    assert pet.schema_mismatches == (
        rt.SchemaMismatch("lives", ["many"], "$.lives: expected an integer, got list"),
    )
    assert pet.to_dict() == {"lives": ["many"]}


def test_a_strict_union_refuses_what_fits_only_leniently() -> None:
    with pytest.raises(rt.DecodeError, match="matches no member"):
        rt.decode_strictly(PET, {"lives": ["many"]})


def test_strictness_ends_with_the_call_that_asked_for_it() -> None:
    payload: dict[str, Any] = {"lives": None}
    with pytest.raises(rt.DecodeError):
        Cat.from_dict(payload, strict=True)
    assert Cat.from_dict(payload).schema_mismatches[0].value is None
    assert Cat.from_dict(payload).to_dict() == payload


def test_a_model_made_in_code_has_no_mismatches_and_cannot_be_given_any() -> None:
    assert Cat(lives=3).schema_mismatches == ()
    with pytest.raises(TypeError):
        Cat(schema_mismatches=())  # type: ignore[call-arg]


def test_an_upper_case_uuid_decodes_and_encodes_back_as_received() -> None:
    import uuid

    text = "0F8FAD5B-D9CB-469F-A165-70867728950E"
    value = rt.UUID.decode(text)
    assert value == uuid.UUID(text.lower()) and str(value) == text.lower()
    assert rt.UUID.encode(value) == text
    # A value made in code, or one received in canonical form, encodes canonically.
    assert rt.UUID.encode(uuid.UUID(text)) == text.lower()
    assert type(rt.UUID.decode(text.lower())) is uuid.UUID


@pytest.mark.parametrize(
    "text", ["{0f8fad5b-d9cb-469f-a165-70867728950e}", "0f8fad5bd9cb469fa16570867728950e"]
)
def test_a_uuid_in_another_spelling_is_still_refused(text: str) -> None:
    with pytest.raises(rt.DecodeError, match="canonical form"):
        rt.UUID.decode(text)
