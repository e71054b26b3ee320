"""Bracketed code laid out by length as black leaves it (checked against black itself)."""

from __future__ import annotations

import pytest

from generator.canonical import LINE_LENGTH
from generator.emit.layout import (
    assignment,
    bracketed,
    nested_call,
    one_parameter_def,
    parameter,
    split_at_last_bracket,
)
from generator.formatting import format_python


def _black_keeps(source: str) -> None:
    assert format_python("x.py", source) == source


def test_bracketed_stays_on_one_line_when_it_fits() -> None:
    assert bracketed("f(", ["a", "b"], ")", indent=0) == "f(a, b)"
    assert bracketed("(", ["a"], ")", indent=0, one_tuple=True) == "(a,)"
    assert bracketed("f(", [], ")", indent=0) == "f()"


@pytest.mark.parametrize("indent", [0, 4, 8])
def test_bracketed_explodes_one_item_a_line_when_too_long(indent: int) -> None:
    items = [f"argument_{n}" for n in range(12)]
    text = bracketed("call(", items, ")", indent=indent)
    assert text.splitlines()[1] == " " * (indent + 4) + "argument_0,"
    body = f"{text}\n" if indent == 0 else "if True:\n" + " " * indent + f"{text}\n"
    if indent == 8:
        body = "if True:\n    if True:\n        " + f"{text}\n"
    _black_keeps(body)


def test_before_and_after_count_towards_the_limit() -> None:
    items = ["x" * 30, "y" * 30]
    inline = bracketed("(", items, ")", indent=0)
    assert "\n" not in inline
    assert "\n" in bracketed("(", items, ")", indent=0, before=LINE_LENGTH - len(inline) + 1)


def test_assignment_parenthesises_a_value_too_long_for_the_line() -> None:
    assert assignment("a", "b", indent=0) == "a = b"
    long = assignment("self.value", "client." + "x" * 80, indent=8)
    assert long.splitlines() == ["self.value = (", " " * 12 + "client." + "x" * 80, " " * 8 + ")"]


def test_parameter_with_a_long_annotation() -> None:
    assert parameter("a", "int", "0", indent=8) == "a: int = 0"
    long = parameter("callback", "X" * 90, "None", indent=8)
    assert long.splitlines()[0] == "callback: ("


def test_split_at_last_bracket_and_one_parameter_def() -> None:
    assert split_at_last_bracket("f(", "x", ")") == ("f(x)",)
    head, body, tail = split_at_last_bracket("value = f(", "y" * 80, ")")
    assert (head, body.strip(), tail) == ("value = f(", "y" * 80, ")")
    assert one_parameter_def("f", "d: int", "int") == ("def f(d: int) -> int:",)
    assert len(one_parameter_def("f" * 80, "d: int", "int")) == 3


def test_nested_call_splits_at_each_level_while_too_long() -> None:
    lines = nested_call(
        "_c0 = ", "_rt.OptionalCodec(_rt.ListCodec(_rt.ModelCodec(" + "M" * 60 + ")))", 0
    )
    _black_keeps("\n".join(lines) + "\n")
    assert lines[0] == "_c0 = _rt.OptionalCodec("
