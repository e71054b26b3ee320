"""Imports decided from the types a module prints, never from its text."""

from __future__ import annotations

from pathlib import Path

from generator.build import build
from generator.emit.imports import (
    client_model_names,
    client_stdlib_imports,
    import_sort_key,
    isort_key,
    model_imports,
)
from tests.generator.spec_support import checked, minimal


def _spec(tmp_path: Path) -> dict[str, object]:
    schemas = {
        "Event": {
            "type": "object",
            "properties": {"at": {"type": "string", "format": "date-time"}, "data": {}},
        },
        "Problem": {"type": "object", "properties": {"message": {"type": "string"}}},
        "Unused": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}},
    }
    get = {
        "operationId": "events",
        "parameters": [
            {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}}
        ],
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}},
            },
            "400": {
                "description": "bad",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            },
        },
    }
    return minimal({"/events": {"get": get}}, components={"schemas": schemas})


def test_module_imports_come_from_the_types_used(tmp_path: Path) -> None:
    client = build(checked(tmp_path, _spec(tmp_path)), package="u", spec_source="s").client
    # models.py: a datetime, an Any (the free-form "data") and a UUID field.
    assert model_imports(client.models) == (
        "import datetime as _dt",
        "import typing as _t",
        "import uuid as _uuid",
    )
    # The client's signature has a date; its UUID is only in an unused model.
    assert client_stdlib_imports(client.operations) == (
        "import datetime as _dt",
        "import typing as _t",
    )
    # The error reader's model is imported too; the unused one is not.
    assert client_model_names(client.operations) == ("Event", "Problem")


def test_isort_orders() -> None:
    names = ["beta", "Alpha", "ALPHA", "alpha", "Zeta"]
    assert sorted(names, key=isort_key) == ["ALPHA", "Alpha", "Zeta", "alpha", "beta"]
    assert sorted(["b_x", "BX", "Bx", "a"], key=import_sort_key) == ["BX", "Bx", "a", "b_x"]
