"""Stage 5: format rendered Python with black, in process, with a fixed mode.

Files that the built-in templates render in black's style only have their doubtful
statements formatted (:mod:`generator.canonical`); the result is the same file, in a fraction
of the time.

The mode is spelled out here rather than read from any ``pyproject.toml``, so the output does
not depend on where the generator runs. black's major version is pinned in our dependencies
because its style changes each year and would break the regeneration check.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .canonical import LINE_LENGTH, Plan
from .errors import GeneratorError

PARALLEL_THRESHOLD_BYTES = 400_000
# black's memory grows with the module it formats (by about 150 bytes per character), its
# time does not shrink with larger modules: a file's doubtful statements go to it in
# modules of about this many characters.
BATCH_CHARS = 20_000
# Full collections a tenth as often as Python's default (700, 10, 10): see _prepare_worker.
WORKER_GC_THRESHOLDS = (700, 10, 100)


def _mode() -> Any:
    import black
    from black.mode import TargetVersion

    return black.Mode(
        target_versions={TargetVersion.PY310},
        line_length=LINE_LENGTH,
        string_normalization=True,
        is_pyi=False,
        magic_trailing_comma=True,
        preview=False,
    )


def black_version() -> str:
    from importlib.metadata import version

    return version("black")


def format_python(path: str, source: str) -> str:
    import black
    from black.parsing import InvalidInput

    try:
        return black.format_str(source, mode=_mode())
    except InvalidInput as exc:
        # The templates produced something that is not Python: a generator bug, not a user error.
        raise GeneratorError(
            f"internal error: generated {path} is not valid Python: {exc}"
        ) from None


def _format_group(jobs: list[tuple[str, str]]) -> list[str]:
    return [_format_collected(path, source) for path, source in jobs]


def _format_collected(path: str, source: str) -> str:
    """black's syntax trees are cycles (children point at their parents): with full
    collections rare (WORKER_GC_THRESHOLDS), the trees of batch after batch would pile up."""
    import gc

    try:
        return format_python(path, source)
    finally:
        gc.collect()


def _format_here(path: str, source: str) -> str:
    import gc

    thresholds = gc.get_threshold()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    try:
        return _format_collected(path, source)
    finally:
        gc.set_threshold(*thresholds)


def _prepare_worker() -> None:
    """Make the collector cheaper for black's big, long-lived syntax trees.

    Full collections traverse every live node of the file being formatted, again and again;
    running them a tenth as often cuts black's time on a large file by about a third for
    roughly 15 % more peak memory. Freezing moves the objects alive now (imports) out of
    the collector's sight for good.
    """
    import gc

    import black  # noqa: F401  # imported before freezing, so its objects are frozen too

    gc.collect()
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _balanced(jobs: list[tuple[str, str]], count: int) -> list[list[int]]:
    """The indexes of ``jobs`` in ``count`` groups of about equal size, the largest first."""
    groups: list[list[int]] = [[] for _ in range(count)]
    sizes = [0] * count
    for index in sorted(range(len(jobs)), key=lambda i: -len(jobs[i][1])):
        smallest = sizes.index(min(sizes))
        groups[smallest].append(index)
        sizes[smallest] += len(jobs[index][1])
    return groups


def _format_jobs(jobs: list[tuple[str, str]], cpus: int) -> list[str]:
    """black over each (path, source), in order; big work is shared with other processes
    when there are CPUs for them (black is CPU-bound: a worker without a CPU of its own
    only adds its memory)."""
    total = sum(len(source) for _, source in jobs)
    workers = min(len(jobs), cpus) - 1
    if total < PARALLEL_THRESHOLD_BYTES or workers < 1:
        return [_format_here(path, source) for path, source in jobs]
    # This process formats a share itself: one process fewer holds a copy of black and a
    # syntax tree, for the same wall time.
    own, *others = _balanced(jobs, workers + 1)
    results = [""] * len(jobs)
    with ProcessPoolExecutor(max_workers=workers, initializer=_prepare_worker) as pool:
        pending = [pool.submit(_format_group, [jobs[i] for i in group]) for group in others]
        for index in own:
            results[index] = _format_here(*jobs[index])
        for group, future in zip(others, pending, strict=True):
            for index, text in zip(group, future.result(), strict=True):
                results[index] = text
    return results


def _plan_without_collector(source: str) -> Plan | None:
    """:func:`generator.canonical.plan` with the cycle collector paused: a syntax tree holds no
    cycles, and its hundreds of thousands of nodes would otherwise set off collection after
    collection."""
    import gc

    from .canonical import plan

    enabled = gc.isenabled()
    gc.disable()
    try:
        return plan(source)
    finally:
        if enabled:
            gc.enable()


def black_workload(
    files: dict[str, str],
    preformatted: frozenset[str] = frozenset(),
    black_styled: frozenset[str] = frozenset(),
) -> tuple[int, tuple[str, ...]]:
    """What :func:`format_files` hands to black: the number of doubtful statements of
    black-styled files, and the files it formats whole. For a benchmark and a test that pins
    the benefit of rendering black's style."""
    from .canonical import plan

    statements = 0
    whole: list[str] = []
    for path, text in sorted(files.items()):
        if not path.endswith(".py") or path in preformatted:
            continue
        file_plan = plan(text) if path in black_styled else None
        if file_plan is None:
            whole.append(path)
        else:
            statements += len(file_plan.doubtful)
    return statements, tuple(whole)


def format_files(
    files: dict[str, str],
    preformatted: frozenset[str] = frozenset(),
    black_styled: frozenset[str] = frozenset(),
    *,
    cpus: int | None = None,
) -> dict[str, str]:
    """Format every ``.py`` file that is not ``preformatted`` with black.

    Files in ``black_styled`` were rendered in black's style by templates that vouch for it:
    only their doubtful statements go to black (see :mod:`generator.canonical`), in batches
    of about ``BATCH_CHARS``. Everything else is formatted whole. ``cpus`` is how many CPUs
    formatting may keep busy (default: all).
    """
    python = {
        path: text
        for path, text in files.items()
        if path.endswith(".py") and path not in preformatted
    }
    plans = {}
    jobs: list[tuple[str, str]] = []
    for path, text in python.items():
        file_plan = None
        if path in black_styled:
            try:
                file_plan = _plan_without_collector(text)
            except SyntaxError as exc:
                raise GeneratorError(
                    f"internal error: generated {path} is not valid Python: {exc}"
                ) from None
        if file_plan is None:
            jobs.append((path, text))
        else:
            plans[path] = file_plan
            jobs.extend((path, batch) for batch in file_plan.batches(BATCH_CHARS))
    formatted: dict[str, list[str]] = {}
    outputs = _format_jobs(jobs, cpus if cpus is not None else os.cpu_count() or 1)
    for (path, _), output in zip(jobs, outputs, strict=True):
        formatted.setdefault(path, []).append(output)
    result = dict(files)
    for path, text in python.items():
        file_plan = plans.get(path)
        if file_plan is None:
            result[path] = formatted[path][0]
        elif not file_plan.doubtful:
            result[path] = text
        else:
            try:
                result[path] = file_plan.assemble("".join(formatted[path]))
            except ValueError as exc:
                raise GeneratorError(f"internal error: formatting {path}: {exc}") from None
    return result
