"""Hostile strings in every spec position: the output compiles, type-checks, imports, holds each
string exactly, and runs none of them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.conftest import CORPUS, Corpus, Imported, marker_files
from tests.hostile.corpus import (
    enum_values,
    literal_positions,
    payload_texts,
    prose_positions,
    recursive_spec,
)
from tests.hostile.payloads import MARKER, PAYLOADS
from tests.hostile.scan import scan_package
from tests.hostile.support import (
    docstrings,
    python_sources,
    run_generator,
    string_constants,
    words,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

EVERY_SPEC = sorted(CORPUS)
EVERY_PAYLOAD = sorted(PAYLOADS)


def test_the_corpus_covers_at_least_twenty_payload_kinds() -> None:
    assert len(set(PAYLOADS.values())) >= 20


@pytest.mark.parametrize("name", EVERY_SPEC)
def test_generation_succeeds_with_only_warnings(corpus: Corpus, name: str) -> None:
    run = corpus.generated[name].run
    assert run.returncode == 0, run.stderr
    assert all(line.startswith("warning: ") for line in run.stderr_lines), run.stderr


@pytest.mark.parametrize("name", EVERY_SPEC)
def test_every_generated_python_file_compiles(corpus: Corpus, name: str) -> None:
    for file_name, source in python_sources(corpus.generated[name].package_dir).items():
        compile(source, file_name, "exec")


@pytest.mark.parametrize("name", EVERY_SPEC)
def test_static_scan_finds_only_names_the_templates_emit(corpus: Corpus, name: str) -> None:
    assert scan_package(corpus.generated[name].package_dir) == []


@pytest.mark.parametrize("name", EVERY_PAYLOAD)
def test_each_payload_is_an_exact_string_constant(corpus: Corpus, name: str) -> None:
    sources = python_sources(corpus.generated[name].package_dir).values()
    constants = string_constants(sources)
    expected = literal_positions(payload_texts(PAYLOADS[name]))
    missing = {position: text for position, text in expected.items() if text not in constants}
    assert not missing


@pytest.mark.parametrize("name", [name for name in EVERY_PAYLOAD if words(PAYLOADS[name])])
def test_payload_prose_reaches_docstrings_word_for_word(corpus: Corpus, name: str) -> None:
    found = [
        words(text)
        for text in docstrings(python_sources(corpus.generated[name].package_dir).values())
    ]
    for position, text in prose_positions(payload_texts(PAYLOADS[name])).items():
        assert any(words(text) in docstring for docstring in found), position


@pytest.mark.parametrize("name", EVERY_PAYLOAD)
def test_the_imported_runtime_holds_each_payload_exactly(
    corpus: Corpus, imported: Imported, name: str
) -> None:
    payload = PAYLOADS[name]
    facts = imported.report[corpus.generated[name].package]
    assert "error" not in facts, facts
    expected = literal_positions(payload_texts(payload))
    assert facts["version"] == expected["version"]
    assert facts["base_url"] == expected["server"]
    assert expected["path"] in facts["paths"]
    assert expected["operation_id"] in facts["operation_names"]
    assert expected["media_type"] in facts["media_types"]
    assert expected["parameter"] in facts["parameters"]
    assert expected["property"] in facts["wire_names"]
    assert set(enum_values(payload)) <= set(facts["enum_values"])


def test_every_package_imports(corpus: Corpus, imported: Imported) -> None:
    failed = {name: facts for name, facts in imported.report.items() if "error" in facts}
    assert not failed
    assert len(imported.report) == len(CORPUS)


def test_no_payload_ran_while_generating_or_importing(corpus: Corpus, imported: Imported) -> None:
    assert imported.report  # the imports did run
    assert marker_files(corpus.root) == []
    assert not (Path.cwd() / MARKER).exists()


def test_mypy_strict_accepts_every_generated_package(
    mypy_output: subprocess.CompletedProcess[str],
) -> None:
    assert mypy_output.returncode == 0, mypy_output.stdout[-5000:]


@pytest.mark.parametrize("name", EVERY_PAYLOAD)
def test_pyproject_is_valid_toml_whatever_the_title(corpus: Corpus, name: str) -> None:
    generated = corpus.generated[name]
    document = tomllib.loads((generated.output / "pyproject.toml").read_text(encoding="utf-8"))
    # TOML cannot hold a lone surrogate; the escape writes U+FFFD in its place.
    title = "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in PAYLOADS[name])
    assert document["project"]["description"] == (title or generated.package)
    assert document["project"]["name"] == generated.package.replace("_", "-")
    assert set(document) == {"build-system", "project", "tool"}


@pytest.mark.parametrize("name", EVERY_PAYLOAD)
def test_readme_keeps_markup_and_fences_inert(corpus: Corpus, name: str) -> None:
    readme = (corpus.generated[name].output / "README.md").read_text(encoding="utf-8")
    fences = [line for line in readme.splitlines() if line.lstrip().startswith("```")]
    # The template's own examples, opened and closed in turn; nothing from the spec.
    assert fences[0::2] == ["```python"] * (len(fences) // 2)
    assert fences[1::2] == ["```"] * (len(fences) // 2)
    assert len(fences) == 2 * readme.count("\n```python\n") >= 6
    # Outside code (where Markdown would render it), no tag survives.
    prose = re.sub(r"^```.*?^```", "", readme, flags=re.MULTILINE | re.DOTALL)
    prose = re.sub(r"(`+).+?\1", "", prose)
    assert "<script" not in prose


def test_a_hostile_spec_file_name_stays_inside_comments(tmp_path: Path) -> None:
    """The spec's file name is printed in every file's header: it is spec text too."""
    name = 'evil"""\n\x1b[2J --> <script>x \u2028.json'  # no slash: it would be a directory
    (tmp_path / name).write_text(json.dumps(recursive_spec()), encoding="utf-8")
    run = run_generator(
        "generate", "--spec", name, "--output", "out", "--package", "named", "-q", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    for path in (tmp_path / "out" / "named").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        compile(source, path.name, "exec")
        assert all(line.startswith("#") for line in source.splitlines()[:3]), path.name
        assert "\x1b" not in source
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    header = readme.partition("\n")[0]
    assert header.startswith("<!--") and header.endswith("-->") and header.count("-->") == 1
    assert "<script>" not in header
