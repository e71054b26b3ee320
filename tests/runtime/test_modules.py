"""The runtime as source: what each module exports and imports, and which modules a
package gets."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from generator import runtime_files
from generator.runtime_files import RUNTIME_DIR, runtime_modules
from tests.conftest import ROOT

# What a runtime module may import besides other runtime modules.
THIRD_PARTY = {"httpx"}


@pytest.mark.parametrize("name", sorted(runtime_modules()))
def test_a_module_imports_only_the_standard_library_httpx_and_the_runtime(name: str) -> None:
    module = runtime_modules()[name]
    tree = ast.parse(module.source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots = {str(node.module).partition(".")[0]}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 1, "a runtime module imports only its siblings"
            siblings = {node.module} if node.module else {a.name for a in node.names}
            # Never a module generated from a spec (models, _client, _version).
            assert siblings <= set(runtime_modules()), siblings
            continue
        else:
            continue
        assert roots <= sys.stdlib_module_names | THIRD_PARTY, roots


@pytest.mark.parametrize("name", sorted(runtime_modules()))
def test_every_exported_name_is_defined_in_its_module(name: str) -> None:
    module = runtime_modules()[name]
    tree = ast.parse(module.source)
    defined = {
        node.name
        for node in tree.body
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
    }
    for node in tree.body:
        if isinstance(node, ast.Assign):
            defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
    assert set(module.exports) <= defined


def test_a_package_without_bulk_operations_has_no_bulk_module() -> None:
    assert "_bulk" not in runtime_files.needed(has_bulk=False)
    assert "_paging" not in runtime_files.needed(has_bulk=True)
    everything = runtime_files.needed(has_bulk=True, has_paging=True)
    assert set(everything) == set(runtime_modules())


def test_the_closure_follows_imports_inside_functions_too() -> None:
    # _bulk is imported by the generated methods only when called; it needs _core.
    assert set(runtime_files.closure(["_bulk"])) == {"_bulk", "_core"} | set(
        runtime_files.closure(["_core"])
    )


def test_exports_come_only_from_modules_loaded_on_import() -> None:
    exports = runtime_files.package_exports()
    assert "_bulk" not in exports
    assert exports["_exceptions"][0:1] and "APIError" in exports["_exceptions"]
    assert "APIResponse" in exports["_response"]


def test_reserved_names_include_every_export_and_the_bulk_types() -> None:
    reserved = runtime_files.reserved_names()
    assert {"APIError", "RateLimitInfo", "UNSET", "BulkResult", "ChunkOutcome"} <= reserved


def test_every_module_passes_the_generated_packages_ruff_configuration(tmp_path: Path) -> None:
    """The generator's own lint runs at 100 columns; a package copies these modules under its
    own configuration (88 columns), so they are checked under that one too."""
    import subprocess

    config = ROOT / "generated" / "pyproject.toml"
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(config), str(RUNTIME_DIR)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_and_classes_are_read_as_a_full_walk_reads_them() -> None:
    # runtime_files walks statements only, and reads the classes in the same parse.
    for name, module in runtime_files.runtime_modules().items():
        tree = ast.parse(module.source)
        imports = {
            node.module or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1
            for alias in node.names
        }
        assert module.imports == imports, name
        classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
        assert [entry[0] for entry in module.classes] == [node.name for node in classes], name
    assert {c.name for c in runtime_files.exception_classes()} >= {"APIError", "RateLimitError"}
