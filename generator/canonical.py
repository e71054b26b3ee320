"""Which statements of a module rendered in black's style black might still change.

The built-in templates render Python the way black would print it: exploded collections carry
magic trailing commas, blank lines follow black's rules, and docstrings are shaped as black
shapes them (``untrusted.docstring``). What a template cannot control is what the spec
supplies: a long name can push a line past black's limit, a string holding double quotes
makes black choose single quotes, non-ASCII text is measured by display width. A statement
with such a line goes to black; every other statement is kept as rendered.

black formats a top-level statement, or a member of a top-level class, the same way
whatever its neighbours (blank lines before it aside, and those the templates set), so
formatting only the doubtful statements yields the file that formatting the whole would.
``tests/generator/test_canonical.py`` compares the two over every spec the project has.
"""

from __future__ import annotations

import ast
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

LINE_LENGTH = 88
# A comment line that starts each statement in the batch given to black; the statements are
# cut apart again at these lines. A module that already holds one is formatted whole.
_MARKER = "# apiwright-statement "
# Wraps a class member so that black sees it at its real depth.
_MEMBER_WRAPPER = "class _:\n"
# Comments that switch black off or on change how the rest of a file is read: such a file is
# formatted whole, never in pieces.
_FORMATTER_DIRECTIVES = ("fmt:", "yapf:")


@dataclass(frozen=True)
class _Statement:
    first: int  # index of its first line, decorators included
    end: int  # index one past its last line
    member: bool  # a member of a top-level class, indented one level


# An item of an exploded bracket that black cannot split further: a name, a dotted name or a
# string, perhaps after a keyword, then a comma. black leaves such a line long.
_UNSPLITTABLE_ITEM = re.compile(
    r' +(?:[A-Za-z_][A-Za-z0-9_]*=)?(?:[A-Za-z_][A-Za-z0-9_.]*|"(?:[^"\\]|\\.)*"),\Z'
)


def _doubtful(line: str) -> bool:
    """Whether black might print this line (without its newline) differently."""
    return (
        (len(line) > LINE_LENGTH and not _UNSPLITTABLE_ITEM.match(line))
        or not line.isascii()
        or '\\"' in line
        or "\t" in line
        or line.endswith(" ")
    )


