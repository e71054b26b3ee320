"""Documentation translation: the text of docstrings, assembled from spec prose.

Spec strings are joined here and escaped once, as a whole, by the template's docstring filter.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import BodyDef, ParameterDef
from ..openapi import OperationView
from ..untrusted import Code, SpecText

_NO_DEFAULT = object()
# A default longer than this is cut short in the docs.
SHOWN_DEFAULT = 60


def describe_value(
    node: dict[str, Any], target: dict[str, Any], read_only: bool, write_only: bool
) -> SpecText | None:
    """A property's description, with what the docs should add to it."""
    description = node.get("description") or target.get("description")
    parts = [description] if isinstance(description, str) and description.strip() else []
    default = node.get("default", target.get("default", _NO_DEFAULT))
    if default is not _NO_DEFAULT:
        # Python's own spelling, which a docstring shows without escapes.
        shown = (
            repr(default) if isinstance(default, str) else json.dumps(default, ensure_ascii=False)
        )
        if len(shown) > SHOWN_DEFAULT:
            shown = shown[: SHOWN_DEFAULT - 3] + "..."
        parts.append(f"Default (applied by the server when omitted): ``{shown}``.")
    if read_only:
        parts.append("Read-only: set by the server, never sent.")
    if write_only:
        parts.append("Write-only: sent, never returned.")
    return SpecText(" ".join(parts)) if parts else None


def operation_docstring(
    operation: OperationView,
    path_params: list[ParameterDef],
    others: list[ParameterDef],
    body: BodyDef | None,
) -> SpecText:
    """Summary, description (unless it repeats the summary), arguments, deprecation."""
    summary = operation.fields.get("summary")
    sections = [
        summary
        if isinstance(summary, str) and summary.strip()
        else f"{operation.method.upper()} {operation.path}"
    ]
    description = operation.fields.get("description")
    if (
        isinstance(description, str)
        and description.strip()
        and " ".join(description.split()) != " ".join(sections[0].split())
    ):
        sections.append(description)
    documented: list[tuple[Code, SpecText | None]] = [(p.attr, p.description) for p in path_params]
    if body is not None:
        if body.argument is not None:
            documented.append((body.argument, body.description))
        documented.extend((f.attr, f.description) for f in body.fields)
    documented.extend((p.attr, p.description) for p in others)
    arguments = [
        f"    {name}: {' '.join(text.value.split())}"
        for name, text in documented
        if text is not None
    ]
    if arguments:
        sections.append("Args:\n" + "\n".join(arguments))
    if operation.deprecated:
        sections.append("Deprecated: the spec marks this operation as deprecated.")
    return SpecText("\n\n".join(sections))
