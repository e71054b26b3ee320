"""Which operations get a bulk helper, and how it reads results and errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.build import build
from generator.model import OperationDef, PrimitiveType
from tests.generator.spec_support import checked, minimal


def _operation(tmp_path: Path, body: dict[str, Any], response: dict[str, Any]) -> OperationDef:
    post = {
        "operationId": "create",
        "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": response}}}
        },
    }
    spec = checked(tmp_path, minimal({"/c": {"post": post}}))
    (op,) = build(spec, package="u", spec_source="s").client.operations
    return op


def _array(max_items: int | None) -> dict[str, Any]:
    array: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
    if max_items is not None:
        array["maxItems"] = max_items
    return array


def test_one_required_bounded_array_makes_a_helper(tmp_path: Path) -> None:
    body = {"type": "object", "required": ["inputs"], "properties": {"inputs": _array(100)}}
    response = {
        "type": "object",
        "properties": {
            "results": {"type": "array", "items": {"type": "integer"}},
            "errors": {"type": "array", "items": {}},
        },
    }
    op = _operation(tmp_path, body, response)
    assert op.bulk is not None
    bulk = op.bulk
    assert (bulk.method_name, bulk.items.attr, bulk.max_items) == ("create_all", "inputs", 100)
    assert (bulk.results_attr, bulk.result_annotation) == ("results", "int")
    assert (bulk.errors_attr, bulk.error_annotation) == ("errors", "_t.Any")
    assert bulk.types == (PrimitiveType("str"), PrimitiveType("int"), PrimitiveType("any"))


def test_no_helper_without_exactly_one_required_bounded_array(tmp_path: Path) -> None:
    unbounded = {"type": "object", "required": ["a"], "properties": {"a": _array(None)}}
    optional = {"type": "object", "properties": {"a": _array(5)}}
    two = {
        "type": "object",
        "required": ["a", "b"],
        "properties": {"a": _array(5), "b": _array(5)},
    }
    for body in (unbounded, optional, two):
        assert _operation(tmp_path, body, {"type": "object"}).bulk is None, body
