"""Measuring whole processes, and the table every benchmark reports into.

Timings are wall-clock seconds around a child process, so interpreter start-up and imports count,
as they do for a person at a terminal. Each child is reaped with ``os.wait4`` so its peak resident
memory comes back with it; Linux reports there the largest of the child and every descendant it
waited for (black's worker processes included).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


def log(message: str) -> None:
    """Progress goes to stderr so that stdout holds only the table."""
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    returncode: int
    peak_rss_mb: float | None
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failure(self) -> str:
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        first = lines[0] if lines else "(no output on stderr)"
        return f"FAILED (exit {self.returncode}): {first[:120]}"


def run_process(
    command: Sequence[str | Path],
    cwd: Path,
    *,
    timeout: float = 900.0,
    env: dict[str, str] | None = None,
    while_running: Callable[[int, threading.Event], None] | None = None,
) -> ProcessRun:
    """Run one command to completion.

    ``while_running(pid, finished)``, if given, runs in a thread beside the child until the
    child has exited and ``finished`` is set.
    """
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in command],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
        )
        # A hung child must not hang the whole run.
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        finished = threading.Event()
        watcher = None
        if while_running is not None:
            watcher = threading.Thread(
                target=while_running, args=(process.pid, finished), daemon=True
            )
            watcher.start()
        peak_rss_mb: float | None = None
        try:
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(process.pid, 0)
                elapsed = time.perf_counter() - started
                process.returncode = os.waitstatus_to_exitcode(status)
                # ru_maxrss is in KiB on Linux and in bytes on macOS.
                scale = 1 if sys.platform == "darwin" else 1024
                peak_rss_mb = usage.ru_maxrss * scale / 1e6
            else:  # pragma: no cover - Windows has no wait4
                process.wait()
                elapsed = time.perf_counter() - started
        finally:
            killer.cancel()
            finished.set()
        if watcher is not None:
            watcher.join()
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
    return ProcessRun(elapsed, process.returncode or 0, peak_rss_mb, text)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def micros(value: float) -> str:
    return f"{value * 1e6:.1f} us"


def millis(value: float) -> str:
    return f"{value * 1e3:.1f} ms"


def megabytes(value: float) -> str:
    return f"{value:.0f} MB"


@dataclass(frozen=True)
class Row:
    """One line of the table.

    ``measured`` is what the target is about (usually ours/theirs); ``limit`` is its upper bound,
    or None for a figure printed for information only.
    """

    name: str
    ours: str
    theirs: str
    measured: float | None
    limit: float | None
    target: str
    failure: str | None = None
    is_ratio: bool = False

    @property
    def verdict(self) -> str:
        if self.failure is not None:
            return self.failure
        if self.measured is None or self.limit is None:
            return "info"
        return "PASS" if self.measured <= self.limit else "MISS"

    @property
    def ratio_text(self) -> str:
        if self.failure is not None or self.measured is None:
            return "-"
        return f"{self.measured:.2f}x" if self.is_ratio else "-"


def ratio_row(
    name: str,
    ours: float,
    theirs: float,
    limit: float | None,
    show: Callable[[float], str] = seconds,
) -> Row:
    target = f"<= {limit:.2f}x" if limit is not None else "-"
    return Row(name, show(ours), show(theirs), ours / theirs, limit, target, is_ratio=True)


def failed_row(name: str, reason: str, limit: float | None = None) -> Row:
    target = f"<= {limit:.2f}x" if limit is not None else "-"
    return Row(name, "-", "-", None, limit, target, failure=reason)


def format_table(rows: Sequence[Row]) -> str:
    header = ("benchmark", "ours", "theirs", "ratio", "target", "result")
    cells = [header] + [
        (row.name, row.ours, row.theirs, row.ratio_text, row.target, row.verdict) for row in rows
    ]
    # The result column is last and may be a long failure message: it is not padded.
    widths = [max(len(line[column]) for line in cells) for column in range(len(header) - 1)]
    right_aligned = {1, 2, 3}

    def render(line: Sequence[str]) -> str:
        parts = []
        for column, text in enumerate(line[:-1]):
            width = widths[column]
            parts.append(text.rjust(width) if column in right_aligned else text.ljust(width))
        parts.append(line[-1])
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths) + "  ------"
    return "\n".join([render(header), rule, *(render(line) for line in cells[1:])])


def import_time(
    python: Path,
    workdir: Path,
    runs: int,
    package: str = "hubspot_associations",
    limit: float = 1.3,
) -> Row:
    """Whole-process ``python -c "import X"`` less ``python -c "pass"``, alternating; the
    package is imported from ``workdir`` (or from the environment)."""
    name = f"import {package} vs httpx (start-up subtracted)"
    commands: dict[str, list[str | Path]] = {
        "start-up": [python, "-c", "pass"],
        "httpx": [python, "-c", "import httpx"],
        "ours": [python, "-c", f"import {package}"],
    }
    samples: dict[str, list[float]] = {key: [] for key in commands}
    for key, command in commands.items():
        warm = run_process(command, workdir)
        if not warm.ok:
            return failed_row(name, f"{key} {warm.failure()}", limit)
    log(f"import {package}: {runs} rounds")
    for _ in range(runs):
        for key, command in commands.items():
            samples[key].append(run_process(command, workdir).seconds)
    start_up = median(samples["start-up"])
    return ratio_row(
        name,
        median(samples["ours"]) - start_up,
        median(samples["httpx"]) - start_up,
        limit,
        millis,
    )
