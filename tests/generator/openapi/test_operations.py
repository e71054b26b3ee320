"""The one operation walk and parameter merge that validation and build share."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SpecError
from generator.loader import load_document
from generator.openapi import DocumentSet, walk_operations
from tests.generator.spec_support import checked, minimal, operation


def _parameter(name: str, location: str, **extra: object) -> dict[str, object]:
    return {"name": name, "in": location, "schema": {"type": "string"}, **extra}


def test_operations_come_in_document_order_and_extension_paths_are_skipped(
    tmp_path: Path,
) -> None:
    spec = checked(
        tmp_path,
        minimal(
            {
                "/b": {"post": operation("b2"), "get": operation("b1")},
                "x-not-a-path": {"get": operation("never")},
                "/a": {"delete": operation("a1")},
            }
        ),
    )
    # Methods follow OpenAPI's order within a path item (get before post).
    assert [(op.method, op.path) for op in spec.operations] == [
        ("get", "/b"),
        ("post", "/b"),
        ("delete", "/a"),
    ]
    assert spec.operations[0].pointer == "/paths/~1b/get"


def test_an_operation_parameter_replaces_the_path_items_in_place(tmp_path: Path) -> None:
    shared = [_parameter("id", "path", required=True), _parameter("q", "query")]
    get = operation("get")
    get["parameters"] = [_parameter("x", "header"), _parameter("q", "query", required=True)]
    spec = checked(tmp_path, minimal({"/t/{id}": {"parameters": shared, "get": get}}))
    (op,) = spec.operations
    assert [(p.name, p.location) for p in op.parameters] == [
        ("id", "path"),
        ("q", "query"),
        ("x", "header"),
    ]
    # The query parameter is the operation's own, with its own pointer.
    assert op.parameters[1].pointer == "/paths/~1t~1{id}/get/parameters/1"
    assert op.parameters[1].required
    assert op.placeholders == ("id",)


def test_referenced_parameters_are_followed(tmp_path: Path) -> None:
    get = operation("get")
    get["parameters"] = [{"$ref": "#/components/parameters/Limit"}]
    spec = checked(
        tmp_path,
        minimal(
            {"/t": {"get": get}},
            components={"parameters": {"Limit": _parameter("limit", "query")}},
        ),
    )
    (parameter,) = spec.operations[0].parameters
    assert (parameter.name, parameter.pointer) == ("limit", "/components/parameters/Limit")


def test_a_malformed_path_template_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a/{id:\n    get: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        walk_operations(DocumentSet(load_document(path)))
    assert "path template '/a/{id' is malformed: unclosed '{'" in caught.value.message
    assert caught.value.pointer == "/paths/~1a~1{id"
    # YAML locates the value, the path item on the line after its key.
    assert caught.value.line == 5


def test_operation_fallbacks(tmp_path: Path) -> None:
    put = {"responses": {"204": {"description": "none"}}, "tags": ["t", "u"]}
    spec = checked(tmp_path, minimal({"/p": {"put": put, "post": operation("make")}}))
    anonymous, named = spec.operations
    assert (anonymous.operation_id, anonymous.has_operation_id) == ("put /p", False)
    assert anonymous.tag == "t"
    # PUT is idempotent by HTTP's definition, POST is not, unless the spec says otherwise.
    assert anonymous.idempotent and not named.idempotent
