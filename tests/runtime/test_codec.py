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
    # Cat's error lies deeper in the value than Dog's (a missing name): it names the spot.
    with pytest.raises(rt.DecodeError) as caught:
        rt.decode_strictly(PET, {"lives": ["many"]})
    assert str(caught.value) == "$.lives: expected an integer, got list"


def test_a_union_whose_members_fail_equally_deep_lists_every_reason() -> None:
    with pytest.raises(rt.DecodeError) as caught:
        PET.decode([])
    assert str(caught.value) == (
        "$: matches no member of the union: $: expected an object for Cat, got list; "
        "$: expected an object for Dog, got list"
    )


def test_a_recursive_codec_reads_and_writes_any_depth_and_names_a_bad_leaf() -> None:
    # A map of itself or a Dog, as Discord's ErrorDetails is a map of itself or a model.
    tree = rt.RecursiveCodec(lambda tree: rt.UnionCodec((rt.MapCodec(tree), rt.ModelCodec(Dog))))
    payload: dict[str, Any] = {"name": "Rex"}
    for level in range(200):
        payload = {f"k{level}": payload, "leaf": {"name": str(level)}}
    decoded = tree.decode(payload)
    assert isinstance(decoded["leaf"], Dog) and decoded["k199"]["leaf"].name == "198"
    assert tree.encode(decoded) == payload
    with pytest.raises(rt.DecodeError) as caught:
        tree.decode({"a": {"b": {"name": 3}}})
    # {"name": 3} fails as a map (3 is no tree) as deep as it fails as a Dog: both are told.
    assert caught.value.location == ("a", "b")
    assert str(caught.value).endswith("; $.name: expected a string, got int")
    nested = rt.RecursiveCodec(lambda nested: rt.ListCodec(nested))
    with pytest.raises(rt.DecodeError) as caught:
        nested.decode([[], [[], [3]]])
    assert str(caught.value) == "$[1][1][0]: expected an array, got int"


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
