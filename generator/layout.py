"""Bracketed code laid out the way black leaves it, decided by length.

A display or call goes on one line when that line fits black's limit; otherwise each item goes
on a line of its own and the last one gets a trailing comma, which black reads as "keep this
exploded" (its magic trailing comma). Either way black has nothing to change, so formatting
can skip the statement (see :mod:`generator.canonical`).
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.canonical import LINE_LENGTH
from generator.untrusted import Code

INDENT = 4


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
