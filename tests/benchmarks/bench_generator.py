"""Generator benchmarks: apiwright against openapi-python-client, one whole process per run.

Each pair runs alternately (ours, theirs, ours, ...) so that a slow moment of the machine hurts
both sides alike; the table shows medians.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.bench_measure import (
    ProcessRun,
    Row,
    failed_row,
    log,
    median,
    megabytes,
    ratio_row,
    run_process,
)

MEMORY_LIMIT_MB = 300.0
CHECK_LIMIT = 0.3
COLD_GENERATE_LIMIT = 1.0
SAMPLE_INTERVAL_SECONDS = 0.02


@dataclass(frozen=True)
class Tools:
    python: Path
    openapi_python_client: Path
    workdir: Path

    def ours_generate(self, spec: Path, output: Path, package: str) -> list[str | Path]:
        return [self.python, "-m", "generator", "generate", "-q", *_target(spec, output, package)]

    def ours_check(self, spec: Path, output: Path, package: str) -> list[str | Path]:
        return [self.python, "-m", "generator", "check", *_target(spec, output, package)]

    def theirs_generate(self, spec: Path, output: Path) -> list[str | Path]:
        return [
            self.openapi_python_client,
            "generate",
            "--path",
            spec,
            "--output-path",
            output,
            "--overwrite",
        ]

    def run(self, command: Sequence[str | Path]) -> ProcessRun:
        # The work directory has no pyproject.toml, so no ambient configuration is picked up.
        return run_process(command, self.workdir)


def _target(spec: Path, output: Path, package: str) -> list[str | Path]:
    return ["--spec", spec, "--output", output, "--package", package]


def _alternate(
    label: str,
    runs: int,
    ours: Callable[[int], ProcessRun],
    theirs: Callable[[int], ProcessRun],
) -> tuple[list[ProcessRun], list[ProcessRun], str | None]:
    """``runs`` timings of each side, interleaved; stops at the first failure and says which."""
    ours_runs: list[ProcessRun] = []
    theirs_runs: list[ProcessRun] = []
    for index in range(runs):
        log(f"  {label}: run {index + 1}/{runs}")
        mine = ours(index)
        if not mine.ok:
            return ours_runs, theirs_runs, "ours " + mine.failure()
        ours_runs.append(mine)
        other = theirs(index)
        if not other.ok:
            return ours_runs, theirs_runs, "theirs " + other.failure()
        theirs_runs.append(other)
    return ours_runs, theirs_runs, None


def check_unchanged(tools: Tools, spec: Path, package: str, runs: int, name: str) -> Row:
    """``check`` on a tree our ``generate`` just wrote, against their full ``generate``."""
    label = f"check {name}"
    row_name = f"{label}: our check vs their generate"
    ours_dir = tools.workdir / f"check-ours-{package}"
    theirs_dir = tools.workdir / f"check-theirs-{package}"
    log(f"{label}: generating the tree to check")
    setup = tools.run(tools.ours_generate(spec, ours_dir, package))
    if not setup.ok:
        return failed_row(row_name, "ours " + setup.failure(), CHECK_LIMIT)
    # One untimed run of each side fills the bytecode caches.
    tools.run(tools.ours_check(spec, ours_dir, package))
    tools.run(tools.theirs_generate(spec, theirs_dir))
    ours_runs, theirs_runs, failure = _alternate(
        label,
        runs,
        lambda _: tools.run(tools.ours_check(spec, ours_dir, package)),
        lambda _: tools.run(tools.theirs_generate(spec, theirs_dir)),
    )
    shutil.rmtree(ours_dir, ignore_errors=True)
    shutil.rmtree(theirs_dir, ignore_errors=True)
    if failure is not None:
        return failed_row(row_name, failure, CHECK_LIMIT)
    return ratio_row(
        row_name,
        median([run.seconds for run in ours_runs]),
        median([run.seconds for run in theirs_runs]),
        CHECK_LIMIT,
    )


def cold_generate(
    tools: Tools, spec: Path, package: str, runs: int, name: str, limit: float | None
) -> list[Row]:
    """``generate`` into a fresh empty directory each time (no manifest, everything formatted).

    Returns the timing row and a row of the largest single process's peak memory.
    """
    label = f"generate {name}"

    def fresh(side: str, index: int) -> Path:
        directory = tools.workdir / f"cold-{side}-{package}-{index}"
        shutil.rmtree(directory, ignore_errors=True)
        return directory

    def ours(index: int) -> ProcessRun:
        output = fresh("ours", index)
        try:
            return tools.run(tools.ours_generate(spec, output, package))
        finally:
            shutil.rmtree(output, ignore_errors=True)

    def theirs(index: int) -> ProcessRun:
        output = fresh("theirs", index)
        try:
            return tools.run(tools.theirs_generate(spec, output))
        finally:
            shutil.rmtree(output, ignore_errors=True)

    ours_runs, theirs_runs, failure = _alternate(label, runs, ours, theirs)
    row_name = f"{label}, cold (ours: black; theirs: ruff)"
    if failure is not None:
        return [failed_row(row_name, failure, limit)]
    rows = [
        ratio_row(
            row_name,
            median([run.seconds for run in ours_runs]),
            median([run.seconds for run in theirs_runs]),
            limit,
        )
    ]
    ours_peak = [run.peak_rss_mb for run in ours_runs if run.peak_rss_mb is not None]
    theirs_peak = [run.peak_rss_mb for run in theirs_runs if run.peak_rss_mb is not None]
    if ours_peak and theirs_peak:
        rows.append(
            Row(
                f"{label}: peak RSS of the largest process",
                megabytes(max(ours_peak)),
                megabytes(max(theirs_peak)),
                max(ours_peak),
                MEMORY_LIMIT_MB if limit is not None else None,
                f"<= {MEMORY_LIMIT_MB:.0f} MB" if limit is not None else "-",
            )
        )
    return rows


def _descendants(pid: int) -> list[int]:
    found = [pid]
    index = 0
    while index < len(found):
        current = found[index]
        index += 1
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                found.extend(int(child) for child in (task / "children").read_text().split())
            except (OSError, ValueError):
                continue
    return found


def _proportional_kb(pid: int) -> int:
    """PSS, so that pages a forked worker shares with its parent are not counted twice."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemorySampler:
    """Samples the summed PSS of a process and all its descendants while it runs."""

    def __init__(self) -> None:
        self.peak_kb = 0

    def __call__(self, pid: int, finished: threading.Event) -> None:
        while not finished.is_set():
            total = sum(_proportional_kb(member) for member in _descendants(pid))
            self.peak_kb = max(self.peak_kb, total)
            finished.wait(SAMPLE_INTERVAL_SECONDS)


