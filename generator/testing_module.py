"""What the ``testing`` module of a generated package prints: its fake API's typed methods.

Decisions live here, so the template only prints: each operation's handler method and the
annotation of the handler it takes, the bulk operations' item judges, the examples as string
literals short enough for any line, and the imports all of that needs.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .canonical import LINE_LENGTH
from .emit.imports import import_from, import_sort_key, sorted_names
from .emit.layout import bracketed
from .emit.operations import BulkView
from .emit.split import CLIENT_MODULE, TARGET_MODULE_LINES, ClientLayout, balanced_parts
from .model import ClientDef, OperationDef
from .untrusted import Code, SpecText, black_string_literal, identifier, string_literal

# What the testing module prints besides its operations: imports, the fake's constructors.
FAKE_MODULE_LINES = 150
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
    """Each example's status literal and the name of its module-level constant."""
    descriptor_module: Code = CLIENT_MODULE
    """The client module that defines the operation's descriptor."""

    def example_statements(self) -> tuple[Code, ...]:
        return self._example_statements

    @functools.cached_property
    def _example_statements(self) -> tuple[Code, ...]:
        # Computed once: both the size estimate and the template print them.
        return tuple(
            example_statement(str(name), text)
            for (_, name), (_, text) in zip(
                self.examples, self.operation.response_examples, strict=True
            )
        )

    def handler_parameter(self) -> Code:
        request = f"FakeRequest[{self.request_annotation}]"
        return callable_parameter("handler", request, self.answer_annotation)

    def judge_parameter(self) -> Code:
        bulk = self.operation.bulk
        assert bulk is not None
        answer = f"bool | {bulk.error_annotation} | None"
        return callable_parameter("judge", bulk.item_annotation, answer)

    def set_call(self, method: str, argument: str) -> Code:
        descriptor = f"{self.descriptor_module}.{self.operation.descriptor_name}"
        return call_statement(f"self.{method}", [descriptor, argument])

    def example_entries(self, indent: int = 8) -> tuple[Code, ...]:
        """The ``_examples`` table's rows for this operation, at ``indent``."""
        return tuple(
            bracketed("(", [str(self.name), str(status), str(name)], ")", indent=indent, after=1)
            for status, name in self.examples
        )

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

    @property
    def descriptor(self) -> Code:
        return Code(f"{self.descriptor_module}.{self.operation.descriptor_name}")

    def lines(self) -> int:
        """About the lines it takes in the testing module: its examples, its rows in the
        tables, its handler (and judge) method."""
        return self._lines

    @functools.cached_property
    def _lines(self) -> int:
        examples = sum(statement.count("\n") + 3 for statement in self.example_statements())
        methods = 13 + (13 if self.judge_method is not None else 0)
        return examples + methods + 1 + 3 * len(self.examples)


def example_statement(target: str, text: SpecText) -> Code:
    """``target = (<the JSON text in pieces>)`` at module level, as black prints it: a
    tuple of pieces of at most :data:`PIECE` characters, which the fake joins."""
    value = text.value
    chunks = [value[start : start + PIECE] for start in range(0, len(value), PIECE)] or [""]
    literals = [str(black_string_literal(SpecText(chunk))) for chunk in chunks]
    tuple_code = bracketed("(", literals, ")", indent=0, before=len(target) + 3, one_tuple=True)
    return Code(f"{target} = {tuple_code}")


def _union_lines(annotation: str, indent: int) -> list[str]:
    """A union too long for its line, split before each ``|`` as black splits it."""
    members = _union_members(annotation)
    if len(members) == 1 or indent + len(annotation) + 1 <= LINE_LENGTH:
        return [annotation]
    return [members[0], *(f"| {member}" for member in members[1:])]


