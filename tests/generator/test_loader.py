"""The loader keeps where every value starts compactly and finds lines on demand.

YAML is built from the parser's events, with each mapping's and sequence's value positions
kept beside the data; documents with aliases, merge keys, repeated keys or anything refused
go node by node. Both must give the same data, the same lines and the same errors as the
plain node-by-node reading (``yaml.compose``), checked here against that reading directly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import SpecError
from generator.loader import load_document, split_pointer
from tests.conftest import SHARED_SPECS


def _composed_positions(text: str) -> dict[str, tuple[int, int]]:
    """Every value's (line, column) by JSON pointer, read from PyYAML's node graph (merge
    keys merged, keys as the strings OpenAPI reads: ``true`` as "true", 200 as "200")."""
    positions: dict[str, tuple[int, int]] = {}
    constructor = yaml.SafeLoader("")

    def walk(node: Any, pointer: str) -> None:
        positions[pointer or "/"] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            constructor.flatten_mapping(node)
            for key_node, value_node in node.value:
                key = constructor.construct_object(key_node)
                key = str(key).lower() if isinstance(key, bool) else str(key)
                token = key.replace("~", "~0").replace("/", "~1")
                walk(value_node, f"{pointer}/{token}")
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{pointer}/{index}")

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return positions


def _large_document(operations: int) -> str:
    """A YAML spec of a few megabytes whose deepest values sit far down the file."""
    lines = ["openapi: 3.0.3", "info: {title: big, version: '1'}", "paths:"]
    for index in range(operations):
        lines += [
            f"  /things/{index}:",
            "    get:",
            f"      operationId: get_thing_{index}",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content:",
            "            application/json:",
            "              schema:",
            "                type: object",
            "                properties:",
            "                  name: {type: string}",
            "                  tags:",
            "                    type: array",
            "                    items: [a, 'b c', 3, true, null]",
        ]
    return "\n".join(lines) + "\n"


def test_a_line_deep_in_a_large_document_is_exact(tmp_path: Path) -> None:
    text = _large_document(8_000)
    spec = tmp_path / "big.yaml"
    spec.write_text(text, encoding="utf-8")
    document = load_document(spec)
    lines = text.splitlines()
    first = lines.index("  /things/7999:") + 1  # 1-based, as the loader counts

    def at(offset: int, word: str) -> tuple[int, int]:
        return first + offset, lines[first + offset - 1].index(word) + 1

    pointer = "/paths/~1things~17999/get/responses/200/content/application~1json/schema"
    assert document.locate(pointer + "/properties/tags/items/4") == at(14, "null")
    error = document.error("bad schema", pointer + "/properties/name/type")
    assert (error.line, error.column) == at(11, "string")
    assert error.line is not None and error.line > 110_000
    # A pointer to nothing is placed at its nearest existing ancestor.
    assert document.locate(pointer + "/properties/missing/deeper") == at(11, "name")
    assert document.locate(pointer + "/properties/tags/items/07") == at(14, "[")


YAML_CASES = {
    "plain": (
        "a: 1\nb:\n  - x\n  - {c: [1, 2], d: ~}\n'e/f~g':\n  h: |\n    text\n  i: >\n    more\n"
    ),
    "keys of other types": "true: 1\nno: 2\n200: x\n1.5: y\nnull: z\n",
    "scalars of other types": "a: 2001-12-14t21:59:43.10-05:00\nb: !!binary aGVsbG8=\nc: .nan\n",
    "tags": "a: !!str 123\nc: !!int '7'\nd: ! 12\ne: !!map {x: 1}\n",
    "an empty document": "",
    "a scalar document": "hello\n",
    "a sequence document": "- a\n- b: 1\n- [c, []]\n",
    "anchors and aliases": "a: &x {k: [1, 2]}\nb: *x\nc: &y 3\n",
    "a merge key": "base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n",
    "a value key": "a:\n  =: 1\n",
    "a directive": "%YAML 1.1\n---\na: 1\n...\n",
    "deep nesting": "a: " + "[" * 320 + "]" * 320 + "\n",
}


@pytest.mark.parametrize("text", YAML_CASES.values(), ids=YAML_CASES.keys())
def test_yaml_data_and_lines_match_the_node_graph(text: str, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    document = load_document(spec)
    expected = _composed_positions(text)
    for pointer, position in expected.items():
        assert document.locate(pointer) == position, pointer
    if not expected:
        assert document.data is None and document.locate("/") is None


YAML_ERRORS = {
    "a repeated key": ("a: 1\nb:\n  c: 1\n  c: 2\n", "duplicate key 'c'", 4, 3, "/b"),
    "a repeated key after a conversion": ("true: 1\n'true': 2\n", "duplicate key", 2, 1, "/"),
    "a merge key overridden": (
        "base: &b {x: 1}\nd:\n  <<: *b\n  x: 2\n",
        "duplicate key 'x'",
        4,
        3,
        "/d",
    ),
    "a key that is a mapping": ("? {a: 1}\n: 1\n", "keys must be plain scalars", 1, 3, None),
    "two documents": ("a: 1\n---\nb: 2\n", "but found another document", 2, 1, None),
    "an unknown tag": ("a: 1\nb: !custom x\n", "invalid YAML value", 2, 4, None),
    "a python tag": ("a: !!python/name:os.system\n", "invalid YAML value", 1, 4, None),
    "a tab": ("a:\n\tb: 1\n", "invalid YAML", 2, 1, None),
}


@pytest.mark.parametrize("case", YAML_ERRORS.values(), ids=YAML_ERRORS.keys())
def test_yaml_problems_are_located_as_before(
    case: tuple[str, str, int, int, str | None], tmp_path: Path
) -> None:
    text, message, line, column, pointer = case
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_document(spec)
    assert message in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)
    if pointer is not None:
        assert caught.value.pointer == pointer


def test_json_lines_are_found_on_demand(tmp_path: Path) -> None:
    data = {"paths": {f"/p{index}": {"get": {"x": [1, {"y": index}]}} for index in range(500)}}
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(data, indent=1), encoding="utf-8")
    document = load_document(spec)
    text = spec.read_text(encoding="utf-8").splitlines()
    line = text.index('  "/p499": {') + 1 + 5
    assert document.locate("/paths/~1p499/get/x/1/y") == (line, text[line - 1].index("499") + 1)


@pytest.mark.parametrize("name", ["opc-baseline_openapi_3.1.yaml", "opc-3.1_specific.openapi.yaml"])
def test_shared_yaml_specs_are_located_like_the_node_graph(name: str) -> None:
    spec = SHARED_SPECS / name
    if not spec.is_file():
        pytest.skip(f"{spec.name} is absent: ../shared/specs is not beside this clone")
    text = spec.read_text(encoding="utf-8")
    document = load_document(spec)
    assert document.data == yaml.safe_load(text) or "<<" in text
    for pointer, position in _composed_positions(text).items():
        assert document.locate(pointer) == position, pointer
        assert split_pointer(pointer) is not None
