"""The installed distribution is the import package apiwright, and nothing else."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from tests.buildstep.conftest import ROOT, SPEC, Installed, Project, clean_environment


def test_the_wheel_holds_the_apiwright_package_only(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"apiwright", "apiwright-0.1.0.dist-info"}, tops
    # Every source and data file of generator/ and templates/ ships, under apiwright/.
    expected = {
        "apiwright/" + path.relative_to(ROOT / "generator").as_posix()
        for path in (ROOT / "generator").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    } | {
        "apiwright/templates/" + path.relative_to(ROOT / "templates").as_posix()
        for path in (ROOT / "templates").rglob("*")
        if path.is_file()
    }
    assert expected <= set(names), sorted(expected - set(names))
    entry_points = zipfile.ZipFile(installed.wheel).read(
        "apiwright-0.1.0.dist-info/entry_points.txt"
    )
    assert b"apiwright = apiwright.cli:main" in entry_points


def test_nothing_named_generator_is_installed(installed: Installed) -> None:
    site = installed.site_packages()
    assert (site / "apiwright" / "cli.py").is_file()
    assert not (site / "generator").exists()
    located = installed.python_output(
        "import apiwright.render as r; print(r.builtin_templates_dir())"
    )
    assert Path(located) == site / "apiwright" / "templates"


def test_a_project_with_its_own_generator_package_is_checked_by_apiwright(
    installed: Installed, project: Project
) -> None:
    own = project.root / "generator"
    own.mkdir()
    (own / "__init__.py").write_text("")
    (own / "__main__.py").write_text("open('ran-the-wrong-generator', 'w').close()\n")
    assert installed.run("generate", cwd=project.root).returncode == 0
    models = project.root / "client" / "openapi" / "models.py"
    models.write_text(models.read_text() + "# edited\n")
    for command in (
        [installed.script, "check"],
        [installed.python, "-m", "apiwright", "check"],
    ):
        result = subprocess.run(
            command, cwd=project.root, env=clean_environment(), capture_output=True, text=True
        )
        assert result.returncode == 1, result.stderr
        assert "changed: client/openapi/models.py" in result.stderr
        assert result.stderr.strip().splitlines()[-1].endswith("run: apiwright generate")
    assert not (project.root / "ran-the-wrong-generator").exists()
    version = subprocess.run(
        [installed.python, "-m", "apiwright", "--version"],
        cwd=project.root,
        env=clean_environment(),
        capture_output=True,
        text=True,
    )
    assert version.stdout.strip() == "apiwright 0.1.0"


def test_the_installed_generator_writes_what_is_committed(
    installed: Installed, tmp_path: Path
) -> None:
    """Run in a project laid out like this repository, it writes generated/ byte for byte."""
    project = tmp_path / "same-layout"
    (project / "spec").mkdir(parents=True)
    shutil.copy(SPEC, project / "spec" / SPEC.name)
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    result = installed.run("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    assert installed.run("check", "--no-cache", cwd=ROOT).returncode == 0

    def tree(directory: Path) -> dict[str, bytes]:
        return {
            path.relative_to(directory).as_posix(): path.read_bytes()
            for path in directory.rglob("*")
            if path.is_file()
            and ".apiwright-cache" not in path.parts
            and "__pycache__" not in path.parts
            and ".egg-info" not in str(path)
        }

    assert tree(project / "generated") == tree(ROOT / "generated")


def test_another_distribution_with_a_generator_package_changes_nothing(
    installed: Installed, project: Project, tmp_path: Path
) -> None:
    """Two distributions that both ship a top-level generator/ overwrite each other's files;
    apiwright ships none, so installing such a tool beside it leaves apiwright intact."""
    other = tmp_path / "other-tool"
    (other / "generator").mkdir(parents=True)
    (other / "generator" / "__init__.py").write_text("")
    (other / "generator" / "cli.py").write_text("def main() -> int:\n    return 0\n")
    (other / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        '[project]\nname = "other-tool"\nversion = "1.0"\n\n'
        '[tool.hatch.build.targets.wheel]\npackages = ["generator"]\n'
    )
    pip = [installed.python, "-m", "pip", "--disable-pip-version-check"]
    wheels = tmp_path / "wheels"
    subprocess.run(
        [*pip, "wheel", "--quiet", "--no-deps", "-w", wheels, other],
        check=True,
        env=clean_environment(),
        timeout=300,
    )
    subprocess.run(
        [*pip, "install", "--quiet", "--no-deps", *wheels.glob("*.whl")],
        check=True,
        env=clean_environment(),
        timeout=300,
    )
    try:
        assert installed.run("generate", cwd=project.root).returncode == 0
        models = project.root / "client" / "openapi" / "models.py"
        models.write_text(models.read_text() + "# edited\n")
        check = installed.run("check", cwd=project.root)
        assert check.returncode == 1 and "changed: client/openapi/models.py" in check.stderr
    finally:
        subprocess.run(
            [*pip, "uninstall", "--quiet", "--yes", "other-tool"],
            check=True,
            env=clean_environment(),
            timeout=300,
        )
    assert (installed.site_packages() / "apiwright" / "cli.py").is_file()
