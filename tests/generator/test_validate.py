"""Our own checks, before openapi-spec-validator: each problem located where it is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.errors import SpecError
from tests.generator.spec_support import checked, minimal, operation


def _parameter(name: str, location: str) -> dict[str, Any]:
    return {"name": name, "in": location, "required": True, "schema": {"type": "string"}}


def _error(tmp_path: Path, document: dict[str, Any]) -> SpecError:
    with pytest.raises(SpecError) as caught:
        checked(tmp_path, document)
    return caught.value


def test_a_duplicate_operation_id_names_the_first_use(tmp_path: Path) -> None:
    error = _error(
        tmp_path, minimal({"/a": {"get": operation("same")}, "/b": {"get": operation("same")}})
    )
    assert error.message == "duplicate operationId 'same' (first used at #/paths/~1a/get)"
    assert error.pointer == "/paths/~1b/get/operationId"


def test_a_parameter_declared_twice_by_one_operation(tmp_path: Path) -> None:
    get = operation("get")
    get["parameters"] = [_parameter("q", "query"), _parameter("q", "query")]
    error = _error(tmp_path, minimal({"/a": {"get": get}}))
    assert error.message == "parameter 'q' in query is declared twice"
    assert error.pointer == "/paths/~1a/get/parameters/1"


def test_a_placeholder_without_a_path_parameter(tmp_path: Path) -> None:
    error = _error(tmp_path, minimal({"/a/{id}": {"get": operation("get")}}))
    assert error.message == "path placeholder {id} of GET '/a/{id}' has no path parameter"
    assert error.pointer == "/paths/~1a~1{id}/get"


def test_a_path_parameter_missing_from_the_path(tmp_path: Path) -> None:
    get = operation("get")
    get["parameters"] = [_parameter("id", "path")]
    error = _error(tmp_path, minimal({"/a": {"get": get}}))
    assert error.message == "path parameter 'id' is not in the path '/a'"
    assert error.pointer == "/paths/~1a/get/parameters/0"


def test_a_path_items_parameter_counts_for_each_operation(tmp_path: Path) -> None:
    spec = checked(
        tmp_path,
        minimal({"/a/{id}": {"parameters": [_parameter("id", "path")], "get": operation("g")}}),
    )
    assert [p.name for p in spec.operations[0].parameters] == ["id"]


def test_a_dangling_ref_and_a_remote_ref(tmp_path: Path) -> None:
    get = operation("get")
    get["parameters"] = [{"$ref": "#/components/parameters/Nope"}]
    error = _error(tmp_path, minimal({"/a": {"get": get}}))
    assert error.message == "$ref '#/components/parameters/Nope' points at nothing"
    get["parameters"] = [{"$ref": "https://example.com/p.yaml"}]
    error = _error(tmp_path, minimal({"/a": {"get": get}}))
    assert "remote $ref 'https://example.com/p.yaml' is refused" in error.message


def test_a_reference_cycle_without_an_object_in_between(tmp_path: Path) -> None:
    schemas = {
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"allOf": [{"$ref": "#/components/schemas/A"}]},
    }
    error = _error(tmp_path, minimal(components={"schemas": schemas}))
    assert error.message.startswith("reference chain loops back on itself with no object")


def test_swagger_2_and_unknown_versions_are_refused(tmp_path: Path) -> None:
    assert _error(tmp_path, {"swagger": "2.0"}).message.startswith("Swagger 2.0 is not supported")
    document = minimal()
    document["openapi"] = "4.0.0"
    assert _error(tmp_path, document).message == (
        "OpenAPI 4.0.0 is not supported (3.0.x and 3.1.x are)"
    )


def _broken_31_document() -> dict[str, Any]:
    """An OpenAPI 3.1 document with findings all over the upstream schema's reach."""
    get = operation("get")
    get["title"] = "not a keyword"
    get["responses"]["404"] = {"content": {}}
    get["parameters"] = [{"name": "q", "in": "nowhere", "schema": {"type": "string"}}]
    document = minimal({"/a": {"get": get}, "b": {}})
    document["openapi"] = "3.1.0"
    document["components"] = {
        "schemas": {
            "A": {"type": "object", "properties": {"x": {"$ref": 7}}, "required": "x"},
            "B": {"$dynamicAnchor": "meta", "exclusiveMinimum": True, "oneOf": {}},
        },
        "securitySchemes": {"s": {"type": "magic"}},
    }
    document["webhooks"] = []
    return document


def test_the_crawled_schema_check_finds_what_upstream_finds() -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    from generator.validate import _crawled_once

    def described(errors: Any) -> list[tuple[Any, ...]]:
        return [
            (
                error.message,
                list(error.absolute_path),
                error.validator,
                error.instance,
                [(leaf.message, list(leaf.absolute_path)) for leaf in error.context or ()],
            )
            for error in errors
        ]

    document = _broken_31_document()
    upstream = OpenAPIV31SpecValidator(document).schema_validator
    crawled = _crawled_once(upstream)
    assert crawled is not None and crawled is not upstream
    expected = described(upstream.iter_errors(document))
    assert len(expected) >= 3
    assert described(crawled.iter_errors(document)) == expected
    # 3.0's schema has no $id: left as upstream made it.
    assert _crawled_once(OpenAPIV30SpecValidator(minimal({})).schema_validator) is None
