"""The printed form of operations: signatures, descriptor fields and bulk helpers."""

from __future__ import annotations

from pathlib import Path

from generator.build import build
from generator.emit.operations import OperationView
from tests.generator.spec_support import bounded_body, checked, minimal


def _view(tmp_path: Path) -> OperationView:
    post = {
        "operationId": "batch",
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
            {"name": "dry", "in": "query", "schema": {"type": "boolean"}},
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": bounded_body(10)}},
        },
        "responses": {"204": {"description": "none"}},
        "security": [{"token": []}],
    }
    schemes = {"token": {"type": "http", "scheme": "bearer"}}
    document = minimal({"/b/{id}": {"post": post}}, components={"securitySchemes": schemes})
    client = build(checked(tmp_path, document), package="u", spec_source="s").client
    return OperationView(client.operations[0])


def test_signature_and_call_expressions(tmp_path: Path) -> None:
    view = _view(tmp_path)
    assert view.signature() == (
        "id: int",
        "*",
        "inputs: _t.Sequence[str]",
        "dry: bool | _rt.Unset = _rt.UNSET",
        "max_retries: int | _rt.Unset = _rt.UNSET",
        "timeout: float | httpx.Timeout | _rt.Unset = _rt.UNSET",
        "extra_headers: _t.Mapping[str, str] | None = None",
        "deadline: float | _rt.Unset | None = _rt.UNSET",
        "max_response_bytes: int | _rt.Unset | None = _rt.UNSET",
    )
    assert view.arguments_expression() == "(id, dry)"
    assert view.body_expression() == "BatchBody(inputs=list(inputs))"
    assert view.body_codec() == "_rt.ModelCodec(BatchBody)"
    assert view.security_expression() == '(("token",),)'
    assert view.responses_expression() == '{"204": _rt.NO_BODY}'
    assert view.descriptor_head() == "_OP_BATCH = _policy.Operation[None]("
    # Too long for ``    params=...,``: one parameter a line, as black would print it.
    assert view.params_expression().splitlines() == [
        "(",
        '        _policy.Param("id", "path", _rt.INT, "simple", False),',
        '        _policy.Param("dry", "query", _rt.BOOL, "form", True),',
        "    )",
    ]
    # The view reads through to the operation's own fields.
    assert view.method_name == "batch"


def test_the_bulk_helper_takes_any_iterable_and_passes_chunks(tmp_path: Path) -> None:
    bulk = _view(tmp_path).bulk
    assert bulk is not None
    signature = bulk.signature(True)
    assert "inputs: _t.Iterable[str]" in signature
    assert signature.index("chunk_size: int = 10") < signature.index(
        "max_retries: int | _rt.Unset = _rt.UNSET"
    )
    assert "concurrency: int = 4" in signature and "concurrency: int = 4" not in bulk.signature(
        False
    )
    assert bulk.call_arguments() == [
        "id",
        "inputs=chunk",
        "dry=dry",
        "max_retries=max_retries",
        "timeout=timeout",
        "extra_headers=extra_headers",
        "deadline=deadline",
        "max_response_bytes=max_response_bytes",
    ]
    assert bulk.return_annotation == "_bulk.BulkResult[str, _t.Any, _t.Any]"
