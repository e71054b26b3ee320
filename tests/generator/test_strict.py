"""``--strict`` and ``strict = true``: every warning becomes an error, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

from tests.generator.helpers import run_generator

WARNED = """\
openapi: 3.0.3
info: {title: Warned, version: "1"}
servers: [{url: "https://example.com"}]
paths:
  /codes:
    get:
      operationId: listCodes
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: string, enum: [en, fr, en]}
"""
WARNING = "spec.yaml:13:53: enum lists 'en' more than once; the repeat is ignored"


def _spec(tmp_path: Path) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(WARNED, encoding="utf-8")
    return spec


def _generate(tmp_path: Path, *extra: str) -> tuple[int, str, Path]:
    output = tmp_path / "out"
    result = run_generator(
        "generate",
        "--spec",
        _spec(tmp_path),
        "--output",
        output,
        "--package",
        "warned",
        *extra,
        cwd=tmp_path,
    )
    return result.returncode, result.stderr, output


def test_warnings_pass_by_default(tmp_path: Path) -> None:
    status, stderr, output = _generate(tmp_path)
    assert status == 0
    assert f"warning: {WARNING}" in stderr
    assert (output / "warned" / "models.py").is_file()


def test_strict_refuses_every_warning_and_writes_nothing(tmp_path: Path) -> None:
    status, stderr, output = _generate(tmp_path, "--strict")
    assert status == 2
    assert f"error: {WARNING}" in stderr
    assert "refused by --strict" in stderr
    assert not output.exists()


def test_strict_true_in_the_configuration(tmp_path: Path) -> None:
    _spec(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.apiwright]\nspec = "spec.yaml"\noutput = "out"\npackage = "warned"\n'
        "strict = true\n",
        encoding="utf-8",
    )
    for command in ("generate", "check", "validate"):
        result = run_generator(command, cwd=tmp_path)
        assert result.returncode == 2, (command, result.stderr)
        assert f"error: {WARNING}" in result.stderr, (command, result.stderr)
    assert not (tmp_path / "out").exists()


def test_strict_must_be_a_boolean(tmp_path: Path) -> None:
    _spec(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.apiwright]\nspec = "spec.yaml"\nstrict = "yes"\n', encoding="utf-8"
    )
    result = run_generator("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: pyproject.toml:3:1: 'strict' in [tool.apiwright] must be true or false"
    )


def test_a_strict_check_is_not_satisfied_by_an_unchanged_tree(tmp_path: Path) -> None:
    status, _, output = _generate(tmp_path)
    assert status == 0
    result = run_generator(
        "check",
        "--spec",
        _spec(tmp_path),
        "--output",
        output,
        "--package",
        "warned",
        "--strict",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert f"error: {WARNING}" in result.stderr


def test_strict_beside_targets_applies_to_every_target(tmp_path: Path) -> None:
    _spec(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.apiwright]\nstrict = true\n\n[[tool.apiwright.targets]]\n"
        'spec = "spec.yaml"\noutput = "out"\npackage = "strict_pkg"\n',
        encoding="utf-8",
    )
    result = run_generator("generate", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"error: {WARNING}" in result.stderr
    assert not (tmp_path / "out").exists()
