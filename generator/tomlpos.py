"""Where a key or table sits in a TOML file, so configuration errors can name a line.

``tomllib`` returns plain data without positions. This scanner reads the text once more and
follows table headers and (dotted) keys line by line; it is good enough to locate what a
``pyproject.toml`` writes by hand. When it cannot tell, the caller reports the file alone.
"""

from __future__ import annotations

import re

Path_ = tuple[str | int, ...]

_NAME = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)"""
_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(rf"^\s*({_NAME}(?:\s*\.\s*{_NAME})*)\s*=")
_PART = re.compile(rf"\s*({_NAME})\s*(?:\.|$)")


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(match.group(1).strip("\"'") for match in _PART.finditer(dotted))


def lines_by_path(text: str) -> dict[Path_, int]:
    """Every table header and key in ``text``, by its full path, with its 1-based line.

    An array of tables contributes its index: the second ``[[tool.x.targets]]`` is
    ``("tool", "x", "targets", 1)``. The first line wins when a path repeats.
    """
    found: dict[Path_, int] = {}
    arrays: dict[tuple[str, ...], int] = {}
    current: Path_ = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header is not None and not _KEY.match(line):
            names = _parts(header.group(2))
            if header.group(1) == "[[":
                index = arrays.get(names, -1) + 1
                arrays[names] = index
                current = (*_with_indexes(names, arrays), index)
            else:
                current = _with_indexes(names, arrays)
            found.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key is not None:
            found.setdefault((*current, *_parts(key.group(1))), number)
    return found


def _with_indexes(names: tuple[str, ...], arrays: dict[tuple[str, ...], int]) -> Path_:
    """``names`` with the current index after every array of tables it passes through."""
    path: list[str | int] = []
    for depth in range(1, len(names) + 1):
        path.append(names[depth - 1])
        prefix = names[:depth]
        if prefix in arrays and depth < len(names):
            path.append(arrays[prefix])
    return tuple(path)


def line_of(text: str, path: Path_) -> int | None:
    """The line of ``path``, or of the first header or key below it; None when not found."""
    lines = lines_by_path(text)
    if path in lines:
        return lines[path]
    below = [line for found, line in lines.items() if found[: len(path)] == path]
    return min(below) if below else None
