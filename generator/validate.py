"""Stage 2: check the document before anything is built from it.

Our own reference check runs first: it refuses remote ``$ref``s (a build step must never fetch
from the network) and reports a dangling one at the place it is written, which the upstream
validator would otherwise report as a crash. openapi-spec-validator then checks the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.loader import Document, escape_pointer_token
from generator.refs import DocumentSet

SUPPORTED_VERSIONS = ("3.0.", "3.1.")


def _walk_refs(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    stack: list[tuple[Any, str]] = [(node, pointer)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str):
                yield ref, where
            for key, value in current.items():
                if isinstance(value, (dict, list)):
                    stack.append((value, f"{where}/{escape_pointer_token(str(key))}"))
        elif isinstance(current, list):
            for index, value in enumerate(current):
                if isinstance(value, (dict, list)):
                    stack.append((value, f"{where}/{index}"))


def check_version(document: Document) -> None:
    data = document.data
    if not isinstance(data, dict):
        raise document.error("an OpenAPI document must be a mapping at the top level", "")
    version = data.get("openapi")
    if not isinstance(version, str):
        if "swagger" in data:
            raise document.error(
                "Swagger 2.0 is not supported; convert it to OpenAPI 3", "/swagger"
            )
        raise document.error("missing the 'openapi' version field", "")
    if not version.startswith(SUPPORTED_VERSIONS):
        raise document.error(
            f"OpenAPI {version} is not supported (3.0.x and 3.1.x are)", "/openapi"
        )


def check_references(documents: DocumentSet) -> None:
    """Every ``$ref`` in every loaded document must point at something that exists locally."""
    pending = [documents.root]
    seen: set[str] = set()
    while pending:
        document = pending.pop()
        key = str(document.path)
        if key in seen:
            continue
        seen.add(key)
        for ref, where in sorted(_walk_refs(document.data, ""), key=lambda item: item[1]):
            target = documents.resolve(document, ref, where + "/$ref")
            if target.document is not document:
                pending.append(target.document)


def validate_document(documents: DocumentSet) -> None:
    """Raise a located :class:`SpecError` for the first problem in the document set."""
    root = documents.root
    check_version(root)
    check_references(documents)
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    validator_class: Any = (
        OpenAPIV31SpecValidator
        if root.data["openapi"].startswith("3.1.")
        else OpenAPIV30SpecValidator
    )
    validator = validator_class(root.data, base_uri=root.path.resolve().as_uri())
    try:
        first = next(iter(validator.iter_errors()), None)
    except RecursionError:
        raise root.error("the document nests too deeply to validate", "") from None
    except Exception as exc:  # the upstream validator crashes on some malformed input
        raise root.error(
            f"the document could not be validated: {type(exc).__name__}: {exc}", ""
        ) from None
    if first is not None:
        path = getattr(first, "absolute_path", None) or getattr(first, "path", None) or ()
        pointer = "".join("/" + escape_pointer_token(str(part)) for part in path)
        message = str(getattr(first, "message", first))
        if len(message) > 300:
            message = message[:297] + "..."
        raise root.error(f"invalid OpenAPI document: {message}", pointer)
