"""Arbitrary text in every string position of a small spec keeps the corpus's invariants.

The pipeline runs in-process for speed, and only the modules whose text depends on the spec
are formatted (the runtime modules are fixed text). Each example's package is written to disk,
checked, and imported.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.build import build_client
from generator.config import Target
from generator.errors import SpecError
from generator.formatting import format_files, format_python
from generator.pipeline import load_and_validate
from generator.render import render_files
from generator.runtime_files import runtime_modules
from generator.untrusted import Code
from tests.hostile.corpus import (
    POSITIONS,
    Texts,
    literal_positions,
    prose_positions,
    spec_from_texts,
    write_spec,
)
from tests.hostile.payloads import MARKER
from tests.hostile.scan import scan_package
from tests.hostile.support import docstrings, python_sources, string_constants, words

# Modules whose text is the same for every spec (only the header differs).
FIXED_RUNTIME_MODULES = frozenset(f"{name}.py" for name in runtime_modules())

# Characters that end or bend a context somewhere: quotes, escapes, line breaks, template and
# format syntax, comments, Markdown and HTML, a lone surrogate.
SHARP = ['"', "'", "\\", "\n", "\r", "\u2028", "\x85", "\x00", "{", "}", "%", "#", "`", "|", "<"]
SHARP += ["N", "x", "u", "\ud800", "\U0001f600", " ", "a", "_", "1"]
ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates included
TEXT = st.one_of(
    st.text(st.sampled_from(SHARP), max_size=24),
    st.text(ANY_CHARACTER, max_size=24),
)
TEXTS = st.fixed_dictionaries({position: TEXT for position in POSITIONS})


def _generate(directory: Path, texts: Texts, package: str) -> Path:
    spec = write_spec(directory, "spec", spec_from_texts(texts))
    target = Target(spec=spec, output=directory / "out", package=package, root=directory)
    checked, _warnings = load_and_validate(target)
    client = build_client(checked, package=package, spec_source="spec.json")
    rendered, template_set = render_files(
        client, header=Code("# generated"), markdown_header=Code("<!-- -->")
    )
    black_styled = template_set.black_styled(None)
    for relative, text in rendered.items():
        path = target.output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if relative.endswith(".py") and path.name not in FIXED_RUNTIME_MODULES:
            whole = format_python(relative, text)
            if relative in black_styled:
                # Formatting only the doubtful statements must give black's whole-file result.
                selective = format_files({relative: text}, black_styled=frozenset({relative}))
                assert selective[relative] == whole, relative
            text = whole
        path.write_text(text, encoding="utf-8")
    return target.output


def _import_version(output: Path, package: str) -> object:
    sys.path.insert(0, str(output))
    try:
        return importlib.import_module(package + "._version").__api_version__
    finally:
        sys.path.remove(str(output))
        for name in [name for name in sys.modules if name.partition(".")[0] == package]:
            del sys.modules[name]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(texts=TEXTS)
def test_any_text_in_any_position_yields_safe_exact_code(texts: Texts) -> None:
    package = "prop_generated"
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        try:
            output = _generate(directory, texts, package)
        except SpecError as error:
            # A clean refusal is allowed; it must still be one printable line.
            event(f"refused: {error.message[:60]}")
            line = error.one_line()
            assert line.isprintable() and "\n" not in line
            return
        event("generated")
        sources = python_sources(output / package)
        for name, source in sources.items():
            compile(source, name, "exec")
        assert scan_package(output / package) == []
        constants = string_constants(sources.values())
        expected = literal_positions(texts)
        assert {key: text for key, text in expected.items() if text not in constants} == {}
        found = [words(text) for text in docstrings(sources.values())]
        for position, text in prose_positions(texts).items():
            assert any(words(text) in docstring for docstring in found), position
        previous = os.getcwd()
        os.chdir(directory)
        try:
            version = _import_version(output, package)
        finally:
            os.chdir(previous)
        assert version == expected["version"]
        assert not (directory / MARKER).exists()
