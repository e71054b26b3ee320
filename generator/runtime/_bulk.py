"""Bulk helpers: any number of inputs, sent in chunks, every input accounted for.

Inputs are read lazily, one chunk at a time, so memory stays bounded by chunk size times
concurrency however long the iterable is. Each chunk ends in exactly one outcome: its
results and per-input errors, or, when its request failed for good, a
:class:`FailedChunk` holding its inputs and their indexes so a caller can retry or
report them.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._core import ATTEMPTS
from ._exceptions import APIError, ConfigurationError

if TYPE_CHECKING:
    import asyncio

__all__ = ["BulkResult", "ChunkOutcome", "FailedChunk", "OnProgress"]

I = TypeVar("I")  # noqa: E741  # the conventional name for an input type variable
R = TypeVar("R")
E = TypeVar("E")


@dataclass(frozen=True)
class FailedChunk(Generic[I]):
    """A chunk whose request failed for good, with what is needed to retry it later."""

    inputs: list[I]
    indexes: range
    error: APIError


@dataclass(frozen=True)
class ChunkOutcome(Generic[I, R, E]):
    """How one chunk ended; passed to ``on_progress`` as soon as it is known."""

    chunk: int
    indexes: range
    results: list[R]
    errors: list[E]
    failure: FailedChunk[I] | None
    attempts: tuple[int | str, ...]
    resume_from: int
    """Every input before this index has finished: a safe ``start_at`` to resume."""


# What on_progress receives; an alias keeps the generated signatures short.
OnProgress = Callable[[ChunkOutcome[I, R, E]], object]


@dataclass
class BulkResult(Generic[I, R, E]):
    """Everything a bulk call did, with every input in exactly one chunk outcome."""

    results: list[R] = field(default_factory=list)
    errors: list[E] = field(default_factory=list)
    failed: list[FailedChunk[I]] = field(default_factory=list)
    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    chunks: int = 0
    inputs: int = 0
    result_count: int = 0
    """How many results came back, kept in ``results`` or not (``keep_results``)."""
    error_count: int = 0
    """How many per-input errors came back, kept in ``errors`` or not."""

    @property
    def ok(self) -> bool:
        """True when no chunk failed and no input was reported as an error."""
        return not self.failed and not self.error_count


def check_chunk_size(chunk_size: int, max_items: int) -> None:
    if not 1 <= chunk_size <= max_items:
        raise ConfigurationError(
            f"chunk_size must be between 1 and {max_items}, got {chunk_size}"
        )


def chunked(
    inputs: Iterable[I], chunk_size: int, start_at: int
) -> Iterator[tuple[int, list[I]]]:
    """(index of the first input, inputs) per chunk, reading ``inputs`` lazily."""
    if start_at < 0:
        raise ConfigurationError("start_at must be 0 or more")
    iterator = iter(inputs)
    if start_at:
        next(itertools.islice(iterator, start_at - 1, start_at), None)
    index = start_at
    while True:
        chunk = list(itertools.islice(iterator, chunk_size))
        if not chunk:
            return
        yield index, chunk
        index += len(chunk)


def _as_api_error(error: Exception) -> APIError:
    """What failed a chunk, as an ``APIError``: the client raises nothing else while
    sending and reading, but encoding a caller's inputs may (a wrong type, say)."""
    if isinstance(error, APIError):
        return error
    wrapped = APIError(f"the chunk could not be sent: {type(error).__name__}: {error}")
    wrapped.__cause__ = error
    return wrapped


def _list_field(parsed: object, name: str | None) -> list[Any]:
    if name is None:
        return []
    value = getattr(parsed, name, None)
    # An optional array the server left out is an empty one here, never UNSET.
    return list(value) if isinstance(value, list) else []


class _Ledger(Generic[I, R, E]):
    """Collects outcomes and tracks the contiguous prefix of finished inputs."""

    def __init__(self, start_at: int, keep_results: bool) -> None:
        self.result: BulkResult[I, R, E] = BulkResult()
        # Without keeping, only on_progress sees results: memory stays bounded by the
        # chunks in flight however many inputs a run has.
        self._keep_results = keep_results
        self._finished: dict[int, int] = {}
        self._resume_from = start_at

    def record(
        self,
        chunk: int,
        first: int,
        inputs: list[I],
        parsed: object,
        failure: APIError | None,
        attempts: list[int | str],
        results_field: str | None,
        errors_field: str | None,
    ) -> ChunkOutcome[I, R, E]:
        indexes = range(first, first + len(inputs))
        results: list[R] = []
        errors: list[E] = []
        failed: FailedChunk[I] | None = None
        if failure is None:
            results = _list_field(parsed, results_field)
            errors = _list_field(parsed, errors_field)
        else:
            failed = FailedChunk(inputs=inputs, indexes=indexes, error=failure)
        total = self.result
        if self._keep_results:
            total.results.extend(results)
            total.errors.extend(errors)
        total.result_count += len(results)
        total.error_count += len(errors)
        if failed is not None:
            total.failed.append(failed)
        total.chunks += 1
        total.inputs += len(inputs)
        total.requests += len(attempts)
        total.retries += max(0, len(attempts) - 1)
        total.rate_limited += sum(1 for attempt in attempts if attempt == 429)
        self._finished[first] = first + len(inputs)
        while self._resume_from in self._finished:
            self._resume_from = self._finished.pop(self._resume_from)
        return ChunkOutcome(
            chunk=chunk,
            indexes=indexes,
            results=results,
            errors=errors,
            failure=failed,
            attempts=tuple(attempts),
            resume_from=self._resume_from,
        )


