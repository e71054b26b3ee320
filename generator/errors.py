"""Errors that the generator reports to its user as one located line."""

from __future__ import annotations

MAX_POINTER_CHARS = 240
# Messages quote spec text; a quoted path of megabytes still makes one readable line.
MAX_MESSAGE_CHARS = 1000


def printable(text: str) -> str:
    """``text`` with every character that could break the line or drive a terminal escaped.

    Error messages quote spec text (names, paths, keys); a newline there would split the one
    line that tools parse, and an ESC sequence would reach the user's terminal.
    """
    out: list[str] = []
    for char in text:
        if char.isprintable() or char == " ":
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}...{text[-half:]}"


class GeneratorError(Exception):
    """A problem with the user's input, reported as one line and exit code 2, never a traceback."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        pointer: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer

    def one_line(self) -> str:
        """``FILE:LINE:COL: message (at #/json/pointer)``, with the parts that are known."""
        location = ""
        if self.file is not None:
            location = printable(self.file)
            if self.line is not None:
                location += f":{self.line}:{self.column or 1}"
            location += ": "
        text = _shorten(
            " ".join(printable(part) for part in self.message.split()), MAX_MESSAGE_CHARS
        )
        if self.pointer is not None:
            text += f" (at #{_shorten(printable(self.pointer), MAX_POINTER_CHARS)})"
        return location + text


class SpecError(GeneratorError):
    """The OpenAPI document is malformed, invalid or uses something unsupported."""


class ConfigError(GeneratorError):
    """The command line or the ``[tool.apiwright]`` configuration is wrong."""
