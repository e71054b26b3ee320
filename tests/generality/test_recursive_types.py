"""Recursive types (issue #13, item 4): a schema that holds itself through an array, a map or a
union is a named type alias in the generated package, with a codec that reads and writes payloads
of any depth, checked over HTTP and by mypy --strict on the package and on code that uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.generality.echo_server import EchoServer, Reply
from tests.generality.harness import Generated, generate, write_spec

SPEC = """\
openapi: 3.1.0
info: {title: Trees, version: "1"}
paths:
  /errors:
    get:
      operationId: getErrors
      responses:
        "200":
          description: the errors of a request, by field, as deep as the request
          content: {application/json: {schema: {$ref: "#/components/schemas/ErrorDetails"}}}
  /nested:
    post:
      operationId: echoNested
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Nested"}}}
      responses:
        "200":
          description: the same lists
          content: {application/json: {schema: {$ref: "#/components/schemas/Nested"}}}
  /holder:
    put:
      operationId: putHolder
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Holder"}}}
      responses:
        "200":
          description: the holder as stored
          content: {application/json: {schema: {$ref: "#/components/schemas/Holder"}}}
components:
  schemas:
    ErrorDetails:
      description: Discord's shape, a map of itself or the errors of one field.
      oneOf:
        - type: object
          additionalProperties: {$ref: "#/components/schemas/ErrorDetails"}
        - $ref: "#/components/schemas/InnerErrors"
    InnerErrors:
      type: object
      required: [_errors]
      properties:
        _errors: {type: array, items: {type: string}}
    Nested:
      type: array
      items: {$ref: "#/components/schemas/Nested"}
    Forest:
      type: object
      additionalProperties:
        type: array
        items: {$ref: "#/components/schemas/Forest"}
    Tree:
      oneOf:
        - {$ref: "#/components/schemas/Tree"}
        - {type: string, format: date-time}
        - {type: array, items: {$ref: "#/components/schemas/Tree"}}
    Holder:
      type: object
      required: [forest]
      properties:
        forest: {$ref: "#/components/schemas/Forest"}
        tree: {$ref: "#/components/schemas/Tree"}
        errors: {$ref: "#/components/schemas/ErrorDetails"}
"""

# Code a user writes against the package: walks each recursive type to its leaves.
USES = """\
from __future__ import annotations

import datetime

from gen_recursive import ErrorDetails, Forest, Holder, InnerErrors, Nested, Tree


def messages(details: ErrorDetails) -> list[str]:
    if isinstance(details, InnerErrors):
        return details.errors
    return [message for inner in details.values() for message in messages(inner)]


def depth(nested: Nested) -> int:
    return 1 + max((depth(inner) for inner in nested), default=0)


def moments(tree: Tree) -> list[datetime.datetime]:
    if isinstance(tree, datetime.datetime):
        return [tree]
    return [moment for branch in tree for moment in moments(branch)]


forest: Forest = {"oak": [{"elm": []}, {}]}
holder = Holder(forest=forest, tree=[datetime.datetime(2026, 1, 1)], errors={})
"""
# What the types refuse, one line each (the last: a leaf is the model, not its wire form).
MISUSES = """\
from __future__ import annotations

from gen_recursive import ErrorDetails, Forest, Nested, Tree

nested: Nested = [[], [1]]
forest: Forest = {"oak": [{"elm": "pine"}]}
tree: Tree = [["2026-01-01"]]
details: ErrorDetails = {"name": {"_errors": ["required"]}}
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = tmp_path_factory.mktemp("recursive")
    return generate(write_spec(root / "spec", SPEC), root / "out", "gen_recursive")


@pytest.fixture(scope="module")
def package(generated: Generated) -> Any:
    return generated.import_package()


def test_recursive_types_are_declared_and_typed_without_warnings(generated: Generated) -> None:
    assert [w for w in generated.warnings if "relative" not in w] == []
    models = generated.module("models")
    assert models.ErrorDetails == "dict[str, ErrorDetails] | InnerErrors"
    assert models.Nested == "list[Nested]"
    assert models.Forest == "dict[str, list[Forest]]"
    assert models.Tree == "_dt.datetime | list[Tree]"
    assert models.Holder.__annotations__["forest"] == "Forest"


