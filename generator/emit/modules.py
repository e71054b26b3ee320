"""The modules the client is printed in, as the templates see them: what each defines (its
operations' descriptors and its classes) and what it imports.

:func:`generator.emit.split.plan_client` decides where each piece goes; this module turns
that decision into one :class:`ClientModule` per output file. Model imports are left to
:mod:`generator.emit.imports` (the one place that decides them), called per module by the
renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import DIRECT, ClassReferences, ClientDef, GroupDef, OperationDef
from ..untrusted import Code
from .imports import import_from, module_sort_key
from .layout import bracketed
from .operations import OperationView
from .split import CLIENT_MODULE, ClientLayout, GroupModule, MixinPart
from .view import View

RAW_WRAPPERS = ("async_raw_response_wrapper", "raw_response_wrapper")
NO_NAME = Code("")
PART_NOTE = (
    "One of the modules a class too long for one module is spread over (a mixin for the "
    "sync class and one for the async); see :mod:`._client`."
)


class GroupView(View[GroupDef]):
    """A tag group, with the module its classes are printed in and how that module names
    model classes (``refs``, see :mod:`generator.emit.chunks`)."""

    __slots__ = ("module", "refs")

    def __init__(
        self, ir: GroupDef, module: Code = CLIENT_MODULE, refs: ClassReferences = DIRECT
    ) -> None:
        super().__init__(ir)
        self.module = module
        self.refs = refs

    @property
    def operations(self) -> tuple[OperationView, ...]:
        return tuple(OperationView(op, self.refs) for op in self.ir.operations)

    def class_import(self, is_async: bool) -> Code:
        """The statement a client's property runs to load the group's class on first use."""
        name = self.ir.async_class_name if is_async else self.ir.class_name
        return import_from(f".{self.module}", [name], indent=8)


@dataclass(frozen=True)
class PartView:
    """A mixin part as its classes' docstrings name it."""

    part: MixinPart
    of: tuple[Code, Code]

    def docstring(self, is_async: bool) -> str:
        combined = self.of[1] if is_async else self.of[0]
        return (
            f"Methods of :class:`{combined}`, which is spread over several modules; "
            "use that class, not this mixin."
        )


@dataclass(frozen=True)
class ClassView:
    """One class of a client module, as ``package/_client_class.py.jinja`` prints it:
    a client, a tag group, or a mixin part of either (``part``)."""

    name: Code
    bases: Code
    is_async: bool
    operations: tuple[OperationView, ...]
    """The methods its own body defines."""
    raw_operations: tuple[OperationView, ...]
    """The methods its raw-response class wraps (a part has none)."""
    resource: GroupView | None = None
    part: PartView | None = None
    client_name: Code = NO_NAME
    lazy_groups: bool = False


@dataclass(frozen=True)
class ClientModule:
    """One module of the client and what its template prints."""

    name: Code
    template: str
    operations: tuple[OperationDef, ...]
    """The operations whose descriptors and methods it defines."""
    classes: tuple[ClassView, ...]
    imports: tuple[Code, ...] = ()
    """Its ``from .`` imports before the models' (for ``_client.py``: its mixin parts)."""
    lazy_imports: tuple[Code, ...] = ()
    """Imports for annotations only, inside ``if TYPE_CHECKING``."""
    docstring: str = ""
    refs: ClassReferences = DIRECT
    """How its codecs and method bodies name model classes."""

    @property
    def output(self) -> str:
        return f"{self.name}.py"

    @property
    def descriptors(self) -> tuple[OperationView, ...]:
        return tuple(OperationView(op, self.refs) for op in self.operations)

    @property
    def has_methods(self) -> bool:
        return bool(self.operations)

    @property
    def wraps(self) -> bool:
        """Whether one of its classes has a raw-response class wrapping methods."""
        return any(cls.raw_operations for cls in self.classes)

    @property
    def combines(self) -> bool:
        """Whether it holds a group's or client's public classes (``with_raw_response``)."""
        return any(cls.part is None for cls in self.classes)


def _views(
    operations: Sequence[OperationDef], refs: ClassReferences
) -> tuple[OperationView, ...]:
    return tuple(OperationView(op, refs) for op in operations)


def _bases(name: Code, bases: Sequence[str]) -> Code:
    if not bases:
        return Code("")
    return bracketed("(", list(bases), ")", indent=0, before=len(f"class {name}"), after=1)


def _client_classes(
    client: ClientDef, layout: ClientLayout, refs: ClassReferences
) -> tuple[ClassView, ...]:
    parts = layout.flat_parts
    flat = _views(client.flat_operations, refs)
    classes = []
    for is_async, name, base in (
        (False, client.client_class, "SyncAPIClient"),
        (True, client.async_client_class, "AsyncAPIClient"),
    ):
        bases = [str(p.async_class if is_async else p.sync_class) for p in parts] or [base]
        classes.append(
            ClassView(
                name=name,
                bases=_bases(name, bases),
                is_async=is_async,
                operations=() if parts else flat,
                raw_operations=flat,
                lazy_groups=layout.split and bool(client.groups),
            )
        )
    return tuple(classes)


def _group_classes(
    client: ClientDef, group: GroupView, parts: Sequence[MixinPart]
) -> list[ClassView]:
    classes = []
    for is_async, name, client_name in (
        (False, group.class_name, client.client_class),
        (True, group.async_class_name, client.async_client_class),
    ):
        bases = [str(p.async_class if is_async else p.sync_class) for p in parts]
        classes.append(
            ClassView(
                name=name,
                bases=_bases(name, bases),
                is_async=is_async,
                operations=() if parts else group.operations,
                raw_operations=group.operations,
                resource=group,
                client_name=client_name,
            )
        )
    return classes


