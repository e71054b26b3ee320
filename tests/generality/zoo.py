"""An inline spec full of awkward names and tags, generated with the shared specs and type-checked
with them."""

from __future__ import annotations

from typing import Any


def _list_op(operation_id: str | None, tag: str | None, schema_ref: str) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": schema_ref}}},
            }
        }
    }
    if operation_id is not None:
        operation["operationId"] = operation_id
    if tag is not None:
        operation["tags"] = [tag]
    return operation


NAMES_ZOO: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Zoo", "version": "1"},
    "tags": [{"name": "pets", "description": "Everything about pets."}, {"name": "store-front"}],
    "paths": {
        "/pets": {
            "get": _list_op("listPets", "pets", "#/components/schemas/Client"),
            "post": _list_op(None, "pets", "#/components/schemas/Response"),
        },
        "/pets/{pet-id}": {
            "parameters": [
                {"name": "pet-id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": _list_op("import", "pets", "#/components/schemas/VLAN"),
            "delete": _list_op("delete-item", "pets", "#/components/schemas/Vlan"),
        },
        "/orders": {"get": _list_op("with_options", "store-front", "#/components/schemas/class")},
        "/health": {"get": _list_op(None, None, "#/components/schemas/1st-thing")},
        "/status": {"get": _list_op("close", None, "#/components/schemas/with.dot")},
    },
    "components": {
        "schemas": {
            "Client": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Response": {"type": "object", "properties": {"ok": {"type": "boolean"}}},
            "DecodeError": {"type": "object", "properties": {"at": {"type": "string"}}},
            "VLAN": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "Vlan": {"type": "object", "properties": {"tag": {"type": "integer"}}},
            "class": {
                "type": "object",
                "properties": {
                    "class": {"type": "string"},
                    "from": {"type": "string"},
                    "1st": {"type": "integer"},
                    "x-y": {"type": "string"},
                    "x_y": {"type": "string"},
                    "list": {"type": "array", "items": {"type": "string"}},
                    "str": {"type": "string"},
                    "to_dict": {"type": "string"},
                    "extra_properties": {"type": "string"},
                    "naïve": {"type": "string"},
                },
            },
            "1st-thing": {
                "type": "string",
                "enum": ["1", "a-b", "", "mro", "name", "A", "a", "None", "def"],
            },
            "with.dot": {"type": "integer", "enum": [-1, 0, 1]},
        }
    },
}


# An untagged operation whose body has a bounded array gets a bulk helper, ``batch_all``; the
# tag ``BatchAll`` wants the same attribute on the client. The tag keeps it (a name the spec
# chose), and the helper, a derived name, is renamed with a warning.
BULK_NAME_CLASH: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Clash", "version": "1"},
    "servers": [{"url": "http://localhost"}],
    "paths": {
        "/batch": {
            "post": {
                "operationId": "batch",
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
                                        "maxItems": 2,
                                        "items": {"type": "string"},
                                    }
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "results": {"type": "array", "items": {"type": "string"}}
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
        "/everything": {
            "get": {
                "operationId": "listEverything",
                "tags": ["BatchAll"],
                "responses": {"204": {"description": "none"}},
            }
        },
        "/other": {
            "get": {
                "operationId": "other",
                "tags": ["Other"],
                "responses": {"204": {"description": "none"}},
            }
        },
    },
}