def test_deep_error_details_decode_over_http(package: Any, echo: EchoServer) -> None:
    payload = {"user": {"name": {"_errors": ["too long"]}, "roles": {"0": {"_errors": ["?"]}}}}
    echo.reply(Reply.of_json(payload))
    with package.TreesClient(base_url=echo.url) as client:
        details = client.get_errors()
    assert isinstance(details["user"]["name"], package.InnerErrors)
    assert details["user"]["roles"]["0"].errors == ["?"]


def test_a_bad_leaf_is_named_by_its_path(package: Any, echo: EchoServer) -> None:
    echo.reply(Reply.of_json({"user": {"name": {"_errors": ["too long", 3]}}}))
    with package.TreesClient(base_url=echo.url) as client:
        with pytest.raises(package.APIResponseValidationError) as caught:
            client.get_errors()
    assert str(caught.value).endswith(
        "does not match the spec at $.user.name._errors[1]: expected a string, got int"
    )


def test_a_nested_body_is_sent_and_read_at_any_depth(package: Any, echo: EchoServer) -> None:
    deep: list[Any] = []
    for _ in range(150):
        deep = [deep, []]
    echo.reply(Reply.of_json(deep))
    with package.TreesClient(base_url=echo.url) as client:
        answer = client.echo_nested(body=deep)
    assert echo.last.json() == deep and answer == deep
    with pytest.raises(package.DecodeError) as caught:
        package.models.Holder.from_dict({"forest": {"a": [{"b": [{"c": 1}]}]}})
    assert caught.value.location == ("forest", "a", 0, "b", 0, "c")


def test_a_model_holding_recursive_types_round_trips_over_http(
    package: Any, echo: EchoServer
) -> None:
    wire = {
        "forest": {"oak": [{"elm": [{}]}, {}]},
        "tree": ["2026-01-01T00:00:00Z", [["2026-02-01T10:00:00.250+02:00"]]],
        "errors": {"forest": {"oak": {"_errors": ["no oaks"]}}},
    }
    holder = package.Holder.from_dict(wire)
    assert holder.tree[1][0][0].hour == 10
    echo.reply(Reply.of_json(wire))
    with package.TreesClient(base_url=echo.url) as client:
        # The body's properties are the method's arguments.
        stored = client.put_holder(forest=holder.forest, tree=holder.tree, errors=holder.errors)
    assert echo.last.json() == wire
    assert stored == holder and stored.to_dict() == wire


def test_mypy_strict_takes_the_package_and_its_uses_and_refuses_misuses(
    generated: Generated, tmp_path: Path
) -> None:
    (tmp_path / "uses.py").write_text(USES, encoding="utf-8")
    (tmp_path / "misuses.py").write_text(MISUSES, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(generated.root / generated.package),
            "uses.py",
            "misuses.py",
        ],
        env={**os.environ, "MYPYPATH": str(generated.root)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert all(line.startswith("misuses.py:") for line in errors), result.stdout
    assert sorted({int(line.split(":")[1]) for line in errors}) == [5, 6, 7, 8], result.stdout


def test_the_package_passes_its_own_ruff_configuration(generated: Generated) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(generated.root)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_uses_run(generated: Generated, package: Any) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(textwrap.dedent(USES), "uses.py", "exec"), namespace)
    details = package.ErrorDetails  # a name for annotations; at run time, its definition
    assert isinstance(details, str)
    assert namespace["messages"]({"a": {"b": package.InnerErrors(errors=["x"])}}) == ["x"]
    assert namespace["depth"]([[[]], []]) == 3
    assert json.dumps(namespace["holder"].to_dict()) == (
        '{"forest": {"oak": [{"elm": []}, {}]}, "tree": ["2026-01-01T00:00:00.000Z"], '
        '"errors": {}}'
    )
