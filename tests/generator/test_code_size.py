"""Issue 12's limits on the generator's own code: no class over 400 lines, no function over 80.

Run as a script to see the largest of each: ``python -m tests.generator.test_code_size``.
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[2] / "generator"
MAX_CLASS_LINES = 400
MAX_FUNCTION_LINES = 80


def _sizes() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(lines, where) of every class and of every function or method, largest first."""
    classes: list[tuple[int, str]] = []
    functions: list[tuple[int, str]] = []
    for path in sorted(GENERATOR.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        module = path.relative_to(GENERATOR).as_posix()
        for node in ast.walk(tree):
            if not isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = (node.end_lineno or node.lineno) - first + 1
            entry = (lines, f"{module}:{node.lineno} {node.name}")
            (classes if isinstance(node, ast.ClassDef) else functions).append(entry)
    return sorted(classes, reverse=True), sorted(functions, reverse=True)


def test_no_class_is_over_the_limit() -> None:
    classes, _ = _sizes()
    assert classes, "no classes found: is GENERATOR right?"
    too_big = [entry for entry in classes if entry[0] > MAX_CLASS_LINES]
    assert not too_big, too_big


def test_no_function_is_over_the_limit() -> None:
    _, functions = _sizes()
    assert functions, "no functions found: is GENERATOR right?"
    too_big = [entry for entry in functions if entry[0] > MAX_FUNCTION_LINES]
    assert not too_big, too_big


if __name__ == "__main__":
    classes, functions = _sizes()
    for title, entries in (("classes", classes), ("functions", functions)):
        print(f"largest {title}:")
        for lines, where in entries[:5]:
            print(f"  {lines:4d}  {where}")
