"""The runtime modules a generated package carries: which ones it needs, and what it exports.

The runtime lives in :mod:`generator.runtime` as ordinary Python modules. Nothing here
imports them (they need httpx, which the generator does not): their text is read, and their
``__all__`` and relative imports are found with :mod:`ast`, once per process.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

RUNTIME_DIR = Path(__file__).parent / "runtime"

# What the templates of a generated package import from the runtime at module level...
EAGER_ROOTS = ("_client_base", "_codec", "_policy")
# ...and inside the bulk methods only, on their first call.
BULK_ROOT = "_bulk"
# ...and by the package's ``testing`` module, which only a team's tests import.
TESTING_ROOT = "_testing"
# ...and by the pagination twins, on their first call.
PAGING_ROOT = "_paging"


@dataclass(frozen=True)
class RuntimeModule:
    """One runtime module: its name in the package (``_codec``), its source and the
    names it exports (``__all__``), and the runtime modules it imports."""

    name: str
    source: str
    exports: tuple[str, ...]
    imports: frozenset[str]
    # Its top-level classes: name, the plain names of its bases, the first paragraph of its
    # docstring (read in the same parse, for :func:`exception_classes`).
    classes: tuple[tuple[str, tuple[str, ...], str], ...] = ()

    @property
    def template_name(self) -> str:
        """The name under which a user's template may replace this module."""
        return f"package/{self.name}.py.jinja"


def _exports(tree: ast.Module, path: Path) -> tuple[str, ...]:
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return tuple(str(name) for name in ast.literal_eval(value))
    raise AssertionError(f"runtime module {path.name} has no __all__")


# The fields that hold statements (an import is one): walking only them, not every
# expression, visits a tenth of the nodes.
_STATEMENT_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(tree: ast.AST) -> Iterable[ast.AST]:
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        yield node
        for field in _STATEMENT_FIELDS:
            children = getattr(node, field, None)
            if isinstance(children, list):
                pending.extend(child for child in children if isinstance(child, ast.AST))


def _relative_imports(tree: ast.Module) -> frozenset[str]:
    """Every runtime module this one imports, wherever the import statement sits."""
    found: set[str] = set()
    for node in _statements(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module)
            else:
                found.update(alias.name for alias in node.names)
    return frozenset(found)


def _classes(tree: ast.Module) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    return tuple(
        (
            node.name,
            tuple(base.id for base in node.bases if isinstance(base, ast.Name)),
            (ast.get_docstring(node) or "").split("\n\n")[0],
        )
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    )


@functools.cache
def runtime_modules() -> dict[str, RuntimeModule]:
    """Every runtime module by name, in name order."""
    modules: dict[str, RuntimeModule] = {}
    for path in sorted(RUNTIME_DIR.glob("_*.py")):
        if path.name == "__init__.py":
            continue
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, str(path))
        name = path.stem
        modules[name] = RuntimeModule(
            name, source, _exports(tree, path), _relative_imports(tree), _classes(tree)
        )
    return modules


def closure(roots: Iterable[str]) -> tuple[str, ...]:
    """``roots`` and every runtime module they import, directly or not, in name order."""
    modules = runtime_modules()
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(modules[name].imports - seen)
    return tuple(sorted(seen))


def needed(has_bulk: bool, has_paging: bool = False) -> tuple[str, ...]:
    """The runtime modules a package needs: no bulk module without a bulk operation."""
    roots: tuple[str, ...] = (*EAGER_ROOTS, TESTING_ROOT)
    roots += (BULK_ROOT,) if has_bulk else ()
    roots += (PAGING_ROOT,) if has_paging else ()
    return closure(roots)


def package_exports() -> dict[str, tuple[str, ...]]:
    """By module, the names a package's ``__init__`` imports and exports.

    Only modules loaded when the package is imported take part: re-exporting from the bulk
    module would load it on import, which its lazy import is there to avoid.
    """
    modules = runtime_modules()
    return {name: modules[name].exports for name in closure(EAGER_ROOTS) if modules[name].exports}


def lazy_exports(has_bulk: bool) -> tuple[str, ...]:
    """The names a package exports from its bulk module, which loads on their first use
    (``__getattr__`` in ``__init__``): the bulk result types, for a package that has them."""
    return runtime_modules()[BULK_ROOT].exports if has_bulk else ()


@functools.cache
def reserved_names() -> frozenset[str]:
    """Names the runtime exports from any module: a generated name may not take them."""
    return frozenset(name for module in runtime_modules().values() for name in module.exports)


@dataclass(frozen=True)
class ExceptionClass:
    """An exception class a package exports: its name, the exported class it derives from
    (``None`` for the root), and the first paragraph of its docstring."""

    name: str
    parent: str | None
    doc: str


@functools.cache
def exception_classes() -> tuple[ExceptionClass, ...]:
    """The exported exception classes of the eagerly loaded runtime, parents first.

    Read from the source, as the rest of this module is: a class counts when it is exported
    and derives, directly or not, from ``Exception`` or another such class.
    """
    found: list[ExceptionClass] = []
    exception_names = {"Exception", "ValueError", "TypeError", "RuntimeError"}
    for name in closure(EAGER_ROOTS):
        module = runtime_modules()[name]
        for class_name, bases, doc in module.classes:
            if class_name not in module.exports:
                continue
            if not set(bases) & (exception_names | {c.name for c in found}):
                continue
            known = [base for base in bases if base in {c.name for c in found}]
            found.append(ExceptionClass(class_name, known[0] if known else None, doc))
    order = {c.name: index for index, c in enumerate(found)}

    def lineage(entry: ExceptionClass) -> list[int]:
        chain = [order[entry.name]]
        parent = entry.parent
        while parent is not None:
            chain.insert(0, order[parent])
            parent = next(c.parent for c in found if c.name == parent)
        return chain

    def descendants(name: str) -> int:
        return sum(1 for c in found if c.parent == name) + sum(
            descendants(c.name) for c in found if c.parent == name
        )

    # The widest tree first: the package's base error before a lone DecodeError.
    roots = sorted((c for c in found if c.parent is None), key=lambda c: -descendants(c.name))
    rank = {c.name: index for index, c in enumerate(roots)}

    def root_of(entry: ExceptionClass) -> str:
        while entry.parent is not None:
            entry = next(c for c in found if c.name == entry.parent)
        return entry.name

    return tuple(sorted(found, key=lambda c: (rank[root_of(c)], lineage(c))))
