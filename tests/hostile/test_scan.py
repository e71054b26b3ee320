"""The static scan itself: clean on the committed package, and it sees injected code."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.scan import scan_package, scan_sources

COMMITTED_PACKAGE = Path(__file__).resolve().parents[2] / "generated" / "hubspot_associations"

INJECTIONS = {
    "dunder import": ("models.py", "__import__('os').system('touch x')"),
    "builtin eval": ("models.py", "eval('1 + 1')"),
    "builtin open": ("models.py", "open('x', 'w')"),
    "module import": ("models.py", "import subprocess"),
    "from import": ("models.py", "from os import system"),
    "module attribute": ("_client_base.py", "os.system('touch x')"),
    "dunder walk": ("models.py", "().__class__.__base__.__subclasses__()"),
    "getattr dunder": ("models.py", "getattr(_rt, '__builtins__')"),
    "getattr computed": ("models.py", "getattr(_rt, 'sys' + 'tem')"),
    "relative import": ("models.py", "from ._codec import system"),
    "package attribute": ("_client.py", "_rt.system"),
}


def test_the_committed_package_scans_clean() -> None:
    assert scan_package(COMMITTED_PACKAGE) == []


@pytest.mark.parametrize("name", sorted(INJECTIONS))
def test_the_scan_reports_injected_code(name: str) -> None:
    file_name, statement = INJECTIONS[name]
    sources = {
        path.stem: path.read_text(encoding="utf-8") for path in COMMITTED_PACKAGE.glob("*.py")
    }
    module = file_name.removesuffix(".py")
    sources[module] += f"\n{statement}\n"
    problems = scan_sources(sources)
    assert problems, statement
    assert all(problem.startswith(f"{file_name}:") for problem in problems)
