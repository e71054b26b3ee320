"""The compiled-template cache (generator/template_cache.py): it changes no output, lives only
where the user alone may write, and a cache that cannot be read or written never fails a run."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from generator.pipeline import Target, generate_tree
from generator.template_cache import cache_root, template_cache

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "hubspot-crm-associations-v3.yaml"


def _files(tmp_path: Path, name: str) -> dict[str, bytes]:
    target = Target(spec=SPEC, output=tmp_path / name, package="hubspot_associations", root=ROOT)
    return generate_tree(target).files


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("APIWRIGHT_CACHE_DIR", str(directory))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return directory


def _cached(directory: Path) -> list[Path]:
    return sorted(directory.glob("templates-*/*.cache"))


def test_the_cache_is_filled_once_and_changes_no_output(cache_dir: Path, tmp_path: Path) -> None:
    first = _files(tmp_path, "first")
    cached = _cached(cache_dir)
    assert cached, "no compiled template was kept"
    assert stat.S_IMODE(cached[0].parent.stat().st_mode) == stat.S_IRWXU
    stamps = {path: path.stat().st_mtime_ns for path in cached}
    second = _files(tmp_path, "second")
    assert second == first
    # Read, not rewritten.
    assert {path: path.stat().st_mtime_ns for path in _cached(cache_dir)} == stamps


def test_a_damaged_cache_file_is_compiled_again(cache_dir: Path, tmp_path: Path) -> None:
    first = _files(tmp_path, "first")
    for path in _cached(cache_dir):
        path.write_bytes(b"not a compiled template")
    assert _files(tmp_path, "second") == first


def test_nothing_is_written_when_python_writes_no_bytecode(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _files(tmp_path, "out")
    assert not cache_dir.exists()


def test_a_directory_others_may_write_is_not_used(
    cache_dir: Path, tmp_path: Path
) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    assert template_cache({}) is None
    _files(tmp_path, "out")
    assert _cached(cache_dir) == []


def test_a_cache_that_cannot_be_written_fails_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("APIWRIGHT_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert _files(tmp_path, "out") == _files(tmp_path, "again")


def test_the_default_place_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("APIWRIGHT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_root() == tmp_path / "apiwright"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", os.fspath(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "apiwright"
