"""Spec text and the only functions that turn it into generated code.

Every string that comes from a spec is wrapped in :class:`SpecText` by the model builder. It is
deliberately *not* a ``str``: it cannot be concatenated into code by accident, and the Jinja
environment refuses to print anything that is not :class:`Code` (see ``render``). The functions
below are the one escaping path; each returns :class:`Code` for one context of Python source.
"""

from __future__ import annotations

import keyword
import re
import textwrap
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SpecText:
    """Text taken from a spec document: untrusted, printable only through an escaping function."""

    value: str

    def __str__(self) -> str:
        raise TypeError("SpecText must be escaped through generator.untrusted, not str()")


class Code(str):
    """A fragment of Python source (or TOML/Markdown) that the generator vouches for."""

    __slots__ = ()


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def identifier(name: str) -> Code:
    """Check an already-sanitised name against the allow-list; never a pass-through of spec text."""
    if not _IDENTIFIER.match(name) or keyword.iskeyword(name):
        raise ValueError(f"not a safe identifier: {name!r}")
    return Code(name)


def _escape_char(char: str) -> str:
    code_point = ord(char)
    if code_point <= 0xFF:
        return f"\\x{code_point:02x}"
    if code_point <= 0xFFFF:
        return f"\\u{code_point:04x}"
    return f"\\U{code_point:08x}"


def string_literal(text: SpecText | str, quote: str = '"') -> Code:
    """A Python string literal whose value is exactly ``text``, double-quoted unless
    ``quote`` is ``'``."""
    value = text.value if isinstance(text, SpecText) else text
    if quote not in ('"', "'"):
        raise ValueError("a string literal is quoted with ' or \"")
    out = [quote]
    for char in value:
        if char == "\\":
            out.append("\\\\")
        elif char == quote:
            out.append("\\" + quote)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif char.isprintable() and char not in "\u2028\u2029\x85":
            out.append(char)
        else:
            out.append(_escape_char(char))
    out.append(quote)
    return Code("".join(out))


def black_string_literal(text: SpecText | str) -> Code:
    """:func:`string_literal` in the quotes black prefers: double, unless single quotes need
    fewer escapes (JSON text, say), so that black leaves the literal as it is."""
    value = text.value if isinstance(text, SpecText) else text
    return string_literal(text, "'" if value.count('"') > value.count("'") else '"')


# Characters a path parameter name may not hold: braces would nest templates; ``: ! [ ]`` mean
# something to format-string parsers (openapi-spec-validator reads paths as format strings, so
# they would see a different parameter); ``/ ? #`` would end the path segment.
_NOT_IN_PARAMETER_NAME = frozenset("{}:![]/?#")


def path_template_names(path: str) -> list[str]:
    """The parameter names in an OpenAPI path template, in order.

    Raises ValueError, with the reason, for anything but literal text and ``{name}`` parts.
    """
    names: list[str] = []
    index = 0
    while index < len(path):
        char = path[index]
        if char == "}":
            raise ValueError(f"unmatched '}}' at character {index + 1}")
        if char != "{":
            index += 1
            continue
        end = path.find("}", index + 1)
        if end == -1:
            raise ValueError(f"unclosed '{{' at character {index + 1}")
        name = path[index + 1 : end]
        if not name:
            raise ValueError(f"empty parameter name at character {index + 1}")
        bad = sorted({c for c in name if c in _NOT_IN_PARAMETER_NAME or not c.isprintable()})
        if bad:
            shown = " ".join(repr(c) for c in bad)
            raise ValueError(f"parameter name {name!r} holds characters not allowed: {shown}")
        names.append(name)
        index = end + 1
    return names


def url_template(text: SpecText | str) -> Code:
    """A string literal for a path template whose only braces are ``{name}`` placeholders.

    The runtime fills placeholders by exact replacement of ``{name}`` with a percent-encoded
    value, never with ``str.format``; checking the template here keeps that the only reading.
    """
    value = text.value if isinstance(text, SpecText) else text
    path_template_names(value)
    return string_literal(value)


# ASCII control characters but the newline become spaces (a tab four of them).
_ASCII_CONTROLS = {code: " " for code in (*range(0x20), 0x7F) if code != ord("\n")} | {
    ord("\t"): "    "
}


def _plain_char(char: str) -> str:
    if char == "\n" or char == " ":
        return char
    if char == "\t":
        return "    "
    if char.isprintable() and unicodedata.category(char) not in ("Zl", "Zp"):
        return char
    return " "


