"""generate writes only into a directory of its own, and never deletes a file it did not write."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.buildstep.conftest import Installed, Project

PACKAGE_DIR = "client/openapi"


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    """The one error line of a refusal, checked to be exit 2 without a traceback."""
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def _generate(installed: Installed, project: Project, *options: str) -> str:
    result = installed.run("generate", *options, cwd=project.root)
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.mark.parametrize(
    ("output", "named"),
    [
        (".", "output . is or contains the project root"),
        ("..", "output .. is or contains the project root"),
        ("src", "output src is not empty and apiwright did not write it (it holds app/)"),
        ("api", "output api is or contains the spec"),
        (".git/generated", "output .git/generated is inside a .git directory"),
    ],
)
def test_a_directory_holding_other_work_is_refused_and_left_alone(
    installed: Installed, project: Project, output: str, named: str
) -> None:
    project.configure(f'[tool.apiwright]\nspec = "api/openapi.yaml"\noutput = "{output}"\n')
    before = project.snapshot()
    line = _refused(installed.run("generate", cwd=project.root))
    assert named.replace("is or contains the spec", "contains the spec (openapi.yaml)") in line
    assert project.snapshot() == before


def test_the_templates_and_their_directory_are_refused(
    installed: Installed, project: Project
) -> None:
    (project.root / "tpl" / "mine").mkdir(parents=True)
    (project.root / "tpl" / "mine" / "README.md.jinja").write_text("x\n")
    for output, templates, problem in (
        ("tpl", "tpl/mine", "contains the templates"),
        ("tpl/mine/out", "tpl/mine", "is inside the templates directory"),
    ):
        before = project.snapshot()
        result = installed.run(
            "generate",
            "--spec",
            "api/openapi.yaml",
            "--output",
            output,
            "--templates",
            templates,
            cwd=project.root,
        )
        assert problem in _refused(result)
        assert project.snapshot() == before


def test_a_file_as_output_is_refused(installed: Installed, project: Project) -> None:
    (project.root / "client").write_text("not a directory\n")
    assert "is a file, not a directory" in _refused(installed.run("generate", cwd=project.root))


def test_missing_and_empty_directories_are_written(installed: Installed, project: Project) -> None:
    project.configure('[tool.apiwright]\nspec = "api/openapi.yaml"\noutput = "gen/deep/client"\n')
    _generate(installed, project)
    assert (project.root / "gen/deep/client/openapi/models.py").is_file()
    (project.root / "empty").mkdir()
    _generate(installed, project, "--spec", "api/openapi.yaml", "--output", "empty")
    assert (project.root / "empty/.apiwright-manifest.json").is_file()


def test_unknown_files_and_build_output_are_kept_and_check_reports_strays(
    installed: Installed, project: Project
) -> None:
    _generate(installed, project)
    client = project.root / "client"
    (client / "dist").mkdir()
    (client / "dist" / "openapi-3.0.0-py3-none-any.whl").write_bytes(b"PK\x03\x04 a wheel")
    assert installed.run("check", cwd=project.root).returncode == 0
    (client / "NOTES.md").write_text("our notes\n")
    (client / "openapi" / "extra.py").write_text("ANSWER = 42\n")
    warned = _generate(installed, project)
    assert "kept 2 file(s)" in warned and "NOTES.md" in warned and "openapi/extra.py" in warned
    assert (client / "dist" / "openapi-3.0.0-py3-none-any.whl").read_bytes().endswith(b"wheel")
    assert (client / "NOTES.md").read_text() == "our notes\n"
    assert (client / "openapi" / "extra.py").read_text() == "ANSWER = 42\n"
    check = installed.run("check", cwd=project.root)
    assert check.returncode == 1
    assert "stray: client/NOTES.md" in check.stderr
    assert "stray: client/openapi/extra.py" in check.stderr


def test_files_the_last_run_wrote_are_removed_unless_edited_since(
    installed: Installed, project: Project
) -> None:
    _generate(installed, project, "--package", "first")
    client = project.root / "client"
    written = [p for p in client.rglob("*") if p.is_file() and p.parent.name == "first"]
    (client / "first" / "models.py").write_text("# our edit\n")
    (client / "first" / "notes.txt").write_text("ours\n")
    result = installed.run("generate", "--package", "second", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert f"{len(written) - 1} removed" in result.stdout, result.stdout
    assert sorted(p.name for p in (client / "first").iterdir()) == ["models.py", "notes.txt"]
    assert "first/models.py" in result.stderr and "first/notes.txt" in result.stderr
    assert (client / "second" / "models.py").is_file()
    assert installed.run("check", "--package", "second", cwd=project.root).returncode == 1


def test_a_file_in_the_way_is_refused_before_anything_is_written(
    installed: Installed, project: Project
) -> None:
    _generate(installed, project)
    (project.root / "client" / "renamed").mkdir()
    (project.root / "client" / "renamed" / "models.py").write_text("# the team's models\n")
    before = project.snapshot()
    line = _refused(installed.run("generate", "--package", "renamed", cwd=project.root))
    assert "renamed/models.py is in the way and apiwright did not write it" in line
    assert project.snapshot() == before


def test_an_output_holding_a_repository_is_refused(installed: Installed, project: Project) -> None:
    _generate(installed, project)
    (project.root / "client" / "vendored" / ".git").mkdir(parents=True)
    before = project.snapshot()
    line = _refused(installed.run("generate", cwd=project.root))
    assert "holds a git repository (vendored/.git)" in line
    assert project.snapshot() == before


def test_an_output_holding_a_file_the_spec_refers_to_is_refused(
    installed: Installed, project: Project
) -> None:
    _generate(installed, project)
    spec = project.spec.read_text()
    (project.root / "client" / "ids.yaml").write_text("PublicObjectId:\n  type: object\n")
    project.spec.write_text(
        spec.replace(
            "'#/components/schemas/PublicObjectId'", "'../client/ids.yaml#/PublicObjectId'"
        )
    )
    before = project.snapshot()
    line = _refused(installed.run("generate", cwd=project.root))
    assert "output client contains ids.yaml, which the spec refers to" in line, line
    assert project.snapshot() == before


def test_a_regenerated_tree_leaves_no_temporary_files(
    installed: Installed, project: Project
) -> None:
    _generate(installed, project)
    project.spec.write_text(project.spec.read_text().replace("Create a batch", "Make a batch"))
    result = installed.run("generate", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert "Make a batch" in (project.root / "client/openapi/_client.py").read_text()
    leftovers = [p for p in (project.root / "client").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    assert installed.run("check", "--no-cache", cwd=project.root).returncode == 0


def test_one_refused_target_leaves_every_target_untouched(
    installed: Installed, project: Project
) -> None:
    project.configure(
        '[[tool.apiwright.targets]]\nspec = "api/openapi.yaml"\noutput = "first"\n\n'
        '[[tool.apiwright.targets]]\nspec = "api/openapi.yaml"\noutput = "src"\n'
    )
    before = project.snapshot()
    line = _refused(installed.run("generate", cwd=project.root))
    assert line.startswith("error: output src is not empty"), line
    assert project.snapshot() == before


def test_an_output_holding_another_targets_spec_is_refused(
    installed: Installed, project: Project
) -> None:
    (project.root / "clients").mkdir()
    (project.root / "clients" / "other.yaml").write_text(project.spec.read_text())
    project.configure(
        '[[tool.apiwright.targets]]\nspec = "api/openapi.yaml"\noutput = "clients"\n\n'
        '[[tool.apiwright.targets]]\nspec = "clients/other.yaml"\noutput = "other"\n'
    )
    before = project.snapshot()
    line = _refused(installed.run("generate", cwd=project.root))
    assert line.startswith("error: output clients contains the spec (other.yaml)"), line
    assert project.snapshot() == before


def test_nothing_is_written_or_removed_through_a_symbolic_link(
    installed: Installed, project: Project, tmp_path: Path
) -> None:
    _generate(installed, project)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "models.py").write_text("# not the generator's\n")
    package = project.root / "client" / "openapi"
    for path in package.iterdir():
        path.unlink()
    package.rmdir()
    package.symlink_to(elsewhere, target_is_directory=True)
    line = _refused(installed.run("generate", cwd=project.root))
    assert "openapi/" in line and "is in the way" in line, line
    assert [p.name for p in elsewhere.iterdir()] == ["models.py"]
