"""The answers a package's fake API gives by default: the spec's own examples.

For each success response of each operation, the media type's example if the spec has one;
otherwise one assembled from the schema: the examples of its properties, and placeholders
for the required ones that have none. The result is JSON text, held as spec text (it reaches
the ``testing`` module only through :func:`~generator.untrusted.string_literal`); the fake
decodes it with the response's codec and falls back to placeholders if it does not fit.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from ..model import OperationDef
from ..openapi.documents import DanglingReference
from ..openapi.operations import OperationView
from ..openapi.views import SchemaView
from ..untrusted import SpecText

# Beyond these, an example is left out and the fake builds placeholders at run time: a
# document like Stripe's would otherwise put megabytes of example text in the package.
MAX_DEPTH = 6
MAX_EXAMPLE_CHARS = 4000

_NO_EXAMPLE = object()
_FORMAT_PLACEHOLDERS = {
    "date-time": "2025-01-01T00:00:00Z",
    "date": "2025-01-01",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "byte": "",
}
_TYPE_PLACEHOLDERS: dict[str, Any] = {
    "string": "string",
    "integer": 0,
    "number": 0,
    "boolean": False,
    "array": [],
    "object": {},
    "null": None,
}


def with_response_examples(
    views: Sequence[OperationView], operations: Sequence[OperationDef]
) -> tuple[OperationDef, ...]:
    """``operations`` (in the order of ``views``) with their success responses' examples."""
    return tuple(
        dataclasses.replace(operation, response_examples=response_examples(view))
        for view, operation in zip(views, operations, strict=True)
    )


def response_examples(operation: OperationView) -> tuple[tuple[str, SpecText], ...]:
    """Each 2xx response's example as JSON text, by status, where one can be made."""
    found = []
    responses = operation.responses()
    # "default" describes the successes only where the spec documents no 2xx.
    wanted = {r.status for r in responses if r.status.startswith("2")} or {"default"}
    for response in responses:
        if response.status not in wanted:
            continue
        media = response.media()
        if media is None or media.encoding != "json":
            continue
        value = media.example
        if value is None:
            schema = media.schema()
            value = _NO_EXAMPLE if schema is None else _schema_example(schema, 0, frozenset())
        if value is _NO_EXAMPLE:
            continue
        try:
            text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), default=str)
        except (TypeError, ValueError):
            continue
        if len(text) <= MAX_EXAMPLE_CHARS:
            found.append((response.status, SpecText(text)))
    return tuple(found)


def _schema_example(schema: SchemaView, depth: int, seen: frozenset[tuple[str, str]]) -> Any:
    """An example of ``schema``, or ``_NO_EXAMPLE``."""
    if depth > MAX_DEPTH:
        return _NO_EXAMPLE
    try:
        schema = schema.target()
    except DanglingReference:
        # Already a located warning, and the type is Any: there is nothing to imitate.
        return _NO_EXAMPLE
    if schema.key in seen or not isinstance(schema.node, dict):
        return _NO_EXAMPLE
    seen = seen | {schema.key}
    if schema.has("example"):
        return schema.example
    if schema.has("const"):
        return schema.fields["const"]
    if schema.enum:
        return schema.enum[0]
    for keyword in ("oneOf", "anyOf"):
        members = schema.members(keyword)
        if members:
            return _schema_example(members[0], depth + 1, seen)
    merged: dict[str, Any] = {}
    for member in schema.members("allOf") or ():
        part = _schema_example(member, depth + 1, seen)
        if isinstance(part, dict):
            merged.update(part)
    types = schema.type if isinstance(schema.type, list) else [schema.type]
    kind = next((t for t in types if isinstance(t, str) and t != "null"), None)
    if schema.has("properties") or kind == "object" or merged:
        required = schema.required
        for name, child in schema.properties():
            try:
                target = child.target()
            except DanglingReference:
                continue
            if name in required or (isinstance(target.node, dict) and target.has("example")):
                value = _schema_example(child, depth + 1, seen)
                if value is not _NO_EXAMPLE:
                    merged[name] = value
        return merged
    if kind == "array":
        item = _schema_example(schema.items(), depth + 1, seen)
        return [] if item is _NO_EXAMPLE else [item]
    if kind == "string" and schema.format in _FORMAT_PLACEHOLDERS:
        return _FORMAT_PLACEHOLDERS[schema.format]
    if kind in _TYPE_PLACEHOLDERS:
        return _TYPE_PLACEHOLDERS[kind]
    return _NO_EXAMPLE
