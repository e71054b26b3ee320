"""Schema translation: the type each schema shape becomes, and the classes it queues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.build import build
from generator.errors import SpecError
from generator.model import (
    AliasDef,
    AliasType,
    ClientDef,
    EnumType,
    ListType,
    MapType,
    ModelType,
    NullableType,
    PrimitiveType,
    TypeExpr,
    UnionType,
)
from generator.untrusted import Code
from tests.generator.spec_support import checked, minimal


def _type_of(tmp_path: Path, schema: Any, **schemas: Any) -> tuple[TypeExpr, tuple[str, ...]]:
    """The type the builder gives ``schema`` as a JSON response, and the built warnings."""
    client = _client_of(tmp_path, schema, **schemas)
    (response,) = client.operations[0].responses
    assert response.type is not None
    return response.type, client.warnings


def _client_of(tmp_path: Path, schema: Any, **schemas: Any) -> ClientDef:
    """What the builder makes of one operation answering ``schema`` as JSON."""
    get = {
        "operationId": "probe",
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}
        },
    }
    spec = checked(
        tmp_path, minimal({"/probe": {"get": get}}, components={"schemas": schemas or {}})
    )
    return build(spec, package="unit", spec_source="spec.yaml").client


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, PrimitiveType("str")),
        ({"type": "string", "format": "date-time"}, PrimitiveType("datetime")),
        ({"type": "string", "format": "uuid"}, PrimitiveType("uuid")),
        ({"type": "string", "contentEncoding": "base64"}, PrimitiveType("bytes")),
        ({"type": "integer"}, PrimitiveType("int")),
        ({"type": "number"}, PrimitiveType("float")),
        ({"type": "boolean"}, PrimitiveType("bool")),
        ({}, PrimitiveType("any")),
        ({"const": 3}, PrimitiveType("int")),
        ({"type": "object"}, PrimitiveType("object")),
        ({"type": "string", "nullable": True}, NullableType(PrimitiveType("str"))),
        (
            {"type": "array", "items": {"type": "integer"}, "maxItems": 5},
            ListType(PrimitiveType("int"), 5),
        ),
        (
            {"type": "array", "items": {"type": "integer"}, "maxItems": 0},
            ListType(PrimitiveType("int"), None),
        ),
        (
            {"type": "object", "additionalProperties": {"type": "number"}},
            MapType(PrimitiveType("float")),
        ),
    ],
)
def test_scalar_and_container_types(tmp_path: Path, schema: Any, expected: TypeExpr) -> None:
    assert _type_of(tmp_path, schema)[0] == expected


def test_a_type_list_with_null_is_nullable_and_several_types_a_union(tmp_path: Path) -> None:
    type_, _ = _type_of(tmp_path, {"type": ["string", "integer", "null"]})
    assert type_ == NullableType(UnionType((PrimitiveType("str"), PrimitiveType("int"))))


def test_one_of_with_a_null_member_is_a_nullable_member(tmp_path: Path) -> None:
    type_, _ = _type_of(tmp_path, {"oneOf": [{"type": "string"}, {"type": "null"}]})
    assert type_ == NullableType(PrimitiveType("str"))


def test_a_member_that_allows_anything_makes_the_union_anything(tmp_path: Path) -> None:
    assert _type_of(tmp_path, {"anyOf": [{"type": "string"}, {}]})[0] == PrimitiveType("any")


def test_object_and_enum_schemas_become_classes(tmp_path: Path) -> None:
    type_, _ = _type_of(
        tmp_path,
        {
            "type": "object",
            "properties": {
                "pet": {"$ref": "#/components/schemas/Pet"},
                "kind": {"type": "string", "enum": ["a", "b", None]},
            },
        },
        Pet={"type": "object", "properties": {"name": {"type": "string"}}},
    )
    # An inline object is named after its place: the operation, then "Response".
    assert type_ == ModelType("ProbeResponse")


def test_a_discriminated_base_stands_for_its_extensions(tmp_path: Path) -> None:
    base = {
        "type": "object",
        "properties": {"kind": {"type": "string"}},
        "discriminator": {"propertyName": "kind"},
    }
    cat = {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"purrs": {}}}]}
    type_, _ = _type_of(tmp_path, {"$ref": "#/components/schemas/Pet"}, Pet=base, Cat=cat)
    assert isinstance(type_, UnionType)
    assert type_.members == (ModelType("Pet"), ModelType("Cat"))
    assert [(value.value, str(name)) for value, name in type_.mapping] == [
        ("Cat", "Cat"),
        ("Pet", "Pet"),
    ]


def test_unsupported_keywords_are_a_located_warning(tmp_path: Path) -> None:
    type_, warnings = _type_of(tmp_path, {"type": "string", "not": {"const": "x"}})
    assert type_ == PrimitiveType("str")
    (warning,) = warnings[:1]
    assert "schema keywords not supported, so the type is looser than the schema: not" in warning
    assert "(at #/paths/~1probe/get/responses/200/content/application~1json/schema)" in warning


def test_an_enum_type_is_named_after_its_component(tmp_path: Path) -> None:
    type_, _ = _type_of(
        tmp_path, {"$ref": "#/components/schemas/Color"}, Color={"enum": ["red", "green"]}
    )
    assert type_ == EnumType("Color")


def test_a_schema_that_is_not_an_object_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        _type_of(tmp_path, {"type": "array", "items": 3})
    assert caught.value.message == "a schema must be an object"
    assert caught.value.pointer.endswith("/schema/items")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _alias(name: str, definition: TypeExpr | None = None) -> AliasType:
    """An alias as the builder names it: its lambda parameter is its snake_case name."""
    parameter = "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
    return AliasType(Code(name), Code(parameter), definition)


def test_an_array_of_itself_is_a_recursive_alias(tmp_path: Path) -> None:
    nested = {"type": "array", "items": _ref("Nested")}
    client = _client_of(tmp_path, _ref("Nested"), Nested=nested)
    inner = ListType(_alias("Nested"))
    assert client.operations[0].responses[0].type == _alias("Nested", inner)
    assert client.aliases == (AliasDef(Code("Nested"), inner, None),)
    assert str(inner.annotation()) == "list[Nested]"
    assert not client.warnings


def test_a_map_through_a_union_is_a_recursive_alias(tmp_path: Path) -> None:
    # Discord's ErrorDetails: a map of itself, or the leaf model.
    details = {
        "description": "Errors by field.",
        "oneOf": [{"type": "object", "additionalProperties": _ref("Details")}, _ref("Leaf")],
    }
    leaf = {"type": "object", "properties": {"_errors": {"type": "array", "items": {}}}}
    client = _client_of(tmp_path, _ref("Details"), Details=details, Leaf=leaf)
    definition = UnionType((MapType(_alias("Details")), ModelType(Code("Leaf"))))
    assert client.operations[0].responses[0].type == _alias("Details", definition)
    (alias,) = client.aliases
    assert alias.description is not None and alias.description.value == "Errors by field."
    assert str(alias.definition.annotation()) == "dict[str, Details] | Leaf"
    assert not client.warnings


def test_a_map_of_arrays_of_itself_and_its_codec(tmp_path: Path) -> None:
    tree = {"type": "object", "additionalProperties": {"type": "array", "items": _ref("Tree")}}
    type_, warnings = _type_of(tmp_path, {"type": "array", "items": _ref("Tree")}, Tree=tree)
    assert type_ == ListType(_alias("Tree", MapType(ListType(_alias("Tree")))))
    assert type_.codec() == (
        "_rt.ListCodec(_rt.RecursiveCodec(lambda tree: _rt.MapCodec(_rt.ListCodec(tree))))"
    )
    assert not warnings


def test_a_union_of_itself_and_a_scalar_is_the_scalar_and_the_rest(tmp_path: Path) -> None:
    # As a direct member of its own union the schema adds no value; through an array it does.
    scalar = {
        "oneOf": [_ref("Scalar"), {"type": "string"}, {"type": "array", "items": _ref("Scalar")}]
    }
    type_, warnings = _type_of(tmp_path, _ref("Scalar"), Scalar=scalar)
    assert type_ == _alias("Scalar", UnionType((PrimitiveType("str"), ListType(_alias("Scalar")))))
    assert not warnings
    plain, _ = _type_of(
        tmp_path, _ref("Plain"), Plain={"anyOf": [_ref("Plain"), {"type": "integer"}]}
    )
    assert plain == PrimitiveType("int")


def test_mutually_recursive_schemas_declare_the_one_met_again(tmp_path: Path) -> None:
    branch = {"type": "array", "items": _ref("Leaves")}
    leaves = {"oneOf": [{"type": "integer"}, _ref("Branch")]}
    client = _client_of(tmp_path, _ref("Branch"), Branch=branch, Leaves=leaves)
    definition = ListType(UnionType((PrimitiveType("int"), _alias("Branch"))))
    assert client.operations[0].responses[0].type == _alias("Branch", definition)
    assert [str(alias.name) for alias in client.aliases] == ["Branch"]


def test_a_recursive_alias_takes_a_free_name_and_parameter(tmp_path: Path) -> None:
    # The class name Map is taken by the component; the parameter avoids the builtin "map".
    client = _client_of(
        tmp_path,
        {"type": "object", "properties": {"a": _ref("Map_")}},
        Map={"type": "object", "properties": {"x": {"type": "string"}}},
        Map_={"type": "array", "items": _ref("Map_")},
    )
    (alias,) = client.aliases
    assert (alias.name, alias.definition) == ("Map_2", ListType(AliasType("Map_2", "map_2")))
    (model,) = [m for m in client.models if m.class_name == "ProbeResponse"]
    assert model.fields[0].type == AliasType("Map_2", "map_2", alias.definition)


def test_a_union_of_only_itself_is_any_with_a_located_warning(tmp_path: Path) -> None:
    type_, warnings = _type_of(tmp_path, _ref("Self"), Self={"anyOf": [_ref("Self")]})
    assert type_ == PrimitiveType("any")
    (warning,) = [w for w in warnings if "itself" in w]
    assert "a union whose only member is the schema itself says nothing" in warning
    assert warning.endswith("(at #/components/schemas/Self)")


@pytest.mark.parametrize(
    ("array", "item"),
    [
        # 2020-12: items applies past the prefix, so an item is a string or a number.
        (
            {"prefixItems": [{"const": "prefix"}, {"type": "string"}], "items": {"type": "number"}},
            UnionType((PrimitiveType("str"), PrimitiveType("float"))),
        ),
        (
            {"prefixItems": [{"type": "string"}, {"type": "number"}], "maxItems": 2},
            UnionType((PrimitiveType("str"), PrimitiveType("float"))),
        ),
        ({"prefixItems": [{"type": "string"}], "items": False}, PrimitiveType("str")),
        # Past the prefix, anything.
        ({"prefixItems": [{"type": "string"}]}, PrimitiveType("any")),
    ],
)
def test_prefix_items_type_an_item_as_any_position(
    tmp_path: Path, array: dict[str, Any], item: TypeExpr
) -> None:
    type_, warnings = _type_of(tmp_path, {"type": "array", **array})
    assert isinstance(type_, ListType) and type_.item == item
    # Looser than the schema (which types each position), and said so.
    assert "looser than the schema: prefixItems" in warnings[0]
