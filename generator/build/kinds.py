"""Which schemas become classes, and of which kind."""

from __future__ import annotations

from typing import Any, Literal

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
