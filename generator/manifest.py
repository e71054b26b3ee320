"""The manifest committed beside the generated files, so unchanged work is not redone.

It records a fingerprint of every input (spec files, templates, the generator's own sources,
black's version, the target options) and, per output file, the hash of the rendered text and of
the formatted bytes. ``check`` on an unchanged tree then costs a few hashes; ``generate`` after a
small spec change formats only the files whose rendered text changed. Everything in it is
independent of the machine: paths are relative and text is hashed with normalised line endings.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import __version__

MANIFEST_NAME = ".apiwright-manifest.json"
FORMAT_VERSION = 1


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
    templates_dir: Path,
    user_templates: Path | None,
) -> str:
    """One hash of everything the output depends on."""
    combined = hashlib.sha256()
    for part in (
        f"format={FORMAT_VERSION}",
        f"generator={__version__}",
        # black keeps its stable style within a major version; a minor upgrade must not turn a
        # committed manifest stale, so only the major version is part of the fingerprint.
        f"black={black_version().split('.')[0]}",
        f"package={package}",
        "code=" + _tree_digest(Path(__file__).parent, "*.py"),
        "templates=" + _tree_digest(templates_dir, "*.jinja"),
        "user-templates=" + (_tree_digest(user_templates, "*") if user_templates else "-"),
    ):
        combined.update(part.encode() + b"\n")
    for label in sorted(sources):
        combined.update(f"source={label}:{_text_digest(sources[label])}\n".encode())
    return combined.hexdigest()


@dataclass(frozen=True)
class Manifest:
    inputs: str
    sources: tuple[str, ...]
    files: dict[str, tuple[str, str]]

    def to_bytes(self) -> bytes:
        document = {
            "format": FORMAT_VERSION,
            "note": "Written by apiwright; lets check and generate skip unchanged work.",
            "inputs": self.inputs,
            "sources": list(self.sources),
            "files": {
                path: {"rendered": rendered, "output": output}
                for path, (rendered, output) in sorted(self.files.items())
            },
        }
        return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def read(cls, output_dir: Path) -> Manifest | None:
        try:
            document = json.loads((output_dir / MANIFEST_NAME).read_bytes())
            if document.get("format") != FORMAT_VERSION:
                return None
            files = {
                str(path): (str(entry["rendered"]), str(entry["output"]))
                for path, entry in document["files"].items()
            }
            return cls(
                inputs=str(document["inputs"]),
                sources=tuple(str(s) for s in document["sources"]),
                files=files,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
