"""Generated classes: models from object schemas (allOf merged), enums from value lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.build import build
from generator.model import ClientDef, EnumDef, ModelDef, NullableType, PrimitiveType
from tests.generator.spec_support import checked, minimal


def _client(tmp_path: Path, **schemas: Any) -> ClientDef:
    spec = checked(tmp_path, minimal(components={"schemas": schemas}))
    return build(spec, package="unit", spec_source="spec.yaml").client


def _model(client: ClientDef, name: str) -> ModelDef:
    return next(model for model in client.models if model.class_name == name)


def test_all_of_parts_come_first_and_required_lists_merge(tmp_path: Path) -> None:
    client = _client(
        tmp_path,
        Base={
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "note": {"type": "string"}},
        },
        Child={
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"required": ["size"], "properties": {"size": {"type": "integer"}}},
            ],
            "properties": {"note": {"type": "integer", "nullable": True}},
        },
    )
    child = _model(client, "Child")
    assert [(str(f.attr), f.required) for f in child.fields] == [
        ("id", True),
        ("note", False),
        ("size", True),
    ]
    # The child's own declaration of a property replaces the part's, in the part's place.
    assert child.fields[1].type == NullableType(PrimitiveType("int"))


def test_read_only_and_write_only_properties_are_never_required(tmp_path: Path) -> None:
    client = _client(
        tmp_path,
        Thing={
            "type": "object",
            "required": ["id", "secret", "name"],
            "properties": {
                "id": {"type": "string", "readOnly": True},
                "secret": {"type": "string", "writeOnly": True},
                "name": {"type": "string", "default": "x", "description": "The name."},
            },
        },
    )
    fields = _model(client, "Thing").fields
    assert [(f.required, f.read_only) for f in fields] == [
        (False, True),
        (False, False),
        (True, False),
    ]
    assert fields[0].description is not None
    assert fields[0].description.value == "Read-only: set by the server, never sent."
    assert fields[2].description is not None
    assert fields[2].description.value == (
        "The name. Default (applied by the server when omitted): ``'x'``."
    )


def test_property_names_that_collide_are_renamed_and_reported(tmp_path: Path) -> None:
    client = _client(
        tmp_path,
        Row={"type": "object", "properties": {"to_dict": {}, "x-y": {}, "x_y": {}}},
    )
    assert [str(f.attr) for f in _model(client, "Row").fields] == ["to_dict_2", "x_y", "x_y_2"]
    assert "Row.x_y -> x_y_2 (property 'x_y')" in client.renames


def test_enums_keep_each_value_once_and_name_members(tmp_path: Path) -> None:
    client = _client(
        tmp_path,
        Color={"enum": ["red", "dark-blue", "red", None]},
        Level={"type": "integer", "enum": [1, -2]},
    )
    color, level = client.enums
    assert isinstance(color, EnumDef)
    assert [(str(m.name), str(m.value)) for m in color.members] == [
        ("RED", '"red"'),
        ("DARK_BLUE", '"dark-blue"'),
    ]
    assert str(color.base) == "_rt.OpenStrEnum"
    assert [(str(m.name), str(m.value)) for m in level.members] == [
        ("VALUE_1", "1"),
        ("VALUE_MINUS_2", "-2"),
    ]


def test_a_model_without_description_gets_one(tmp_path: Path) -> None:
    client = _client(
        tmp_path, Bare={"type": "object", "properties": {"a": {}}, "title": "A bare thing"}
    )
    description = _model(client, "Bare").description
    assert description is not None and description.value == "A bare thing"
