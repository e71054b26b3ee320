"""What the generated README documents beyond its first example, decided here so that
``dist/README.md.jinja`` only prints: which responses each operation returns, the partial
success (207) example, the bulk helper's examples and the exception tree.

A section whose feature the spec lacks (no 207, no bulk operation) is ``None`` here and
absent from the README. Example code is built only from :class:`Code` the build stage made
(identifiers, literals through :func:`~generator.untrusted.string_literal`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import runtime_files
from .model import ClientDef, ListType, ModelType, NullableType, OperationDef, ResponseDef
from .untrusted import Code, string_literal

# A bulk example sends two full requests and a partial one: enough to show chunking.
_FULL_CHUNKS_IN_EXAMPLE = 2
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class SuccessRow:
    statuses: Code
    returns: Code


@dataclass(frozen=True)
class OperationShapes:
    """An operation whose success responses are not all one type."""

    call_name: Code
    rows: tuple[SuccessRow, ...]


@dataclass(frozen=True)
class PartialSuccess:
    """The example of a 207 (Multi-Status): some inputs failed, the response is returned."""

    call_name: Code
    call: Code
    model: Code
    errors_attr: Code
    error_item: Code | None
    imports: Code


@dataclass(frozen=True)
class BulkExample:
    """The examples of an operation's bulk helper, with every number they print."""

    method: Code
    arguments: Code
    items_attr: Code
    items: Code
    count: int
    max_items: int
    requests: int
    last_chunk: int
    imports: Code


@dataclass(frozen=True)
class ExceptionLine:
    indent: Code
    name: Code
    when: Code


@dataclass(frozen=True)
class Readme:
    base_url: Code | None
    """The spec's server as a Python literal, when it is an absolute HTTP(S) URL."""
    shapes: tuple[OperationShapes, ...]
    partial: PartialSuccess | None
    bulk: BulkExample | None
    exceptions: tuple[ExceptionLine, ...]
    """What a call raises: the widest exception tree (``APIError``'s, or a base above it)."""
    decoding_exceptions: tuple[ExceptionLine, ...]
    """The other trees: ``DecodeError``, raised by ``from_dict`` (a call wraps it)."""
    error_call: Code | None
    wrong_credential: Code | None
    """A constructor argument with a token the server refuses, for the errors example."""
    error_imports: Code


def _imports(client: ClientDef, code: str, *extra: str) -> Code:
    """The client class, ``extra`` and the models and enums ``code`` names, for one import."""
    names = set(client.model_module_names)
    used = (set(_NAME.findall(code)) & names) | set(extra)
    return Code(", ".join([str(client.client_class), *sorted(used, key=str.lower)]))


def _label(response: ResponseDef) -> str:
    if response.kind == "json" and response.type is not None:
        return f"`{response.type.annotation()}`"
    return {"text": "`str`", "bytes": "`bytes`"}.get(response.kind, "`None`")


def _shapes(operation: OperationDef) -> OperationShapes | None:
    by_label: dict[str, list[str]] = {}
    for response in operation.responses:
        if response.status.startswith("2"):
            by_label.setdefault(_label(response), []).append(f"`{response.status}`")
    if len(by_label) < 2:
        return None
    rows = tuple(
        SuccessRow(Code(", ".join(statuses)), Code(label)) for label, statuses in by_label.items()
    )
    return OperationShapes(operation.call_name, rows)


def _list_item(model_type: ModelType, client: ClientDef, wire: str) -> tuple[Code, Code | None]:
    """The attribute of array property ``wire`` of a model, and its item class if a model."""
    model = next((m for m in client.models if m.class_name == model_type.class_name), None)
    for field in model.fields if model is not None else ():
        field_type = field.type.inner if isinstance(field.type, NullableType) else field.type
        if field.wire_name.value == wire and isinstance(field_type, ListType):
            item = field_type.item
            return field.attr, item.class_name if isinstance(item, ModelType) else None
    raise LookupError(wire)


def _partial(client: ClientDef, operation: OperationDef) -> PartialSuccess | None:
    for response in operation.responses:
        if response.status != "207" or not isinstance(response.type, ModelType):
            continue
        try:
            errors_attr, item = _list_item(response.type, client, "errors")
        except LookupError:
            continue
        call = Code(f"client.{operation.call_name}{operation.example_arguments}")
        model = response.type.class_name
        return PartialSuccess(
            operation.call_name,
            call,
            model,
            errors_attr,
            item,
            _imports(client, call, str(model)),
        )
    return None


def _bulk(client: ClientDef, operation: OperationDef) -> BulkExample | None:
    bulk = operation.bulk
    if bulk is None or not operation.example_runnable:
        return None
    prefix = f"{bulk.items.attr}="
    arguments = []
    items: str | None = None
    for argument in operation.example_argument_list:
        if argument.startswith(prefix) and argument[len(prefix) :].startswith("["):
            items = argument[len(prefix) :]
            arguments.append(f"{prefix}items")
        else:
            arguments.append(argument)
    if items is None:
        return None
    count = bulk.max_items * _FULL_CHUNKS_IN_EXAMPLE + (bulk.max_items + 1) // 2
    requests = -(-count // bulk.max_items)
    group = f"{operation.group}." if operation.group is not None else ""
    return BulkExample(
        method=Code(f"{group}{bulk.method_name}"),
        arguments=Code(", ".join(arguments)),
        items_attr=bulk.items.attr,
        items=Code(f"{items} * {count}"),
        count=count,
        max_items=bulk.max_items,
        requests=requests,
        last_chunk=requests - 1,
        imports=_imports(client, items, "ChunkOutcome"),
    )


def _exceptions() -> tuple[tuple[ExceptionLine, ...], tuple[ExceptionLine, ...]]:
    """The first exception tree (the widest), and the others."""
    classes = runtime_files.exception_classes()
    parents = {c.name: c.parent for c in classes}

    def depth(name: str) -> int:
        parent = parents[name]
        return 0 if parent is None else 1 + depth(parent)

    trees: list[list[ExceptionLine]] = []
    for entry in classes:
        # The runtime's own docstrings, from reStructuredText to Markdown.
        when = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", entry.doc)
        when = " ".join(when.replace("``", "`").split())
        if entry.parent is None:
            trees.append([])
        trees[-1].append(
            ExceptionLine(Code("  " * depth(entry.name)), Code(entry.name), Code(when))
        )
    first = tuple(trees[0]) if trees else ()
    return first, tuple(line for tree in trees[1:] for line in tree)


def readme(client: ClientDef, first: OperationDef | None) -> Readme:
    """The README's sections; ``first`` is the operation of its first example, if any."""
    base = client.base_url.value
    base_url = string_literal(client.base_url) if re.match(r"https?://", base) else None
    operations = client.operations
    wrong_credential = None
    if client.single_bearer and client.credential_arguments:
        wrong_credential = Code(f'{client.credential_arguments[0]}="not-a-valid-token"')
    call_exceptions, decoding_exceptions = _exceptions()
    error_call = (
        Code(f"client.{first.call_name}{first.example_arguments}") if first is not None else None
    )
    return Readme(
        base_url=base_url,
        shapes=tuple(shape for op in operations if (shape := _shapes(op)) is not None),
        partial=next((p for op in operations if (p := _partial(client, op)) is not None), None),
        bulk=next((b for op in operations if (b := _bulk(client, op)) is not None), None),
        exceptions=call_exceptions,
        decoding_exceptions=decoding_exceptions,
        error_call=error_call,
        wrong_credential=wrong_credential,
        error_imports=_imports(
            client, error_call or "", "APIError", "APIStatusError", "RateLimitError"
        ),
    )
