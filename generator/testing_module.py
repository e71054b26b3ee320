"""What the ``testing`` module of a generated package prints: its fake API's typed methods.

Decisions live here, so the template only prints: each operation's handler method and the
annotation of the handler it takes, the bulk operations' item judges, the examples as string
literals short enough for any line, and the imports all of that needs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .emit.imports import import_sort_key, sorted_names
from .emit.operations import BulkView
from .model import ClientDef, OperationDef
from .untrusted import Code, SpecText, identifier, string_literal

# Each example literal is cut into pieces of at most this many characters of JSON, so that
# a piece stays within the line length whatever quoting black chooses.
PIECE = 60


@dataclass(frozen=True)
class FakeOperation:
    """One operation as the fake serves it."""

    operation: OperationDef
    handler_method: Code
    request_annotation: Code
    answer_annotation: Code
    judge_method: Code | None
    judge_annotation: Code | None
    bulk_shape: Code | None
    examples: tuple[tuple[Code, Code], ...]

    @property
    def bulk_call(self) -> Code | None:
        """How a user calls the bulk twin with the spec's example arguments."""
        operation = self.operation
        if operation.bulk is None:
            return None
        prefix = f"{operation.group}." if operation.group is not None else ""
        return Code(f"{prefix}{operation.bulk.method_name}{operation.example_arguments}")

    @property
    def name(self) -> Code:
        return string_literal(self.operation.operation_id)


def _pieces(text: SpecText) -> Code:
    value = text.value
    chunks = [value[start : start + PIECE] for start in range(0, len(value), PIECE)] or [""]
    literals = [str(string_literal(SpecText(chunk))) for chunk in chunks]
    if len(literals) == 1:
        return Code(literals[0])
    return Code("(\n" + "".join(f"    {literal}\n" for literal in literals) + ")")


def _request_annotation(operation: OperationDef) -> str:
    body = operation.body
    if body is None:
        return "None"
    if body.encoding != "json":
        return "bytes"
    return str(body.type.annotation())


def _union_members(annotation: str) -> list[str]:
    """The members of a union annotation, split at its top level only."""
    members, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        depth += {"[": 1, "(": 1, "]": -1, ")": -1}.get(char, 0)
        if depth == 0 and annotation.startswith(" | ", index):
            members.append(annotation[start:index])
            start = index + 3
    members.append(annotation[start:])
    return members


def _with_reply(annotation: str) -> Code:
    """What a handler may return: the operation's result or a FakeReply (None last, as
    ruff wants it)."""
    members = _union_members(annotation)
    rest = [member for member in members if member != "None"]
    tail = ["None"] if "None" in members else []
    return Code(" | ".join([*rest, "FakeReply", *tail]))


def fake_operations(client: ClientDef) -> tuple[FakeOperation, ...]:
    taken: set[str] = set()
    result = []
    for index, operation in enumerate(client.operations):
        stem = str(operation.method_name)
        if operation.group is not None:
            stem = f"{operation.group}_{stem}"
        stem = stem.strip("_")
        while f"on_{stem}" in taken:
            stem = f"{stem}_{index}"
        taken.add(f"on_{stem}")
        bulk = operation.bulk
        judge_method = judge_annotation = shape = None
        if bulk is not None:
            judge_method = identifier(f"reject_{stem}_items")
            judge_annotation = Code(
                f"_t.Callable[[{bulk.item_annotation}], bool | {bulk.error_annotation} | None]"
            )
            items = bulk.items.model_attr or bulk.items.attr
            view = BulkView(bulk)
            shape = Code(
                f"BulkShape({string_literal(str(items))}, {view.results_expression()}, "
                f"{view.errors_expression()})"
            )
        result.append(
            FakeOperation(
                operation=operation,
                handler_method=identifier(f"on_{stem}"),
                request_annotation=Code(_request_annotation(operation)),
                answer_annotation=_with_reply(operation.return_annotation),
                judge_method=judge_method,
                judge_annotation=judge_annotation,
                bulk_shape=shape,
                examples=tuple(
                    (string_literal(status), _pieces(text))
                    for status, text in operation.response_examples
                ),
            )
        )
    return tuple(result)


def _annotation_text(operations: tuple[FakeOperation, ...]) -> str:
    return " ".join(
        f"{op.request_annotation} {op.answer_annotation} {op.judge_annotation or ''}"
        for op in operations
    )


def stdlib_imports(operations: tuple[FakeOperation, ...]) -> tuple[Code, ...]:
    if not operations:
        return ()
    text = _annotation_text(operations)
    lines = [Code("import typing as _t")]
    if "_dt." in text:
        lines.append(Code("import datetime as _dt"))
    if "_uuid." in text:
        lines.append(Code("import uuid as _uuid"))
    return tuple(sorted(lines))


def model_imports(client: ClientDef, operations: tuple[FakeOperation, ...]) -> tuple[Code, ...]:
    names = {str(m.class_name) for m in client.models} | {str(e.class_name) for e in client.enums}
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", _annotation_text(operations))) & names
    return tuple(identifier(name) for name in sorted(used, key=import_sort_key))


def fake_class(client: ClientDef) -> Code:
    """The fake's class name: the client's, with ``Fake`` for ``Client``."""
    name = str(client.client_class)
    stem = name[: -len("Client")] if name.endswith("Client") else name
    return identifier(f"{stem or 'API'}Fake")


def credential_defaults(client: ClientDef) -> tuple[tuple[Code, Code], ...]:
    """Each credential argument of the client, with the test value the fake's clients get."""
    return tuple(
        (argument, string_literal("test-" + str(argument).replace("_", "-")))
        for argument in client.credential_arguments
    )


def _names_in(client: ClientDef, text: str) -> tuple[Code, ...]:
    """The model and enum classes ``text`` names, sorted."""
    names = {str(m.class_name) for m in client.models} | {str(e.class_name) for e in client.enums}
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)) & names
    return tuple(Code(name) for name in sorted(used))


def context(client: ClientDef, readme_operations: Sequence[OperationDef]) -> dict[str, Any]:
    """What the ``testing`` module's template and the README's testing section print."""
    fakes = fake_operations(client)
    fake_bulk = next(
        (f for f in fakes if f.judge_method is not None and f.operation.example_runnable), None
    )
    readme_operation = next((op for op in readme_operations if op.example_runnable), None)
    example_text = " ".join(
        [
            str(readme_operation.example_call) if readme_operation else "",
            str(fake_bulk.bulk_call) if fake_bulk else "",
        ]
    )
    name = fake_class(client)
    clients = (str(client.client_class), str(client.async_client_class))
    return {
        "fake_class": name,
        "fake_operations": fakes,
        "fake_bulk": fake_bulk,
        "readme_fake_operation": readme_operation,
        "fake_readme_models": _names_in(client, example_text),
        "fake_stdlib_imports": stdlib_imports(fakes),
        "fake_model_imports": model_imports(client, fakes),
        "fake_credentials": credential_defaults(client),
        "fake_exports": sorted_names(
            [str(name), "FakeAPI", "FakeFault", "FakeRateLimit", "FakeReply", "FakeRequest"]
        ),
        "fake_client_imports": Code(", ".join(sorted(clients, key=import_sort_key))),
    }
