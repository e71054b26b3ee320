"""What the build stage reports besides its result: warnings and renames, in the order met.

Errors are :class:`~generator.errors.SpecError` values made by the view they are about
(``view.error(...)``), so each carries its file, line and JSON pointer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..openapi import Located


@dataclass
class Diagnostics:
    warnings: list[str] = field(default_factory=list)
    renames: list[str] = field(default_factory=list)

    def warn(self, where: Located, message: str, suffix: str = "") -> None:
        self.warnings.append(where.warning(message, suffix))
