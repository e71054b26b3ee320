"""Stage 1: read a spec file (YAML or JSON) into plain data, able to say where any part came from.

Locations are found lazily: JSON is parsed by the fast C decoder and scanned again only when an
error needs a line number; YAML records, while it is built, where each value starts, compactly
(per mapping and sequence, not per JSON pointer), and a pointer is followed through the data
when a line is needed.
"""

from __future__ import annotations

import json
import re
import sys
from array import array
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
    streamed = _stream_yaml(text, name, loader_class)
    if streamed is not None:
        data, positions = streamed
        return Document(path=path, display_name=name, data=data, _locate=positions.locator(data))
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
    positions = _Positions()
    constructor = yaml.SafeLoader("")
    try:
        data = _construct(root, [], positions, constructor, name) if root is not None else None
    except RecursionError:
        raise SpecError("YAML nesting is too deep", file=name) from None
    if root is not None:
        positions.root = _pack(root)
    return Document(path=path, display_name=name, data=data, _locate=positions.locator(data))


# Beyond this depth, and for aliases, merge keys, repeated keys and anything refused, the
# document is read node by node (below), as that path reports problems with their places.
_STREAM_MAX_DEPTH = 300
_MERGE_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


class _NotStreamable(Exception):
    pass


def _stream_yaml(text: str, name: str, loader_class: Any) -> tuple[Any, _Positions] | None:
    """The data and positions of a plain YAML document, built from the parser's events.

    Composing the whole document first (``yaml.compose``) holds a node and two marks per value
    at once: several times the data, and memory the process keeps after they are freed. Built
    event by event, only the data remains. Scalars go through the very same constructor as
    on the node-by-node path; whatever that path handles specially, this one hands back to it
    (None), so both give the same data and the same errors."""
    import yaml

    parser = loader_class(text)
    try:
        return _build_from_events(parser, name)
    except (_NotStreamable, yaml.YAMLError, SpecError, RecursionError):
        return None
    finally:
        parser.dispose()


def _build_from_events(parser: Any, name: str) -> tuple[Any, _Positions]:
    import yaml

    constructor = yaml.SafeLoader("")
    positions = _Positions()
    # Per open mapping or sequence: the container, its values' packed positions, its own
    # packed position, and (mappings) the key whose value comes next, or None.
    stack: list[list[Any]] = []
    get_event = parser.get_event
    if not isinstance(get_event(), yaml.StreamStartEvent):
        raise _NotStreamable
    event = get_event()
    if isinstance(event, yaml.StreamEndEvent):
        return None, positions
    if not isinstance(event, yaml.DocumentStartEvent):
        raise _NotStreamable
    root: Any = None
    while True:
        event = get_event()
        kind = type(event)
        if getattr(event, "anchor", None) is not None:
            raise _NotStreamable  # aliases may follow
        if kind is yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = parser.resolve(yaml.ScalarNode, event.value, event.implicit)
            if stack and stack[-1][3] is None and isinstance(stack[-1][0], dict):
                if tag in _MERGE_TAGS:
                    raise _NotStreamable
            node = yaml.ScalarNode(
                tag, event.value, event.start_mark, event.end_mark, style=event.style
            )
            value = _scalar(node, constructor, name)
            constructor.constructed_objects.clear()
            packed = _pack(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if stack and stack[-1][3] is None and isinstance(stack[-1][0], dict):
                raise _NotStreamable  # a key that is not a scalar
            if len(stack) >= _STREAM_MAX_DEPTH:
                raise _NotStreamable
            container: Any = {} if kind is yaml.MappingStartEvent else []
            stack.append([container, array("Q"), _pack(event), None])
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value, places, packed, _ = stack.pop()
            positions.children[id(value)] = places
        elif kind is yaml.DocumentEndEvent:
            break
        else:  # an alias, or an event the composer would refuse here
            raise _NotStreamable
        if not stack:
            root = value
            positions.root = packed
            continue
        frame = stack[-1]
        container = frame[0]
        if type(container) is list:
            container.append(value)
            frame[1].append(packed)
        elif frame[3] is None:
            # Keys repeat by the thousand ("type", "description"): one string each.
            key = sys.intern(str(value).lower() if isinstance(value, bool) else str(value))
            if key in container:
                raise _NotStreamable  # reported, with its place, by the node-by-node path
            frame[3] = key
        else:
            container[frame[3]] = value
            frame[1].append(packed)
            frame[3] = None
    if not isinstance(get_event(), yaml.StreamEndEvent):
        raise _NotStreamable  # more than one document
    return root, positions


# A position packed into one integer: line above, column below.
_COLUMN_BITS = 32


def _pack(node: Any) -> int:
    mark = node.start_mark
    line: int = mark.line + 1
    column: int = mark.column + 1
    return (line << _COLUMN_BITS) | column


def _unpack(packed: int) -> Position:
    return packed >> _COLUMN_BITS, packed & ((1 << _COLUMN_BITS) - 1)


class _Positions:
    """Where each value of a YAML document starts, held compactly: for every mapping and
    sequence of the loaded data, the packed positions of its values in order, by the
    container's identity (the data is never changed after loading, and the document keeps
    it alive). A map from every JSON pointer would take several times the memory of the data
    itself on a large document; pointers are instead followed through the data when an
    error or a warning needs a line."""

    def __init__(self) -> None:
        self.root = 0
        self.children: dict[int, array[int]] = {}

    def locator(self, data: Any) -> Callable[[str], Position | None]:
        def locate(pointer: str) -> Position | None:
            if not self.root:
                return None
            packed = self.root
            value = data
            for part in split_pointer(pointer):
                index = _child_index(value, part)
                children = self.children.get(id(value))
                if index is None or children is None:
                    return None
                packed = children[index]
                value = value[part] if isinstance(value, dict) else value[index]
            return _unpack(packed)

        return locate


def _child_index(container: Any, part: str) -> int | None:
    if isinstance(container, dict):
        if part not in container:
            return None
        for index, key in enumerate(container):
            if key == part:
                return index
    elif isinstance(container, list) and part.isdigit() and str(int(part)) == part:
        if int(part) < len(container):
            return int(part)
    return None


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
    node: Any, path: list[str], positions: _Positions, constructor: Any, name: str
) -> Any:
    """The data of ``node`` (found at ``path``, a list of pointer tokens extended and restored
    on the way down), noting where each of its values starts in ``positions``."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        constructor.flatten_mapping(node)
        result: dict[str, Any] = {}
        places = array("Q")
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
                    pointer="".join("/" + escape_pointer_token(p) for p in path) or "/",
                )
            path.append(key)
            result[key] = _construct(value_node, path, positions, constructor, name)
            path.pop()
            places.append(_pack(value_node))
        positions.children[id(result)] = places
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            path.append(str(index))
            items.append(_construct(item, path, positions, constructor, name))
            path.pop()
        positions.children[id(items)] = array("Q", (_pack(item) for item in node.value))
        return items
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
