#!/usr/bin/env python3
"""Bootstrap and run the project's two jobs on a machine that has only Python 3.10+.

    python3 .ci/dev.py generate   # regenerate generated/ from the spec
    python3 .ci/dev.py test       # regeneration check, ruff, mypy --strict, pytest

Both create (or refresh) a virtual environment in .venv with the pinned dependencies first.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("APIWRIGHT_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".apiwright-stamp"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", ".ci/hatch_build.py", "generated/pyproject.toml"):
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else b"")
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _run(*command: str | Path) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    result = subprocess.run([str(part) for part in command], cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(result.returncode)


def _pip_install(*arguments: str) -> None:
    _run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *arguments)


def ensure_environment() -> None:
    fingerprint = _fingerprint()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    if not PYTHON.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    _pip_install("-e", ".[dev]")
    if (ROOT / "generated" / "pyproject.toml").exists():
        _pip_install("-e", "./generated")
    STAMP.write_text(fingerprint)


def generate() -> None:
    _run(PYTHON, "-m", "generator", "generate")
    # The generated distribution's metadata may have changed (its version comes from the spec).
    _pip_install("-e", "./generated")
    STAMP.write_text(_fingerprint())


def test(extra: list[str]) -> None:
    _run(PYTHON, "-m", "generator", "check", "--no-cache")
    _run(PYTHON, "-m", "ruff", "check", "generator", "tests", ".ci")
    _run(PYTHON, "-m", "ruff", "check", "--config", "generated/pyproject.toml", "generated")
    _run(PYTHON, "-m", "mypy", "--strict", "generator")
    _run(
        PYTHON,
        "-m",
        "mypy",
        "--strict",
        "--config-file",
        "generated/pyproject.toml",
        "generated/hubspot_associations",
    )
    # CI runs the slow tests too (the real-world corpus); a plain `pytest` skips them.
    _run(PYTHON, "-m", "pytest", "--run-slow", *extra)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("generate", "test", "env"):
        raise SystemExit(__doc__)
    ensure_environment()
    if sys.argv[1] == "generate":
        generate()
    elif sys.argv[1] == "test":
        test(sys.argv[2:])


if sys.version_info < (3, 10):  # noqa: UP036  # this script must explain itself on old Pythons
    raise SystemExit("Python 3.10 or newer is needed")

if __name__ == "__main__":
    main()
