"""Each generated module's imports, decided from the types it prints (data, not its text)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..canonical import LINE_LENGTH
from ..model import AliasDef, Import, ModelDef, OperationDef, TypeExpr
from ..untrusted import Code, identifier


def _operation_types(op: OperationDef, *, codecs: bool) -> Iterator[TypeExpr]:
    """The types an operation's method and descriptor print: annotations of the signature
    and return value, and with ``codecs`` also the readers of its error responses."""
    for parameter in (*op.path_parameters, *op.other_parameters):
        yield parameter.type
    if op.body is not None:
        if op.body.argument is not None or codecs:
            yield op.body.type
        for field in op.body.fields:
            yield field.type
    for response in op.responses:
        if response.type is not None:
            yield response.type
    if codecs and op.error_response is not None and op.error_response.type is not None:
        yield op.error_response.type
    if codecs:
        yield from (error.type for error in op.status_errors if error.type is not None)
    if op.bulk is not None:
        yield from op.bulk.types
    if op.paging is not None:
        yield from op.paging.types


def _statements(imports: set[Import]) -> tuple[Code, ...]:
    return tuple(Code(line) for line in sorted(entry.value for entry in imports))


def model_imports(
    models: tuple[ModelDef, ...], aliases: tuple[AliasDef, ...] = (), *, typing: bool = False
) -> tuple[Code, ...]:
    """The standard-library imports of a models module: what its field annotations and
    type aliases name (and ``typing``, when the module needs it for other reasons)."""
    needed: set[Import] = {Import.TYPING} if typing else set()
    for model in models:
        for field in model.fields:
            needed |= field.type.imports()
    for alias in aliases:
        needed |= {Import.TYPING, *alias.definition.imports()}
    return _statements(needed)


def client_stdlib_imports(operations: Iterable[OperationDef]) -> tuple[Code, ...]:
    """A client module's plain ``import`` lines for the ``operations`` it defines, in the
    order isort wants them (typing is always imported: every signature uses it)."""
    needed = {Import.TYPING}
    for op in operations:
        for type_ in _operation_types(op, codecs=False):
            needed |= type_.imports()
    return _statements(needed)


def client_annotated_names(
    operations: Iterable[OperationDef], also: Iterable[str] = ()
) -> tuple[Code, ...]:
    """Model and enum classes a client module's annotations name for the ``operations`` it
    defines: what it imports for type checkers alone where models load on first use (see
    :mod:`generator.emit.chunks`)."""
    used: set[str] = set(also)
    for op in operations:
        for type_ in _operation_types(op, codecs=False):
            used |= type_.annotated_classes()
    return tuple(identifier(name) for name in sorted(used, key=import_sort_key))


def client_model_names(
    operations: Iterable[OperationDef], also: Iterable[str] = ()
) -> tuple[Code, ...]:
    """Model and enum classes a client module refers to for the ``operations`` it defines,
    so it imports exactly those. (Every client module, split or not, gets its model imports
    here and prints them with ``package/_client_models.py.jinja``.)"""
    used: set[str] = set(also)
    for op in operations:
        if op.body is not None and op.body.flattened_model is not None:
            used.add(str(op.body.flattened_model))
        for type_ in _operation_types(op, codecs=True):
            used |= type_.classes()
    return tuple(identifier(name) for name in sorted(used, key=import_sort_key))


NaturalKey = tuple[tuple[int, int, str], ...]


def natural_key(text: str) -> NaturalKey:
    """``text`` in ruff's natural order: runs of digits compare as numbers (``Item_2`` before
    ``Item_10``), and a digit sorts before any other character."""
    return tuple(
        (0, int(run), "") if run.isdigit() else (1, 0, run)
        for run in re.findall(r"\d+|\D+", text)
    )


def import_sort_key(name: str) -> tuple[int, NaturalKey, NaturalKey]:
    """The order ruff's isort wants names in ``from x import (...)``: by type, then ignoring
    case (``__all__`` is sorted with case, see :func:`isort_key`)."""
    kind, _ = isort_key(name)
    return kind, natural_key(name.lower()), natural_key(name)


def isort_key(name: str) -> tuple[int, NaturalKey]:
    """The order ruff's isort and RUF022 expect: CONSTANTS, then Classes, then the rest."""
    if name.isupper() and len(name) > 1:
        return 0, natural_key(name)
    if name[:1].isupper():
        return 1, natural_key(name)
    return 2, natural_key(name)


def sorted_names(names: list[str]) -> tuple[Code, ...]:
    return tuple(identifier(name) for name in sorted(names, key=isort_key))


def import_from(module: str, names: Iterable[str], *, indent: int = 0) -> Code:
    """``from module import names`` (sorted as isort sorts them), exploded one name a line
    as black does when it does not fit; continuation lines carry their indentation."""
    ordered = sorted(names, key=import_sort_key)
    inline = f"from {module} import {', '.join(ordered)}"
    if indent + len(inline) <= LINE_LENGTH:
        return Code(inline)
    pad = " " * indent
    items = "".join(f"{pad}    {name},\n" for name in ordered)
    return Code(f"from {module} import (\n{items}{pad})")


def module_sort_key(module: str) -> tuple[int, NaturalKey]:
    """The order ruff's isort puts ``from .<module> import`` statements in (``from .`` first)."""
    return (0 if module == "." else 1), natural_key(module.lower())


def runtime_imports(exports: dict[str, tuple[str, ...]]) -> tuple[Code, ...]:
    """``__init__``'s imports of the runtime's exports, one statement per module, laid
    out as black lays them out."""
    return tuple(import_from(f".{module}", names) for module, names in sorted(exports.items()))
