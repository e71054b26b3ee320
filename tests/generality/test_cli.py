"""The command line: located one-line errors for what is not supported, and user templates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.generality.harness import write_spec

ROOT = Path(__file__).resolve().parents[2]


def _run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )


def _spec(
    paths: dict[str, Any], schemas: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Bad", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
        **extra,
    }


def _returns(ref: str) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": ref}}}
    return {"get": {"responses": {"200": {"description": "x", "content": content}}}}


BAD_SPECS = {
    "remote reference": (
        _spec({"/a": _returns("https://example.com/schemas.yaml#/Pet")}),
        "remote $ref",
        "/paths/~1a/get/responses/200/content/application~1json/schema",
    ),
    "alias loop": (
        _spec(
            {"/a": _returns("#/components/schemas/A")},
            {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}},
        ),
        "loops back",
        "/components/schemas/",
    ),
    "undefined security scheme": (
        _spec(
            {"/a": _returns("#/components/schemas/A")},
            {"A": {"type": "string"}},
            security=[{"nope": []}],
        ),
        "undefined scheme 'nope'",
        "/security",
    ),
    "discriminator mapping to a non-object": (
        _spec(
            {"/a": _returns("#/components/schemas/U")},
            {
                "S": {"type": "string"},
                "O": {"type": "object", "properties": {"k": {"type": "string"}}},
                "U": {
                    "oneOf": [{"$ref": "#/components/schemas/O"}, {"type": "integer"}],
                    "discriminator": {
                        "propertyName": "k",
                        "mapping": {"s": "#/components/schemas/S"},
                    },
                },
            },
        ),
        "discriminator mapping must point at an object schema",
        "/components/schemas/U/discriminator",
    ),
}


@pytest.mark.parametrize("case", BAD_SPECS)
def test_unsupported_input_is_one_located_line(case: str, tmp_path: Path) -> None:
    spec, message, pointer = BAD_SPECS[case]
    write_spec(tmp_path, spec)
    result = _run(
        "generate", "--spec", "spec.yaml", "--output", "out", "--package", "p", cwd=tmp_path
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("error: spec.yaml:"), lines[0]
    assert message in lines[0] and f"(at #{pointer}" in lines[0], lines[0]
    assert not (tmp_path / "out").exists()


def test_unsupported_security_scheme_is_a_warning_and_a_fallback(tmp_path: Path) -> None:
    spec = _spec(
        {"/a": {"get": {"responses": {"204": {"description": "x"}}}}},
        security=[{"digest": []}],
    )
    spec["components"]["securitySchemes"] = {"digest": {"type": "http", "scheme": "digest"}}
    write_spec(tmp_path, spec)
    result = _run(
        "generate", "--spec", "spec.yaml", "--output", "out", "--package", "p", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "warning: spec.yaml:" in result.stderr
    assert "'digest' (http digest) is not supported" in result.stderr


def test_user_templates_override_built_in_ones_by_name(tmp_path: Path) -> None:
    spec = _spec({"/a": {"get": {"operationId": "a", "responses": {"204": {"description": "x"}}}}})
    write_spec(tmp_path, spec)
    templates = tmp_path / "templates" / "dist"
    templates.mkdir(parents=True)
    (templates / "README.md.jinja").write_text(
        "# Our own README for {{ package }}\n"
        "{% for op in client.operations %}- {{ op.call_name }}\n{% endfor %}"
    )
    arguments = [
        "--spec",
        "spec.yaml",
        "--output",
        "out",
        "--package",
        "ours",
        "--templates",
        "templates",
    ]
    result = _run("generate", *arguments, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "README.md").read_text() == "# Our own README for ours\n- a\n"
    # Every other file still comes from the built-in templates.
    assert (
        "class BadClient(SyncAPIClient)" in (tmp_path / "out" / "ours" / "_client.py").read_text()
    )
    assert _run("check", *arguments, cwd=tmp_path).returncode == 0


def test_user_template_cannot_print_spec_text_raw(tmp_path: Path) -> None:
    write_spec(tmp_path, _spec({}))
    templates = tmp_path / "templates" / "dist"
    templates.mkdir(parents=True)
    (templates / "README.md.jinja").write_text("{{ client.title }}\n")
    arguments = [
        "--spec",
        "spec.yaml",
        "--output",
        "out",
        "--package",
        "p",
        "--templates",
        "templates",
    ]
    result = _run("generate", *arguments, cwd=tmp_path)
    assert result.returncode == 2
    assert "without an escaping filter" in result.stderr and "Traceback" not in result.stderr
