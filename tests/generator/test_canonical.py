"""Formatting only the doubtful statements gives the very file black gives for the whole.

The built-in templates render black's style; ``generator.canonical`` sends to black only the
statements where spec text might break that style. These tests compare the result with black
over the whole file for every spec the project has (ours, the shared real-world ones, the
hostile payloads and the names zoo), and check the pieces it relies on: docstrings shaped
like black's, bracket layouts black keeps, statements cut apart and put back.
"""

from __future__ import annotations

import json
import keyword
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import canonical, formatting
from generator.canonical import LINE_LENGTH, plan
from generator.config import Target
from generator.emit.layout import assignment, bracketed
from generator.formatting import format_files, format_python
from generator.pipeline import render_target
from generator.render import BLACK_STYLED_TEMPLATES, TemplateSet
from generator.untrusted import full_docstring
from tests.conftest import SHARED_SPECS
from tests.generality.zoo import NAMES_ZOO
from tests.generator.helpers import ROOT, SPEC
from tests.hostile.corpus import POSITIONS, payload_spec, spec_from_texts
from tests.hostile.payloads import PAYLOADS

SHARED = (
    "opc-baseline_openapi_3.0.json",
    "opc-baseline_openapi_3.1.yaml",
    "opc-3.1_specific.openapi.yaml",
    "opc-openapi_3.1_enums.yaml",
    "twilio_api_v2010.json",
)


def _assert_same_as_whole_black(spec: Path, package: str) -> int:
    """Compares every black-styled output; returns how many statements went to black."""
    target = Target(spec=spec, output=spec.parent / "unused", package=package, root=spec.parent)
    result = render_target(target)
    rendered = result.files
    styled = (result.template_set or TemplateSet(package)).black_styled(None)
    assert styled, "no output is black-styled"
    doubtful = 0
    for path in sorted(styled):
        text = rendered[path]
        file_plan = plan(text)
        assert file_plan is not None, f"{path} could not be planned"
        doubtful += len(file_plan.doubtful)
        ours = format_files({path: text}, black_styled=frozenset({path}))[path]
        whole = format_python(path, text)
        assert ours == whole, f"{path}: formatting doubtful statements differs from black"
    return doubtful


def test_our_spec_formats_as_black_would() -> None:
    _assert_same_as_whole_black(SPEC, "hubspot_associations")


@pytest.mark.parametrize("file_name", SHARED)
def test_shared_specs_format_as_black_would(file_name: str) -> None:
    spec = SHARED_SPECS / file_name
    if not spec.is_file():
        pytest.skip(f"{spec.name} is absent: ../shared/specs is not beside this clone")
    _assert_same_as_whole_black(spec, "shared_" + "".join(c for c in spec.stem if c.isalnum()))


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_hostile_payloads_format_as_black_would(payload: str, tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(payload_spec(PAYLOADS[payload])), encoding="utf-8")
    _assert_same_as_whole_black(spec, "hostile_pkg")


@pytest.mark.parametrize("title", ["\x001\r1", "  x\n y", ' \t"quoted"\n\\'])
def test_titles_starting_with_spaces_format_as_black_would(title: str, tmp_path: Path) -> None:
    # Found by the property test: black strips a docstring's first line, and a title opens
    # the package's module docstring.
    texts = {position: "" for position in POSITIONS} | {"title": title}
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(spec_from_texts(texts)), encoding="utf-8")
    _assert_same_as_whole_black(spec, "titled_pkg")


def test_names_zoo_formats_as_black_would(tmp_path: Path) -> None:
    spec = tmp_path / "zoo.json"
    spec.write_text(json.dumps(NAMES_ZOO), encoding="utf-8")
    _assert_same_as_whole_black(spec, "zoo_pkg")


def test_only_doubtful_statements_reach_black() -> None:
    # Not black's style (single quotes, spaces) but short: kept exactly as rendered. The
    # long statement is black's to split.
    source = (
        "x = {'a':1}\n"
        "\n"
        "\n"
        "class C:\n"
        "    y = ( 1 )\n"
        f"    z = call({', '.join(['argument'] * 12)})\n"
    )
    file_plan = plan(source)
    assert file_plan is not None
    assert [(s.first, s.end, s.member) for s in file_plan.doubtful] == [(5, 6, True)]
    result = format_files({"m.py": source}, black_styled=frozenset({"m.py"}))["m.py"]
    assert result.startswith("x = {'a':1}\n\n\nclass C:\n    y = ( 1 )\n    z = call(\n")
    assert result.endswith("    )\n")
    assert max(len(line) for line in result.splitlines()) <= LINE_LENGTH


