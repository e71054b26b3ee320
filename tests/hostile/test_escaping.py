"""The escaping functions, one context each: what they return means exactly the spec's text."""

from __future__ import annotations

import ast
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import SpecError
from generator.formatting import format_python
from generator.untrusted import (
    SpecText,
    comment,
    docstring,
    html_comment,
    markdown_code,
    path_template_names,
    string_literal,
    toml_string,
    url_template,
)
from tests.hostile.support import words

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=60)  # surrogates included

TRICKY_DOCSTRINGS = [
    "ends with a backslash \\",
    "ends with two backslashes \\\\",
    'ends with a quote "',
    'ends with three quotes """',
    "''' single triple quotes '''",
    '""" closes the docstring """ and opens it',
    "\\N{BULLET} \\x41 \\u0041 \\U0001F600 \\0",
    "nul \x00 bell \x07 escape \x1b[2J",
    "lone surrogate \ud800 and \udfff",
    "carriage\rreturn and\r\nwindows lines",
    "form\x0cfeed and vertical\x0btab",
    "line\u2028separator and paragraph\u2029separator and next\x85line",
    "a " + "very" * 200 + "longword",
    "\t  indented\n\t\tmore indented",
    "   ",
    "",
    '"',
    "\\",
]


def _function_with_docstring(text: str) -> str:
    return f'def f() -> None:\n    """{docstring(SpecText(text), 4)}"""\n'


def _docstring_after_black(text: str) -> str | None:
    source = format_python("module.py", _function_with_docstring(text))
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    return ast.get_docstring(function, clean=False)


@pytest.mark.parametrize("text", TRICKY_DOCSTRINGS)
def test_docstring_cannot_break_out_and_black_accepts_it(text: str) -> None:
    compile(_function_with_docstring(text), "raw.py", "exec")  # valid before black, too
    assert words(_docstring_after_black(text) or "") == words(text)


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT)
def test_docstring_of_any_text_keeps_its_words(text: str) -> None:
    assert words(_docstring_after_black(text) or "") == words(text)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_string_literal_means_exactly_the_text_on_one_line(text: str) -> None:
    literal = string_literal(SpecText(text))
    assert ast.literal_eval(literal) == text
    assert literal.isprintable()


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_toml_string_means_the_text(text: str) -> None:
    expected = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    assert tomllib.loads(f"value = {toml_string(SpecText(text))}")["value"] == expected


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_comment_is_one_printable_line(text: str) -> None:
    body = comment(SpecText(text))
    assert body.isprintable()
    assert words(body) == words(text)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_html_comment_text_cannot_close_or_open_a_comment(text: str) -> None:
    inside = html_comment(SpecText(text))
    assert inside.isprintable()
    assert "<" not in inside and ">" not in inside


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_markdown_code_span_cannot_be_closed_or_split_by_its_text(text: str) -> None:
    span = markdown_code(SpecText(text))
    fence = span[: len(span) - len(span.lstrip("`"))]
    inner = span[len(fence) : len(span) - len(fence)]
    assert span.endswith(fence) and span.isprintable()
    # The content never holds a backtick run as long as the fence, nor an unescaped pipe.
    assert max((len(run) for run in re.findall("`+", inner)), default=0) < len(fence)
    assert re.search(r"(?<!\\)\|", inner) is None


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/things", []),
        ("/things/{id}", ["id"]),
        ("/a/{from-id}/b/{to.id}/{Sid}.json", ["from-id", "to.id", "Sid"]),
        ("/it's/{x}", ["x"]),
    ],
)
def test_url_template_accepts_plain_placeholders(path: str, names: list[str]) -> None:
    assert path_template_names(path) == names
    assert ast.literal_eval(url_template(SpecText(path))) == path


@pytest.mark.parametrize(
    "path",
    [
        "/things/{",
        "/things/}",
        "/things/{}",
        "/things/{{id}}",
        "/things/{id:>4}",
        "/things/{id!r}",
        "/things/{a[0]}",
        "/things/{a/b}",
        "/things/{a\nb}",
        "/things/{a\u202eb}",
    ],
)
def test_url_template_refuses_anything_but_plain_placeholders(path: str) -> None:
    with pytest.raises(ValueError):
        url_template(SpecText(path))


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, ANY_TEXT, ANY_TEXT)
def test_an_error_report_is_one_printable_line(message: str, file: str, pointer: str) -> None:
    line = SpecError(message, file=file, line=3, column=4, pointer="/" + pointer).one_line()
    assert line.isprintable()
    assert "\x1b" not in line