def run_chunks(
    send: Callable[[list[I]], Any],
    inputs: Iterable[I],
    *,
    chunk_size: int,
    max_items: int,
    start_at: int,
    on_progress: Callable[[ChunkOutcome[I, R, E]], object] | None,
    results_field: str | None,
    errors_field: str | None,
    keep_results: bool = True,
) -> BulkResult[I, R, E]:
    """Send ``inputs`` in chunks, one request at a time."""
    check_chunk_size(chunk_size, max_items)
    ledger: _Ledger[I, R, E] = _Ledger(start_at, keep_results)
    for number, (first, chunk) in enumerate(chunked(inputs, chunk_size, start_at)):
        attempts: list[int | str] = []
        token = ATTEMPTS.set(attempts)
        parsed: object = None
        failure: APIError | None = None
        try:
            parsed = send(chunk)
        except Exception as error:  # every chunk is accounted for
            failure = _as_api_error(error)
        finally:
            ATTEMPTS.reset(token)
        outcome = ledger.record(
            number, first, chunk, parsed, failure, attempts, results_field, errors_field
        )
        if on_progress is not None:
            on_progress(outcome)
    return ledger.result


async def run_chunks_async(
    send: Callable[[list[I]], Awaitable[Any]],
    inputs: Iterable[I],
    *,
    chunk_size: int,
    max_items: int,
    start_at: int,
    concurrency: int,
    allowed_in_flight: Callable[[int], int],
    on_progress: Callable[[ChunkOutcome[I, R, E]], object] | None,
    results_field: str | None,
    errors_field: str | None,
    keep_results: bool = True,
) -> BulkResult[I, R, E]:
    """Send ``inputs`` in chunks with at most ``concurrency`` requests in flight.

    ``allowed_in_flight(concurrency)`` is asked again before every chunk, so the cap
    tightens as soon as the server advertises a limit smaller than the requested
    concurrency.
    """
    # asyncio costs about 8 ms to import; sync-only programs never pay it.
    import asyncio

    check_chunk_size(chunk_size, max_items)
    if concurrency < 1:
        raise ConfigurationError("concurrency must be 1 or more")
    ledger: _Ledger[I, R, E] = _Ledger(start_at, keep_results)
    in_flight = 0
    slot_freed = asyncio.Event()
    running: set[asyncio.Task[None]] = set()
    crashed: list[BaseException] = []

    def finished(task: asyncio.Task[None]) -> None:
        running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            crashed.append(task.exception())  # type: ignore[arg-type]

    async def one(number: int, first: int, chunk: list[I]) -> None:
        nonlocal in_flight
        attempts: list[int | str] = []
        ATTEMPTS.set(attempts)
        parsed: object = None
        failure: APIError | None = None
        try:
            parsed = await send(chunk)
        except Exception as error:  # every chunk is accounted for
            failure = _as_api_error(error)
        finally:
            in_flight -= 1
            slot_freed.set()
        outcome = ledger.record(
            number, first, chunk, parsed, failure, attempts, results_field, errors_field
        )
        if on_progress is not None:
            on_progress(outcome)

    chunks = enumerate(chunked(inputs, chunk_size, start_at))
    try:
        while True:
            while in_flight >= allowed_in_flight(concurrency):
                slot_freed.clear()
                await slot_freed.wait()
            if crashed:
                raise crashed[0]
            # Read the next chunk only once a slot is free: memory stays
            # chunk_size x concurrency.
            item = next(chunks, None)
            if item is None:
                break
            number, (first, chunk) = item
            in_flight += 1
            task = asyncio.create_task(one(number, first, chunk))
            running.add(task)
            task.add_done_callback(finished)
        if running:
            await asyncio.gather(*running)
    finally:
        for task in running:
            task.cancel()
    return ledger.result