def _part_classes(
    client: ClientDef, part: MixinPart, group: GroupView | None, refs: ClassReferences
) -> tuple[ClassView, ...]:
    if group is None:
        of = (client.client_class, client.async_client_class)
    else:
        of = (group.class_name, group.async_class_name)
    view = PartView(part, of)
    operations = _views(part.operations, refs)
    return tuple(
        ClassView(
            name=name,
            bases=_bases(name, [] if group is not None else [base]),
            is_async=is_async,
            operations=operations,
            raw_operations=(),
            resource=group,
            part=view,
            client_name=client_name,
        )
        for is_async, name, base, client_name in (
            (False, part.sync_class, "SyncAPIClient", client.client_class),
            (True, part.async_class, "AsyncAPIClient", client.async_client_class),
        )
    )


def _part_imports(parts: Sequence[MixinPart]) -> list[tuple[str, Code]]:
    return [
        (f".{p.module}", import_from(f".{p.module}", [str(p.sync_class), str(p.async_class)]))
        for p in parts
    ]


def _relative_imports(
    operations: Sequence[OperationDef],
    *,
    base_names: Sequence[str],
    parts: Sequence[MixinPart] = (),
) -> tuple[Code, ...]:
    """A group or part module's ``from .`` imports (the models' aside), in isort's order."""
    statements: list[tuple[str, Code]] = []
    if operations:
        statements.append((".", Code("from . import _codec as _rt")))
        statements.append((".", Code("from . import _policy")))
    if base_names:
        statements.append(("._client_base", import_from("._client_base", base_names)))
    statements.extend(_part_imports(parts))
    statements.sort(key=lambda entry: module_sort_key(entry[0]))
    return tuple(code for _, code in statements)


def _client_names(client: ClientDef) -> tuple[Code, ...]:
    return (import_from("._client", [client.client_class, client.async_client_class], indent=4),)


def _group_modules(
    client: ClientDef, entry: GroupModule, refs: ClassReferences
) -> list[ClientModule]:
    group = GroupView(entry.group, entry.module, refs)
    own = () if entry.parts else entry.group.operations
    modules = [
        ClientModule(
            name=entry.module,
            template="package/_group.py.jinja",
            operations=own,
            classes=tuple(_group_classes(client, group, entry.parts)),
            imports=_relative_imports(own, base_names=RAW_WRAPPERS, parts=entry.parts),
            lazy_imports=_client_names(client),
            docstring=(
                f"The classes of ``client.{entry.group.attr}``.\n\n"
                "Imported when the group is first used; see :mod:`._client`."
            ),
            refs=refs,
        )
    ]
    for part in entry.parts:
        paged = any(op.paging is not None for op in part.operations)
        modules.append(
            ClientModule(
                name=part.module,
                template="package/_client_part.py.jinja",
                operations=part.operations,
                classes=_part_classes(client, part, group, refs),
                imports=_relative_imports(
                    part.operations, base_names=RAW_WRAPPERS if paged else ()
                ),
                lazy_imports=_client_names(client),
                docstring=f"Part of the methods of ``client.{entry.group.attr}``.\n\n{PART_NOTE}",
                refs=refs,
            )
        )
    return modules


def _flat_part_module(
    client: ClientDef, part: MixinPart, refs: ClassReferences
) -> ClientModule:
    paged = any(op.paging is not None for op in part.operations)
    base_names = ["AsyncAPIClient", "SyncAPIClient", *(RAW_WRAPPERS if paged else ())]
    return ClientModule(
        name=part.module,
        template="package/_client_part.py.jinja",
        operations=part.operations,
        classes=_part_classes(client, part, None, refs),
        imports=_relative_imports(part.operations, base_names=base_names),
        docstring=f"Part of the methods of :class:`{client.client_class}`.\n\n{PART_NOTE}",
        refs=refs,
    )


def _group_class_imports(layout: ClientLayout) -> tuple[Code, ...]:
    lines = []
    for entry in sorted(layout.groups, key=lambda entry: module_sort_key(entry.module)):
        group = entry.group
        names = [str(group.class_name), str(group.async_class_name)]
        names += [f"{name}WithRawResponse" for name in names]
        lines.append(import_from(f".{entry.module}", names, indent=4))
    return tuple(lines)


def client_modules(
    client: ClientDef, layout: ClientLayout, refs: ClassReferences = DIRECT
) -> tuple[ClientModule, ...]:
    """Every module of the client, ``_client.py`` first; ``refs`` says how they name model
    classes (see :mod:`generator.emit.chunks`)."""
    if not layout.split:
        groups = [GroupView(group, refs=refs) for group in client.groups]
        classes = [cls for group in groups for cls in _group_classes(client, group, ())]
        main = ClientModule(
            name=CLIENT_MODULE,
            template="package/_client.py.jinja",
            operations=client.operations,
            classes=(*classes, *_client_classes(client, layout, refs)),
            refs=refs,
        )
        return (main,)
    main = ClientModule(
        name=CLIENT_MODULE,
        template="package/_client.py.jinja",
        operations=() if layout.flat_parts else client.flat_operations,
        classes=_client_classes(client, layout, refs),
        imports=tuple(code for _, code in _part_imports(layout.flat_parts)),
        lazy_imports=_group_class_imports(layout),
        refs=refs,
    )
    modules = [main]
    for entry in layout.groups:
        modules.extend(_group_modules(client, entry, refs))
    modules.extend(_flat_part_module(client, part, refs) for part in layout.flat_parts)
    return tuple(modules)
