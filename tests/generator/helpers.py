"""Running the generator as users do: a subprocess with real exit codes and output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "hubspot-crm-associations-v3.yaml"


def run_generator(
    *arguments: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "generator", *(str(a) for a in arguments)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` with its bytes (caches aside), to compare trees."""
    from generator.output import existing_files

    return existing_files(directory)


def committed_project(directory: Path) -> Path:
    """A project laid out and configured like this repository, so that ``generate`` run in it
    writes what is committed in generated/ (headers name the options a run was given)."""
    import shutil

    project = directory / "project"
    (project / "spec").mkdir(parents=True)
    shutil.copy(SPEC, project / "spec" / SPEC.name)
    (project / "pyproject.toml").write_text(
        "[tool.apiwright]\n"
        f'spec = "spec/{SPEC.name}"\noutput = "generated"\npackage = "hubspot_associations"\n'
    )
    return project
