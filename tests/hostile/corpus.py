"""Small OpenAPI documents that carry hostile strings in every position a spec string can take.

``spec_from_texts`` puts one text per position into titles, descriptions, summaries, the names
of schemas, properties, parameters, operations and tags, enum values, defaults, examples, the
server URL, paths, media types and header names. ``literal_positions`` lists the strings that
must come out as exact Python string constants, ``prose_positions`` the ones that become
docstrings. ``payload_spec`` is the same document with one payload in every position.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.runtime_files import reserved_names

SERVER = "https://api.example.test/"
PATH_PREFIX = "/p/"

POSITIONS = (
    "title",
    "description",
    "summary",
    "version",
    "server",
    "path",
    "operation_id",
    "tag",
    "schema_name",
    "property",
    "parameter",
    "enum",
    "value",
    "media_type",
    "header",
    "client",
)
Texts = dict[str, str]

# Characters that may not appear in a path parameter name: the generator refuses them with a
# located error (they would nest templates or mean something to format-string parsers).
_NOT_IN_PARAMETER_NAME = set("{}:![]/?#")


def is_plain_parameter_name(text: str) -> bool:
    return bool(text) and all(c.isprintable() and c not in _NOT_IN_PARAMETER_NAME for c in text)


def path_for(text: str) -> str:
    """A path holding ``text``; its braces are percent-encoded so that it stays a literal."""
    return PATH_PREFIX + text.replace("{", "%7B").replace("}", "%7D")


def media_type(text: str) -> str:
    return f"application/vnd.{text}+json"


def enum_values(text: str) -> list[str]:
    return list(dict.fromkeys([text, text + "\x00", "k" + text]))


def _string_schema(texts: Texts) -> dict[str, Any]:
    return {
        "type": "string",
        "description": texts["description"],
        "default": texts["value"],
        "example": texts["value"],
        "enum": list(dict.fromkeys([texts["enum"], texts["value"], "plain"])),
    }


def spec_from_texts(texts: Texts) -> dict[str, Any]:
    """A valid OpenAPI 3.0 document with ``texts[position]`` in each position.

    3.0 rather than 3.1: the 3.1 meta-schema restricts component names to ``[a-zA-Z0-9._-]``,
    and hostile schema names are part of the corpus.
    """
    description = texts["description"]
    parameter = texts["parameter"]
    non_empty_tag = texts["tag"] or "tag"
    header = texts["header"] or "X-Header"
    parameters = [
        {
            "name": parameter,
            "in": "query",
            "description": description,
            "example": texts["value"],
            "schema": _string_schema(texts),
        },
        {
            "name": parameter,
            "in": "header",
            "description": description,
            "schema": {"type": "string"},
        },
        {
            "name": parameter,
            "in": "cookie",
            "description": description,
            "schema": {"type": "integer"},
        },
    ]
    thing_ref = {"$ref": "#/components/schemas/Thing"}
    operation = {
        "operationId": texts["operation_id"],
        "summary": texts["summary"],
        "description": description,
        "tags": [non_empty_tag],
        "parameters": parameters,
        "requestBody": {
            "description": description,
            "required": True,
            "content": {
                media_type(texts["media_type"]): {
                    "schema": thing_ref,
                    "example": {texts["property"]: texts["value"]},
                }
            },
        },
        "responses": {
            "200": {
                "description": description or "ok",
                "headers": {header: {"description": description, "schema": {"type": "string"}}},
                "content": {"application/json": {"schema": thing_ref}},
            },
            "default": {
                "description": description or "error",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        },
    }
    # A second tag puts the operations into groups (a client attribute and class per tag).
    listing = {
        "tags": ["plain"],
        "summary": texts["summary"],
        "responses": {"204": {"description": description or "ok"}},
    }
    paths: dict[str, Any] = {
        path_for(texts["path"]): {
            "summary": texts["summary"],
            "description": description,
            "post": operation,
            "get": listing,
        }
    }
    if is_plain_parameter_name(parameter):
        paths["/q/{" + parameter + "}"] = {
            "get": {
                "summary": texts["summary"],
                "parameters": [
                    {
                        "name": parameter,
                        "in": "path",
                        "required": True,
                        "description": description,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {"204": {"description": description or "ok"}},
            }
        }
    prop = texts["property"]
    schemas: dict[str, Any] = {
        texts["schema_name"]: {
            "type": "object",
            "title": texts["title"],
            "description": description,
            "required": [prop],
            "properties": {
                prop: _string_schema(texts),
                prop + "_list": {"type": "array", "items": thing_ref},
            },
        },
        "Thing": {
            "type": "object",
            "description": description,
            "required": [prop],
            "properties": {
                prop: _string_schema(texts),
                "nested": {
                    "type": "object",
                    "description": description,
                    "properties": {prop: {"type": "integer", "description": description}},
                },
                "kind": {"$ref": "#/components/schemas/Kind"},
            },
        },
        "Kind": {"type": "string", "description": description, "enum": enum_values(texts["enum"])},
        "Error": {
            "type": "object",
            "properties": {"message": {"type": "string", "description": description}},
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": texts["title"], "description": description, "version": texts["version"]},
        "servers": [{"url": SERVER + texts["server"], "description": description}],
        "tags": [{"name": non_empty_tag, "description": description}],
        "security": [{texts["schema_name"]: []}, {"bearer": []}],
        "x-apiwright": {
            "client": texts["client"],
            "tokenEnv": texts["client"],
            "correlationId": {"header": texts["header"], "bodyField": texts["property"]},
            "rateLimitHeaders": {"max": texts["header"], "dailyRemaining": texts["header"]},
            "nonRetryableRateLimits": {"bodyField": texts["property"], "values": [texts["value"]]},
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                texts["schema_name"]: {
                    "type": "apiKey",
                    "in": "header",
                    "name": texts["header"] or "X-Key",
                    "description": description,
                },
                "bearer": {"type": "http", "scheme": "bearer", "description": description},
            },
        },
    }


def payload_texts(payload: str) -> Texts:
    return dict.fromkeys(POSITIONS, payload)


def payload_spec(payload: str) -> dict[str, Any]:
    return spec_from_texts(payload_texts(payload))


def literal_positions(texts: Texts) -> dict[str, str]:
    """Strings that must appear, exactly, as string constants somewhere in the package."""
    expected = {
        "version": texts["version"] or "0.0.0",
        "server": SERVER + texts["server"],
        "path": path_for(texts["path"]),
        "operation_id": texts["operation_id"],
        "property": texts["property"],
        "parameter": texts["parameter"],
        "media_type": media_type(texts["media_type"]),
        "value": texts["value"],
    }
    for index, value in enumerate(enum_values(texts["enum"])):
        expected[f"enum {index}"] = value
    if texts["header"]:
        expected["header"] = texts["header"]
    if texts["client"]:
        expected["client"] = texts["client"]
    return expected


def prose_positions(texts: Texts) -> dict[str, str]:
    """Texts that become docstrings (compared by words: docstrings are reflowed)."""
    return {
        "title": texts["title"],
        "description": texts["description"],
        "summary": texts["summary"],
    }


def recursive_spec() -> dict[str, Any]:
    """Legitimate recursion, through objects: it must keep working while cycles are refused."""
    node_ref = {"$ref": "#/components/schemas/Node"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Trees", "version": "1.0.0"},
        "paths": {
            "/trees": {
                "post": {
                    "operationId": "plantTree",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": node_ref}},
                    },
                    "responses": {
                        "200": {
                            "description": "the tree as stored",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Forest"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Node": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "children": {"type": "array", "items": node_ref},
                        "parent": node_ref,
                    },
                },
                "Base": {
                    "type": "object",
                    "properties": {"forest": {"$ref": "#/components/schemas/Forest"}},
                },
                "Forest": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Base"},
                        {
                            "type": "object",
                            "properties": {"trees": {"type": "array", "items": node_ref}},
                        },
                    ]
                },
            }
        },
    }


def write_spec(directory: Path, name: str, document: dict[str, Any]) -> Path:
    """JSON keeps every payload byte for byte, lone surrogates included."""
    path = directory / f"{name}.json"
    path.write_text(json.dumps(document, ensure_ascii=True, indent=1), encoding="utf-8")
    return path


# Names that collide after case conversion, or with what the generated package already defines
# or uses: Python keywords and builtins, dunders, the runtime's classes and the clients' members.
COLLIDING_NAMES = (
    "fooBar",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "VLAN",
    "Vlan",
    "class",
    "def",
    "None",
    "True",
    "import",
    "self",
    "__init__",
    "__class__",
    "__dict__",
    "_rt",
    "_dc",
    "_t",
    "str",
    "list",
    "dict",
    "int",
    "float",
    "bool",
    "bytes",
    "object",
    "type",
    "isinstance",
    "httpx",
    "dataclasses",
    "cached_property",
    "annotations",
    "to_dict",
    "from_dict",
    "extra_properties",
    "base_url",
    "timeout",
    "max_retries",
    "extra_headers",
    "close",
    "aclose",
    "with_options",
    "with_raw_response",
    "body",
    "Client",
    "AsyncClient",
    # Every name the runtime exports, as its modules' __all__ lists them.
    *sorted(reserved_names()),
    "SyncAPIClient",
    "AsyncAPIClient",
    "Model",
    "Field",
    "Any",
    "Settings",
    "NamesClient",
    "AsyncNamesClient",
    "NamesClientWithRawResponse",
    "AsyncNamesClientWithRawResponse",
    "123",
    "",
    "_",
    "__import__",
    "0x1F",
    "n" * 300,
)


def names_spec() -> dict[str, Any]:
    """Every colliding name as a schema, a property, an operation, a parameter, an enum value."""
    schemas: dict[str, Any] = {
        name: {"type": "object", "description": name, "properties": {name: {"type": "integer"}}}
        for name in COLLIDING_NAMES
    }
    schemas["Choice"] = {"type": "string", "enum": [*COLLIDING_NAMES, "mro", "name", "value"]}
    schemas["Everything"] = {
        "type": "object",
        "required": list(COLLIDING_NAMES[:8]),
        "properties": {
            **{name: {"type": "string"} for name in COLLIDING_NAMES},
            "choice": {"$ref": "#/components/schemas/Choice"},
        },
    }
    everything = {
        "operationId": "everything",
        "parameters": [
            *(
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                for name in ("self", "list", "timeout")
            ),
            *(
                {"name": name, "in": "query", "schema": {"type": "string"}}
                for name in COLLIDING_NAMES
                if name
            ),
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Everything"}}
            },
        },
        "responses": {"204": {"description": "ok"}},
    }
    paths: dict[str, Any] = {"/everything/{self}/{list}/{timeout}": {"put": everything}}
    for index, name in enumerate(COLLIDING_NAMES):
        response = {"$ref": "#/components/schemas/" + name}
        paths[f"/op/{index}/{{{name or 'id'}}}"] = {
            "post": {
                "operationId": name,
                "parameters": [
                    {
                        "name": name or "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": response}},
                    }
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Names", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }
