"""Operation translation: arguments, bodies and responses of each generated method."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.build import build
from generator.model import ModelType, OperationDef, PrimitiveType, UnionType
from tests.generator.spec_support import bounded_body, checked, minimal


def _operation(tmp_path: Path, path: str, operation: dict[str, Any], **extra: Any) -> OperationDef:
    operation.setdefault("responses", {"204": {"description": "none"}})
    spec = checked(tmp_path, minimal({path: {"post": operation}}, **extra))
    client = build(spec, package="unit", spec_source="spec.yaml").client
    (op,) = client.operations
    return op


def _parameter(name: str, location: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": location, "schema": {"type": "string"}, **extra}


def test_arguments_are_path_parameters_then_required_then_optional(tmp_path: Path) -> None:
    op = _operation(
        tmp_path,
        "/items/{id}",
        {
            "operationId": "touch",
            "parameters": [
                _parameter("verbose", "query"),
                _parameter("id", "path", required=True),
                _parameter("X-Trace", "header", required=True),
                # OpenAPI says these are ignored: the client sets them.
                _parameter("Content-Type", "header"),
                _parameter("self", "cookie"),
            ],
        },
    )
    assert [str(p.attr) for p in op.path_parameters] == ["id"]
    assert [(str(p.attr), p.location, p.required) for p in op.other_parameters] == [
        ("x_trace", "header", True),
        ("verbose", "query", False),
        # ``self`` would shadow the method's own: renamed.
        ("self_2", "cookie", False),
    ]
    assert op.path_parameters[0].style == "simple" and op.other_parameters[1].style == "form"


def test_a_parameter_given_by_content_is_sent_as_json(tmp_path: Path) -> None:
    parameter = {
        "name": "filter",
        "in": "query",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    op = _operation(tmp_path, "/f", {"operationId": "find", "parameters": [parameter]})
    (found,) = op.other_parameters
    assert (found.style, found.explode, found.type) == ("json", False, PrimitiveType("object"))


def test_a_required_object_body_becomes_keyword_arguments(tmp_path: Path) -> None:
    op = _operation(
        tmp_path,
        "/batch",
        {
            "operationId": "batch",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": bounded_body(3)}},
            },
        },
    )
    assert op.body is not None
    assert op.body.flattened_model == "BatchBody" and op.body.argument is None
    assert [str(f.attr) for f in op.body.fields] == ["inputs"]
    assert op.bulk is not None and op.bulk.max_items == 3
    assert op.bulk.method_name == "batch_all"


def test_any_other_body_is_one_argument(tmp_path: Path) -> None:
    op = _operation(
        tmp_path,
        "/upload",
        {
            "operationId": "upload",
            "requestBody": {"content": {"application/octet-stream": {"schema": {}}}},
        },
    )
    assert op.body is not None
    assert (op.body.argument, op.body.encoding, op.body.required) == ("body", "bytes", False)


def test_responses_by_status_and_error_schemas_without_a_default(tmp_path: Path) -> None:
    def json_response(schema: dict[str, Any]) -> dict[str, Any]:
        return {"description": "r", "content": {"application/json": {"schema": schema}}}

    error_schema = {"type": "object", "properties": {"message": {"type": "string"}}}
    op = _operation(
        tmp_path,
        "/r",
        {
            "operationId": "respond",
            "responses": {
                "200": json_response({"type": "integer"}),
                "2xx": {"description": "text", "content": {"text/plain": {}}},
                "204": {"description": "none"},
                "404": json_response(error_schema),
                "500": json_response({"type": "string"}),
            },
        },
    )
    assert [(r.status, r.kind) for r in op.responses] == [
        ("200", "json"),
        ("2XX", "text"),
        ("204", "empty"),
    ]
    assert op.return_annotation == "int | str | None"
    assert op.error_response is not None
    assert op.error_response.type == UnionType((ModelType("RespondError"), PrimitiveType("str")))


def test_docstring_joins_summary_description_and_arguments(tmp_path: Path) -> None:
    op = _operation(
        tmp_path,
        "/d",
        {
            "operationId": "doc",
            "summary": "Do it.",
            "description": "Do it.",
            "deprecated": True,
            "parameters": [_parameter("q", "query", description="The  query.")],
        },
    )
    assert op.docstring.value == (
        "Do it.\n\nArgs:\n    q: The query.\n\n"
        "Deprecated: the spec marks this operation as deprecated."
    )
