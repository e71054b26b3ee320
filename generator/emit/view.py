"""The base of the printer's views: an IR object's fields, plus methods that print it."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

T = TypeVar("T")


class View(Generic[T]):
    """Reads through to the wrapped IR object, so a template sees its fields unchanged."""

    __slots__ = ("ir",)

    def __init__(self, ir: T) -> None:
        self.ir = ir

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ir, name)
