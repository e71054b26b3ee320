"""The manifest lets check and generate skip work, but never at the cost of a wrong answer."""

from __future__ import annotations

import json
import shutil
from hashlib import sha256
from pathlib import Path

from tests.generator.helpers import SPEC, run_generator, snapshot


def _project(tmp_path: Path) -> tuple[Path, Path]:
    spec = tmp_path / "spec.yaml"
    shutil.copy(SPEC, spec)
    output = tmp_path / "out"
    result = run_generator("generate", "--spec", spec, "--output", output, "--package", "pkg")
    assert result.returncode == 0, result.stderr
    return spec, output


def _check(spec: Path, output: Path) -> int:
    return run_generator("check", "--spec", spec, "--output", output, "--package", "pkg").returncode


def test_manifest_names_every_file_with_its_hash_and_nothing_volatile(tmp_path: Path) -> None:
    _, output = _project(tmp_path)
    manifest = json.loads((output / ".apiwright-manifest.json").read_text())
    files = snapshot(output)
    del files[".apiwright-manifest.json"]
    assert manifest["files"] == {path: sha256(data).hexdigest() for path, data in files.items()}
    # The input fingerprint (which covers the generator's own code) lives in the local cache.
    assert set(manifest) == {"files", "format", "note"}
    cache = json.loads((output / ".apiwright-cache" / "cache.json").read_text())
    assert cache["sources"] == ["spec.yaml"] and len(cache["inputs"]) == 64
    assert (output / ".apiwright-cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_second_generate_writes_nothing(tmp_path: Path) -> None:
    spec, output = _project(tmp_path)
    result = run_generator("generate", "--spec", spec, "--output", output, "--package", "pkg")
    assert ": 0 written," in result.stdout, result.stdout


def test_a_spec_change_is_never_hidden_by_the_manifest(tmp_path: Path) -> None:
    spec, output = _project(tmp_path)
    spec.write_text(spec.read_text().replace("Create a batch of associations", "Make links"))
    assert _check(spec, output) == 1
    result = run_generator("generate", "--spec", spec, "--output", output, "--package", "pkg")
    assert ": 2 written," in result.stdout, result.stdout
    assert "Make links" in (output / "pkg" / "_client.py").read_text()
    assert _check(spec, output) == 0


def test_a_package_change_is_never_hidden_by_the_manifest(tmp_path: Path) -> None:
    spec, output = _project(tmp_path)
    result = run_generator("check", "--spec", spec, "--output", output, "--package", "other")
    assert result.returncode == 1


def test_a_user_template_change_is_never_hidden_by_the_manifest(tmp_path: Path) -> None:
    spec, output = _project(tmp_path)
    templates = tmp_path / "templates" / "dist"
    templates.mkdir(parents=True)
    (templates / "README.md.jinja").write_text("# Our own README for {{ package }}\n")
    result = run_generator(
        "check",
        "--spec",
        spec,
        "--output",
        output,
        "--package",
        "pkg",
        "--templates",
        tmp_path / "templates",
    )
    assert result.returncode == 1
    generate = run_generator(
        "generate",
        "--spec",
        spec,
        "--output",
        output,
        "--package",
        "pkg",
        "--templates",
        tmp_path / "templates",
    )
    assert generate.returncode == 0, generate.stderr
    assert (output / "README.md").read_text() == "# Our own README for pkg\n"


def test_no_cache_catches_an_edit_that_also_rewrote_the_manifest(tmp_path: Path) -> None:
    """The fast path trusts the manifest's hashes; ``--no-cache`` (what CI runs) trusts nothing."""
    spec, output = _project(tmp_path)
    manifest_path = output / ".apiwright-manifest.json"
    manifest = json.loads(manifest_path.read_text())
    models = output / "pkg" / "models.py"
    models.write_text(models.read_text() + "# edited\n")
    manifest["files"]["pkg/models.py"] = sha256(models.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    full = run_generator(
        "check", "--no-cache", "--spec", spec, "--output", output, "--package", "pkg"
    )
    assert full.returncode == 1
    assert "pkg/models.py" in full.stderr


def test_reformatting_is_skipped_only_for_unchanged_files(tmp_path: Path) -> None:
    spec, output = _project(tmp_path)
    models = output / "pkg" / "models.py"
    models.write_text(models.read_text() + "# edited\n")
    result = run_generator("generate", "--spec", spec, "--output", output, "--package", "pkg")
    assert ": 1 written," in result.stdout, result.stdout
    assert "# edited" not in models.read_text()
    assert _check(spec, output) == 0


def test_a_stale_or_broken_cache_means_recompute_never_fail(tmp_path: Path) -> None:
    spec, output = _project(tmp_path)
    cache = output / ".apiwright-cache" / "cache.json"
    document = json.loads(cache.read_text())
    document["inputs"] = "0" * 64
    cache.write_text(json.dumps(document))
    assert _check(spec, output) == 0
    cache.write_text("{not json")
    assert _check(spec, output) == 0
    shutil.rmtree(output / ".apiwright-cache")
    assert _check(spec, output) == 0
    # A passing check leaves a cache behind, so the next one is a few hashes.
    assert json.loads(cache.read_text())["inputs"] != "0" * 64
