"""$ref resolution across the spec and files beside it, never across the network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.errors import SpecError
from generator.loader import load_document
from generator.openapi import DocumentSet


def _documents(tmp_path: Path, root: str, **others: str) -> DocumentSet:
    for name, text in others.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "root.yaml").write_text(root, encoding="utf-8")
    return DocumentSet(load_document(tmp_path / "root.yaml"))


def test_a_reference_into_another_file_loads_it_once(tmp_path: Path) -> None:
    documents = _documents(
        tmp_path,
        "a: {$ref: 'other.yaml#/x'}\nb: {$ref: 'other.yaml'}\n",
        **{"other.yaml": "x: 1\n"},
    )
    first = documents.resolve(documents.root, "other.yaml#/x", "/a")
    second = documents.resolve(documents.root, "other.yaml", "/b")
    assert (first.value, first.pointer) == (1, "/x")
    assert second.document is first.document
    assert [d.display_name for d in documents.loaded()] == ["root.yaml", "other.yaml"]


def test_follow_walks_a_chain_and_refuses_a_loop(tmp_path: Path) -> None:
    documents = _documents(tmp_path, "a: {$ref: '#/b'}\nb: {$ref: '#/c'}\nc: 3\nl: {$ref: '#/l'}\n")
    data = documents.root.data
    assert documents.follow(documents.root, data["a"], "/a")[1:] == ("/c", 3)
    with pytest.raises(SpecError, match="loops back on itself"):
        documents.follow(documents.root, data["l"], "/l")


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("https://example.com/x.yaml", "remote $ref"),
        ("//example.com/x.yaml", "remote $ref"),
        ("missing.yaml", "points at a file that does not exist"),
        ("#/nowhere", "points at nothing"),
        ("#name", "only JSON pointers are supported"),
    ],
)
def test_bad_references_are_located_errors(tmp_path: Path, ref: str, message: str) -> None:
    documents = _documents(tmp_path, "a: 1\n")
    with pytest.raises(SpecError, match=re.escape(message)) as caught:
        documents.resolve(documents.root, ref, "/a/$ref")
    assert caught.value.pointer == "/a/$ref"
