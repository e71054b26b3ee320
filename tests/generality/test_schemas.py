"""Schemas: unions by discriminator, open enums, allOf, recursion, maps, nulls, formats, files."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.generality.echo_server import EchoServer, Reply
from tests.generality.harness import generate, write_spec

SPEC = """\
openapi: 3.1.0
info: {title: Schemas, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: get_pet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: a pet
          content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
  /money:
    get:
      operationId: get_money
      responses:
        "200":
          description: money from another file
          content: {application/json: {schema: {$ref: "./common.yaml#/components/schemas/Money"}}}
components:
  schemas:
    Cat:
      type: object
      required: [petType]
      properties:
        petType: {type: string}
        meows: {type: boolean}
    Dog:
      type: object
      required: [petType]
      properties:
        petType: {type: string}
        barks: {type: boolean}
    Pet:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
      discriminator:
        propertyName: petType
        mapping: {cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog"}
    ImplicitPet:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
      discriminator: {propertyName: petType}
    Owner:
      type: object
      properties:
        pet: {$ref: "#/components/schemas/Pet"}
        implicit: {$ref: "#/components/schemas/ImplicitPet"}
        color: {$ref: "#/components/schemas/Color"}
        level: {$ref: "#/components/schemas/Level"}
    Animal:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
      discriminator:
        propertyName: kind
        mapping: {bird: "#/components/schemas/Bird"}
    Bird:
      allOf:
        - $ref: "#/components/schemas/Animal"
        - type: object
          properties: {wings: {type: integer}}
    Fish:
      allOf:
        - $ref: "#/components/schemas/Animal"
        - type: object
          properties: {fins: {type: integer}}
    Aquarium:
      type: object
      properties:
        animals: {type: array, items: {$ref: "#/components/schemas/Animal"}}
    Color: {type: string, enum: [red, green]}
    Level: {type: integer, enum: [1, 2]}
    Node:
      type: object
      properties:
        value: {type: integer}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
    Left:
      type: object
      properties:
        right: {$ref: "#/components/schemas/Right"}
    Right:
      type: object
      properties:
        left:
          anyOf: [{$ref: "#/components/schemas/Left"}, {type: "null"}]
    Grid:
      type: object
      required: [cells]
      properties:
        cells: {type: array, items: {type: array, items: {type: number}}}
    Scores:
      type: object
      properties:
        owner: {type: string}
      additionalProperties: {type: integer}
    Bag:
      type: object
      properties:
        anything: {}
        free: {type: object}
        counts: {type: object, additionalProperties: {type: integer}}
    Named:
      type: object
      required: [name]
      properties: {name: {type: string}}
    Person:
      allOf:
        - $ref: "#/components/schemas/Named"
        - type: object
          required: [age]
          properties: {age: {type: integer}}
      properties:
        email: {type: string}
    Nulls:
      type: object
      required: [required_nullable]
      properties:
        required_nullable: {type: [string, "null"]}
        optional_nullable: {type: [integer, "null"]}
        optional: {type: string}
        kind: {const: fixed}
        either: {type: [string, integer]}
    Formats:
      type: object
      properties:
        day: {type: string, format: date}
        moment: {type: string, format: date-time}
        id: {type: string, format: uuid}
        raw: {type: string, format: byte}
"""

COMMON = """\
components:
  schemas:
    Money:
      type: object
      required: [amount, currency]
      properties:
        amount: {type: string}
        currency: {$ref: "#/components/schemas/Currency"}
        tank: {$ref: "./tank.schema.yaml"}
    Currency: {type: string, enum: [EUR, USD]}
"""


TANK = """\
type: object
properties:
  litres: {type: number}
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("schemas")
    write_spec(root / "spec", COMMON, name="common.yaml")
    write_spec(root / "spec", TANK, name="tank.schema.yaml")
    generated = generate(write_spec(root / "spec", SPEC), root / "out", "gen_schemas")
    return generated.import_package()


def test_discriminator_picks_the_member_not_the_first_that_fits(package: Any) -> None:
    # Cat would accept this payload too (it keeps unknown keys); the tag says Dog.
    owner = package.Owner.from_dict({"pet": {"petType": "dog", "meows": True}})
    assert isinstance(owner.pet, package.Dog)
    assert owner.to_dict() == {"pet": {"petType": "dog", "meows": True}}


def test_discriminator_without_mapping_uses_schema_names(package: Any) -> None:
    owner = package.Owner.from_dict({"implicit": {"petType": "Dog", "meows": True}})
    assert isinstance(owner.implicit, package.Dog)


def test_base_schema_with_discriminator_decodes_to_its_extensions(package: Any) -> None:
    payload = {
        "animals": [
            {"kind": "bird", "wings": 2},
            {"kind": "Fish", "fins": 4},
            {"kind": "Animal"},
            {"kind": "dragon", "fire": True},
        ]
    }
    animals = package.Aquarium.from_dict(payload).animals
    assert [type(animal).__name__ for animal in animals] == ["Bird", "Fish", "Animal", "Animal"]
    assert animals[1].fins == 4 and animals[3].extra_properties == {"fire": True}
    assert package.Aquarium.from_dict(payload).to_dict() == payload


def test_response_union_is_decoded_over_http(package: Any, echo: EchoServer) -> None:
    echo.reply(Reply.of_json({"petType": "dog", "barks": True}))
    with package.SchemasClient(base_url=echo.url) as client:
        pet = client.get_pet("7")
    assert isinstance(pet, package.Dog) and pet.barks is True


def test_enums_stay_open_to_unknown_values(package: Any) -> None:
    owner = package.Owner.from_dict({"color": "purple", "level": 3})
    assert owner.color.value == "purple" and owner.level.value == 3
    assert owner.to_dict() == {"color": "purple", "level": 3}
    assert package.Owner.from_dict({"color": "red"}).color is package.Color.RED


def test_recursive_and_mutually_recursive_schemas(package: Any) -> None:
    tree = {"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}
    assert package.Node.from_dict(tree).children[0].children[0].value == 3
    assert package.Node.from_dict(tree).to_dict() == tree
    pair = {"right": {"left": {"right": {"left": None}}}}
    assert package.Left.from_dict(pair).to_dict() == pair


def test_arrays_of_arrays(package: Any) -> None:
    grid = package.Grid.from_dict({"cells": [[1.5, 2], []]})
    assert grid.cells == [[1.5, 2], []]
    with pytest.raises(package.DecodeError, match=r"\$\.cells\[0\]\[1\]"):
        package.Grid.from_dict({"cells": [[1, "x"]]})


def test_typed_and_free_form_maps(package: Any) -> None:
    scores = package.Scores.from_dict({"owner": "ann", "maths": 3})
    assert scores.extra_properties == {"maths": 3}
    with pytest.raises(package.DecodeError):
        package.Scores.from_dict({"maths": "three"})
    bag = {"anything": [1, {"a": None}], "free": {"x": [1]}, "counts": {"a": 1}}
    assert package.Bag.from_dict(bag).to_dict() == bag


def test_all_of_merges_properties_and_required(package: Any) -> None:
    person = package.Person(name="Ann", age=40)
    assert person.to_dict() == {"name": "Ann", "age": 40}
    with pytest.raises(package.DecodeError, match="age"):
        package.Person.from_dict({"name": "Ann"})


def test_absent_is_not_null(package: Any) -> None:
    absent = package.Nulls.from_dict({"required_nullable": None})
    assert absent.required_nullable is None
    assert absent.optional_nullable is package.UNSET
    assert absent.to_dict() == {"required_nullable": None}
    present = package.Nulls(required_nullable="a", optional_nullable=None, optional="b")
    assert present.to_dict() == {
        "required_nullable": "a",
        "optional_nullable": None,
        "optional": "b",
    }
    with pytest.raises(package.DecodeError, match="required_nullable"):
        package.Nulls.from_dict({})


def test_type_lists_and_const(package: Any) -> None:
    value = package.Nulls.from_dict({"required_nullable": "x", "kind": "fixed", "either": 4})
    assert (value.kind, value.either) == ("fixed", 4)


def test_formats(package: Any) -> None:
    payload = {
        "day": "2024-02-29",
        "moment": "2024-02-29T12:30:00.5+01:00",
        "id": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "raw": "AAEC",
    }
    value = package.Formats.from_dict(payload)
    assert value.day == datetime.date(2024, 2, 29)
    assert value.moment.utcoffset() == datetime.timedelta(hours=1)
    assert value.id == uuid.UUID(payload["id"])
    assert value.raw == b"\x00\x01\x02"
    assert value.to_dict() == payload


def test_references_into_another_file(package: Any, echo: EchoServer) -> None:
    echo.reply(Reply.of_json({"amount": "1.00", "currency": "EUR"}))
    with package.SchemasClient(base_url=echo.url) as client:
        money = client.get_money()
    assert money.currency is package.Currency.EUR
    assert package.Money.from_dict(
        {"amount": "1", "currency": "USD", "tank": {"litres": 2.5}}
    ).tank == package.Tank(litres=2.5)


def test_spec_files_are_read_relative_to_the_spec(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "elsewhere", SPEC)
    # Without common.yaml beside it, its schemas are missing: typed Any, each with a warning
    # naming the file it looked for there (issue #13: a dangling schema $ref is a warning).
    generated = generate(spec, tmp_path / "out", "gen_schemas_missing")
    missing = [w for w in generated.warnings if "does not exist: ./common.yaml" in w]
    assert missing and all(w.startswith("spec.yaml:") for w in missing), generated.warnings
