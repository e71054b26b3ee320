"""What a run leaves beside the generated files: the manifest, and a cache that is never compared.

The manifest (``.apiwright-manifest.json``, committed with the output) lists every file the run
wrote with the hash of its bytes, and nothing else. It is a function of the output alone, so it
changes exactly when a generated file changes: a new generator version that writes the same
files writes the same manifest, and ``check`` passes. It marks the directory as apiwright's
output, and it is the record of which files a later run may remove.

The cache (``.apiwright-cache/``, which ignores itself in git) holds what only speeds a run up:
a fingerprint of every input (spec files, templates, the generator's own sources, black's major
version, the options) and per file the hash of the rendered text. A fingerprint that does not
match means "recompute", never "out of date". Everything in both is independent of the machine:
paths are relative and text is hashed with normalised line endings.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from . import __version__

MANIFEST_NAME = ".apiwright-manifest.json"
CACHE_DIR = ".apiwright-cache"
CACHE_NAME = "cache.json"
FORMAT_VERSION = 2
# Format 1 kept the cache inside the committed manifest; its file list still proves ownership.
_LEGACY_FORMAT = 1
_CACHE_FORMAT = 1


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text_digest(data: bytes) -> str:
    return digest(data.replace(b"\r\n", b"\n"))


def black_version() -> str:
    try:
        return version("black")
    except PackageNotFoundError:  # pragma: no cover - black is a hard dependency
        return "unknown"


def _tree_digest(directory: Path, pattern: str) -> str:
    combined = hashlib.sha256()
    if directory.is_dir():
        for path in sorted(directory.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                combined.update(path.relative_to(directory).as_posix().encode() + b"\0")
                combined.update(_text_digest(path.read_bytes()).encode())
    return combined.hexdigest()


def fingerprint(
    *,
    sources: dict[str, bytes],
    package: str,
    options: tuple[str, ...],
    templates_dir: Path,
    user_templates: Path | None,
) -> str:
    """One hash of everything the output depends on."""
    combined = hashlib.sha256()
    for part in (
        f"format={FORMAT_VERSION}",
        f"generator={__version__}",
        # black keeps its stable style within a major version.
        f"black={black_version().split('.')[0]}",
        f"package={package}",
        f"options={json.dumps(options)}",
        "code=" + _tree_digest(Path(__file__).parent, "*.py"),
        "templates=" + _tree_digest(templates_dir, "*"),
        "user-templates=" + (_tree_digest(user_templates, "*") if user_templates else "-"),
    ):
        combined.update(part.encode() + b"\n")
    for label in sorted(sources):
        combined.update(f"source={label}:{_text_digest(sources[label])}\n".encode())
    return combined.hexdigest()


@dataclass(frozen=True)
class Manifest:
    """The files one run wrote, each with the SHA-256 of its bytes."""

    files: dict[str, str]

    @classmethod
    def of(cls, files: dict[str, bytes]) -> Manifest:
        return cls({path: digest(content) for path, content in files.items()})

    def to_bytes(self) -> bytes:
        document = {
            "format": FORMAT_VERSION,
            "note": (
                "Written by apiwright: the files it generated here. It keeps files it did not"
                " write, and removes only these."
            ),
            "files": dict(sorted(self.files.items())),
        }
        return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def parse(cls, data: bytes) -> Manifest | None:
        """The manifest in ``data``, or None when it is not one apiwright wrote."""
        try:
            document = json.loads(data)
            files: dict[str, Any] = document["files"]
            if document.get("format") == _LEGACY_FORMAT:
                return cls({str(path): str(entry["output"]) for path, entry in files.items()})
            if document.get("format") != FORMAT_VERSION:
                return None
            return cls({str(path): str(value) for path, value in files.items()})
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    @classmethod
    def read(cls, output_dir: Path) -> Manifest | None:
        try:
            return cls.parse((output_dir / MANIFEST_NAME).read_bytes())
        except OSError:
            return None


@dataclass(frozen=True)
class Cache:
    """What the last run computed: its input fingerprint and per file (rendered, output) hashes."""

    inputs: str
    sources: tuple[str, ...]
    files: dict[str, tuple[str, str]]

    def to_bytes(self) -> bytes:
        document = {
            "format": _CACHE_FORMAT,
            "inputs": self.inputs,
            "sources": list(self.sources),
            "files": {path: list(hashes) for path, hashes in sorted(self.files.items())},
        }
        return (json.dumps(document, indent=1, sort_keys=True) + "\n").encode()

    @classmethod
    def read(cls, output_dir: Path) -> Cache | None:
        try:
            document = json.loads((output_dir / CACHE_DIR / CACHE_NAME).read_bytes())
            if document.get("format") != _CACHE_FORMAT:
                return None
            return cls(
                inputs=str(document["inputs"]),
                sources=tuple(str(source) for source in document["sources"]),
                files={
                    str(path): (str(rendered), str(output))
                    for path, (rendered, output) in document["files"].items()
                },
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def write(self, output_dir: Path) -> None:
        """Store the cache; a directory that cannot take it only makes the next run slower."""
        directory = output_dir / CACHE_DIR
        try:
            directory.mkdir(exist_ok=True)
            ignore = directory / ".gitignore"
            if not ignore.is_file():
                ignore.write_text("# Written by apiwright: a local cache, never committed.\n*\n")
            handle, temporary = tempfile.mkstemp(prefix=".cache-", dir=directory)
            with os.fdopen(handle, "wb") as stream:
                stream.write(self.to_bytes())
            os.replace(temporary, directory / CACHE_NAME)
        except OSError:
            pass
