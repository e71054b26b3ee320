"""Stage 2: check the document before anything is built from it.

Our own reference check runs first: it refuses remote ``$ref``s (a build step must never fetch
from the network) and reports a dangling one at the place it is written, which the upstream
validator would otherwise report as a crash. openapi-spec-validator then checks the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import SpecError
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
            if isinstance(target.value, dict) and "$ref" in target.value:
                # A chain of bare references that loops would send the validator into
                # endless recursion; report it here, where it is written.
                documents.follow(document, {"$ref": ref}, where)
            if target.document is not document:
                pending.append(target.document)


def validate_document(documents: DocumentSet) -> tuple[str, ...]:
    """Raise a located :class:`SpecError` for the first real problem; return the harmless ones.

    Real documents often carry keys their OpenAPI version does not define, or defaults that do
    not match their schema; those are returned as warnings, since nothing generated reads them.
    """
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
    warnings: list[str] = []
    try:
        for error in validator.iter_errors():
            pointer, message = _describe(error)
            if _tolerable(error):
                location = root.error(message, pointer).one_line()
                warnings.append(f"{location}; ignored, as the generator does not need it")
                continue
            raise root.error(f"invalid OpenAPI document: {message}", pointer)
    except RecursionError:
        raise root.error("the document nests too deeply to validate", "") from None
    except SpecError:
        raise
    except Exception as exc:  # the upstream validator crashes on some malformed input
        raise root.error(
            f"the document could not be validated: {type(exc).__name__}: {exc}", ""
        ) from None
    return tuple(warnings)


def _describe(error: Any) -> tuple[str, str]:
    path = getattr(error, "absolute_path", None) or getattr(error, "path", None) or ()
    pointer = "".join("/" + escape_pointer_token(str(part)) for part in path)
    leaves = _leaf_errors(error)
    if leaves[0] is not error:
        # A failed "Schema or Reference" alternative says only that nothing matched; the
        # real causes underneath are what the author needs to read.
        pointer, message = _describe(leaves[0])
        more = f" (and {len(leaves) - 1} more like it)" if len(leaves) > 1 else ""
        return pointer, message + more
    message = str(getattr(error, "message", error))
    if _is_default_value_error(error):
        message = f"a default value does not match its schema: {message}"
    if len(message) > 300:
        message = message[:297] + "..."
    return pointer, message


def _leaf_errors(error: Any) -> list[Any]:
    """The innermost causes of an error, without the "or else a $ref" alternatives."""
    context = getattr(error, "context", None)
    if not context:
        return [error]
    leaves: list[Any] = []
    for cause in context:
        leaves.extend(_leaf_errors(cause))
    meaningful = [
        leaf
        for leaf in leaves
        if not (getattr(leaf, "validator", None) == "required" and "'$ref'" in leaf.message)
    ]
    return meaningful or leaves


# Keys a fixed-field object does not define (an operation's "title", a 3.0 schema's "const")
# are findings the builder can safely pass over: it reads only the keys it knows.
_UNKNOWN_KEY_VALIDATORS = frozenset({"additionalProperties", "unevaluatedProperties"})


def _is_default_value_error(error: Any) -> bool:
    schema = getattr(error, "schema", None)
    return (
        not getattr(error, "absolute_path", None)
        and isinstance(schema, dict)
        and "default" in schema
        and getattr(error, "instance", None) == schema["default"]
    )


def _tolerable(error: Any) -> bool:
    """Findings that cannot change the generated client: unknown keys and unused defaults."""
    if _is_default_value_error(error):
        return True
    leaves = _leaf_errors(error)
    return all(getattr(leaf, "validator", None) in _UNKNOWN_KEY_VALIDATORS for leaf in leaves)