def callable_parameter(name: str, request: str, answer: str, *, indent: int = 8) -> Code:
    """``name: _t.Callable[[request], answer]`` as one parameter line of an exploded
    signature (comma included), split as black splits it when too long."""
    inline = f"{name}: _t.Callable[[{request}], {answer}],"
    if indent + len(inline) <= LINE_LENGTH:
        return Code(inline)
    inner = " " * (indent + 4)
    body = f"[{request}], {answer}"
    if indent + 4 + len(body) <= LINE_LENGTH:
        return Code(f"{name}: _t.Callable[\n{inner}{body}\n{' ' * indent}],")
    lines = [f"{inner}[{request}],"]
    union = _union_lines(answer, indent + 4)
    lines.extend(f"{inner}{line}" for line in union[:-1])
    lines.append(f"{inner}{union[-1]},")
    return Code(f"{name}: _t.Callable[\n" + "\n".join(lines) + f"\n{' ' * indent}],")


def call_statement(head: str, arguments: list[str], *, indent: int = 8) -> Code:
    """``head(arguments)`` as a statement, split as black splits a call that is too long."""
    inline = f"{head}({', '.join(arguments)})"
    if indent + len(inline) <= LINE_LENGTH:
        return Code(inline)
    pad = " " * indent
    body = ", ".join(arguments)
    if indent + 4 + len(body) <= LINE_LENGTH:
        return Code(f"{head}(\n{pad}    {body}\n{pad})")
    items = "".join(f"{pad}    {argument},\n" for argument in arguments)
    return Code(f"{head}(\n{items}{pad})")


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


def fake_operations(
    client: ClientDef, layout: ClientLayout | None = None
) -> tuple[FakeOperation, ...]:
    taken: set[str] = set()
    result = []
    counts = Counter(str(operation.method_name) for operation in client.operations)
    for index, operation in enumerate(client.operations):
        stem = str(operation.method_name)
        # The group joins the name only where two groups have a method of that name.
        if operation.group is not None and counts[stem] > 1:
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
                    (
                        string_literal(status),
                        Code(f"_EXAMPLE_{number}{operation.descriptor_name}"),
                    )
                    for number, (status, _) in enumerate(operation.response_examples, 1)
                ),
                descriptor_module=layout.module_of(operation) if layout else CLIENT_MODULE,
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
    names = set(client.model_module_names)
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
    names = set(client.model_module_names)
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)) & names
    return tuple(Code(name) for name in sorted(used))


def _import_from(module: str, names: list[str]) -> Code:
    inline = f"from {module} import {', '.join(names)}"
    if len(inline) <= LINE_LENGTH:
        return Code(inline)
    return Code(f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")")


@dataclass(frozen=True)
class FakePart:
    """Some operations of a fake too long for one module: a mixin class, in a module of its
    own, with their handler methods, examples and table rows."""

    module: Code
    class_name: Code
    operations: tuple[FakeOperation, ...]
    fake_class: Code

    def docstring(self) -> str:
        return (
            f"Part of the handlers of :class:`.testing.{self.fake_class}`, which is spread "
            "over several modules; use that class, not this mixin."
        )

    def class_docstring(self) -> str:
        return f"Handlers of some of the operations of :class:`.testing.{self.fake_class}`."


@dataclass(frozen=True)
class FakeLayout:
    """The fake's operations, and the parts they are spread over when the testing module
    would be longer than :data:`~generator.emit.split.TARGET_MODULE_LINES` (else none)."""

    name: Code
    operations: tuple[FakeOperation, ...]
    parts: tuple[FakePart, ...]


def plan_fake(client: ClientDef, layout: ClientLayout) -> FakeLayout:
    fakes = fake_operations(client, layout)
    name = fake_class(client)
    if FAKE_MODULE_LINES + sum(fake.lines() for fake in fakes) <= TARGET_MODULE_LINES:
        return FakeLayout(name, fakes, ())
    runs = balanced_parts(fakes, FakeOperation.lines, TARGET_MODULE_LINES)
    parts = tuple(
        FakePart(
            identifier(f"_fake_{number}"),
            identifier(f"_{name}Part{number}"),
            tuple(run),
            name,
        )
        for number, run in enumerate(runs, 1)
    )
    return FakeLayout(name, fakes, parts)