@pytest.mark.parametrize(
    "source",
    [
        "x = 1  # fmt: skip\n",
        "# fmt: off\nx = [1,\n  2]\n",
        "# apiwright-statement 0\nx = 1\n",
        "x = 1\r\ny = 2\r\n",
        "x = 1",
        f"x = 1\n{'#' * 100}\n",
    ],
)
def test_files_that_cannot_be_cut_apart_are_formatted_whole(source: str) -> None:
    assert plan(source) is None
    result = format_files({"m.py": source}, black_styled=frozenset({"m.py"}))["m.py"]
    assert result == format_python("m.py", source)


def test_a_user_template_is_formatted_whole(tmp_path: Path) -> None:
    (tmp_path / "package").mkdir()
    (tmp_path / "package" / "_client_class.py.jinja").write_text("")
    styled = TemplateSet("pkg").black_styled(tmp_path)
    assert "pkg/_client.py" not in styled
    assert "pkg/__init__.py" in styled
    assert set(TemplateSet("pkg").black_styled(None)) == {
        output
        for template, output in TemplateSet("pkg").outputs()
        if template in BLACK_STYLED_TEMPLATES
    }


def _docstring_module(text: str) -> str:
    class_doc = full_docstring(text, 4)
    method_doc = full_docstring(text, 8)
    field_doc = full_docstring(text, 4)
    module_doc = full_docstring(text, 0)
    return (
        f'"""{module_doc}"""\n\n\n'
        f'class C:\n    """{class_doc}"""\n\n    x: int\n    """{field_doc}"""\n\n'
        f'    def f(self) -> None:\n        """{method_doc}"""\n'
    )


PROSE = st.text(
    alphabet=st.sampled_from(string.ascii_letters + "  \n\n\t\\\"'`-*é{}" + "x" * 10),
    max_size=400,
)


@settings(max_examples=150, deadline=None)
@given(text=PROSE, word=st.integers(min_value=0, max_value=120))
def test_full_docstrings_are_shaped_as_black_shapes_them(text: str, word: int) -> None:
    # A long unbreakable word, as URLs in real descriptions are, tests the closing quotes.
    module = _docstring_module(text + " " + "w" * word)
    assert format_python("m.py", module) == module


@pytest.mark.parametrize(
    "text",
    ["", "   ", 'ends with a quote"', "ends with a backslash\\", "   leading\n  second\n    third"],
)
def test_full_docstring_edge_cases(text: str) -> None:
    module = _docstring_module(text)
    assert format_python("m.py", module) == module


# "n" + "ot" is a keyword, not a name: the printer is never given one.
IDENTIFIER = (
    st.text(alphabet=string.ascii_lowercase + "_", max_size=40)
    .map(lambda name: "n" + name)
    .filter(lambda name: not keyword.iskeyword(name))
)


