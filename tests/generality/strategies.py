"""Hypothesis strategies for payloads that a JSON schema (OpenAPI 3.0 or 3.1 dialect) allows.

Written from the schema alone, not from the generated code, so a round-trip test built on them
checks the generator's reading of the schema rather than restating it. The dialect covered is
what the shared specs use: ``$ref`` (local and relative files), ``allOf``/``oneOf``/``anyOf``
with ``discriminator``, type lists, ``nullable``, ``enum``, ``const``, objects with
``additionalProperties``, arrays, and the string formats the generator maps to Python types.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from generator.loader import Document
from generator.openapi import DocumentSet

MAX_DEPTH = 3
JSON_LEAVES = st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=8)
FREE_FORM = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
KEYS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8)


def _rfc3339(moment: dt.datetime) -> str:
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


DATE_TIMES = st.datetimes(
    min_value=dt.datetime(1900, 1, 1),
    max_value=dt.datetime(2200, 1, 1),
    timezones=st.just(dt.timezone.utc),
).map(_rfc3339)
STRING_FORMATS: dict[str, st.SearchStrategy[Any]] = {
    "date-time": DATE_TIMES,
    "date": st.dates(min_value=dt.date(1900, 1, 1)).map(dt.date.isoformat),
    "uuid": st.uuids().map(str),
    "byte": st.binary(max_size=12).map(lambda raw: base64.b64encode(raw).decode("ascii")),
    "binary": st.binary(max_size=12),
}


def _tagger(prop: str, tag: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def tagged(payload: dict[str, Any]) -> dict[str, Any]:
        return {**payload, prop: tag}

    return tagged


class SchemaStrategies:
    """Builds a strategy for a schema found at a place in a document set."""

    def __init__(self, documents: DocumentSet) -> None:
        self.documents = documents

    def for_schema(self, document: Document, node: Any, depth: int = 0) -> st.SearchStrategy[Any]:
        if isinstance(node, dict) and "$ref" in node:
            document, _, node = self.documents.follow(document, node, "")
        if node is True or node == {} or node is None:
            return FREE_FORM
        if node is False:
            return st.nothing()
        assert isinstance(node, dict), node
        nullable = bool(node.get("nullable"))
        types = node.get("type")
        if isinstance(types, list):
            nullable = nullable or "null" in types
            non_null = [name for name in types if name != "null"]
            strategies = [self._typed(document, node, name, depth) for name in non_null]
            choice = st.one_of(strategies) if strategies else st.none()
            return st.none() | choice if nullable else choice
        if types == "null":
            return st.none()
        choice = self._typed(document, node, types, depth)
        return st.none() | choice if nullable else choice

    def _typed(
        self, document: Document, node: dict[str, Any], type_name: Any, depth: int
    ) -> st.SearchStrategy[Any]:
        if "const" in node:
            return st.just(node["const"])
        if isinstance(node.get("enum"), list):
            return st.sampled_from(node["enum"])
        for keyword in ("oneOf", "anyOf"):
            if isinstance(node.get(keyword), list) and "properties" not in node:
                return self._union(document, node, keyword, depth)
        parts = node.get("allOf")
        if isinstance(parts, list) and "properties" not in node and type_name is None:
            # allOf of one schema (beside annotations) admits what that schema admits: an enum
            # wrapped to carry a description is still the enum.
            meaningful = [part for part in parts if not _annotations_only(part)]
            if len(meaningful) == 1:
                return self.for_schema(document, meaningful[0], depth)
        if (
            "allOf" in node
            or "properties" in node
            or type_name == "object"
            or (type_name is None and "additionalProperties" in node)
        ):
            return self._object(document, node, depth)
        if type_name == "array" or (type_name is None and "items" in node):
            if depth >= MAX_DEPTH:
                return st.just([])
            items = self.for_schema(document, node.get("items", True), depth + 1)
            return st.lists(items, max_size=2)
        if type_name == "string":
            fmt = node.get("format")
            if fmt in STRING_FORMATS:
                return STRING_FORMATS[fmt]
            if node.get("contentEncoding") == "base64":
                return STRING_FORMATS["byte"]
            return st.text(max_size=10)
        if type_name == "integer":
            return st.integers(-(2**40), 2**40)
        if type_name == "number":
            return st.integers(-1000, 1000) | st.floats(allow_nan=False, allow_infinity=False)
        if type_name == "boolean":
            return st.booleans()
        return FREE_FORM

    def _union(
        self, document: Document, node: dict[str, Any], keyword: str, depth: int
    ) -> st.SearchStrategy[Any]:
        members = node[keyword]
        discriminator = node.get("discriminator")
        if not isinstance(discriminator, dict) or "propertyName" not in discriminator:
            return st.one_of([self.for_schema(document, member, depth) for member in members])
        # A valid payload names its member in the discriminator property: by the mapping,
        # or by the member schema's own name.
        prop = discriminator["propertyName"]
        mapping = discriminator.get("mapping") or {}
        options: list[st.SearchStrategy[Any]] = []
        for member in members:
            ref = member.get("$ref") if isinstance(member, dict) else None
            tags = [tag for tag, target in mapping.items() if ref is not None and target == ref]
            if not tags and ref is not None:
                tags = [ref.rsplit("/", 1)[-1]]
            base = self.for_schema(document, member, depth)
            options.extend(base.map(_tagger(prop, tag)) for tag in tags)
        return st.one_of(options)

    def _merged(
        self, document: Document, node: dict[str, Any]
    ) -> tuple[dict[str, tuple[Document, Any]], set[str], Any]:
        properties: dict[str, tuple[Document, Any]] = {}
        required: set[str] = set()
        extra: Any = node.get("additionalProperties", True)
        for part in node.get("allOf") or []:
            part_document, _, part_node = self.documents.follow(document, part, "")
            if isinstance(part_node, dict):
                sub_properties, sub_required, _ = self._merged(part_document, part_node)
                properties.update(sub_properties)
                required |= sub_required
        for name, prop in (node.get("properties") or {}).items():
            properties[name] = (document, prop)
        required |= set(node.get("required") or [])
        return properties, required, extra

    def _object(
        self, document: Document, node: dict[str, Any], depth: int
    ) -> st.SearchStrategy[Any]:
        properties, required, extra = self._merged(document, node)
        fixed: dict[str, st.SearchStrategy[Any]] = {}
        optional: dict[str, st.SearchStrategy[Any]] = {}
        for name, (prop_document, prop) in properties.items():
            if name in required:
                fixed[name] = self.for_schema(prop_document, prop, depth + 1)
            elif depth < MAX_DEPTH:
                optional[name] = self.for_schema(prop_document, prop, depth + 1)
        known = st.fixed_dictionaries(fixed, optional=optional)
        if extra is False or depth >= MAX_DEPTH:
            return known
        values = (
            FREE_FORM
            if extra is True or extra == {}
            else self.for_schema(document, extra, depth + 1)
        )
        extras = st.dictionaries(KEYS.filter(lambda key: key not in properties), values, max_size=2)
        return st.tuples(known, extras).map(lambda pair: {**pair[1], **pair[0]})


_ANNOTATIONS = frozenset({"description", "title", "default", "example", "deprecated", "nullable"})


def _annotations_only(node: Any) -> bool:
    return isinstance(node, dict) and all(key in _ANNOTATIONS for key in node)
