"""How a large client is spread over modules, so that no generated module is huge and a
program pays at import only for the operations it reaches.

A client whose module would be longer than :data:`TARGET_MODULE_LINES` is split: each tag
group's classes, with their operations' descriptors, go to a module of their own
(``_group_<attr>.py``), which ``_client.py`` imports only when ``client.<attr>`` is first
read. A group, or the client's own untagged operations, still longer than the target is
spread over mixin classes in several modules (``_group_<attr>_<n>.py``, ``_client_<n>.py``),
which the group's or client's class derives from. The package's ``testing`` module is spread
the same way over ``_fake_<n>.py`` when it is long.

Sizes are estimated from what the printer prints for each operation (lines of its
descriptor, signature and docstring); an estimate a few percent off only moves where a
module ends, far below :data:`MAX_MODULE_LINES`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..model import ClientDef, GroupDef, OperationDef
from ..runtime_files import runtime_modules
from ..untrusted import Code, identifier
from .operations import BulkView, OperationView, PagingView

# No generated module may be longer than this (tests check every corpus package against it).
MAX_MODULE_LINES = 20_000
# A split module aims at this size: a quarter of the limit, so that an estimate that is off,
# or an operation of thousands of lines, still leaves a module well within it.
TARGET_MODULE_LINES = 5_000
# What a client module prints besides its operations: imports, settings, the client classes'
# constructors and ``with_options``, the raw-response classes.
CLIENT_MODULE_LINES = 250
# The lines a tag group adds to the client classes (its properties), to its own module
# (imports, constructors, ``with_raw_response``) and to the raw-response classes.
GROUP_LINES = 60
CLIENT_MODULE = Code("_client")
# Names the package holds besides split modules; a module name never takes one of them.
PACKAGE_MODULES = frozenset({"__init__", "_client", "_version", "models", "testing"})

T = TypeVar("T")


def docstring_lines(text: str, width: int) -> int:
    """About the lines a docstring takes once wrapped to ``width`` columns."""
    return sum(1 + len(line) // width for line in text.splitlines()) + 1


def operation_lines(operation: OperationDef) -> int:
    """About the lines an operation takes in its client module: its descriptor, then its
    method (and bulk or paging twin) in the sync and the async class, and their raw-response
    wrappers."""
    view = OperationView(operation)
    expressions = (
        view.params_expression(),
        view.responses_expression(),
        view.errors_expression(),
        view.security_expression(),
        view.body_parts_expression(),
    )
    descriptor = 12 + sum(text.count("\n") for text in expressions)
    method = len(view.signature()) + 15 + docstring_lines(operation.docstring.value, 72)
    if operation.bulk is not None:
        method += len(BulkView(operation.bulk).signature(is_async=True)) + 30
    if operation.paging is not None:
        method += len(PagingView(operation.paging).signature()) + 25
    return descriptor + 2 * (method + 3)


def balanced_parts(items: Sequence[T], size: Callable[[T], int], target: int) -> list[list[T]]:
    """``items`` in order, cut into as few runs as keep each about ``target`` in size, the
    runs about equal: an item goes to the run its middle falls in."""
    sizes = [size(item) for item in items]
    total = sum(sizes)
    count = max(1, math.ceil(total / target))
    share = total / count
    parts: list[list[T]] = [[] for _ in range(count)]
    filled = 0
    for item, amount in zip(items, sizes, strict=True):
        parts[min(count - 1, int((filled + amount / 2) // share))].append(item)
        filled += amount
    return [part for part in parts if part]


@dataclass(frozen=True)
class MixinPart:
    """Some operations' methods, as mixin classes (sync and async) in a module of their own."""

    module: Code
    sync_class: Code
    async_class: Code
    operations: tuple[OperationDef, ...]


@dataclass(frozen=True)
class GroupModule:
    """A tag group's module: its classes, or, when it is too long for one module, the
    classes that combine its mixin ``parts``."""

    group: GroupDef
    module: Code
    parts: tuple[MixinPart, ...]


@dataclass(frozen=True)
class ClientLayout:
    """Where each piece of the client is printed. Not ``split``: all in ``_client.py``."""

    split: bool
    groups: tuple[GroupModule, ...] = ()
    flat_parts: tuple[MixinPart, ...] = ()

    @functools.cached_property
    def descriptor_modules(self) -> dict[str, Code]:
        """The module that defines each operation's descriptor, by descriptor name."""
        where: dict[str, Code] = {}
        for group in self.groups:
            for part in group.parts:
                where.update((str(op.descriptor_name), part.module) for op in part.operations)
            if not group.parts:
                for op in group.group.operations:
                    where[str(op.descriptor_name)] = group.module
        for part in self.flat_parts:
            where.update((str(op.descriptor_name), part.module) for op in part.operations)
        return where

    def module_of(self, operation: OperationDef) -> Code:
        return self.descriptor_modules.get(str(operation.descriptor_name), CLIENT_MODULE)


class _ModuleNames:
    """Module names, each claimed once; a name already taken gets a trailing underscore
    (a group ``repos_1`` beside the first part of a group ``repos``)."""

    def __init__(self) -> None:
        self.taken = set(PACKAGE_MODULES)

    def claim(self, wanted: str) -> Code:
        name = wanted
        while name in self.taken:
            name += "_"
        self.taken.add(name)
        return identifier(name)


def _mixins(
    operations: Sequence[OperationDef],
    sizes: dict[int, int],
    module_stem: str,
    classes: tuple[str, str],
    names: _ModuleNames,
) -> tuple[MixinPart, ...]:
    parts = balanced_parts(operations, lambda op: sizes[id(op)], TARGET_MODULE_LINES)
    return tuple(
        MixinPart(
            module=names.claim(f"{module_stem}_{number}"),
            sync_class=identifier(f"_{classes[0]}Part{number}"),
            async_class=identifier(f"_{classes[1]}Part{number}"),
            operations=tuple(part),
        )
        for number, part in enumerate(parts, 1)
    )


def plan_client(client: ClientDef) -> ClientLayout:
    """The client's modules: one, or a module per tag group and mixin parts where needed."""
    sizes = {id(op): operation_lines(op) for op in client.operations}
    total = (
        CLIENT_MODULE_LINES + GROUP_LINES * len(client.groups) + sum(sizes.values())
    )
    if total <= TARGET_MODULE_LINES:
        return ClientLayout(split=False)
    names = _ModuleNames()
    names.taken.update(runtime_modules())
    group_modules = [names.claim(f"_group_{group.attr}") for group in client.groups]
    groups = []
    for group, module in zip(client.groups, group_modules, strict=True):
        size = GROUP_LINES + sum(sizes[id(op)] for op in group.operations)
        parts: tuple[MixinPart, ...] = ()
        if size > TARGET_MODULE_LINES:
            classes = (str(group.class_name), str(group.async_class_name))
            parts = _mixins(group.operations, sizes, str(module), classes, names)
        groups.append(GroupModule(group, module, parts))
    flat_size = CLIENT_MODULE_LINES + sum(sizes[id(op)] for op in client.flat_operations)
    flat_parts: tuple[MixinPart, ...] = ()
    if flat_size > TARGET_MODULE_LINES:
        classes = (str(client.client_class), str(client.async_client_class))
        flat_parts = _mixins(client.flat_operations, sizes, "_client", classes, names)
    return ClientLayout(split=True, groups=tuple(groups), flat_parts=flat_parts)
