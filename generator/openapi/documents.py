"""The documents of one spec and ``$ref`` resolution across them; never across the network."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import SpecError
from ..loader import Document, load_document, split_pointer

MAX_REF_HOPS = 64


class DanglingReference(SpecError):
    """A local ``$ref`` that points at a missing file or at nothing in an existing one.

    Under a schema it is a warning (the schema is typed Any: the builder decides); anywhere
    else it stays an error.
    """


@dataclass(frozen=True)
class Target:
    """Where a reference leads: the document and the JSON pointer inside it, and the value."""

    document: Document
    pointer: str
    value: Any


def _dangling(origin: Document, message: str, where: str) -> DanglingReference:
    located = origin.error(message, where)
    return DanglingReference(
        located.message,
        file=located.file,
        line=located.line,
        column=located.column,
        pointer=located.pointer,
    )


class DocumentSet:
    """The root document plus the local files its references pull in, each loaded once."""

    def __init__(self, root: Document) -> None:
        self.root = root
        self._by_path: dict[Path, Document] = {root.path.resolve(): root}

    def loaded(self) -> tuple[Document, ...]:
        """Every document loaded so far, the root first."""
        return tuple(self._by_path.values())

    def _load(self, origin: Document, relative: str, where: str) -> Document:
        path = (origin.path.parent / unquote(relative)).resolve()
        cached = self._by_path.get(path)
        if cached is not None:
            return cached
        if not path.is_file():
            raise _dangling(origin, f"$ref points at a file that does not exist: {relative}", where)
        try:
            display = str(path.relative_to(self.root.path.parent.resolve()).as_posix())
        except ValueError:
            display = path.name
        document = load_document(path, display)
        self._by_path[path] = document
        return document

    def resolve(self, origin: Document, ref: str, where: str) -> Target:
        """Follow one ``$ref`` string found at ``where`` in ``origin``."""
        lowered = ref.lower()
        if "://" in lowered or lowered.startswith("//"):
            raise origin.error(
                f"remote $ref {ref!r} is refused: references are never fetched", where
            )
        file_part, _, fragment = ref.partition("#")
        document = self._load(origin, file_part, where) if file_part else origin
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):
            raise origin.error(f"unsupported $ref {ref!r}: only JSON pointers are supported", where)
        value: Any = document.data
        for part in split_pointer(pointer):
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                raise _dangling(origin, f"$ref {ref!r} points at nothing", where)
        return Target(document=document, pointer=pointer, value=value)

    def follow(self, origin: Document, node: Any, where: str) -> tuple[Document, str, Any]:
        """Resolve a chain of ``$ref``s until a non-reference value, refusing loops."""
        hops = 0
        seen: set[tuple[str, str]] = set()
        start_document, start = origin, where
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            key = (str(origin.path), where)
            if key in seen:
                raise start_document.error("$ref chain loops back on itself", start)
            if hops >= MAX_REF_HOPS:
                raise start_document.error(
                    f"$ref chain is longer than {MAX_REF_HOPS} references", start
                )
            seen.add(key)
            target = self.resolve(origin, node["$ref"], where + "/$ref")
            origin, where, node = target.document, target.pointer, target.value
            hops += 1
        return origin, where, node