def _plain_lines(text: str) -> list[str]:
    """Lines of prose with every character that could end or bend the surrounding syntax removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        cleaned = text.translate(_ASCII_CONTROLS)
    else:
        cleaned = "".join(_plain_char(char) for char in text)
    lines = [line.rstrip() for line in textwrap.dedent(cleaned).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


DOCSTRING_WIDTH = 88


def _wrap(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    stripped = line.lstrip(" ")
    lead = line[: len(line) - len(stripped)]
    # Continuation lines of a list item or an "Args:" entry hang under its text.
    hang = "  " if stripped.startswith(("- ", "* ")) else "    " if lead else ""
    return textwrap.wrap(
        line,
        width=max(width, 20),
        subsequent_indent=lead + hang,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line]


def docstring(text: SpecText | str | None, indent: int = 0) -> Code:
    """The inside of a triple-double-quoted docstring (without the quotes), indented for its place.

    Backslashes are doubled and quotes escaped so the text can neither end the literal nor form an
    escape sequence; trailing whitespace is dropped, as black would drop it anyway, and long lines
    are wrapped to fit black's line length.
    """
    if text is None:
        return Code("")
    value = text.value if isinstance(text, SpecText) else text
    lines = _plain_lines(value)
    if not lines:
        return Code("")
    pad = " " * indent
    escaped: list[str] = []
    width = DOCSTRING_WIDTH - indent
    for number, line in enumerate(lines):
        # The first line shares its row with the opening quotes; the last with the closing ones.
        for part in _wrap(
            line, width - (3 if number == 0 else 0) - (3 if number == len(lines) - 1 else 0)
        ):
            part = part.replace("\\", "\\\\").replace('"', '\\"')
            # The first line follows the opening quotes or other text on its row: black
            # strips a docstring's first line, so leading spaces would not survive it.
            if not escaped:
                escaped.append(part.lstrip(" "))
            else:
                escaped.append(pad + part if part else part)
    return Code("\n".join(escaped))


def full_docstring(text: SpecText | str | None, indent: int = 0) -> Code:
    """A whole docstring's inside (from :func:`docstring`) in the shape black gives docstrings.

    black strips the first line, re-indents the others to the docstring's own indentation,
    pads a closing quote character with a space, and moves the closing quotes to their own
    line when they would not fit on the last one. Doing the same here means black has
    nothing to change (see ``generator.canonical``). Only for text that is the whole
    docstring: these rules would bend a fragment in the middle of one.
    """
    lines = docstring(text, indent).split("\n")
    pad = " " * indent
    first, rest = lines[0], lines[1:]  # docstring() already stripped the first line
    depths = [len(line) - len(line.lstrip(" ")) for line in rest if line.strip()]
    cut = min(depths, default=0)
    rest = [pad + line[cut:].rstrip() if line.strip() else "" for line in rest]
    shaped = "\n".join([first, *rest])
    if not shaped:
        return Code(" ")  # black's spelling of an empty docstring
    if shaped.endswith('\\"'):
        # black pads a closing quote character with a space, which is left trailing (ruff's
        # W291) when the closing quotes go to a line of their own; the same character written
        # as an escape needs no pad.
        shaped = shaped[:-2] + "\\x22"
    if shaped.endswith('"'):
        shaped += " "
    if rest and len(shaped.rsplit("\n", 1)[-1]) + 3 > DOCSTRING_WIDTH:
        shaped += "\n" + pad
    return Code(shaped)


def comment(text: SpecText | str) -> Code:
    """A single-line ``#`` comment body: newlines and control characters become spaces."""
    value = text.value if isinstance(text, SpecText) else text
    return Code(" ".join(" ".join(_plain_lines(value)).split()))


def html_comment(text: SpecText | str) -> Code:
    """Text for the inside of an HTML comment (a README header): one line, no ``<`` or ``>``,
    so it can neither close the comment nor open another."""
    return Code(comment(text).replace("<", "&lt;").replace(">", "&gt;"))


def markdown_text(text: SpecText | str) -> Code:
    """Prose for the generated README: no raw HTML, no code fences that could swallow the page."""
    value = text.value if isinstance(text, SpecText) else text
    lines = _plain_lines(value)
    return Code(
        "\n".join(
            line.replace("<", "&lt;").replace(">", "&gt;").replace("```", "'''") for line in lines
        )
    )


def markdown_code(text: SpecText | str) -> Code:
    """An inline code span (fences included) for a Markdown table cell, whatever ``text`` holds.

    The fence is one backtick longer than any run inside, so the text cannot close it; pipes
    are escaped because a table splits its cells on them even inside code.
    """
    value = text.value if isinstance(text, SpecText) else text
    flat = " ".join(" ".join(_plain_lines(value)).split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", flat)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if flat.startswith("`") or flat.endswith("`") else ""
    return Code(f"{fence}{padding}{flat}{padding}{fence}")


def toml_string(text: SpecText | str) -> Code:
    """A TOML basic string whose value is ``text``, but for lone surrogates (U+FFFD in TOML)."""
    value = text.value if isinstance(text, SpecText) else text
    out = ['"']
    for char in value:
        if "\ud800" <= char <= "\udfff":
            out.append("\\ufffd")
        elif char in ('"', "\\"):
            out.append("\\" + char)
        elif char.isprintable() and char not in "\u2028\u2029\x85":
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    out.append('"')
    return Code("".join(out))
