"""The generator as a consuming team configures it (the installed wheel: tests/buildstep)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.generator.helpers import ROOT, SPEC, run_generator


def test_several_targets_in_one_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(SPEC, project / "one.yaml")
    shutil.copy(SPEC, project / "two.yaml")
    (project / "pyproject.toml").write_text(
        "[[tool.apiwright.targets]]\n"
        'spec = "one.yaml"\noutput = "clients/one"\npackage = "client_one"\n\n'
        "[[tool.apiwright.targets]]\n"
        'spec = "two.yaml"\noutput = "clients/two"\npackage = "client_two"\n'
    )
    result = run_generator("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 2
    assert (project / "clients/one/client_one/models.py").is_file()
    assert (project / "clients/two/client_two/models.py").is_file()
    assert run_generator("check", cwd=project).returncode == 0
    (project / "clients/two/client_two/models.py").write_text("")
    assert run_generator("check", cwd=project).returncode == 1


def test_pre_commit_hooks_run_the_installed_command() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries["apiwright-check"] == "apiwright check"
    scripts = (ROOT / "pyproject.toml").read_text()
    assert 'apiwright = "apiwright.cli:main"' in scripts


def test_an_editable_install_runs_the_checkout_as_apiwright() -> None:
    """``pip install -e`` (what .ci/dev.py does) cannot rename generator/; its finder maps the
    name apiwright onto it, so the console script runs the code being edited."""
    script = Path(sys.executable).with_name("apiwright")
    if not script.is_file():
        pytest.skip("this environment has no editable install of apiwright")
    located = subprocess.run(
        [sys.executable, "-c", "import apiwright.cli as c, generator; print(c.__file__)"],
        cwd=Path(sys.executable).parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not located.startswith(str(ROOT)):
        pytest.skip(f"apiwright is installed from elsewhere: {located}")
    assert Path(located) == ROOT / "generator" / "cli.py"
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == "apiwright 0.1.0"
