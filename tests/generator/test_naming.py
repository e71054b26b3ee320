"""Naming decisions: valid identifiers by construction, deterministic collision handling."""

from __future__ import annotations

import pytest

from generator.naming import NameRegistry, constant_case, pascal_case, snake_case


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("fromObjectType", "from_object_type"),
        ("numErrors", "num_errors"),
        ("from", "from_"),
        ("in", "in_"),
        ("class", "class_"),
        ("HTTPResponse", "http_response"),
        ("VLAN", "vlan"),
        ("x-rate-limit", "x_rate_limit"),
        ("2fa", "value_2fa"),
        ("", "value"),
        ("getV2Items", "get_v2_items"),
        ("type", "type"),
        ("match", "match"),
    ],
)
def test_snake_case(wire: str, expected: str) -> None:
    assert snake_case(wire) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("public-object_id", "PublicObjectId"),
        ("BatchResponsePublicAssociation", "BatchResponsePublicAssociation"),
        ("class", "Class"),
        ("2XX", "Model2XX"),
        ("", "Model"),
    ],
)
def test_pascal_case(wire: str, expected: str) -> None:
    assert pascal_case(wire) == expected


def test_constant_case_for_enum_members() -> None:
    assert constant_case("contact_to_company") == "CONTACT_TO_COMPANY"
    assert constant_case("None") == "NONE"
    assert constant_case("in-progress") == "IN_PROGRESS"


def test_every_name_is_an_identifier_and_no_keyword() -> None:
    import keyword

    for wire in ["a b", "ü", "$ref", "__init__", "None", "True", "0", "-", "@odata.type"]:
        for name in (snake_case(wire), pascal_case(wire), constant_case(wire)):
            assert name.isidentifier(), (wire, name)
            assert not keyword.iskeyword(name), (wire, name)


def test_collisions_resolve_in_request_order_and_are_recorded() -> None:
    registry = NameRegistry(["to_dict"])
    assert registry.claim(snake_case("fooBar"), original="fooBar") == "foo_bar"
    assert registry.claim(snake_case("foo_bar"), original="foo_bar") == "foo_bar_2"
    assert registry.claim(snake_case("toDict"), original="toDict") == "to_dict_2"
    assert registry.renames == [
        ("foo_bar", "foo_bar", "foo_bar_2"),
        ("toDict", "to_dict", "to_dict_2"),
    ]


def test_class_names_collide_case_insensitively() -> None:
    registry = NameRegistry(["Client"], casefold=True)
    assert registry.claim(pascal_case("VLAN"), original="VLAN") == "VLAN"
    assert registry.claim(pascal_case("Vlan"), original="Vlan") == "Vlan_2"
    assert registry.claim(pascal_case("client"), original="client") == "Client_2"
