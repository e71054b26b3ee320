"""Stage 6: write the generated files into the output directory, or compare them with it.

Writing never destroys work. Each file is written to a temporary file beside it and renamed
over the old one, so no file is ever half-written. A file the generator did not write (by the
previous run's manifest) is never overwritten or removed: it is kept and reported, and
``check`` reports it as stray. Of the files the previous run wrote, those this run no longer
produces are removed, unless they were edited since, in which case they are kept and reported.
``check`` reads only; it reports changed, missing and stray files with a unified diff.
"""

from __future__ import annotations

import difflib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .manifest import CACHE_DIR, MANIFEST_NAME, Manifest, digest

# Build and tool caches that may legitimately appear inside the output directory: check ignores
# them and generate leaves them alone.
IGNORED_NAMES = frozenset(
    {
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "build",
        "dist",
        ".DS_Store",
        CACHE_DIR,
    }
)


def _ignored(relative: Path) -> bool:
    return any(part in IGNORED_NAMES or part.endswith(".egg-info") for part in relative.parts)


def existing_files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` that the generator is responsible for, by POSIX relative path.

    Ignored caches are not entered, nor are symbolic links to directories: what lies behind
    them is not in the output directory.
    """
    found: dict[str, bytes] = {}
    if not root.is_dir():
        return found
    for current, directories, names in os.walk(root):
        directories[:] = [name for name in directories if not _ignored(Path(name))]
        for name in names:
            path = Path(current, name)
            relative = path.relative_to(root)
            if not _ignored(relative) and path.is_file():
                found[relative.as_posix()] = path.read_bytes()
    return dict(sorted(found.items()))


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


@dataclass
class WriteReport:
    """What a write did, file by file (POSIX paths relative to the output directory)."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # Files apiwright did not write, and files it wrote that were edited since: left in place.
    kept: list[str] = field(default_factory=list)


def _in_the_way(root: Path, relative: str, on_disk: dict[str, bytes], owned: set[str]) -> bool:
    """True when writing ``relative`` would replace something the generator did not write, or
    write through a symbolic link out of the output directory."""
    target = root / relative
    for parent in target.parents:
        if parent == root:
            break
        if parent.is_symlink() or (parent.exists() and not parent.is_dir()):
            return True
    if relative in owned:
        return False
    return target.is_dir() or (target.exists() and relative not in on_disk)


def write_tree(
    root: Path, files: dict[str, bytes], previous: Manifest | None = None, label: str = ""
) -> WriteReport:
    """Bring ``root`` to ``files`` without touching what the generator did not write.

    ``previous`` is the manifest of the run that wrote ``root`` (read from it when omitted);
    ``files`` holds this run's manifest too, which is written last.
    """
    label = label or str(root)
    on_disk = existing_files(root)
    previous = previous if previous is not None else Manifest.parse(on_disk.get(MANIFEST_NAME, b""))
    owned = set(previous.files) if previous is not None else set()
    content = {path: data for path, data in files.items() if path != MANIFEST_NAME}
    blocked = sorted(
        path
        for path, data in content.items()
        if _in_the_way(root, path, on_disk, owned)
        or (path not in owned and on_disk.get(path, data) != data)
    )
    if blocked:
        raise ConfigError(
            f"output {label}: {blocked[0]} is in the way and apiwright did not write it; "
            "move it away (nothing was written)"
        )
    report = WriteReport()
    try:
        _write_files(root, content, on_disk, previous, report)
        report.removed = _remove_outdated(root, content, on_disk, previous, report)
        manifest = files.get(MANIFEST_NAME)
        if manifest is not None and on_disk.get(MANIFEST_NAME) != manifest:
            _write_file(root / MANIFEST_NAME, manifest)
            report.written.append(MANIFEST_NAME)
        elif manifest is not None:
            report.unchanged.append(MANIFEST_NAME)
    except OSError as exc:
        where = exc.filename or root
        raise ConfigError(f"cannot write {where}: {exc.strerror or exc}") from None
    report.kept.extend(
        path
        for path in on_disk
        if path not in content and path not in owned and path != MANIFEST_NAME
    )
    report.kept.sort()
    return report


def _write_files(
    root: Path,
    content: dict[str, bytes],
    on_disk: dict[str, bytes],
    previous: Manifest | None,
    report: WriteReport,
) -> None:
    changed = [path for path in sorted(content) if on_disk.get(path) != content[path]]
    report.unchanged = [path for path in sorted(content) if path not in changed]
    owned = set(previous.files) if previous is not None else set()
    if changed and not set(changed) <= owned:
        # Should the run stop half-way, the next one must know these files are its own.
        interim = {**(previous.files if previous is not None else {}), **Manifest.of(content).files}
        root.mkdir(parents=True, exist_ok=True)
        _write_file(root / MANIFEST_NAME, Manifest(interim).to_bytes())
    for path in changed:
        _write_file(root / path, content[path])
        report.written.append(path)


def _remove_outdated(
    root: Path,
    content: dict[str, bytes],
    on_disk: dict[str, bytes],
    previous: Manifest | None,
    report: WriteReport,
) -> list[str]:
    """Remove what the previous run wrote and this one does not; keep what was edited since."""
    removed: list[str] = []
    if previous is None:
        return removed
    for path, written in sorted(previous.files.items()):
        if path in content or path not in on_disk:
            continue
        if digest(on_disk[path]) != written:
            report.kept.append(path)
            continue
        (root / path).unlink()
        removed.append(path)
        for parent in (root / path).parents:
            if parent == root or any(parent.iterdir()):
                break
            parent.rmdir()
    return removed


def _write_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    # O_EXCL: never follow or reuse whatever might already sit under the temporary name.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
