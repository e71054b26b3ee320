"""The one escaping path: spec text becomes code only through these functions."""

from __future__ import annotations

import ast

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render import make_environment
from generator.untrusted import Code, SpecText, comment, docstring, identifier, string_literal

NASTY = [
    'a"b',
    "'''",
    '"""',
    "back\\slash",
    "line\nbreak",
    "crlf\r\n",
    "tab\tstop",
    "\u2028separator\u2029",
    "nul\x00byte",
    "{{ 7 * 7 }}",
    "{% raw %}",
    "{x!r}",
    "# not a comment",
    "\\N{BULLET}",
    "trailing backslash \\",
    'ends with quote"',
    "emoji \U0001f600",
    "\udcff lone surrogate",
]


@pytest.mark.parametrize("text", NASTY)
def test_string_literal_evaluates_to_the_same_text(text: str) -> None:
    literal = string_literal(SpecText(text))
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal


@pytest.mark.parametrize("text", NASTY)
def test_docstring_cannot_escape_its_quotes(text: str) -> None:
    source = f'def f():\n    """{docstring(SpecText(text), 4)}"""\n    return 1\n'
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 2
    value = ast.get_docstring(function, clean=False)
    assert value is not None
    for word in text.split():
        if word.isprintable() and "\\" not in word and '"' not in word:
            assert word in value


@pytest.mark.parametrize("text", NASTY)
def test_comment_stays_on_one_line(text: str) -> None:
    source = f"# {comment(SpecText(text))}\nx = 1\n"
    assert len(source.splitlines()) == 2
    assert ast.parse(source).body[0].lineno == 2


@pytest.mark.parametrize("name", ["1abc", "a-b", "class", "", "a b", "é", "x;import os"])
def test_identifier_refuses_anything_but_a_plain_name(name: str) -> None:
    with pytest.raises(ValueError):
        identifier(name)


def test_spec_text_cannot_be_turned_into_str() -> None:
    with pytest.raises(TypeError):
        str(SpecText("x"))


def test_templates_cannot_print_raw_spec_text() -> None:
    environment = make_environment()
    with pytest.raises(jinja2.TemplateError):
        environment.from_string("{{ value }}").render(value=SpecText("x"))
    with pytest.raises(jinja2.TemplateError):
        environment.from_string("{{ value }}").render(value="plain str")
    assert environment.from_string("{{ value | pystr }}").render(value=SpecText('a"b')) == '"a\\"b"'
    assert environment.from_string("{{ value }}").render(value=Code("ok")) == "ok"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=200))
def test_ascii_prose_is_cleaned_as_character_by_character(text: str) -> None:
    # The ASCII fast path (one translate) must agree with the general per-character rule.
    from generator.untrusted import _ASCII_CONTROLS, _plain_char

    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    assert normalised.translate(_ASCII_CONTROLS) == "".join(map(_plain_char, normalised))
