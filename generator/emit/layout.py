"""Bracketed code laid out the way black leaves it, decided by length.

A display or call goes on one line when that line fits black's limit; otherwise each item goes
on a line of its own and the last one gets a trailing comma, which black reads as "keep this
exploded" (its magic trailing comma). Either way black has nothing to change, so formatting
can skip the statement (see :mod:`generator.canonical`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..canonical import LINE_LENGTH
from ..untrusted import Code

INDENT = 4

# bracketed(), assignment() and parameter() return one Code whose continuation lines carry
# their whole indentation; the functions after them return lines relative to the statement's
# own indentation, for templates that print a statement line by line.


def bracketed(
    opening: str,
    items: Sequence[str],
    closing: str,
    *,
    indent: int,
    before: int = 0,
    after: int = 0,
    one_tuple: bool = False,
) -> Code:
    """``opening`` + items + ``closing``, starting ``before`` columns into a line indented by
    ``indent``, with ``after`` more characters following it on the line.

    ``one_tuple`` marks a parenthesised tuple, whose single item needs its comma even inline.
    """
    if not items:
        return Code(f"{opening}{closing}")
    inline_items = ", ".join(items) + ("," if one_tuple and len(items) == 1 else "")
    inline = f"{opening}{inline_items}{closing}"
    if "\n" not in inline and indent + before + len(inline) + after <= LINE_LENGTH:
        return Code(inline)
    inner = " " * (indent + INDENT)
    lines = [opening, *(f"{inner}{item}," for item in items), " " * indent + closing]
    return Code("\n".join(lines))


def assignment(target: str, value: str, *, indent: int) -> Code:
    """``target = value`` on one line when it fits, else with the value in parentheses on a
    line of its own, as black prints an assignment it cannot otherwise split."""
    inline = f"{target} = {value}"
    if indent + len(inline) <= LINE_LENGTH:
        return Code(inline)
    return Code(f"{target} = (\n{' ' * (indent + INDENT)}{value}\n{' ' * indent})")


def parameter(name: str, annotation: str, default: str, *, indent: int) -> Code:
    """``name: annotation = default`` as one parameter line of an exploded signature; a long
    annotation goes in parentheses on a line of its own, as black puts it."""
    inline = f"{name}: {annotation} = {default}"
    if indent + len(inline) + 1 <= LINE_LENGTH:
        return Code(inline)
    pad = " " * indent
    return Code(f"{name}: (\n{pad}    {annotation}\n{pad}) = {default}")


def split_at_last_bracket(
    head: str, body: str, tail: str, indent: int = 8, items: tuple[str, ...] = ()
) -> tuple[Code, ...]:
    """``head + body + tail`` on one line, or split at its last bracket as black does:
    the body on a line of its own if it fits there, else one of ``items`` a line."""
    if indent + len(head) + len(body) + len(tail) <= LINE_LENGTH:
        return (Code(head + body + tail),)
    if not items or indent + 4 + len(body) <= LINE_LENGTH:
        return (Code(head), Code("    " + body), Code(tail))
    return (Code(head), *(Code(f"    {item},") for item in items), Code(tail))


def one_parameter_def(name: str, parameter: str, returns: str) -> tuple[Code, ...]:
    """A one-parameter ``def`` line, or black's split of it (with a trailing comma)."""
    line = f"def {name}({parameter}) -> {returns}:"
    if len(line) <= LINE_LENGTH:
        return (Code(line),)
    return (Code(f"def {name}("), Code(f"    {parameter},"), Code(f") -> {returns}:"))


def _sole_argument(expression: str) -> tuple[str, str] | None:
    """``callee(argument)`` split into its callee and its one argument, if it is that."""
    if not expression.endswith(")") or "(" not in expression:
        return None
    opening = expression.index("(")
    depth = 0
    for char in expression[opening:-1]:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 or (depth == 1 and char == ","):
            return None
    return expression[: opening + 1], expression[opening + 1 : -1]


def nested_call(head: str, expression: str, indent: int) -> tuple[Code, ...]:
    """``head + expression`` as black lays out a call whose one argument is a call:
    split at the outermost brackets, and again inside while a line is too long."""
    if indent + len(head) + len(expression) <= LINE_LENGTH:
        return (Code(head + expression),)
    parts = _sole_argument(expression)
    if parts is None:
        return (Code(head + expression),)
    callee, argument = parts
    inner = nested_call("", argument, indent + 4)
    return (Code(head + callee), *(Code(f"    {line}") for line in inner), Code(")"))
