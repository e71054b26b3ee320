"""Typed, read-only views of the parts of an OpenAPI document the generator reads.

Each view knows its document and JSON pointer (so any finding about it is located) and reads
its raw mapping in one place: the build stage asks a view for ``required`` or ``media()``
instead of calling ``.get`` on dicts. A view that may be a ``$ref`` is created already
followed (:meth:`Located.follow`), so its pointer is where the definition actually is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import SpecError
from ..loader import Document, escape_pointer_token
from .documents import DocumentSet

# What a view that is not a mapping reads as; never written to.
_NO_FIELDS: dict[str, Any] = {}

BodyEncoding = Literal["json", "form", "multipart", "text", "bytes"]


@dataclass(frozen=True)
class Located:
    """A place in one of the spec's documents, and the value there."""

    documents: DocumentSet = field(repr=False, compare=False)
    document: Document = field(repr=False, compare=False)
    pointer: str
    node: Any = field(repr=False, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        """Identifies the place across documents."""
        return (str(self.document.path), self.pointer)

    @property
    def fields(self) -> dict[str, Any]:
        """The value as a mapping (empty when it is not one). Read-only, as views are."""
        node = self.node
        return node if type(node) is dict else _NO_FIELDS

    def error(self, message: str, suffix: str = "") -> SpecError:
        return self.document.error(message, self.pointer + suffix)

    def warning(self, message: str, suffix: str = "") -> str:
        return self.error(message, suffix).one_line()

    def text(self, key: str) -> str | None:
        """A non-empty string field, else None."""
        value = self.fields.get(key)
        return value if isinstance(value, str) and value else None

    def child_pointer(self, *parts: str | int) -> str:
        pointer = self.pointer
        for part in parts:
            text = str(part)
            pointer += "/" + (escape_pointer_token(text) if "~" in text or "/" in text else text)
        return pointer

    def follow_child(self, node: Any, *parts: str | int) -> tuple[Document, str, Any]:
        """``node``, found under this value at ``parts``, with its ``$ref``s followed."""
        return self.documents.follow(self.document, node, self.child_pointer(*parts))


@dataclass(frozen=True)
class SchemaView(Located):
    """A schema as written: it may itself be a ``$ref`` (see :meth:`target`)."""

    @property
    def ref(self) -> str | None:
        ref = self.fields.get("$ref")
        return ref if isinstance(ref, str) else None

    def target(self) -> SchemaView:
        """The schema this one refers to (itself when it is no reference)."""
        document, pointer, node = self.documents.follow(self.document, self.node, self.pointer)
        return SchemaView(self.documents, document, pointer, node)

    def child(self, node: Any, *parts: str | int) -> SchemaView:
        return SchemaView(self.documents, self.document, self.child_pointer(*parts), node)

    def narrowed(self, node: dict[str, Any]) -> SchemaView:
        """The same place, read as ``node`` (a copy with some keywords left out)."""
        return SchemaView(self.documents, self.document, self.pointer, node)

    @property
    def is_free_form(self) -> bool:
        return self.node is True or self.node == {} or self.node is None

    @property
    def type(self) -> Any:
        return self.fields.get("type")

    @property
    def nullable(self) -> bool:
        return bool(self.fields.get("nullable"))

    @property
    def enum(self) -> list[Any] | None:
        values = self.fields.get("enum")
        return values if isinstance(values, list) else None

    @property
    def format(self) -> str | None:
        value = self.fields.get("format")
        return value if isinstance(value, str) else None

    def has(self, keyword: str) -> bool:
        return keyword in self.fields

    def members(self, keyword: str) -> list[SchemaView] | None:
        """The schemas of ``oneOf``/``anyOf``/``allOf``, when it is a list."""
        values = self.fields.get(keyword)
        if not isinstance(values, list):
            return None
        return [self.child(value, keyword, index) for index, value in enumerate(values)]

    def items(self) -> SchemaView:
        return self.child(self.fields.get("items", True), "items")

    @property
    def max_items(self) -> int | None:
        value = self.fields.get("maxItems")
        return value if isinstance(value, int) and value > 0 else None

    def additional_properties(self) -> SchemaView:
        return self.child(self.fields.get("additionalProperties", True), "additionalProperties")

    def properties(self) -> list[tuple[str, SchemaView]]:
        props = self.fields.get("properties") or {}
        if isinstance(props, dict) and set(props) == {"$ref"} and isinstance(props["$ref"], str):
            # The whole map kept elsewhere (DigitalOcean's "properties: {$ref: attributes.yml#/x}").
            document, pointer, target = self.follow_child(props, "properties")
            if isinstance(target, dict):
                return [
                    (
                        name,
                        SchemaView(
                            self.documents,
                            document,
                            f"{pointer}/{escape_pointer_token(str(name))}",
                            value,
                        ),
                    )
                    for name, value in target.items()
                ]
        return [(name, self.child(value, "properties", name)) for name, value in props.items()]

    @property
    def required(self) -> set[str]:
        return {name for name in self.fields.get("required") or [] if isinstance(name, str)}

    @property
    def discriminator(self) -> Discriminator | None:
        value = self.fields.get("discriminator")
        if isinstance(value, dict) and isinstance(value.get("propertyName"), str):
            mapping = value.get("mapping") or {}
            return Discriminator(
                value["propertyName"],
                tuple((str(k), self._mapping_ref(str(v))) for k, v in mapping.items()),
            )
        return None

    def _mapping_ref(self, value: str) -> str:
        """A mapping value as a reference: OpenAPI allows a bare schema name (``cat: Cat``)
        for ``#/components/schemas/Cat``, which wins over a file of the same name."""
        if "/" in value or "#" in value:
            return value
        components = self.documents.root.data.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        if isinstance(schemas, dict) and value in schemas:
            token = value.replace("~", "~0").replace("/", "~1")
            if self.document is self.documents.root:
                return f"#/components/schemas/{token}"
            return f"{self._root_from_here()}#/components/schemas/{token}"
        return value

    def _root_from_here(self) -> str:
        import os

        root = self.documents.root.path.resolve()
        return Path(os.path.relpath(root, self.document.path.resolve().parent)).as_posix()

    @property
    def read_only(self) -> bool:
        return bool(self.fields.get("readOnly"))

    @property
    def write_only(self) -> bool:
        return bool(self.fields.get("writeOnly"))

    @property
    def example(self) -> Any:
        return self.fields.get("example")


@dataclass(frozen=True)
class Discriminator:
    property_name: str
    mapping: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PartEncoding:
    """One entry of a media type's ``encoding`` map, as the document writes it."""

    name: str
    style: str | None
    explode: bool | None
    content_type: str | None


def example_of(node: dict[str, Any]) -> Any:
    """A parameter's or media type's ``example``, else its first ``examples`` value, else its
    schema's ``example``."""
    if "example" in node:
        return node["example"]
    examples = node.get("examples")
    if isinstance(examples, dict):
        for entry in examples.values():
            if isinstance(entry, dict) and "value" in entry:
                return entry["value"]
    schema = node.get("schema")
    if isinstance(schema, dict) and "example" in schema:
        return schema["example"]
    return None


@dataclass(frozen=True)
class MediaTypeView(Located):
    media_type: str = ""

    @property
    def encoding(self) -> BodyEncoding:
        """How a body of this media type is sent: json, form, multipart, text or bytes."""
        base = self.media_type.split(";")[0].strip().lower()
        if base == "application/json" or base.endswith("+json") or base == "*/*":
            return "json"
        if base == "application/x-www-form-urlencoded":
            return "form"
        if base.startswith("multipart/"):
            return "multipart"
        if base.startswith("text/"):
            return "text"
        return "bytes"

    def schema(self) -> SchemaView | None:
        node = self.fields.get("schema")
        return (
            None
            if node is None
            else SchemaView(self.documents, self.document, self.child_pointer("schema"), node)
        )

    def part_encodings(self) -> tuple[PartEncoding, ...]:
        """The Encoding Object given for each named property of a form or multipart body."""
        encodings = self.fields.get("encoding")
        if not isinstance(encodings, dict):
            return ()
        found = []
        for name, entry in encodings.items():
            if not isinstance(entry, dict):
                continue
            style, explode, content_type = (
                entry.get("style"),
                entry.get("explode"),
                entry.get("contentType"),
            )
            found.append(
                PartEncoding(
                    name=str(name),
                    style=style if isinstance(style, str) else None,
                    explode=explode if isinstance(explode, bool) else None,
                    content_type=content_type if isinstance(content_type, str) else None,
                )
            )
        return tuple(found)

    @property
    def example(self) -> Any:
        found = example_of(self.fields)
        if found is None and isinstance(self.fields.get("schema"), dict):
            found = self.fields["schema"].get("example")
        return found


def _pick_media(owner: Located) -> MediaTypeView | None:
    """The JSON media type of a ``content`` map if there is one, else its first."""
    content = owner.fields.get("content") or {}
    if not content:
        return None
    chosen = next(iter(content))
    for media_type in content:
        base = media_type.split(";")[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            chosen = media_type
            break
    return MediaTypeView(
        owner.documents,
        owner.document,
        owner.child_pointer("content", chosen),
        content[chosen],
        chosen,
    )


@dataclass(frozen=True)
class RequestBodyView(Located):
    @property
    def required(self) -> bool:
        return bool(self.fields.get("required"))

    def media(self) -> MediaTypeView | None:
        return _pick_media(self)


@dataclass(frozen=True)
class ResponseView(Located):
    status: str = ""

    def media(self) -> MediaTypeView | None:
        return _pick_media(self)


@dataclass(frozen=True)
class ParameterView(Located):
    @property
    def name(self) -> str:
        return str(self.fields["name"])

    @property
    def location(self) -> str:
        return str(self.fields.get("in"))

    @property
    def required(self) -> bool:
        return bool(self.fields.get("required")) or self.location == "path"

    def schema(self) -> tuple[SchemaView | None, bool]:
        """The parameter's schema, and whether it came from ``content`` (sent as JSON)."""
        node = self.fields.get("schema")
        if node is not None:
            return self._schema(node), False
        content = self.fields.get("content")
        if isinstance(content, dict) and content:
            media = next(iter(content.values()))
            node = media.get("schema") if isinstance(media, dict) else None
            if node is not None:
                return self._schema(node), True
        return None, False

    def _schema(self, node: Any) -> SchemaView:
        # Kept at ``.../schema`` even when it came from ``content``, as findings always were.
        return SchemaView(self.documents, self.document, self.child_pointer("schema"), node)

    @property
    def style(self) -> Any:
        return self.fields.get("style")

    @property
    def explode(self) -> Any:
        return self.fields.get("explode")

    @property
    def example(self) -> Any:
        return example_of(self.fields)


@dataclass(frozen=True)
class SecuritySchemeView(Located):
    name: str = ""

    @property
    def type(self) -> Any:
        return self.fields.get("type")

    @property
    def http_scheme(self) -> str:
        return str(self.fields.get("scheme") or "").lower()

    @property
    def location(self) -> Any:
        return self.fields.get("in")

    @property
    def wire_name(self) -> str:
        return str(self.fields.get("name") or "")
