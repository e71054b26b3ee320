"""Every naming decision: spec names in, valid and collision-free Python identifiers out.

Names are made valid by construction (an allow-list of ASCII letters, digits and underscores),
never by escaping at print time. Collisions are resolved in the order the spec lists things, so
the outcome is deterministic, and each rename is reported so it is visible to the user.
"""

from __future__ import annotations

import builtins
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

_WORD_BOUNDARY = re.compile(
    r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*|[a-z]+"
)
_BAD_CHARACTERS = re.compile(r"[^A-Za-z0-9]+")


def _ascii_words(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words: list[str] = []
    for chunk in _BAD_CHARACTERS.split(folded):
        words.extend(_WORD_BOUNDARY.findall(chunk))
    return words


# Fixed rather than read from the running interpreter's ``keyword`` module, so the output does not
# depend on which Python runs the generator. Soft keywords (match, case, type, _) stay usable.
PYTHON_KEYWORDS = frozenset(
    "False None True and as assert async await break class continue def del elif else except "
    "finally for from global if import in is lambda nonlocal not or pass raise return try while "
    "with yield".split()
)


# Well above real names (Twilio's reach about 110 characters), far below the thousands of
# characters a hostile spec may use. The collision registry keeps truncated names distinct.
MAX_IDENTIFIER_LENGTH = 200


def _finished(name: str) -> str:
    """Cut to the length limit, and keep clear of keywords with a trailing underscore."""
    name = name[:MAX_IDENTIFIER_LENGTH].rstrip("_")
    if name in PYTHON_KEYWORDS:
        return name + "_"
    return name


def snake_case(name: str, *, fallback: str = "value") -> str:
    """``fromObjectType`` -> ``from_object_type``; keywords get a trailing underscore."""
    words = [word.lower() for word in _ascii_words(name)]
    result = "_".join(words) or fallback
    if result[0].isdigit():
        result = f"{fallback}_{result}"
    return _finished(result)


def pascal_case(name: str, *, fallback: str = "Model") -> str:
    """``public-object_id`` -> ``PublicObjectId``; leading capitals of each word are kept."""
    words = _ascii_words(name)
    result = "".join(word[:1].upper() + word[1:] for word in words) or fallback
    if result[0].isdigit():
        result = f"{fallback}{result}"
    return _finished(result)


def constant_case(name: str, *, fallback: str = "VALUE") -> str:
    """``contact-to-company`` -> ``CONTACT_TO_COMPANY`` for enum members."""
    result = "_".join(word.upper() for word in _ascii_words(name)) or fallback
    if result[0].isdigit():
        result = f"{fallback}_{result}"
    return _finished(result)


BUILTIN_NAMES = frozenset(dir(builtins))
# Rename warnings quote the spec's name; a name of thousands of characters is cut short there.
MAX_SHOWN_NAME = 80


def _shown(original: str) -> str:
    if len(original) <= MAX_SHOWN_NAME:
        return original
    return original[: MAX_SHOWN_NAME - 3] + "..."


class NameRegistry:
    """Hands out unique names within one namespace, in request order, recording every rename."""

    def __init__(self, reserved: Iterable[str] = (), *, casefold: bool = False) -> None:
        self._casefold = casefold
        self._taken: set[str] = {self._key(name) for name in reserved}
        self.renames: list[tuple[str, str, str]] = []
        # Where each renamed name was asked for, when the caller said (a spec location).
        self.places: dict[str, Any] = {}

    def _key(self, name: str) -> str:
        # Class names become module-level files and exports; case-only differences would
        # collide on case-insensitive filesystems and confuse readers, so they count as equal.
        return name.casefold() if self._casefold else name

    def claim(
        self,
        wanted: str,
        *,
        original: str,
        suffix_separator: str = "_",
        record: bool = True,
        where: Any = None,
    ) -> str:
        """``wanted``, or it with the first free number; ``record=False`` leaves a rename
        for the caller to report (or not, when the name ends up unused)."""
        name = wanted
        number = 2
        while self._key(name) in self._taken:
            name = f"{wanted}{suffix_separator}{number}"
            number += 1
        self._taken.add(self._key(name))
        if name != wanted and record:
            self.renames.append((_shown(original), wanted, name))
            if where is not None:
                self.places[name] = where
        return name

    def reserve(self, name: str) -> None:
        self._taken.add(self._key(name))
