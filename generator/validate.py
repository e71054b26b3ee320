"""Stage 2: check the document before anything is built from it.

Our own checks run first, each reporting the exact place of a problem: remote ``$ref``s are
refused (a build step must never fetch from the network), dangling ones and reference cycles
are reported where they are written, and path templates, path parameters and operationIds are
checked. openapi-spec-validator then checks the rest; it would report some of these problems
without a location, or recurse until it crashes.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from .errors import SpecError
from .loader import Document, escape_pointer_token
from .openapi import DocumentSet, Spec, read_settings, walk_operations
from .openapi.documents import DanglingReference
from .openapi.extension import read_pagination

SUPPORTED_VERSIONS = ("3.0.", "3.1.")

# openapi-spec-validator follows references recursively: a long chain of schemas that refer to
# each other (legitimate, and common in big APIs) needs a deeper stack than Python's default.
VALIDATOR_RECURSION_LIMIT = 50_000
VALIDATOR_STACK_BYTES = 512 * 1024 * 1024

# The deepest real-world specs nest about 16 levels; far deeper documents exist only to exhaust
# the recursion of a parser or validator, so they are refused, at the place they get too deep.
MAX_NESTING_DEPTH = 256
# A reference cycle is reported with at most this many of its steps.
CYCLE_STEPS_SHOWN = 6

T = TypeVar("T")


# Values the specification defines as data (an example, a default, an enum, an Example
# Object's value, an extension): a "$ref" key inside them is an ordinary key, never followed.
_DATA_KEYWORDS = frozenset({"example", "examples", "default", "const", "enum"})
# Mappings whose keys are names an author chose, not keywords: a property named "default" is a
# schema, and a response under "default" is a response.
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
        "paths",
        "webhooks",
        "content",
        "encoding",
        "variables",
        "mapping",
    }
)


def _is_data(key: str, value: Any, container: str | None, above: str | None) -> bool:
    """Whether ``value``, under ``key`` in a mapping that sits under ``container`` (itself
    under ``above``), is data rather than part of the document's structure."""
    if container in _NAME_MAPS:
        return False
    if key.startswith("x-"):
        return True
    if key == "examples":
        # A schema's examples are a list of values; elsewhere they map names to Example
        # Objects, which may be references themselves.
        return isinstance(value, list)
    if key == "value":
        return above == "examples"
    return key in _DATA_KEYWORDS


