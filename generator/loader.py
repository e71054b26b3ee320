"""Stage 1: read a spec file (YAML or JSON) into plain data, able to say where any part came from.

Locations are found lazily: JSON is parsed by the fast C decoder and scanned again only when an
error needs a line number; YAML records the position of every node while it is built.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import SpecError

Position = tuple[int, int]


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def split_pointer(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.lstrip("/").split("/")]


@dataclass
class Document:
    """One loaded file: its data and a way to map a JSON pointer back to a line and column."""

    path: Path
    display_name: str
    data: Any
    _locate: Callable[[str], Position | None] = field(repr=False)

    def locate(self, pointer: str) -> Position | None:
        """The (line, column) of the value at ``pointer``, or of its nearest located ancestor."""
        parts = split_pointer(pointer)
        while True:
            position = self._locate("/" + "/".join(escape_pointer_token(p) for p in parts))
            if position is not None or not parts:
                return position
            parts.pop()

    def error(self, message: str, pointer: str) -> SpecError:
        position = self.locate(pointer)
        line, column = position if position is not None else (None, None)
        return SpecError(
            message, file=self.display_name, line=line, column=column, pointer=pointer or "/"
        )


def load_document(path: Path, display_name: str | None = None) -> Document:
    """Read ``path``; any problem becomes a located :class:`SpecError`."""
    name = display_name or path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(f"cannot read spec: {exc.strerror or exc}", file=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(f"spec is not UTF-8 text (byte {exc.start})", file=name) from None
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "["):
        return _load_json(path, name, text)
    return _load_yaml(path, name, text)


def _load_json(path: Path, name: str, text: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(
            f"invalid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        raise SpecError("JSON nesting is too deep", file=name) from None

    def locate(pointer: str) -> Position | None:
        return _locate_in_json(text, split_pointer(pointer))

    return Document(path=path, display_name=name, data=data, _locate=locate)


_DECODER = json.JSONDecoder()
_scanstring: Any = getattr(json.decoder, "scanstring")  # noqa: B009  # untyped in typeshed


def _skip_whitespace(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _position(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _locate_in_json(text: str, parts: list[str]) -> Position | None:
    index = _skip_whitespace(text, 0)
    for part in parts:
        if index >= len(text):
            return None
        opener = text[index]
        if opener == "{":
            index = _skip_whitespace(text, index + 1)
            found = False
            while index < len(text) and text[index] != "}":
                key, index = _scanstring(text, index + 1)
                index = _skip_whitespace(text, index)
                index = _skip_whitespace(text, index + 1)  # the colon
                if key == part:
                    found = True
                    break
                _, index = _DECODER.raw_decode(text, index)
                index = _skip_whitespace(text, index)
                if index < len(text) and text[index] == ",":
                    index = _skip_whitespace(text, index + 1)
            if not found:
                return None
        elif opener == "[":
            if not part.isdigit():
                return None
            index = _skip_whitespace(text, index + 1)
            for _ in range(int(part)):
                if index >= len(text) or text[index] == "]":
                    return None
                _, index = _DECODER.raw_decode(text, index)
                index = _skip_whitespace(text, index)
                if index < len(text) and text[index] == ",":
                    index = _skip_whitespace(text, index + 1)
            if index >= len(text) or text[index] == "]":
                return None
        else:
            return None
    return _position(text, index)


def _load_yaml(path: Path, name: str, text: str) -> Document:
    import yaml

    loader_class: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise SpecError(f"invalid YAML: {problem}", file=name) from None
        raise SpecError(
            f"invalid YAML: {problem}", file=name, line=mark.line + 1, column=mark.column + 1
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"invalid YAML: {exc}", file=name) from None
    except RecursionError:
        raise SpecError("YAML nesting is too deep", file=name) from None
    positions: dict[str, Position] = {}
    constructor = yaml.SafeLoader("")
    try:
        data = _construct(root, "", positions, constructor, name) if root is not None else None
    except RecursionError:
        raise SpecError("YAML nesting is too deep", file=name) from None

    def locate(pointer: str) -> Position | None:
        return positions.get(pointer)

    return Document(path=path, display_name=name, data=data, _locate=locate)


def _construct(
    node: Any, pointer: str, positions: dict[str, Position], constructor: Any, name: str
) -> Any:
    import yaml

    positions[pointer or "/"] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if pointer:
        positions[pointer] = positions[pointer or "/"]
    if isinstance(node, yaml.MappingNode):
        constructor.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise SpecError(
                    "mapping keys must be plain scalars",
                    file=name,
                    line=key_node.start_mark.line + 1,
                    column=key_node.start_mark.column + 1,
                )
            key = constructor.construct_object(key_node)
            # YAML turns unquoted keys such as 200 or true into numbers and booleans; OpenAPI keys
            # are strings, so response codes like 200 must stay addressable as "200".
            key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in result:
                raise SpecError(
                    f"duplicate key {key!r}",
                    file=name,
                    line=key_node.start_mark.line + 1,
                    column=key_node.start_mark.column + 1,
                    pointer=pointer or "/",
                )
            child = f"{pointer}/{escape_pointer_token(key)}"
            result[key] = _construct(value_node, child, positions, constructor, name)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, f"{pointer}/{index}", positions, constructor, name)
            for index, item in enumerate(node.value)
        ]
    value = constructor.construct_object(node)
    if hasattr(value, "isoformat") and isinstance(node, yaml.ScalarNode):
        # Dates written bare in YAML are examples or defaults in a spec, which mean the text.
        return node.value
    return value
