"""The generated README documents what the spec has, and only that: a 207 and a bulk helper
get their sections, a plain API gets neither, and its package exports no bulk types."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from tests.generality.harness import generate, write_spec

PLAIN: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1.2"},
    "paths": {
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}
    },
}


def test_a_spec_without_207_or_bulk_gets_neither_section(tmp_path: Path) -> None:
    generated = generate(write_spec(tmp_path, PLAIN), tmp_path / "out", "pets_plain")
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    for absent in ("Partial success", "207", "Many inputs", "BulkResult", "ChunkOutcome"):
        assert absent not in readme, absent
    # Without a server URL, the configuration example passes none.
    assert "Pass `base_url=` with the API's address" in readme
    for present in ("## Errors", "`APIError`", "`RateLimitError`", "## Logging"):
        assert present in readme, present
    package = generated.import_package()
    assert "BulkResult" not in package.__all__
    assert not hasattr(package, "BulkResult")
    init = (tmp_path / "out" / "pets_plain" / "__init__.py").read_text(encoding="utf-8")
    assert "__getattr__" not in init and "_bulk" not in init
    for block in readme.split("```python\n")[1:]:
        ast.parse(block.split("```")[0])  # every example is Python


def test_a_spec_with_207_and_a_bounded_array_gets_both(tmp_path: Path) -> None:
    spec = {
        **PLAIN,
        "servers": [{"url": "https://pets.example/v1"}],
        "paths": {
            "/pets/batch": {
                "post": {
                    "operationId": "createPets",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["inputs"],
                                    "properties": {
                                        "inputs": {
                                            "type": "array",
                                            "maxItems": 10,
                                            "items": {"$ref": "#/components/schemas/Pet"},
                                        }
                                    },
                                },
                                "example": {"inputs": [{"name": "Rex"}]},
                            }
                        },
                    },
                    "responses": {
                        "201": {"description": "ok", "content": _json("Batch")},
                        "207": {"description": "some failed", "content": _json("Partial")},
                    },
                }
            }
        },
        "components": {
            "schemas": {
                **PLAIN["components"]["schemas"],
                "Batch": _batch(errors=False),
                "Partial": _batch(errors=True),
            }
        },
    }
    generated = generate(write_spec(tmp_path, spec), tmp_path / "out", "pets_bulk")
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert "- `create_pets`: `201` → `Batch`; `207` → `Partial`" in readme
    assert "isinstance(result, Partial)" in readme
    assert "## Many inputs: `create_pets_all`" in readme
    assert 'items = [Pet(name="Rex")] * 25' in readme
    assert 'base_url="https://pets.example/v1",  # the default' in readme
    package = generated.import_package()
    assert {"BulkResult", "ChunkOutcome", "FailedChunk", "OnProgress"} <= set(package.__all__)
    assert package.ChunkOutcome.__name__ == "ChunkOutcome"
    for block in readme.split("```python\n")[1:]:
        ast.parse(block.split("```")[0])


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def _batch(*, errors: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    }
    if errors:
        properties["errors"] = {"type": "array", "items": {"type": "object"}}
    return {"type": "object", "required": list(properties), "properties": properties}
