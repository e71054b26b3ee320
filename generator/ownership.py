"""Which directories ``generate`` may write into: its own, and nothing that holds other work.

An output directory is writable when it is missing, empty, or holds the manifest of an earlier
run. Before anything is written, a directory that is or contains the project root, lies in or
holds a ``.git`` directory, or holds the spec, the configuration or the templates is refused,
whatever is in it. Each refusal is one line that names the directory, says what is in the way
and what to do instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from .config import Target
from .errors import ConfigError
from .manifest import CACHE_DIR, Manifest

_SHOWN_ENTRIES = 4


def _contains(directory: Path, path: Path) -> bool:
    return path == directory or directory in path.parents


def _refusal(target: Target, problem: str, instead: str) -> ConfigError:
    return ConfigError(f"output {target.output_label} {problem}; {instead}")


def refuse_unsafe_output(target: Target, targets: Sequence[Target] = ()) -> None:
    """Refuse an output whose place alone makes writing into it dangerous.

    ``targets`` are all the targets of the run: no output may hold another target's inputs.
    """
    output = target.output.resolve()
    own_directory = 'give the client a directory of its own, for example output = "generated"'
    if _contains(output, target.root.resolve()):
        raise _refusal(target, "is or contains the project root", own_directory)
    if ".git" in output.parts:
        raise _refusal(target, "is inside a .git directory", own_directory)
    for each in (target, *targets):
        inputs = (
            (each.spec, "the spec"),
            (each.config, "the configuration file"),
            (each.templates, "the templates"),
        )
        for path, what in inputs:
            if path is not None and _contains(output, path.resolve()):
                raise _refusal(target, f"contains {what} ({path.name})", own_directory)
        if each.templates is not None and _contains(each.templates.resolve(), output):
            raise _refusal(target, "is inside the templates directory", own_directory)


def refuse_sources_inside(target: Target, sources: Iterable[Path]) -> None:
    """Refuse an output that holds a file the spec refers to (known only once it is loaded)."""
    output = target.output.resolve()
    for path in sources:
        if _contains(output, path.resolve()):
            raise _refusal(
                target,
                f"contains {path.name}, which the spec refers to",
                "give the client a directory of its own",
            )


def _describe(entries: list[Path]) -> str:
    names = [entry.name + ("/" if entry.is_dir() else "") for entry in entries]
    shown = ", ".join(names[:_SHOWN_ENTRIES])
    if len(names) > _SHOWN_ENTRIES:
        shown += f" and {len(names) - _SHOWN_ENTRIES} more"
    return shown


def _git_inside(directory: Path) -> Path | None:
    for current, directories, files in os.walk(directory):
        if ".git" in directories or ".git" in files:
            return Path(current, ".git")
        directories[:] = [name for name in directories if name != "__pycache__"]
    return None


def claim_output(target: Target) -> Manifest | None:
    """The earlier run's manifest when ``target.output`` may be written, else a refusal.

    None means the directory is missing or empty: every file in it will be new. The caller
    has refused unsafe places first (:func:`refuse_unsafe_output`).
    """
    output = target.output
    if not output.exists() and not output.is_symlink():
        return None
    if not output.is_dir():
        raise _refusal(target, "is a file, not a directory", "choose a directory")
    entries = sorted(entry for entry in output.iterdir() if entry.name != CACHE_DIR)
    if not entries:
        return None
    manifest = Manifest.read(output)
    if manifest is None:
        raise _refusal(
            target,
            f"is not empty and apiwright did not write it (it holds {_describe(entries)})",
            "choose a new or empty directory, or move its contents away",
        )
    git = _git_inside(output)
    if git is not None:
        raise _refusal(
            target,
            f"holds a git repository ({git.relative_to(output).as_posix()})",
            "move the repository out of the generated directory",
        )
    return manifest