@settings(max_examples=100, deadline=None)
@given(
    items=st.lists(IDENTIFIER, max_size=6),
    indent=st.sampled_from([0, 4, 8]),
    head=IDENTIFIER,
    as_tuple=st.booleans(),
)
def test_bracketed_layouts_are_kept_by_black(
    items: list[str], indent: int, head: str, as_tuple: bool
) -> None:
    opening = "(" if as_tuple else f"{head}("
    value = bracketed(opening, items, ")", indent=indent, before=4, one_tuple=as_tuple)
    source = "".join("    " * level + "if x:\n" for level in range(indent // 4))
    source += " " * indent + f"v = {value}\n"
    assert format_python("m.py", source) == source


@settings(max_examples=60, deadline=None)
@given(target=IDENTIFIER, value=st.lists(IDENTIFIER, min_size=1, max_size=3))
def test_assignments_are_kept_by_black(target: str, value: list[str]) -> None:
    text = assignment("self." + target, ".".join(value), indent=4)
    source = "if x:\n    " + text + "\n"
    assert format_python("m.py", source) == source


def test_committed_package_is_black_formatted() -> None:
    package = ROOT / "generated" / "hubspot_associations"
    for path in sorted(package.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert format_python(path.name, text) == text, path.name


def _plan_of_whole(source: str) -> list[tuple[int, int, bool]]:
    """The doubtful statements as found with one parse of the whole module."""
    piece_lines = canonical.PIECE_LINES
    canonical.PIECE_LINES = 10**9
    try:
        whole = plan(source)
    finally:
        canonical.PIECE_LINES = piece_lines
    assert whole is not None
    return [(s.first, s.end, s.member) for s in whole.doubtful]


def test_a_module_parsed_in_pieces_is_cut_as_when_parsed_whole() -> None:
    # Pieces of 2,000 lines: the statements that straddle a piece's end must keep it going,
    # the parse decides (a string holding lines that look like statements, a decorator,
    # an if/else, a bracket), and every line number must be the module's.
    long_call = f"call({', '.join(['argument'] * 12)})"
    blocks = [
        f"x{index} = 1\n" if index % 7 else f"y{index} = {long_call}\n" for index in range(2_100)
    ]
    blocks.insert(1_990, 'TEXT = """\n' + "z = 1\n" * 30 + f"{long_call}\n" + '"""\n')
    blocks.insert(2_000, "@decorator\n" * 15 + "class C:\n" + f"    a = {long_call}\n")
    blocks.insert(2_001, "if x:\n    pass\n" + "else:\n    pass\n" * 1 + f"w = {long_call}\n")
    blocks.insert(2_050, "v = [\n" + "    1,\n" * 40 + f"]\nu = {long_call}\n")
    source = "".join(blocks)
    assert source.count("\n") > 2 * canonical.PIECE_LINES // 2
    file_plan = plan(source)
    assert file_plan is not None
    assert [(s.first, s.end, s.member) for s in file_plan.doubtful] == _plan_of_whole(source)
    starts = {file_plan.text(s.first, s.first + 1) for s in file_plan.doubtful}
    assert 'TEXT = """\n' in starts and f"{long_call}\n" not in starts


def test_a_syntax_error_late_in_a_module_names_the_module_line() -> None:
    source = "x = 1\n" * (canonical.PIECE_LINES * 2) + "def broken(:\n"
    with pytest.raises(SyntaxError) as caught:
        plan(source)
    assert caught.value.lineno == canonical.PIECE_LINES * 2 + 1


def test_batches_of_doubtful_statements_assemble_as_one() -> None:
    long_call = f"call({', '.join(['argument'] * 12)})"
    source = "\n\n".join(f"x{index} = {long_call}\n" for index in range(30))
    file_plan = plan(source)
    assert file_plan is not None and len(file_plan.doubtful) == 30
    batches = file_plan.batches(500)
    assert len(batches) > 5
    assert "\n\n".join(batches) == file_plan.batch()
    formatted = "".join(format_python("m.py", batch) for batch in batches)
    assert file_plan.assemble(formatted) == format_python("m.py", source)


def test_formatting_in_worker_processes_gives_the_same_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(formatting, "PARALLEL_THRESHOLD_BYTES", 0)
    monkeypatch.setattr(formatting, "BATCH_CHARS", 1_000)
    long_call = f"call({', '.join(['argument'] * 12)})"
    files = {
        f"m{number}.py": "".join(f"x{index} = {long_call}\n" for index in range(40))
        for number in range(3)
    }
    styled = frozenset(files)
    alone = format_files(files, black_styled=styled, cpus=1)
    shared = format_files(files, black_styled=styled, cpus=3)
    assert alone == shared
    assert alone["m0.py"] == format_python("m0.py", files["m0.py"])


def test_a_module_of_decorated_classes_is_parsed_in_small_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A models module is thousands of decorated dataclasses: each decorator may start a
    # piece, or the whole module would be parsed at once (hundreds of megabytes).
    parsed: list[int] = []
    parse = canonical.ast.parse

    def counting(source: str) -> Any:
        parsed.append(source.count("\n"))
        return parse(source)

    monkeypatch.setattr(canonical.ast, "parse", counting)
    source = "".join(
        f"@dataclasses.dataclass\nclass M{index}:\n    x: int = 0\n\n\n" for index in range(3_000)
    )
    file_plan = plan(source)
    assert file_plan is not None and not file_plan.doubtful
    assert sum(parsed) == source.count("\n")
    assert max(parsed) < canonical.PIECE_LINES + 10