def _is_string_statement(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _first_line(node: ast.stmt, offset: int) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", None) or []
    return min([node.lineno, *(decorator.lineno for decorator in decorators)]) - 1 + offset


def _end_line(node: ast.stmt, offset: int) -> int:
    return (node.end_lineno if node.end_lineno is not None else node.lineno) + offset


def _string_lines(node: ast.stmt, offset: int) -> range:
    """Lines of a docstring-like statement: black never rewraps them, and
    ``untrusted.docstring`` already gives them black's shape."""
    return range(node.lineno - 1 + offset, _end_line(node, offset))


def _docstring_lines(node: ast.stmt, offset: int) -> range:
    body = getattr(node, "body", None)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and body:
        if _is_string_statement(body[0]):
            return _string_lines(body[0], offset)
    return range(0)


def _has_doubtful_line(lines: list[str], first: int, end: int, exempt: range) -> bool:
    return any(_doubtful(lines[index]) for index in range(first, end) if index not in exempt)


# A module is parsed a piece of about this many lines at a time: the syntax tree of a whole
# 100,000-line module takes hundreds of megabytes, a piece's a few.
PIECE_LINES = 2_000
# Lines that cannot start a statement of their own at the top level (nor can a line after a
# decorator).
_CONTINUATIONS = ("else", "elif", "except", "finally", ")", "]", "}", "#")


def _may_start_statement(lines: list[str], index: int) -> bool:
    """Whether a top-level statement might begin at ``lines[index]`` (a parse decides)."""
    line = lines[index]
    if not line or line[0] in " \t\f" or line.startswith(_CONTINUATIONS):
        return False
    previous = lines[index - 1] if index else ""
    return not previous.startswith("@") and not previous.endswith("\\")


def _top_level(lines: list[str]) -> Iterator[tuple[ast.stmt, int]]:
    """The module's top-level statements, each with the index of the line its piece starts
    at (its line numbers count from there), parsed piece by piece.

    A piece ends where a line starts at column 0 and the piece parses as a module of its
    own. At such a line the tokenizer of the whole module is outside every string, bracket
    and continuation (else the piece would not parse), so the whole module is exactly its
    pieces' statements one after another. Raises SyntaxError for invalid code."""
    start = 0
    while start < len(lines):
        size = PIECE_LINES
        while True:
            end = start + size
            while end < len(lines) and not _may_start_statement(lines, end):
                end += 1
            end = min(end, len(lines))
            try:
                tree = ast.parse("\n".join(lines[start:end]) + "\n")
            except SyntaxError:
                if end < len(lines):
                    size *= 2  # a statement longer than it looked: take a larger piece
                    continue
                if start == 0:
                    raise
                # Said of the whole module, so that its line is the module's.
                ast.parse("\n".join(lines) + "\n")
                raise
            break
        for node in tree.body:
            yield node, start
        del tree
        start = end


def _statements(lines: list[str]) -> list[_Statement] | None:
    """Doubtful top-level statements and class members, or None when the file must be
    formatted whole (a doubtful line outside every statement)."""
    doubtful: list[_Statement] = []
    covered = 0
    for node, offset in _top_level(lines):
        first = _first_line(node, offset)
        end = _end_line(node, offset)
        if _has_doubtful_line(lines, covered, first, range(0)):
            return None  # a comment black might change, between statements
        covered = end
        if _is_string_statement(node):
            continue
        if not isinstance(node, ast.ClassDef) or not node.body:
            if _has_doubtful_line(lines, first, end, _docstring_lines(node, offset)):
                doubtful.append(_Statement(first, end, member=False))
            continue
        header_end = _first_line(node.body[0], offset)
        members: list[_Statement] = []
        member_covered = header_end
        whole_class = _has_doubtful_line(lines, first, header_end, range(0))
        for member in node.body:
            if whole_class:
                break
            member_first = _first_line(member, offset)
            member_end = _end_line(member, offset)
            if _has_doubtful_line(lines, member_covered, member_first, range(0)):
                whole_class = True
            member_covered = member_end
            if _is_string_statement(member):
                continue
            if _has_doubtful_line(
                lines, member_first, member_end, _docstring_lines(member, offset)
            ):
                members.append(_Statement(member_first, member_end, member=True))
        if whole_class:
            doubtful.append(_Statement(first, end, member=False))
        else:
            doubtful.extend(members)
    if _has_doubtful_line(lines, covered, len(lines), range(0)):
        return None
    return doubtful


@dataclass(frozen=True)
class Plan:
    """A module kept as rendered but for its doubtful statements, which black formats."""

    source: str
    # Where each line starts in ``source``, and (last) its length: the module is sliced by
    # line, never held as a list of lines (on a 100,000-line module, some 10 MB).
    starts: array[int]
    doubtful: tuple[_Statement, ...]

    def text(self, first: int, end: int) -> str:
        """Lines ``first`` to ``end`` (exclusive), each with its newline."""
        return self.source[self.starts[first] : self.starts[end]]

    def batch(self) -> str:
        """One module holding every doubtful statement, each after a marker line."""
        return "\n\n".join(self._parts())

    def batches(self, size: int) -> list[str]:
        """:meth:`batch` cut into modules of about ``size`` characters (a statement is never
        cut): black's memory grows with the module it formats, and the statements are
        formatted alike apart. :meth:`assemble` takes black's output of them joined."""
        groups: list[list[str]] = []
        length = size
        for part in self._parts():
            if length + len(part) > size:
                groups.append([])
                length = 0
            groups[-1].append(part)
            length += len(part)
        return ["\n\n".join(group) for group in groups]

    def _parts(self) -> list[str]:
        parts: list[str] = []
        for number, statement in enumerate(self.doubtful):
            text = self.text(statement.first, statement.end)
            wrapper = _MEMBER_WRAPPER if statement.member else ""
            parts.append(f"{_MARKER}{number}\n{wrapper}{text}")
        return parts

    def assemble(self, formatted_batch: str) -> str:
        """The module with each doubtful statement replaced by black's version of it."""
        formatted = _split_batch(formatted_batch, len(self.doubtful))
        out: list[str] = []
        position = 0
        for statement, replacement in zip(self.doubtful, formatted, strict=True):
            out.append(self.text(position, statement.first))
            if statement.member:
                if not replacement or replacement[0] != _MEMBER_WRAPPER:
                    raise ValueError("black moved a class member out of its wrapper")
                replacement = _strip_blank(replacement[1:])
            out.extend(replacement)
            position = statement.end
        out.append(self.text(position, len(self.starts) - 1))
        return "".join(out)


def _strip_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _split_batch(text: str, count: int) -> list[list[str]]:
    pieces: list[list[str]] = []
    current: list[str] | None = None
    for line in (line + "\n" for line in text.split("\n")[:-1]):
        if line.startswith(_MARKER):
            if line.rstrip("\n") != f"{_MARKER}{len(pieces)}":
                raise ValueError("black reordered the statements of a batch")
            current = []
            pieces.append(current)
        elif current is not None:
            current.append(line)
    if len(pieces) != count:
        raise ValueError("black dropped a statement of a batch")
    return [_strip_blank(piece) for piece in pieces]


def plan(source: str) -> Plan | None:
    """How to format ``source`` (rendered in black's style) by formatting only its doubtful
    statements; None when it must be formatted whole. Raises SyntaxError for invalid code."""
    if _MARKER in source or any(directive in source for directive in _FORMATTER_DIRECTIVES):
        return None
    if not source.endswith("\n") or "\r" in source:
        return None
    # Split on "\n" only, as Python counts lines; str.splitlines would also split on
    # form feeds and other separators.
    bare = source.split("\n")[:-1]
    statements = _statements(bare)
    if statements is None:
        return None
    starts = array("q", [0])
    for line in bare:
        starts.append(starts[-1] + len(line) + 1)
    return Plan(source=source, starts=starts, doubtful=tuple(statements))
