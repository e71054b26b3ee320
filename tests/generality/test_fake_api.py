"""The ``testing`` module of a package generated from a spec other than HubSpot's: default
answers from the spec's examples (or placeholders), typed handlers, and pacing from the IETF
rate-limit fields when the spec names no headers of its own."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.generality.harness import generate, write_spec

PET = {
    "type": "object",
    "required": ["id", "name", "born"],
    "properties": {
        "id": {"type": "integer", "example": 7},
        "name": {"type": "string", "example": "Rex"},
        "born": {"type": "string", "format": "date"},
        "kind": {"type": "string", "enum": ["dog", "cat"]},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "servers": [{"url": "https://pets.example/v1"}],
    "paths": {
        "/pets": {
            "get": {
                "operationId": "list_pets",
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "pets",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Pet"},
                                }
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "add_pet",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                    },
                },
                "responses": {"204": {"description": "added"}},
            },
        },
        "/pets/{petId}": {
            "get": {
                "operationId": "get_pet",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "a pet",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Pet"},
                                "example": {"id": 1, "name": "Tom", "born": "2020-02-02"},
                            }
                        },
                    }
                },
            }
        },
        "/pets/{petId}/photo": {
            "get": {
                "operationId": "get_photo",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {"description": "text", "content": {"text/plain": {"schema": {}}}}
                },
            }
        },
    },
    "components": {"schemas": {"Pet": PET}},
}


@pytest.fixture(scope="module")
def pets(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("fake_pets")
    spec = write_spec(Path(root / "spec"), SPEC)
    generated = generate(spec, root / "out", "gen_fake_pets")
    generated.import_package()
    return generated.module("testing")


def test_default_answers_come_from_the_media_example_or_the_schema_examples(pets: Any) -> None:
    fake = pets.PetsFake()
    with fake.client() as client:
        tom = client.get_pet("t/1")
        listed = client.list_pets(limit=3)
        photo = client.get_photo("1")
        assert client.add_pet(id=3, name="Kit", born=tom.born) is None
    assert (tom.id, tom.name, str(tom.born)) == (1, "Tom", "2020-02-02")
    # No example for the list: one item made of the properties' examples and placeholders.
    assert [(p.id, p.name, str(p.born)) for p in listed] == [(7, "Rex", "2025-01-01")]
    assert photo == ""
    get_pet, list_pets, _, add_pet = fake.requests
    assert get_pet.path_params == {"petId": "t/1"}
    assert list_pets.query["limit"] == "3"
    assert add_pet.body.name == "Kit" and add_pet.operation == "add_pet"


def test_a_handler_answers_with_models_or_text(pets: Any) -> None:
    models = __import__("gen_fake_pets.models", fromlist=["Pet"])
    fake = pets.PetsFake()
    fake.on_list_pets(
        lambda request: [
            models.Pet(id=n, name=f"pet {n}", born=__import__("datetime").date(2020, 1, n))
            for n in range(1, int(request.query["limit"]) + 1)
        ]
    )
    fake.on_get_photo(lambda request: f"photo of {request.path_params['petId']}")
    with fake.client() as client:
        assert [p.name for p in client.list_pets(limit=2)] == ["pet 1", "pet 2"]
        assert client.get_photo("9") == "photo of 9"


def test_without_named_headers_the_ietf_fields_pace_the_client(pets: Any) -> None:
    fake = pets.PetsFake(rate_limit=pets.FakeRateLimit(max_requests=3, interval_ms=300))
    with fake.client() as client:
        started = time.monotonic()
        for _ in range(7):
            client.get_photo("1")
        elapsed = time.monotonic() - started
        raw = client.with_raw_response.get_photo("1")
    assert raw.headers["RateLimit-Policy"] == "3;w=1"  # whole seconds, as the draft has it
    assert raw.rate_limit.max == 3
    # 7 requests at 3 per window: the client waited instead of drawing 429s.
    statuses = len(fake.requests)
    assert statuses == 8
    assert elapsed >= 0.5
