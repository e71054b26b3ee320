"""Stage 1: read a spec file (YAML or JSON) into plain data, able to say where any part came from.

Locations are found lazily: JSON is parsed by the fast C decoder and scanned again only when an
error needs a line number; YAML records the position of every node while it is built.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SpecError

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
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError(
            f"spec is not UTF-8 text (byte {exc.start})", file=name, line=line, column=column
        ) from None
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "["):
        return _load_json(path, name, text)
    return _load_yaml(path, name, text)


class _DuplicateKey(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        # JSON parsers disagree on which duplicate wins; a reviewer and the generator must not
        # read two different documents, so a repeated key is an error, as it is in YAML.
        raise _DuplicateKey
    return result


_MAX_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
_LONG_NUMBER = re.compile(rf"\d{{{_MAX_DIGITS},}}")


def _load_json(path: Path, name: str, text: str) -> Document:
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise SpecError(
            f"invalid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        line, column = _position(text, _too_deep_at(text))
        raise SpecError("JSON nesting is too deep", file=name, line=line, column=column) from None
    except _DuplicateKey:
        # JSON is (almost) YAML, and the YAML loader reports a repeated key with its line and
        # column; where YAML reads the text differently, the key goes unlocated.
        try:
            _load_yaml(path, name, text)
        except SpecError as located:
            if located.message.startswith("duplicate key"):
                raise located from None
        raise SpecError("duplicate key in a JSON object", file=name) from None
    except ValueError:
        # The only other ValueError the decoder raises: an integer too long to convert.
        match = _LONG_NUMBER.search(text)
        where = _position(text, match.start()) if match else None
        raise SpecError(
            "number is too long",
            file=name,
            line=where[0] if where else None,
            column=where[1] if where else None,
        ) from None

    def locate(pointer: str) -> Position | None:
        return _locate_in_json(text, split_pointer(pointer))

    return Document(path=path, display_name=name, data=data, _locate=locate)


def _too_deep_at(text: str, limit: int = 900) -> int:
    """Where brackets first nest ``limit`` deep (the decoder's own recursion gives no place)."""
    depth = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth >= limit:
                return index
        elif char in "]}":
            depth -= 1
    return 0


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


# YAML aliases let a few hundred bytes stand for a document of billions of values (the "billion
# laughs" attack); the document as expanded may hold at most this many values beyond the
# nodes actually written.
MAX_ALIAS_EXPANSION = 1_000_000
_SCALAR_TYPES = (str, int, float, bool, type(None))


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
    if root is not None:
        _check_alias_expansion(root, name)
    positions: dict[str, Position] = {}
    constructor = yaml.SafeLoader("")
    try:
        data = _construct(root, "", positions, constructor, name) if root is not None else None
    except RecursionError:
        raise SpecError("YAML nesting is too deep", file=name) from None

    def locate(pointer: str) -> Position | None:
        return positions.get(pointer)

    return Document(path=path, display_name=name, data=data, _locate=locate)


def _children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_alias_expansion(root: Any, name: str) -> None:
    """Refuse a document whose aliases expand it far beyond what is written, before expanding."""
    expanded: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in expanded:
            continue
        children = _children(node)
        if children_done:
            expanded[id(node)] = 1 + sum(expanded[id(child)] for child in children)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in expanded)
    if expanded[id(root)] <= len(expanded) + MAX_ALIAS_EXPANSION:
        return
    # Walk down the largest branch to the anchor that multiplies it, and report that place.
    node = root
    while True:
        heavier = [c for c in _children(node) if expanded[id(c)] > MAX_ALIAS_EXPANSION]
        if not heavier:
            break
        node = max(heavier, key=lambda child: expanded[id(child)])
    raise SpecError(
        f"YAML aliases expand the document to more than {MAX_ALIAS_EXPANSION} values",
        file=name,
        line=node.start_mark.line + 1,
        column=node.start_mark.column + 1,
    )


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
            key = _scalar(key_node, constructor, name)
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
    return _scalar(node, constructor, name)


def _scalar(node: Any, constructor: Any, name: str) -> Any:
    """A scalar as JSON would hold it; other YAML types (dates, binary) keep their source text."""
    import yaml

    try:
        value = constructor.construct_object(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        problem = getattr(exc, "problem", None) or str(exc) or type(exc).__name__
        raise SpecError(
            f"invalid YAML value: {problem}",
            file=name,
            line=node.start_mark.line + 1,
            column=node.start_mark.column + 1,
        ) from None
    if not isinstance(value, _SCALAR_TYPES):
        return str(node.value)
    return value
