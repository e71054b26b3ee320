"""Compiled templates kept between runs, as Python keeps compiled modules in ``__pycache__``.

Compiling the built-in templates is about a quarter of a cold ``generate`` on a
mid-sized spec (0.25 s of 1 s for Twilio Verify), and their compiled form changes only when
their text, Jinja2 or the environment's options do. Jinja2 stores it keyed by the template's
name and checks it against a hash of the source; the directory is also named for Jinja2's
version and the options, so a compiled template is never used under other ones.

The cache lives in ``$APIWRIGHT_CACHE_DIR``, else ``$XDG_CACHE_HOME/apiwright``, else
``~/.cache/apiwright``, a directory only the user may read or write. Like Python,
apiwright writes nothing there when ``PYTHONDONTWRITEBYTECODE`` is set (it still reads
what is there). A cache that cannot be read or written is ignored: it can make a run
slower, never fail it.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket


def cache_root() -> Path | None:
    """The cache directory of this user, or None when no home can be told."""
    configured = os.environ.get("APIWRIGHT_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "apiwright"
    try:
        return Path.home() / ".cache" / "apiwright"
    except RuntimeError:
        return None


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's file cache, made harmless: any failure to read or write is a miss."""

    def __init__(self, directory: Path, writable: bool) -> None:
        super().__init__(str(directory), "%s.cache")
        self.location = directory
        self.writable = writable

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            # A truncated or foreign file: compile afresh (and replace it).
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self.writable:
            return
        try:
            self.location.mkdir(mode=stat.S_IRWXU, parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            return


def template_cache(options: dict[str, Any]) -> TemplateCache | None:
    """The cache for templates compiled with ``options`` (the environment's settings)."""
    root = cache_root()
    if root is None:
        return None
    if root.exists() and not _private_directory(root):
        # Compiled code is loaded from here: never from a directory others may write.
        return None
    identity = repr((jinja2.__version__, sys.version_info[:2], sorted(options.items())))
    key = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    return TemplateCache(root / f"templates-{key}", writable=not sys.dont_write_bytecode)


def _private_directory(path: Path) -> bool:
    try:
        status = path.lstat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    owned = getuid is None or status.st_uid == getuid()
    return (
        stat.S_ISDIR(status.st_mode)
        and owned
        and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