def readme_context(client: ClientDef, readme_operations: Sequence[OperationDef]) -> dict[str, Any]:
    """What the README's testing section prints."""
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
    return {
        "fake_class": fake_class(client),
        "fake_bulk": fake_bulk,
        "readme_fake_operation": readme_operation,
        "fake_readme_models": _names_in(client, example_text),
    }


def _rows(fakes: Sequence[FakeOperation], before: int, indent: int) -> dict[str, Code]:
    """The fake's tables of operations, examples and bulk shapes, for one module: class
    attributes (``indent`` 4) or a part's module constants (0)."""
    inner = indent + 4
    return {
        "fake_operation_rows": bracketed(
            "(", [f.descriptor for f in fakes], ")", indent=indent, before=before, one_tuple=True
        ),
        "fake_example_rows": bracketed(
            "(",
            [entry for f in fakes for entry in f.example_entries(inner)],
            ")",
            indent=indent,
            before=before,
            one_tuple=True,
        ),
        "fake_bulk_rows": bracketed(
            "(",
            [
                str(bracketed("(", [str(f.name), str(f.bulk_shape)], ")", indent=inner, after=1))
                for f in fakes
                if f.bulk_shape is not None
            ],
            ")",
            indent=indent,
            before=before,
            one_tuple=True,
        ),
    }


def _joined_rows(parts: Sequence[FakePart]) -> dict[str, Code]:
    """The tables of a fake spread over parts: each part's, one after the other."""
    return {
        key: bracketed(
            "(",
            [f"*{part.module}.{constant}" for part in parts],
            ")",
            indent=4,
            before=len(attribute) + 3,
        )
        for key, attribute, constant in (
            ("fake_operation_rows", "_operations", "OPERATIONS"),
            ("fake_example_rows", "_examples", "EXAMPLES"),
            ("fake_bulk_rows", "_bulk", "BULK"),
        )
    }


def _descriptor_modules(fakes: Sequence[FakeOperation]) -> list[str]:
    return sorted({str(f.descriptor_module) for f in fakes})


def context(
    client: ClientDef, fake: FakeLayout, readme_operations: Sequence[OperationDef]
) -> dict[str, Any]:
    """What the ``testing`` module's template prints."""
    own = () if fake.parts else fake.operations
    clients = (str(client.client_class), str(client.async_client_class))
    bases = [f"{part.module}.{part.class_name}" for part in fake.parts] or ["FakeAPI"]
    rows = _joined_rows(fake.parts) if fake.parts else _rows(own, len("_operations = "), 4)
    return {
        "fake_class": fake.name,
        "fake_operations": own,
        "fake_bases": bracketed(
            "(", bases, ")", indent=0, before=len(f"class {fake.name}"), after=1
        ),
        "fake_has_judges": any(f.judge_method is not None for f in fake.operations),
        "fake_uses_bulk_shape": any(f.bulk_shape is not None for f in own),
        "fake_module_imports": import_from(
            ".", {"_client", *_descriptor_modules(own), *(str(p.module) for p in fake.parts)}
        ),
        "fake_stdlib_imports": stdlib_imports(own),
        "fake_model_imports": model_imports(client, own),
        "fake_credentials": credential_defaults(client),
        "fake_exports": sorted_names(
            [str(fake.name), "FakeAPI", "FakeFault", "FakeRateLimit", "FakeReply", "FakeRequest"]
        ),
        "fake_client_imports": _import_from("._client", sorted(clients, key=import_sort_key)),
        **rows,
    }


def part_context(client: ClientDef, part: FakePart) -> dict[str, Any]:
    """What one part of a fake spread over modules prints (``_fake_part.py.jinja``)."""
    fakes = part.operations
    return {
        "fake_part": part,
        "fake_operations": fakes,
        "fake_uses_bulk_shape": any(f.bulk_shape is not None for f in fakes),
        "fake_module_imports": import_from(".", _descriptor_modules(fakes)),
        "fake_stdlib_imports": stdlib_imports(fakes),
        "fake_model_imports": model_imports(client, fakes),
        **_rows(fakes, len("OPERATIONS = "), 0),
    }
