"""Each corpus document generated once per session (by the command line, as users run it), and
the time every step took, printed at the end of the run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.corpus.documents import CorpusDocument

# document key -> step -> seconds, for the summary printed after the run.
TIMINGS: dict[str, dict[str, float]] = {}


@dataclass(frozen=True)
class GenerateOutcome:
    document: CorpusDocument
    output: Path
    returncode: int
    stderr: str

    def require_package(self) -> Path:
        """The generated distribution's directory; fails (never skips) if generation failed."""
        assert self.returncode == 0, f"generate exited {self.returncode}: {self.stderr[-3000:]}"
        return self.output


def run_timed(
    document: CorpusDocument, step: str, command: list[str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    started = time.perf_counter()
    result = subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=1200,
    )
    TIMINGS.setdefault(document.key, {})[step] = time.perf_counter() - started
    return result


class CorpusOutputs:
    """Generates a document the first time a test asks for it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mypy_cache = root / "mypy_cache"  # shared: stdlib and httpx are checked once
        self._outcomes: dict[str, GenerateOutcome] = {}

    def generated(self, document: CorpusDocument) -> GenerateOutcome:
        if not document.spec.is_file():
            pytest.skip(f"{document.spec} is absent: ../shared/specs is not beside this clone")
        if document.key not in self._outcomes:
            output = self.root / document.key
            result = run_timed(
                document,
                "generate",
                [
                    sys.executable,
                    "-m",
                    "generator",
                    "generate",
                    "--quiet",
                    "--spec",
                    str(document.spec),
                    "--output",
                    str(output),
                    "--package",
                    document.package,
                ],
                cwd=ROOT,
            )
            self._outcomes[document.key] = GenerateOutcome(
                document, output, result.returncode, result.stderr
            )
        return self._outcomes[document.key]


@pytest.fixture(scope="session")
def corpus_outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CorpusOutputs]:
    yield CorpusOutputs(tmp_path_factory.mktemp("corpus"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TIMINGS:
        return
    steps = ("generate", "compile", "import", "mypy", "ruff")
    terminalreporter.section("corpus: seconds per step")
    terminalreporter.write_line(f"{'document':<24}" + "".join(f"{s:>10}" for s in steps))
    for key, timings in TIMINGS.items():
        cells = "".join(f"{timings[s]:>10.2f}" if s in timings else f"{'-':>10}" for s in steps)
        terminalreporter.write_line(f"{key:<24}{cells}")
