"""Cold ``generate`` on the real-world corpus, side by side with openapi-python-client (issue #13):
the median document by size, and every document over 1 MB."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.bench_generator import Tools, cold_generate
from tests.benchmarks.bench_measure import Row, failed_row, log
from tests.corpus.documents import DOCUMENTS, SLOW_BYTES, CorpusDocument

# Issue #13's target: no slower than openapi-python-client.
CORPUS_LIMIT = 1.0


def _size(document: CorpusDocument) -> int:
    """Bytes of the document, with every file beside it when it is one of many (DigitalOcean)."""
    spec = document.spec
    if document.is_slow() and spec.name.endswith(".v2.yaml"):
        return sum(path.stat().st_size for path in spec.parent.rglob("*") if path.is_file())
    return spec.stat().st_size


def chosen_documents() -> list[tuple[str, CorpusDocument]]:
    present = [document for document in DOCUMENTS if document.spec.is_file()]
    if not present:
        return []
    by_size = sorted(present, key=_size)
    median = by_size[len(by_size) // 2]
    chosen = [("median", median)]
    chosen += [("over 1 MB", d) for d in by_size if _size(d) > SLOW_BYTES and d is not median]
    return chosen


def corpus_rows(tools: Tools, quick: bool) -> list[Row]:
    documents = chosen_documents()
    if not documents:
        return [failed_row("generate corpus", "SKIPPED: ../shared/specs/corpus is absent")]
    runs = 1 if quick else 3
    rows: list[Row] = []
    for why, document in documents:
        size = _size(document) / 1_000_000
        name = f"{Path(document.path).name} ({why}, {size:.1f} MB)"
        log(f"corpus: {name}")
        rows += cold_generate(tools, document.spec, document.package, runs, name, CORPUS_LIMIT)
    return rows
