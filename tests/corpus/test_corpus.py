"""Every real-world document in ../shared/specs/corpus generates a client that compiles, imports
module by module, and passes mypy --strict (issue #13).

Each step runs in its own process, as a user's build would: the generator's command line (exit
status and stderr), then a fresh interpreter that byte-compiles and imports every module of the
package, then mypy. Known failures are strict xfails: a fix makes them pass, and the suite then
asks for the mark to go.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

from generator.emit.chunks import MODULE_LINES_LIMIT
from tests.corpus.conftest import CorpusOutputs, run_timed
from tests.corpus.documents import DOCUMENTS, CorpusDocument

# Imports every module of a package in a fresh interpreter, byte-compiling each first, so that
# a syntax error and an import error are told apart; prints nothing on success.
IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(module.name)
"""
COMPILE_EVERY_MODULE = """
import pathlib, py_compile, sys
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.py")):
    py_compile.compile(str(path), cfile=str(path) + ".check", doraise=True)
    pathlib.Path(str(path) + ".check").unlink()
"""


def _cases(step: str) -> list[Any]:
    cases = []
    for document in DOCUMENTS:
        marks: list[Any] = []
        if document.is_slow():
            marks.append(pytest.mark.slow)
        reason = document.known_failure(step)
        if reason is not None:
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        cases.append(pytest.param(document, id=document.key, marks=marks))
    return cases


@pytest.mark.parametrize("document", _cases("generate"))
def test_generate_exits_0(corpus_outputs: CorpusOutputs, document: CorpusDocument) -> None:
    corpus_outputs.generated(document).require_package()


@pytest.mark.parametrize("document", _cases("import"))
def test_every_module_compiles_and_imports(
    corpus_outputs: CorpusOutputs, document: CorpusDocument
) -> None:
    output = corpus_outputs.generated(document).require_package()
    compiled = run_timed(
        document,
        "compile",
        [sys.executable, "-c", COMPILE_EVERY_MODULE, str(output / document.package)],
        cwd=output,
    )
    assert compiled.returncode == 0, compiled.stderr[-3000:]
    imported = run_timed(
        document, "import", [sys.executable, "-c", IMPORT_EVERY_MODULE, document.package], output
    )
    assert imported.returncode == 0, imported.stderr[-3000:]


@pytest.mark.parametrize("document", _cases("mypy"))
def test_package_passes_mypy_strict(
    corpus_outputs: CorpusOutputs, document: CorpusDocument
) -> None:
    output = corpus_outputs.generated(document).require_package()
    result = run_timed(
        document,
        "mypy",
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(corpus_outputs.mypy_cache),
            "-p",
            document.package,
        ],
        cwd=output,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


@pytest.mark.parametrize("document", _cases("mypy"))
def test_package_passes_its_own_ruff_configuration(
    corpus_outputs: CorpusOutputs, document: CorpusDocument
) -> None:
    output = corpus_outputs.generated(document).require_package()
    # Without --config, ruff reads the generated pyproject.toml beside the package.
    result = run_timed(
        document, "ruff", [sys.executable, "-m", "ruff", "check", "--no-cache", "."], output
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


# Issue #13: no generated module longer than MODULE_LINES_LIMIT. The models modules are held to
# it; the client and testing modules are being split as well, and their paths join this tuple
# (globs, relative to the package) when they are.
LINE_LIMITED_MODULES = ("models.py", "_models/*.py")


@pytest.mark.parametrize("document", _cases("generate"))
def test_no_models_module_is_over_the_line_limit(
    corpus_outputs: CorpusOutputs, document: CorpusDocument
) -> None:
    package = corpus_outputs.generated(document).require_package() / document.package
    sizes = {
        path.relative_to(package).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for pattern in LINE_LIMITED_MODULES
        for path in package.glob(pattern)
    }
    assert "models.py" in sizes
    over = {path: lines for path, lines in sizes.items() if lines > MODULE_LINES_LIMIT}
    assert not over, f"over {MODULE_LINES_LIMIT:,} lines: {over}"


# What importing the package loads of its models, in a fresh interpreter.
LOADED_MODELS = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(
    name for name in sys.modules
    if name == sys.argv[1] + ".models" or name.startswith(sys.argv[1] + "._models")
)))
"""


@pytest.mark.parametrize("document", _cases("import"))
def test_importing_a_chunked_package_loads_no_model(
    corpus_outputs: CorpusOutputs, document: CorpusDocument
) -> None:
    output = corpus_outputs.generated(document).require_package()
    if not (output / document.package / "_models").is_dir():
        pytest.skip("its models fit one module, which the package imports")
    result = run_timed(
        document,
        "import models",
        [sys.executable, "-c", LOADED_MODELS, document.package],
        output,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout) == []
