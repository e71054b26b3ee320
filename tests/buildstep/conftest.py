"""The generator as a team's build step: a wheel built from this checkout, installed once per
test session into a fresh virtual environment, and driven through its console script in fresh
temporary projects."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "hubspot-crm-associations-v3.yaml"
BIN = "Scripts" if os.name == "nt" else "bin"


@dataclass(frozen=True)
class Installed:
    """apiwright installed from a wheel into its own virtual environment."""

    environment: Path
    wheel: Path

    @property
    def python(self) -> Path:
        return self.environment / BIN / "python"

    @property
    def script(self) -> Path:
        return self.environment / BIN / "apiwright"

    def site_packages(self) -> Path:
        return Path(self.python_output("import sysconfig; print(sysconfig.get_paths()['purelib'])"))

    def python_output(self, code: str, cwd: Path | None = None) -> str:
        result = subprocess.run(
            [self.python, "-c", code],
            cwd=cwd or self.environment,
            env=clean_environment(),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout.strip()

    def run(self, *arguments: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        """``apiwright ARGUMENTS`` in ``cwd``, as a user types it."""
        return subprocess.run(
            [self.script, *(str(argument) for argument in arguments)],
            cwd=cwd,
            env=clean_environment(),
            capture_output=True,
            text=True,
            timeout=300,
        )


def clean_environment() -> dict[str, str]:
    """The caller's environment without what would let the checkout leak into the install."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "APIWRIGHT_DEBUG", "PYTHONHOME")
    }


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    if os.environ.get("APIWRIGHT_SKIP_WHEEL") == "1":
        pytest.skip("APIWRIGHT_SKIP_WHEEL=1: no wheel is built in this run")
    started = time.perf_counter()
    base = tmp_path_factory.mktemp("installed")
    wheels = base / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, ROOT],
        check=True,
        timeout=300,
        env=clean_environment(),
    )
    wheel = next(wheels.glob("apiwright-*.whl"))
    environment = base / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    subprocess.run(
        [environment / BIN / "python", "-m", "pip", "install", "--quiet", wheel],
        check=True,
        timeout=600,
        env={**clean_environment(), "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    print(f"\nbuildstep: wheel built and installed in {time.perf_counter() - started:.1f}s")
    yield Installed(environment=environment, wheel=wheel)


@dataclass(frozen=True)
class Project:
    """A team's project: a git repository with its own code, a spec and a pyproject.toml."""

    root: Path

    @property
    def spec(self) -> Path:
        return self.root / "api" / "openapi.yaml"

    def configure(self, table: str) -> None:
        (self.root / "pyproject.toml").write_text(
            '[project]\nname = "team-app"\nversion = "1.0"\n\n' + table
        )

    def snapshot(self) -> dict[str, bytes | None]:
        """Every file (bytes) and directory (None) in the project, .git included."""
        found: dict[str, bytes | None] = {}
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root).as_posix()
            found[relative] = path.read_bytes() if path.is_file() else None
        return found


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "team-app"
    (root / "api").mkdir(parents=True)
    shutil.copy(SPEC, root / "api" / "openapi.yaml")
    (root / "src" / "app").mkdir(parents=True)
    (root / "src" / "app" / "main.py").write_text('print("the team\'s own code")\n')
    if shutil.which("git"):
        subprocess.run(["git", "init", "--quiet", root], check=True)
    else:  # the refusals only look for the directory
        (root / ".git").mkdir()
        (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    made = Project(root)
    made.configure('[tool.apiwright]\nspec = "api/openapi.yaml"\noutput = "client"\n')
    return made
