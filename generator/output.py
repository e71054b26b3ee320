"""Stage 6: write the rendered tree atomically, or compare it with what is on disk.

A run never leaves a half-written output: files go to a temporary directory beside the target,
which is then swapped in with two renames. ``check`` reads only; it reports changed, missing and
stray files with a unified diff.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

# Build and tool caches that may legitimately appear inside the output directory.
IGNORED_NAMES = frozenset(
    {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist", ".DS_Store"}
)


def _ignored(relative: Path) -> bool:
    return any(part in IGNORED_NAMES or part.endswith(".egg-info") for part in relative.parts)


def existing_files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` that the generator is responsible for, by POSIX relative path."""
    found: dict[str, bytes] = {}
    if not root.is_dir():
        return found
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if _ignored(relative) or not path.is_file():
            continue
        found[relative.as_posix()] = path.read_bytes()
    return found


@dataclass
class Comparison:
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.stray)


def compare(root: Path, files: dict[str, bytes], label: str) -> Comparison:
    on_disk = existing_files(root)
    result = Comparison()
    for path in sorted(set(files) | set(on_disk)):
        wanted = files.get(path)
        actual = on_disk.get(path)
        if wanted == actual:
            result.unchanged.append(path)
            continue
        if wanted is None:
            result.stray.append(path)
        elif actual is None:
            result.missing.append(path)
        else:
            result.changed.append(path)
        before = (actual or b"").decode("utf-8", "replace").splitlines(keepends=True)
        after = (wanted or b"").decode("utf-8", "replace").splitlines(keepends=True)
        result.diff.extend(
            difflib.unified_diff(
                before,
                after,
                fromfile=f"{label}/{path}" if actual is not None else "/dev/null",
                tofile=f"{label}/{path} (generated)" if wanted is not None else "/dev/null",
            )
        )
    return result


def write_tree(root: Path, files: dict[str, bytes]) -> None:
    """Replace ``root`` with exactly ``files``, atomically as far as the filesystem allows.

    Ignored caches inside the old tree are not carried over; they are rebuilt on demand.
    """
    parent = root.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create {parent}: {exc.strerror}") from None
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.new-", dir=parent))
    backup: Path | None = None
    try:
        for relative, content in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        os.chmod(staging, 0o755)
        if root.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{root.name}.old-", dir=parent))
            backup.rmdir()
            os.replace(root, backup)
        os.replace(staging, root)
    except OSError as exc:
        if backup is not None and backup.exists() and not root.exists():
            os.replace(backup, root)
        shutil.rmtree(staging, ignore_errors=True)
        raise ConfigError(f"cannot write {root}: {exc.strerror or exc}") from None
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
