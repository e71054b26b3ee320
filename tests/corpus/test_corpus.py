"""Every real-world document in ../shared/specs/corpus generates a client that compiles, imports
module by module, and passes mypy --strict (issue #13).

Each step runs in its own process, as a user's build would: the generator's command line (exit
status and stderr), then a fresh interpreter that byte-compiles and imports every module of the
package, then mypy. Known failures are strict xfails: a fix makes them pass, and the suite then
asks for the mark to go.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.emit.split import MAX_MODULE_LINES
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


def _module_lines(package: Path) -> dict[str, int]:
    return {
        path.relative_to(package).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(package.rglob("*.py"))
    }


# Issue #13: no generated module, models chunks and client parts included, is longer than this.
@pytest.mark.parametrize("document", _cases("generate"))
def test_no_generated_module_is_over_the_limit(
    corpus_outputs: CorpusOutputs, document: CorpusDocument
) -> None:
    output = corpus_outputs.generated(document).require_package()
    sizes = _module_lines(output / document.package)
    assert max(sizes.values()) <= MAX_MODULE_LINES, sorted(sizes.items(), key=lambda s: -s[1])[:3]


# Imports the package in a fresh interpreter and prints the tag groups' modules it loaded.
LOADED_GROUP_MODULES = """
import json, sys
package = sys.argv[1]
__import__(package)
print(json.dumps(sorted(name for name in sys.modules if name.startswith(package + "._group_"))))
"""


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
def test_importing_a_split_package_loads_no_group_module(
    corpus_outputs: CorpusOutputs, document: CorpusDocument
) -> None:
    output = corpus_outputs.generated(document).require_package()
    result = subprocess.run(
        [sys.executable, "-c", LOADED_GROUP_MODULES, document.package],
        cwd=output,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout) == []


# Decodes a nested error body with Discord's ErrorDetails, as the package reads one.
DISCORD_ERROR_DETAILS = """
import json, sys
from corpus_discord import _codec, models
codec = _codec.ModelCodec(models.ErrorResponse)
body = {"code": 50035, "message": "Invalid Form Body", "errors": {"embeds": {"0": {"title": {
    "_errors": [{"code": 50035, "message": "Must be 256 or fewer in length."}]
}}}}}
error = codec.decode(body)
leaf = error.errors["embeds"]["0"]["title"]
assert isinstance(leaf, models.InnerErrors), leaf
assert leaf.errors[0].message == "Must be 256 or fewer in length."
assert error.to_dict() == body
print(models.ErrorDetails, models.ErrorResponse.__annotations__["errors"])
"""


@pytest.mark.slow
def test_discord_error_details_is_a_recursive_type(corpus_outputs: CorpusOutputs) -> None:
    (document,) = [document for document in DOCUMENTS if document.key == "discord"]
    output = corpus_outputs.generated(document).require_package()
    result = run_timed(
        document, "error details", [sys.executable, "-c", DISCORD_ERROR_DETAILS], output
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == [
        "dict[str,",
        "ErrorDetails]",
        "|",
        "InnerErrors",
        "ErrorDetails",
        "|",
        "_rt.Unset",
    ]


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
