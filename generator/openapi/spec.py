"""One spec as the later stages read it: its documents, its settings, its operations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..loader import Document, escape_pointer_token
from .documents import DocumentSet
from .extension import Settings
from .operations import OperationView
from .views import SchemaView, SecuritySchemeView


@dataclass(frozen=True)
class Spec:
    """A checked spec (see :func:`generator.validate.check_structure`, which makes one)."""

    documents: DocumentSet
    settings: Settings
    operations: tuple[OperationView, ...]

    @property
    def root(self) -> Document:
        return self.documents.root

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.root.data
        return data

    def _components(self, kind: str) -> dict[str, Any]:
        components = self.data.get("components") or {}
        found: dict[str, Any] = components.get(kind) or {}
        return found

    def component_schemas(self) -> list[tuple[str, SchemaView]]:
        """``components/schemas`` of the root document, by name, in document order."""
        return [
            (name, SchemaView(self.documents, self.root, f"/components/schemas/{token}", node))
            for name, node in self._components("schemas").items()
            for token in (escape_pointer_token(name),)
        ]

    def security_schemes(self) -> list[SecuritySchemeView]:
        """``components/securitySchemes``, each with its ``$ref`` followed."""
        found = []
        for name, raw in self._components("securitySchemes").items():
            pointer = f"/components/securitySchemes/{escape_pointer_token(name)}"
            document, pointer, node = self.documents.follow(self.root, raw, pointer)
            found.append(SecuritySchemeView(self.documents, document, pointer, node, name))
        return found

    def tag_descriptions(self) -> dict[Any, Any]:
        return {
            entry.get("name"): entry.get("description")
            for entry in self.data.get("tags") or []
            if isinstance(entry, dict)
        }
