"""A configuration mistake is one located line and exit 2, before anything is written."""

from __future__ import annotations

import pytest

from tests.buildstep.conftest import Installed, Project

TARGETS = """\
[[tool.apiwright.targets]]
spec = "api/openapi.yaml"
output = "{first}"
package = "one"

[[tool.apiwright.targets]]
spec = "api/openapi.yaml"
output = "{second}"
package = "two"
"""


def _error(installed: Installed, project: Project, *options: str) -> str:
    before = project.snapshot()
    result = installed.run("generate", *options, cwd=project.root)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert project.snapshot() == before
    return lines[0]


# The pyproject written by Project.configure starts with three [project] lines and a blank one.
@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            '[tool.apiwright]\nspec = "api/openapi.yaml"\nouput = "client"\n',
            "error: pyproject.toml:7:1: unknown key 'ouput' in [tool.apiwright];"
            " did you mean 'output'?",
        ),
        (
            '[[tool.apiwright.targets]]\nspec = "api/openapi.yaml"\npacakge = "x"\n',
            "error: pyproject.toml:7:1: unknown key 'pacakge' in [tool.apiwright.targets];"
            " did you mean 'package'?",
        ),
        (
            '[[tool.apiwright.target]]\nspec = "api/openapi.yaml"\n',
            "error: pyproject.toml:5:1: unknown table [[tool.apiwright.target]];"
            " did you mean [[tool.apiwright.targets]]?",
        ),
        (
            '[tool.apiwright]\nspec = "api/openapi.yaml"\n\n[tool.apiwright.extras]\nx = 1\n',
            "error: pyproject.toml:8:1: unknown table [tool.apiwright.extras];"
            " known keys: output, package, spec, strict, targets, templates",
        ),
        (
            '[tool.apiwright]\nspec = "api/openapi.yaml"\noutput = 3\n',
            "error: pyproject.toml:7:1: 'output' in [tool.apiwright] must be a string",
        ),
        (
            '[tool.apiwright]\nspec = "api/openapi.yaml"\n\n[[tool.apiwright.targets]]\n'
            'spec = "api/openapi.yaml"\n',
            "error: pyproject.toml:6:1: 'spec' is set in [tool.apiwright] beside"
            " [[tool.apiwright.targets]]: move it into each target",
        ),
        (
            '[tool.apiwright]\nspec = "api/openapi.yaml"\npackage = "json"\n',
            "error: pyproject.toml:7:1: package name 'json' (package) would hide the standard"
            " library's json module; choose another name",
        ),
        (
            TARGETS.format(first="clients", second="clients"),
            "error: pyproject.toml:12:1: targets 1 and 2 both write to clients;"
            " give each target a directory of its own",
        ),
        (
            TARGETS.format(first="clients", second="clients/two"),
            "error: pyproject.toml:12:1: the outputs of targets 1 and 2 nest: clients and"
            " clients/two; give each target a directory of its own",
        ),
    ],
    ids=[
        "misspelled-key",
        "misspelled-target-key",
        "misspelled-table",
        "unknown-table",
        "wrong-type",
        "target-key-beside-targets",
        "stdlib-package",
        "duplicate-outputs",
        "nested-outputs",
    ],
)
def test_configuration_errors_are_located(
    installed: Installed, project: Project, table: str, expected: str
) -> None:
    project.configure(table)
    assert _error(installed, project) == expected


@pytest.mark.parametrize(
    ("package", "problem"),
    [
        ("json", "would hide the standard library's json module"),
        ("typing", "would hide the standard library's typing module"),
        ("datetime", "would hide the standard library's datetime module"),
        ("enum", "would hide the standard library's enum module"),
        ("httpx", "would hide httpx, which the generated client imports"),
        ("anyio", "would hide anyio, which the generated client imports"),
        ("class", "is a Python keyword"),
        ("my-client", "is not a valid Python identifier"),
        ("1client", "is not a valid Python identifier"),
    ],
)
def test_package_names_that_cannot_be_imported_are_refused(
    installed: Installed, project: Project, package: str, problem: str
) -> None:
    line = _error(installed, project, "--package", package)
    assert line.startswith(f"error: package name {package!r} (--package) {problem}"), line


def test_a_package_name_from_the_spec_file_name_says_so(
    installed: Installed, project: Project
) -> None:
    project.spec.rename(project.root / "api" / "json.yaml")
    line = _error(installed, project, "--spec", "api/json.yaml", "--output", "client")
    assert "package name 'json' (from the spec's file name)" in line, line
