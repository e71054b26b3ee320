"""Schema translation: the type each schema shape becomes, and the classes it queues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.build import build
from generator.errors import SpecError
from generator.model import (
    EnumType,
    ListType,
    MapType,
    ModelType,
    NullableType,
    PrimitiveType,
    TypeExpr,
    UnionType,
)
from tests.generator.spec_support import checked, minimal


def _type_of(tmp_path: Path, schema: Any, **schemas: Any) -> tuple[TypeExpr, tuple[str, ...]]:
    """The type the builder gives ``schema`` as a JSON response, and the built warnings."""
    get = {
        "operationId": "probe",
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}
        },
    }
    spec = checked(
        tmp_path, minimal({"/probe": {"get": get}}, components={"schemas": schemas or {}})
    )
    client = build(spec, package="unit", spec_source="spec.yaml").client
    (response,) = client.operations[0].responses
    assert response.type is not None
    return response.type, client.warnings


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
