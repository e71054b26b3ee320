"""Cold ``generate`` on the real-world corpus, side by side with openapi-python-client (issue #13):
the median document by size, and every document over 1 MB; for each, its time and the peak
memory (PSS) of its whole process tree (ours: the generator, its openapi-spec-validator child
and any formatting worker; theirs: the generator and ruff)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.benchmarks.bench_generator import Tools, tree_peak
from tests.benchmarks.bench_measure import (
    Row,
    failed_row,
    import_time,
    log,
    median,
    megabytes,
    ratio_row,
    seconds,
)
from tests.corpus.documents import DOCUMENTS, SLOW_BYTES, CorpusDocument

# Issue #13's targets: no slower than openapi-python-client, and a generated package imports
# within twice the time of httpx (models load on first use).
CORPUS_LIMIT = 1.0
CORPUS_IMPORT_LIMIT = 2.0


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


def _cold(tools: Tools, document: CorpusDocument, runs: int, name: str) -> Row:
    """Like ``cold_generate``, but a side that fails does not hide the other's time: on this
    corpus each tool fails where the other succeeds."""
    ours: list[float] = []
    theirs: list[float] = []
    failures: list[str] = []
    for index in range(runs):
        log(f"  {name}: run {index + 1}/{runs}")
        for side, times in (("ours", ours), ("theirs", theirs)):
            output = tools.workdir / f"corpus-{side}-{document.key}-{index}"
            shutil.rmtree(output, ignore_errors=True)
            if side == "ours":
                command = tools.ours_generate(document.spec, output, document.package)
            else:
                command = tools.theirs_generate(document.spec, output)
            run = tools.run(command)
            shutil.rmtree(output, ignore_errors=True)
            if run.ok:
                times.append(run.seconds)
            elif index == 0:
                failures.append(f"{side} {run.failure()}")
    row_name = f"generate {name}, cold (ours: black; theirs: ruff)"
    if ours and theirs:
        return ratio_row(row_name, median(ours), median(theirs), CORPUS_LIMIT)
    return Row(
        row_name,
        seconds(median(ours)) if ours else "-",
        seconds(median(theirs)) if theirs else "-",
        None,
        CORPUS_LIMIT,
        f"<= {CORPUS_LIMIT:.2f}x",
        failure="; ".join(failures),
    )


def _memory(tools: Tools, document: CorpusDocument, name: str) -> Row:
    """Each side's peak PSS over its whole process tree, one run each (it varies little)."""
    row_name = f"generate {name}: peak PSS of the process tree"
    target = f"<= {CORPUS_LIMIT:.2f}x"
    if not Path("/proc/self/task").is_dir():
        return Row(row_name, "-", "-", None, None, target, failure="SKIPPED: needs /proc")
    peaks: list[float | None] = []
    failures: list[str] = []
    for side in ("ours", "theirs"):
        log(f"  {name}: sampling the memory of {side}")
        output = tools.workdir / f"corpus-memory-{side}-{document.key}"
        if side == "ours":
            command = tools.ours_generate(document.spec, output, document.package)
        else:
            command = tools.theirs_generate(document.spec, output)
        peak, failure = tree_peak(tools, command, output)
        peaks.append(peak)
        if failure is not None:
            failures.append(f"{side} {failure}")
    ours, theirs = peaks
    if ours is not None and theirs is not None and not failures:
        return ratio_row(row_name, ours, theirs, CORPUS_LIMIT, show=megabytes)
    return Row(
        row_name,
        # A side that failed shows the peak it reached before it did.
        megabytes(ours) if ours is not None else "-",
        megabytes(theirs) if theirs is not None else "-",
        None,
        CORPUS_LIMIT,
        target,
        failure="; ".join(failures) or "a side was not sampled",
    )


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
        rows.append(_cold(tools, document, runs, name))
        rows.append(_memory(tools, document, name))
    return rows


def corpus_import_rows(tools: Tools, bare_python: Path, quick: bool) -> list[Row]:
    """``import <package>`` against ``import httpx`` for the chosen documents' packages,
    each generated once (by us) and imported by an environment holding only httpx."""
    documents = chosen_documents()
    if not documents:
        return [failed_row("import corpus", "SKIPPED: ../shared/specs/corpus is absent")]
    rows: list[Row] = []
    for _, document in documents:
        output = tools.workdir / f"corpus-import-{document.key}"
        shutil.rmtree(output, ignore_errors=True)
        log(f"corpus import: generating {document.package}")
        run = tools.run(tools.ours_generate(document.spec, output, document.package))
        name = f"import {document.package} vs httpx"
        if not run.ok:
            rows.append(failed_row(name, run.failure(), CORPUS_IMPORT_LIMIT))
            continue
        runs = 5 if quick else 11
        rows.append(import_time(bare_python, output, runs, document.package, CORPUS_IMPORT_LIMIT))
    return rows