def _walk_mappings(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping of the document's structure with its JSON pointer, without recursion;
    data values (examples, defaults, enums, extensions) are not entered."""
    stack: list[tuple[Any, str, str | None, str | None]] = [(node, pointer, None, None)]
    while stack:
        current, where, container, above = stack.pop()
        if isinstance(current, dict):
            yield where, current
            for key, value in current.items():
                if isinstance(value, (dict, list)) and not _is_data(
                    str(key), value, container, above
                ):
                    child = f"{where}/{escape_pointer_token(str(key))}"
                    stack.append((value, child, str(key), container))
        elif isinstance(current, list):
            for index, value in enumerate(current):
                if isinstance(value, (dict, list)):
                    # A list's items are values, not names: "parameters: [...]" holds
                    # Parameter Objects whose keys are keywords again.
                    stack.append((value, f"{where}/{index}", None, container))


def _walk_refs(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    for where, mapping in _walk_mappings(node, pointer):
        ref = mapping.get("$ref")
        if isinstance(ref, str):
            yield ref, where


def _walk_compositions(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping that holds a ``$ref`` or an ``allOf`` list, with its pointer."""
    for where, mapping in _walk_mappings(node, pointer):
        if isinstance(mapping.get("$ref"), str) or isinstance(mapping.get("allOf"), list):
            yield where, mapping


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
            try:
                target = documents.resolve(document, ref, where + "/$ref")
            except DanglingReference:
                continue  # a warning under a schema, an error elsewhere: the builder says

            if target.document is not document:
                pending.append(target.document)


def check_nesting(documents: DocumentSet) -> None:
    """No document nests deeper than :data:`MAX_NESTING_DEPTH` mappings and lists."""
    for document in documents.loaded():
        stack: list[tuple[Any, str, int]] = [(document.data, "", 0)]
        while stack:
            node, where, depth = stack.pop()
            if depth > MAX_NESTING_DEPTH:
                raise document.error(
                    f"the document nests more than {MAX_NESTING_DEPTH} levels deep", where
                )
            if isinstance(node, dict):
                for key, value in node.items():
                    if isinstance(value, (dict, list)):
                        child = f"{where}/{escape_pointer_token(str(key))}"
                        stack.append((value, child, depth + 1))
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    if isinstance(value, (dict, list)):
                        stack.append((value, f"{where}/{index}", depth + 1))


_Node = tuple[Document, str, Any]


def _composition_edges(documents: DocumentSet, node: _Node) -> list[tuple[_Node, str]]:
    """What a schema is made of without an object in between: its ``$ref``, or its ``allOf``."""
    document, pointer, value = node
    if not isinstance(value, dict):
        return []
    ref = value.get("$ref")
    if isinstance(ref, str):
        try:
            target = documents.resolve(document, ref, pointer + "/$ref")
        except DanglingReference:
            return []
        return [((target.document, target.pointer, target.value), pointer + "/$ref")]
    parts = value.get("allOf")
    if isinstance(parts, list):
        return [
            ((document, f"{pointer}/allOf/{index}", part), f"{pointer}/allOf/{index}")
            for index, part in enumerate(parts)
        ]
    return []


def check_reference_cycles(documents: DocumentSet) -> None:
    """A chain of ``$ref``/``allOf`` that comes back to where it started defines nothing.

    Recursion through an object (a Node whose ``children`` are Nodes) is fine: properties,
    items and unions are not followed here.
    """
    finished: set[tuple[str, str]] = set()
    for document in documents.loaded():
        for start_pointer, start_value in sorted(
            _walk_compositions(document.data, ""), key=lambda item: item[0]
        ):
            start: _Node = (document, start_pointer, start_value)
            if (str(document.path), start_pointer) in finished:
                continue
            # Iterative depth-first search; ``path`` is the chain being explored.
            path: list[tuple[_Node, Iterator[tuple[_Node, str]]]] = [
                (start, iter(_composition_edges(documents, start)))
            ]
            on_path = {(str(document.path), start_pointer)}
            while path:
                node, edges = path[-1]
                step = next(edges, None)
                if step is None:
                    path.pop()
                    key = (str(node[0].path), node[1])
                    on_path.discard(key)
                    finished.add(key)
                    continue
                child, via = step
                child_key = (str(child[0].path), child[1])
                if child_key in on_path:
                    chain = [entry[1] or "/" for entry, _ in path] + [child[1] or "/"]
                    steps = ["#" + pointer for pointer in chain]
                    if len(steps) > CYCLE_STEPS_SHOWN:
                        hidden = len(steps) - CYCLE_STEPS_SHOWN
                        steps = [*steps[: CYCLE_STEPS_SHOWN - 2], f"({hidden} more)", *steps[-2:]]
                    loop = " -> ".join(steps)
                    message = "reference chain loops back on itself with no object in between"
                    raise node[0].error(f"{message}: {loop}", via)
                if child_key in finished:
                    continue
                on_path.add(child_key)
                path.append((child, iter(_composition_edges(documents, child))))


def check_paths(spec: Spec) -> None:
    """Path parameters, duplicate parameters and duplicate operationIds.

    A template is literal text and ``{name}`` parts (malformed ones are refused while the
    operations are walked); each name must be declared as a path parameter, and each path
    parameter must appear in its path.
    """
    operation_ids: dict[str, str] = {}
    for operation in spec.operations:
        if operation.has_operation_id:
            first = operation_ids.get(operation.operation_id)
            if first is not None:
                raise operation.error(
                    f"duplicate operationId {operation.operation_id!r} (first used at #{first})",
                    "/operationId",
                )
            operation_ids[operation.operation_id] = operation.pointer
        seen: set[tuple[str, str]] = set()
        for parameter in operation.own_parameters:
            key = (parameter.name, parameter.location)
            if key in seen:
                raise parameter.error(
                    f"parameter {parameter.name!r} in {parameter.fields.get('in')} is declared "
                    "twice"
                )
            seen.add(key)
        declared = {p.name for p in operation.parameters if p.location == "path"}
        for name in operation.placeholders:
            if name not in declared:
                raise operation.error(
                    f"path placeholder {{{name}}} of {operation.method.upper()} "
                    f"{operation.path!r} has no path parameter"
                )
        for parameter in operation.parameters:
            if parameter.location == "path" and parameter.name not in operation.placeholders:
                raise parameter.error(
                    f"path parameter {parameter.name!r} is not in the path {operation.path!r}"
                )


def _with_deep_stack(function: Callable[[], T]) -> T:
    """Run ``function`` in a thread whose stack and recursion limit fit deep documents."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(function())
        except BaseException as exc:  # handed to the calling thread, which re-raises it
            failure.append(exc)

    previous_limit = sys.getrecursionlimit()
    try:
        previous_stack = threading.stack_size(VALIDATOR_STACK_BYTES)
    except (ValueError, RuntimeError):  # the platform does not allow it: use what there is
        return function()
    try:
        sys.setrecursionlimit(max(previous_limit, VALIDATOR_RECURSION_LIMIT))
        worker = threading.Thread(target=run, name="apiwright-validate")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    if failure:
        raise failure[0]
    return outcome[0]


def _upstream_warnings(documents: DocumentSet) -> tuple[str, ...]:
    """openapi-spec-validator's findings: harmless ones as warnings, the first real one raised."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    root = documents.root
    validator_class: Any = (
        OpenAPIV31SpecValidator
        if root.data["openapi"].startswith("3.1.")
        else OpenAPIV30SpecValidator
    )
    validator = validator_class(root.data, base_uri=root.path.resolve().as_uri())
    crawled = _crawled_once(getattr(validator, "schema_validator", None))
    if crawled is not None:
        validator.schema_validator = crawled
    warnings: list[str] = list(repeated_values(documents))
    for error in validator.iter_errors():
        if _is_repeat(error):  # reported above, at the repeated value
            continue
        pointer, message = _describe(error)
        pointer = _absolute(root.data, pointer, getattr(error, "instance", None))
        if _tolerable(error):
            location = root.error(message, pointer).one_line()
            warnings.append(f"{location}; ignored, as the generator does not need it")
            continue
        if not pointer:
            # The upstream check did not say where; a made-up line 1 would mislead.
            raise SpecError(f"invalid OpenAPI document: {message}", file=root.display_name)
        raise root.error(f"invalid OpenAPI document: {message}", pointer)
    return tuple(warnings)


def _crawled_once(schema_validator: Any) -> Any:
    """The same check of the whole document against the OpenAPI schema, with that schema's
    subschemas indexed once instead of at every dynamic reference.

    The 3.1 schema reaches its schema dialect through ``$dynamicRef``s; with the schema as its
    root, the ``referencing`` library indexes (crawls) all of it again for each one it
    resolves, thousands of times on a large document (most of the upstream check's time on
    OpenAI's spec). Given the schema already crawled, behind a root that only refers to it,
    the validator follows the same references to the same subschemas and reports the same
    errors (tests/generator/test_validate.py compares them). None when the validator is not
    one this applies to (another backend, or a schema without ``$id``)."""
    try:
        from jsonschema.validators import validator_for  # type: ignore[import-untyped]
        from referencing import Registry, Resource
    except ImportError:  # pragma: no cover - both come with openapi-spec-validator
        return None
    schema = getattr(schema_validator, "schema", None)
    if not isinstance(schema, dict) or not isinstance(schema.get("$id"), str):
        return None
    validator_class = schema_validator.__class__
    if validator_for(schema, default=None) is not validator_class:
        return None
    uri = schema["$id"]
    registry: Any = Registry().with_resource(uri, Resource.from_contents(schema)).crawl()
    return validator_class(
        {"$ref": uri},
        registry=registry,
        format_checker=getattr(schema_validator, "format_checker", None),
    )


def _at(data: Any, pointer: str) -> tuple[bool, Any]:
    value = data
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return False, None
    return True, value


def _absolute(data: Any, pointer: str, instance: Any) -> str:
    """The document pointer of an upstream finding: the validator reports problems inside a
    schema relative to that schema, so the schema is looked for where that path leads to the
    offending value."""
    if not pointer:
        return pointer
    found, value = _at(data, pointer)
    if found and value == instance:
        return pointer
    for where, _ in _walk_mappings(data, ""):
        found, value = _at(data, where + pointer)
        if found and value == instance:
            return where + pointer
    return pointer


def _is_repeat(error: Any) -> bool:
    return all(getattr(leaf, "validator", None) == "uniqueItems" for leaf in _leaf_errors(error))


def repeated_values(documents: DocumentSet) -> Iterator[str]:
    """A value listed twice in an ``enum`` or a ``required`` list, as a located warning: the
    repeat cannot change the client (HubSpot's language codes, OpenAI's required names)."""
    import json

    for document in documents.loaded():
        for where, mapping in _walk_mappings(document.data, ""):
            for keyword in ("enum", "required"):
                values = mapping.get(keyword)
                if not isinstance(values, list):
                    continue
                seen: set[str] = set()
                for index, value in enumerate(values):
                    key = json.dumps(value, sort_keys=True, default=str)
                    if key in seen:
                        message = (
                            f"{keyword} lists {_short(value)} more than once; the repeat is "
                            "ignored"
                        )
                        yield document.error(message, f"{where}/{keyword}/{index}").one_line()
                    seen.add(key)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def validate_document(documents: DocumentSet) -> tuple[Spec, tuple[str, ...]]:
    """Raise a located :class:`SpecError` for the first real problem; return the harmless ones.

    Real documents often carry keys their OpenAPI version does not define, or defaults that do
    not match their schema; those are returned as warnings, since nothing generated reads them.
    """
    from .upstream import BoundedValidation

    spec = check_structure(documents)
    return spec, BoundedValidation(documents).wait()


def check_structure(documents: DocumentSet) -> Spec:
    """Our own checks: fast, and what the builder relies on (no cycles, sane nesting); the
    spec as the read layer sees it."""
    root = documents.root
    check_version(root)
    settings = read_settings(root)
    check_references(documents)
    check_nesting(documents)
    check_reference_cycles(documents)
    spec = Spec(documents, settings, walk_operations(documents))
    check_paths(spec)
    for operation in spec.operations:
        read_pagination(operation.document, operation.fields, operation.pointer)
    return spec


def validate_with_upstream(documents: DocumentSet) -> tuple[str, ...]:
    """openapi-spec-validator, its harmless findings returned as located warnings."""
    root = documents.root
    try:
        return _with_deep_stack(lambda: _upstream_warnings(documents))
    except (SpecError, MemoryError):
        raise
    except Exception as exc:  # the upstream validator crashes (or recurses) on some input
        # Its verdict is not needed for a sound client: our own checks have passed.
        message = (
            f"openapi-spec-validator failed ({type(exc).__name__}: {exc}); the document passed "
            "the generator's own structural checks only"
        )
        return (root.error(message, "").one_line(),)


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
        # The validator opens with the offending value and ends with the reason: the value
        # is what gets shortened, never the reason.
        instance = repr(getattr(error, "instance", None))
        if message.startswith(instance):
            message = _short(getattr(error, "instance", None)) + message[len(instance) :]
        if len(message) > 300:
            message = f"{message[:120]}...{message[-177:]}"
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
    if (
        _is_default_value_error(error)
        or _is_prose_error(error)
        or _is_followed_ref(error)
        or _is_constraint_error(error)
    ):
        return True
    leaves = _leaf_errors(error)
    return all(getattr(leaf, "validator", None) in _UNKNOWN_KEY_VALIDATORS for leaf in leaves)


# Fields that only ever become documentation: the builder reads them when they are strings and
# passes over anything else (DigitalOcean writes tag descriptions as $refs to Markdown files).
_PROSE_FIELDS = frozenset({"description", "summary", "title"})


# Keywords that constrain values but never shape a generated type: a malformed one (OpenAI's
# 3.0-style boolean exclusiveMinimum in a 3.1 document) cannot change the client.
_CONSTRAINT_KEYWORDS = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "minContains",
        "maxContains",
        "example",
        "examples",
        # JSON Schema's identifiers and anchors, which the generator does not read either.
        "$id",
        "$schema",
        "$anchor",
        "$comment",
        "$recursiveAnchor",
        "$dynamicAnchor",
    }
)


def _is_constraint_error(error: Any) -> bool:
    leaves = _leaf_errors(error)
    return all(
        (path := list(getattr(leaf, "absolute_path", None) or ()))
        and str(path[-1]) in _CONSTRAINT_KEYWORDS
        for leaf in leaves
    )


def _is_followed_ref(error: Any) -> bool:
    """A $ref where OpenAPI allows none but which the generator follows: an operation in a
    file of its own (the validator reads an operation without responses), or a whole
    properties map."""
    instance = getattr(error, "instance", None)
    if isinstance(instance, dict) and set(instance) == {"$ref"}:
        return True
    # A properties map kept in another file ("properties: {$ref: ...}"), which the validator
    # reads as a property named "$ref".
    path = [str(part) for part in getattr(error, "absolute_path", None) or ()]
    return path[-2:] == ["properties", "$ref"] and isinstance(instance, str)


def _is_prose_error(error: Any) -> bool:
    path = list(getattr(error, "absolute_path", None) or ())
    return (
        bool(path)
        and str(path[-1]) in _PROSE_FIELDS
        and (getattr(error, "validator", None) == "type")
    )
