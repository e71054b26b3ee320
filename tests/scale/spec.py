"""A spec with many operations, built in code: enough untagged operations and operations of
one tag that the client is split over modules (``generator/emit/split.py``), with every kind of
method (plain, body, paged, bulk) in each part."""

from __future__ import annotations

from typing import Any

# Untagged operations (methods of the client itself), and those of the one large tag: each is
# well over one module's target once printed, so both are spread over mixin parts.
FLAT_OPERATIONS = 160
LARGE_GROUP_OPERATIONS = 160
SMALL_GROUPS = ("alpha", "beta", "gamma")
SMALL_GROUP_OPERATIONS = 4
KINDS = ("get", "create", "list", "batch")
DESCRIPTION = (
    "Reads or writes the things of one kind. The text is as long as a real API's "
    "description tends to be, so that the docstring takes the lines it takes in practice; "
    "see the API's guide for the details of each field."
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], example: Any | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"application/json": media}


def _answer(schema: dict[str, Any], example: Any | None = None) -> dict[str, Any]:
    return {"description": "ok", "content": _json(schema, example)}


def _operation(kind: str, stem: str, tag: str | None) -> tuple[str, str, dict[str, Any]]:
    """(path, method, operation) of one kind: a GET of one item, a POST of a body, an
    offset-paged list, a bulk create."""
    item = {"id": 7, "name": stem}
    operation: dict[str, Any] = {"operationId": f"{kind}_{stem}", "description": DESCRIPTION}
    if tag is not None:
        operation["tags"] = [tag]
    if kind == "get":
        path, method = f"/{stem}/items/{{item_id}}", "get"
        operation["parameters"] = [
            {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}
        ]
        operation["responses"] = {"200": _answer(_ref("Item"), item)}
    elif kind == "create":
        path, method = f"/{stem}/items", "post"
        operation["requestBody"] = {"required": True, "content": _json(_ref("Item"))}
        operation["responses"] = {"201": _answer(_ref("Item"), item)}
    elif kind == "list":
        path, method = f"/{stem}/items", "get"
        operation["parameters"] = [
            {"name": name, "in": "query", "schema": {"type": "integer"}}
            for name in ("offset", "limit")
        ]
        page = {"items": [item], "total": 1}
        operation["responses"] = {"200": _answer(_ref("ItemPage"), page)}
    else:
        path, method = f"/{stem}/items/batch", "post"
        operation["requestBody"] = {"required": True, "content": _json(_ref("ItemBatch"))}
        operation["responses"] = {"200": _answer(_ref("ItemBatchResult"))}
    return path, method, operation


def many_operations_spec() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    plan = [(f"flat{n}", None) for n in range(FLAT_OPERATIONS // len(KINDS))]
    plan += [(f"large{n}", "large") for n in range(LARGE_GROUP_OPERATIONS // len(KINDS))]
    plan += [
        (f"{tag}{n}", tag)
        for tag in SMALL_GROUPS
        for n in range(SMALL_GROUP_OPERATIONS // len(KINDS))
    ]
    for stem, tag in plan:
        for kind in KINDS:
            path, method, operation = _operation(kind, stem, tag)
            paths.setdefault(path, {})[method] = operation
    item = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Scale", "version": "1"},
        "servers": [{"url": "http://localhost"}],
        "paths": paths,
        "components": {
            "schemas": {
                "Item": item,
                "ItemPage": {
                    "type": "object",
                    "required": ["items", "total"],
                    "properties": {
                        "items": {"type": "array", "items": _ref("Item")},
                        "total": {"type": "integer"},
                    },
                },
                "ItemBatch": {
                    "type": "object",
                    "required": ["inputs"],
                    "properties": {
                        "inputs": {"type": "array", "maxItems": 3, "items": _ref("Item")}
                    },
                },
                "ItemBatchResult": {
                    "type": "object",
                    "properties": {"results": {"type": "array", "items": _ref("Item")}},
                },
            }
        },
    }
