"""The generator as a consuming team installs it: from a wheel, configured in pyproject.toml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.generator.helpers import ROOT, SPEC, run_generator, snapshot


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


@pytest.mark.skipif(os.environ.get("APIWRIGHT_SKIP_WHEEL") == "1", reason="disabled by env")
def test_a_wheel_built_from_the_repo_generates_in_a_fresh_venv(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, ROOT],
        check=True,
        timeout=300,
    )
    wheel = next(wheels.glob("apiwright-*.whl"))
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel],
        check=True,
        timeout=600,
    )
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    output = workdir / "out"
    result = subprocess.run(
        [
            environment / "bin" / "apiwright",
            "generate",
            "--spec",
            SPEC,
            "--output",
            output,
            "--package",
            "hubspot_associations",
        ],
        cwd=ROOT,  # so the spec is labelled as in the committed output; the script ignores cwd
        capture_output=True,
        text=True,
        timeout=300,
        env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"},
    )
    assert result.returncode == 0, result.stderr
    located = subprocess.run(
        [python, "-c", "import generator.render as r; print(r.builtin_templates_dir())"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert located.startswith(str(environment)), located
    generated = snapshot(output)
    committed = snapshot(ROOT / "generated")
    assert generated.keys() == committed.keys()
    for path in generated:
        if path != ".apiwright-manifest.json":
            assert generated[path] == committed[path], path
