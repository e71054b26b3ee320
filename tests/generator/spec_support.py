"""Small inline specs read through the real loader and checks, for unit tests of the stages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.loader import load_document
from generator.openapi import DocumentSet, Spec
from generator.validate import check_structure


def minimal(paths: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A valid OpenAPI 3.0 document with ``paths`` and any other top-level keys."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Unit", "version": "1"},
        "servers": [{"url": "http://localhost"}],
        "paths": paths or {},
        **extra,
    }


def checked(directory: Path, document: dict[str, Any], name: str = "spec.yaml") -> Spec:
    """``document`` written to ``directory``, loaded and checked as the pipeline does."""
    path = directory / name
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return check_structure(DocumentSet(load_document(path)))


def operation(
    operation_id: str, *, tag: str | None = None, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "operationId": operation_id,
        "responses": {"204": {"description": "none"}},
    }
    if tag is not None:
        found["tags"] = [tag]
    if body is not None:
        found["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    return found


def bounded_body(max_items: int = 2) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["inputs"],
        "properties": {
            "inputs": {"type": "array", "maxItems": max_items, "items": {"type": "string"}}
        },
    }
