"""Errors that the generator reports to its user as one located line."""

from __future__ import annotations


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
            location = self.file
            if self.line is not None:
                location += f":{self.line}:{self.column or 1}"
            location += ": "
        text = " ".join(self.message.split())
        if self.pointer is not None:
            text += f" (at #{self.pointer})"
        return location + text


class SpecError(GeneratorError):
    """The OpenAPI document is malformed, invalid or uses something unsupported."""


class ConfigError(GeneratorError):
    """The command line or the ``[tool.apiwright]`` configuration is wrong."""
