"""Which schemas become classes, and of which kind."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ..errors import SpecError

if TYPE_CHECKING:
    from ..openapi import SchemaView

ClassKind = Literal["model", "enum"]
EnumBase = Literal["str", "int"]


def enum_base(node: dict[str, Any]) -> EnumBase | None:
    """``str`` or ``int`` when every listed value (but null) is one, else None."""
    values = [value for value in node.get("enum") or [] if value is not None]
    if values and all(isinstance(value, str) for value in values):
        return "str"
    if values and all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        return "int"
    return None


def class_kind(node: Any) -> ClassKind | None:
    """An enum of strings or integers, or an object with properties or ``allOf``: a class."""
    if not isinstance(node, dict):
        return None
    if "enum" in node and enum_base(node) is not None:
        return "enum"
    if "allOf" in node:
        return "model"
    if node.get("properties"):
        return "model"
    return None


# Keywords that only describe a value: a schema made of these and one allOf member is that
# member (``allOf: [{$ref: Color}]`` with a description or a default is a Color).
_ANNOTATIONS = frozenset(
    {
        "allOf",
        "description",
        "title",
        "default",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "nullable",
        "externalDocs",
        "xml",
        "$comment",
    }
)


def _annotations_only(node: Any) -> bool:
    return isinstance(node, dict) and all(
        key in _ANNOTATIONS or str(key).startswith("x-") for key in node
    )


def wrapped_scalar(schema: SchemaView) -> SchemaView | None:
    """The one member of an ``allOf`` that wraps an enum, string, number or other non-object
    schema (with annotations beside it), or None: such a schema is typed as that member,
    never as an (empty) model."""
    node = schema.node
    if not isinstance(node, dict) or not isinstance(node.get("allOf"), list):
        return None
    if not _annotations_only(node):
        return None
    members = [m for m in schema.members("allOf") or [] if not _annotations_only(m.node)]
    if len(members) != 1:
        return None
    try:
        target = members[0].target()
    except SpecError:  # a dangling reference: the builder reports it
        return None
    inner = target.node
    if not isinstance(inner, dict) or inner.get("properties") or "additionalProperties" in inner:
        return None
    if "allOf" in inner:
        return members[0] if wrapped_scalar(target) is not None else None
    if class_kind(inner) == "enum" or inner.get("type") not in (None, "object"):
        return members[0]
    return None