def tree_peak(
    tools: Tools, command: Sequence[str | Path], output: Path
) -> tuple[float | None, str | None]:
    """The peak PSS (MB) of one run's whole process tree (None without samples), and the
    run's failure if it failed (the peak is still the one it reached)."""
    shutil.rmtree(output, ignore_errors=True)
    sampler = TreeMemorySampler()
    result = run_process(command, tools.workdir, while_running=sampler)
    shutil.rmtree(output, ignore_errors=True)
    peak = sampler.peak_kb / 1000 if sampler.peak_kb else None
    return peak, None if result.ok else result.failure()


def tree_memory(tools: Tools, spec: Path, package: str, name: str) -> Row:
    """Peak memory of the whole process tree (parent plus formatting workers at once)."""
    row_name = f"generate {name}: peak PSS of the process tree"
    target = f"<= {MEMORY_LIMIT_MB:.0f} MB"
    if not Path("/proc/self/task").is_dir():
        return Row(row_name, "-", "-", None, None, target, failure="SKIPPED: needs /proc")
    peaks: list[float] = []
    for side in ("ours", "theirs"):
        log(f"generate {name}: sampling the memory of {side}")
        output = tools.workdir / f"memory-{side}-{package}"
        if side == "ours":
            command = tools.ours_generate(spec, output, package)
        else:
            command = tools.theirs_generate(spec, output)
        peak, failure = tree_peak(tools, command, output)
        if peak is None or failure is not None:
            reason = f"{side} {failure or 'was not sampled'}"
            return Row(row_name, "-", "-", None, None, target, failure=reason)
        peaks.append(peak)
    return Row(
        row_name,
        megabytes(peaks[0]),
        megabytes(peaks[1]),
        peaks[0],
        MEMORY_LIMIT_MB,
        target,
    )


def generator_rows(
    tools: Tools, hubspot_spec: Path, twilio_spec: Path | None, quick: bool
) -> list[Row]:
    runs = 3 if quick else 5
    slow_runs = 1 if quick else 3
    rows = [check_unchanged(tools, hubspot_spec, "hubspot_associations", runs, "HubSpot")]
    rows += cold_generate(tools, hubspot_spec, "hubspot_associations", runs, "HubSpot", None)
    if twilio_spec is None:
        reason = "SKIPPED: the Twilio spec is absent (pass --twilio PATH)"
        rows.append(failed_row("check Twilio: our check vs their generate", reason, CHECK_LIMIT))
        rows.append(
            failed_row(
                "generate Twilio, cold (ours: black; theirs: ruff)", reason, COLD_GENERATE_LIMIT
            )
        )
        return rows
    rows.append(check_unchanged(tools, twilio_spec, "twilio_api", runs, "Twilio"))
    rows += cold_generate(
        tools, twilio_spec, "twilio_api", slow_runs, "Twilio", COLD_GENERATE_LIMIT
    )
    rows.append(tree_memory(tools, twilio_spec, "twilio_api", "Twilio"))
    return rows
