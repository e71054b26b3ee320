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
