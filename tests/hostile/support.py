"""Running the generator as its users do, and reading what it wrote."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Only a guard against a hang; nothing here asserts speed.
RUN_TIMEOUT_SECONDS = 120

ERROR_LINE = re.compile(r"error: (?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)")


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return self.stderr.splitlines()


def run_generator(*arguments: str | Path, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """``python -m generator ...`` in a subprocess: real exit codes, real stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *(str(argument) for argument in arguments)],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=RUN_TIMEOUT_SECONDS,
        env={**os.environ, **(env or {})},
    )
    return Run(result.returncode, result.stdout, result.stderr)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every entry under ``root`` (directories as None), to compare a tree before and after."""
    if not root.exists():
        return {}
    entries: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        entries[key] = path.read_bytes() if path.is_file() else None
    return entries


def python_sources(package_dir: Path) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8") for path in sorted(package_dir.glob("*.py"))
    }


def string_constants(sources: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def docstrings(sources: Iterable[str]) -> list[str]:
    """Module, class, function and attribute docstrings: every bare string statement."""
    found: list[str] = []
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                found.append(node.value.value)
    return found


def words(text: str) -> str:
    """Text as its words: how prose is compared once a docstring has been escaped and reflowed.

    Characters that cannot appear in a docstring (controls, line and paragraph separators)
    count as spaces.
    """
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())
