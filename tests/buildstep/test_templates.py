"""A user's template directory: its mistakes are the user's, reported with file and line."""

from __future__ import annotations

import pytest

from tests.buildstep.conftest import Installed, Project


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{{ header }}\n{{ client.no_such_attribute }}\n",
            "error: overrides/package/_version.py.jinja:2:1: template failed to render:"
            " UndefinedError: 'apiwright.emit.client.ClientView object' has no attribute"
            " 'no_such_attribute'",
        ),
        (
            "{{ header }}\n{% if %}\n",
            "error: overrides/package/_version.py.jinja:2:1: template failed to render:"
            " TemplateSyntaxError: Expected an expression, got 'end of statement block'",
        ),
        (
            "{{ header }}\n__version__ = '1'\ndef broken(:\n    pass\n",
            "error: overrides/package/_version.py.jinja:3:1: template renders invalid Python"
            " for openapi/_version.py (its line 6: invalid syntax); fix the template",
        ),
    ],
    ids=["undefined", "syntax", "invalid-python"],
)
def test_a_broken_user_template_is_exit_2_naming_file_and_line(
    installed: Installed, project: Project, text: str, expected: str
) -> None:
    (project.root / "overrides" / "package").mkdir(parents=True)
    (project.root / "overrides" / "package" / "_version.py.jinja").write_text(text)
    before = project.snapshot()
    result = installed.run("generate", "--templates", "overrides", cwd=project.root)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [expected]
    assert project.snapshot() == before


def test_a_misspelled_override_is_a_warning_naming_the_nearest_template(
    installed: Installed, project: Project
) -> None:
    (project.root / "overrides" / "dist").mkdir(parents=True)
    (project.root / "overrides" / "dist" / "README.jinja").write_text("# ours\n")
    (project.root / "overrides" / "package").mkdir(parents=True)
    (project.root / "overrides" / "package" / "model.py.jinja").write_text("# ours\n")
    result = installed.run("generate", "--templates", "overrides", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        "warning: overrides/dist/README.jinja overrides no built-in template and is not used;"
        " did you mean dist/README.md.jinja?",
        "warning: overrides/package/model.py.jinja overrides no built-in template and is not"
        " used; did you mean package/models.py.jinja?",
    ]
