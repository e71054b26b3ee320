#!/usr/bin/env python3
"""Issue #4's bulk benchmark: creating many associations under HubSpot's rolling rate limit.

    python3 tests/benchmarks/bulk.py [--inputs N] [--only a,b,c,e,f,d,d-retry,d-200]

Against the simulator with a rolling limit of 10 requests per 1,000 ms and 100 inputs per
request (a ceiling of 1,000 inputs/s), each variant creates N associations (20,000 by default)
with a fresh simulator and a fresh client:

  (a) ``batch_create_all``, sync, inputs from a generator;
  (b) the async ``batch_create_all`` at concurrency 8, inputs from a generator;
  (c) a plain loop over ``batch_create``, 100 inputs per call, default retries, catching our
      APIError per chunk;
  (e) 200 async tasks sharing one client, started cold, each taking the next chunk and
      calling ``batch_create`` (the first request probes the limit; nothing else is sent
      until its answer arrives);
  (f) 16 threads sharing one sync client, started cold, the same way;
  (d) HubSpot's hubspot-api-client 12.0.0 used as its README shows: ``HubSpot(access_token=)``
      and ``crm.associations.batch_api.create`` in a loop with ``try/except ApiException``;
      ``d-retry`` adds its README's retry recipe for 429 (``Retry(total=5,
      status_forcelist=(429,))``), and ``d-200`` has the simulator answer 200, as HubSpot's live
      API now does, instead of 201.

The first run creates .venv-bench-bulk beside the project with hubspot-api-client (never a
project dependency), apiwright and the generated package (both editable), then runs itself
again inside it. Progress goes to stderr; stdout gets the table and PASS or MISS for the
targets: for (a) and (b) at least 95 % of the ceiling, for (a), (b), (e) and (f) at most
1 % of requests answered 429 and no input lost.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import json
import os
import platform
import subprocess
import sys
import threading
import time
import tracemalloc
import venv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("APIWRIGHT_BULK_BENCH_VENV", ROOT / ".venv-bench-bulk"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".apiwright-bulk-bench-stamp"
PYCACHE = VENV / "pycache"
THEIR_CLIENT = "hubspot-api-client==12.0.0"

TOKEN = "bench-bulk-token"
MAX_REQUESTS = 10
INTERVAL_MS = 1000
CHUNK = 100
CEILING = MAX_REQUESTS * CHUNK / (INTERVAL_MS / 1000)
"""Inputs per second that the rolling limit allows in the long run."""
ASYNC_CONCURRENCY = 8
TASKS = 200
THREADS = 16
FROM_TYPE, TO_TYPE, ASSOCIATION_TYPE = "contacts", "companies", "contact_to_company"
# Every variant draws its ids from its own block, so no two variants create the same association.
ID_BLOCK = 10_000_000
TO_OFFSET = ID_BLOCK // 2
MAX_INPUTS = TO_OFFSET

TARGET_CEILING_PERCENT = 95.0
TARGET_RATE_LIMITED_PERCENT = 1.0

T = TypeVar("T")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# The environment ---------------------------------------------------------------------------


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "generated/pyproject.toml"):
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else b"")
    digest.update(THEIR_CLIENT.encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_environment() -> None:
    fingerprint = _fingerprint()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    if not PYTHON.exists():
        log(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    command = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += [THEIR_CLIENT, "-e", str(ROOT), "-e", str(ROOT / "generated")]
    log("+ " + " ".join(command))
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        raise SystemExit("installing the benchmark environment failed")
    STAMP.write_text(fingerprint)


def benchmark_environment() -> dict[str, str]:
    # Bytecode is cached in the benchmark's environment, never beside the sources.
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return environment


def _inside_bench_environment() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


# One simulator per variant ---------------------------------------------------------------


@dataclass(frozen=True)
class SimulatorReport:
    requests: int
    statuses: dict[str, int]
    associations: set[tuple[str, str, str]]
    handler_errors: list[str]


class SimulatorProcess:
    """A fresh simulator (and so a fresh rolling window) in a process of its own."""

    def __init__(self, success_status: int) -> None:
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.benchmarks.bench_bulk_server",
                TOKEN,
                str(MAX_REQUESTS),
                str(INTERVAL_MS),
                str(success_status),
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self.base_url = self._process.stdout.readline().strip()
        if not self.base_url.startswith("http://"):
            self._process.kill()
            raise SystemExit("the simulator process did not start")

    def finish(self) -> SimulatorReport:
        try:
            output, _ = self._process.communicate("", timeout=60)
        except subprocess.TimeoutExpired:
            self._process.kill()
            raise
        raw = json.loads(output)
        return SimulatorReport(
            requests=raw["requests"],
            statuses=raw["statuses"],
            associations={(f, t, kind) for f, t, kind in raw["associations"]},
            handler_errors=raw["handler_errors"],
        )


# The variants ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    wall: float
    """Seconds from the first request to the last response."""
    returned: int
    """Associations the caller got back in return values."""
    reported_failed: int
    """Inputs the caller was told did not go through (failed chunks and per-input errors)."""
    held: int
    """Bytes of Python heap still allocated at the end, while the caller holds its result."""
    returned_none: int = 0
    """Calls that succeeded but returned None."""


Runner = Callable[[str, int, int], Outcome]


def _heap_now() -> int:
    return tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0


def _ids(first: int, index: int) -> tuple[str, str]:
    return str(first + index), str(first + TO_OFFSET + index)


def chunks(make: Callable[[int], T], count: int) -> Iterator[list[T]]:
    """Lists of at most CHUNK inputs, built one chunk at a time."""
    for start in range(0, count, CHUNK):
        yield [make(index) for index in range(start, min(count, start + CHUNK))]


def _our_association(first: int) -> Callable[[int], Any]:
    from hubspot_associations import PublicAssociation, PublicObjectId

    def make(index: int) -> PublicAssociation:
        from_id, to_id = _ids(first, index)
        return PublicAssociation(
            from_=PublicObjectId(id=from_id), to=PublicObjectId(id=to_id), type=ASSOCIATION_TYPE
        )

    return make


def run_ours_sync(base_url: str, first: int, count: int) -> Outcome:
    from hubspot_associations import AssociationsClient

    make = _our_association(first)
    with AssociationsClient(access_token=TOKEN, base_url=base_url) as client:
        started = time.perf_counter()
        result = client.batch_create_all(
            FROM_TYPE, TO_TYPE, inputs=(make(index) for index in range(count))
        )
        wall = time.perf_counter() - started
    failed = sum(len(chunk.inputs) for chunk in result.failed) + len(result.errors)
    return Outcome(wall, len(result.results), failed, _heap_now())


def run_ours_async(base_url: str, first: int, count: int) -> Outcome:
    from hubspot_associations import AsyncAssociationsClient

    make = _our_association(first)

    async def main() -> Outcome:
        async with AsyncAssociationsClient(access_token=TOKEN, base_url=base_url) as client:
            started = time.perf_counter()
            result = await client.batch_create_all(
                FROM_TYPE,
                TO_TYPE,
                inputs=(make(index) for index in range(count)),
                concurrency=ASYNC_CONCURRENCY,
            )
            wall = time.perf_counter() - started
        failed = sum(len(chunk.inputs) for chunk in result.failed) + len(result.errors)
        return Outcome(wall, len(result.results), failed, _heap_now())

    return asyncio.run(main())


def run_ours_loop(base_url: str, first: int, count: int) -> Outcome:
    from hubspot_associations import APIError, AssociationsClient

    make = _our_association(first)
    returned = failed = 0
    with AssociationsClient(access_token=TOKEN, base_url=base_url) as client:
        started = time.perf_counter()
        for chunk in chunks(make, count):
            try:
                response = client.batch_create(FROM_TYPE, TO_TYPE, inputs=chunk)
            except APIError:
                failed += len(chunk)
                continue
            returned += len(response.results)
            failed += len(getattr(response, "errors", None) or [])
        wall = time.perf_counter() - started
    return Outcome(wall, returned, failed, _heap_now())


def _shared_chunks(make: Callable[[int], T], count: int) -> Callable[[], list[T] | None]:
    """The next chunk for whichever caller asks first; ``None`` when all are taken."""
    source = chunks(make, count)
    lock = threading.Lock()

    def take() -> list[T] | None:
        with lock:
            return next(source, None)

    return take


def run_ours_tasks(base_url: str, first: int, count: int) -> Outcome:
    """TASKS async tasks sharing one cold client, each calling batch_create per chunk."""
    from hubspot_associations import APIError, AsyncAssociationsClient

    take = _shared_chunks(_our_association(first), count)
    returned = failed = 0

    async def worker(client: Any) -> None:
        nonlocal returned, failed
        while (chunk := take()) is not None:
            try:
                response = await client.batch_create(FROM_TYPE, TO_TYPE, inputs=chunk)
            except APIError:
                failed += len(chunk)
                continue
            returned += len(response.results)

    async def main() -> float:
        async with AsyncAssociationsClient(access_token=TOKEN, base_url=base_url) as client:
            started = time.perf_counter()
            await asyncio.gather(*(worker(client) for _ in range(TASKS)))
            return time.perf_counter() - started

    wall = asyncio.run(main())
    return Outcome(wall, returned, failed, _heap_now())


def run_ours_threads(base_url: str, first: int, count: int) -> Outcome:
    """THREADS threads sharing one cold sync client, each calling batch_create per chunk."""
    from hubspot_associations import APIError, AssociationsClient

    take = _shared_chunks(_our_association(first), count)
    totals = {"returned": 0, "failed": 0}
    lock = threading.Lock()

    def worker(client: Any) -> None:
        while (chunk := take()) is not None:
            try:
                response = client.batch_create(FROM_TYPE, TO_TYPE, inputs=chunk)
            except APIError:
                with lock:
                    totals["failed"] += len(chunk)
                continue
            with lock:
                totals["returned"] += len(response.results)

    with AssociationsClient(access_token=TOKEN, base_url=base_url) as client:
        started = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(client,)) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    return Outcome(wall, totals["returned"], totals["failed"], _heap_now())


@dataclass(frozen=True)
class TheirAPI:
    """What hubspot-api-client's README has a user import, imported on first use only."""

    HubSpot: Any
    ApiException: type[Exception]
    BatchInputPublicAssociation: Any
    PublicAssociation: Any
    PublicObjectId: Any


def their_api() -> TheirAPI:
    from hubspot import HubSpot  # type: ignore[import-untyped]
    from hubspot.crm import associations  # type: ignore[import-untyped]

    return TheirAPI(
        HubSpot,
        associations.ApiException,
        associations.BatchInputPublicAssociation,
        associations.PublicAssociation,
        associations.PublicObjectId,
    )


def _run_theirs(base_url: str, first: int, count: int, retry: object | None) -> Outcome:
    api = their_api()

    def make(index: int) -> Any:
        from_id, to_id = _ids(first, index)
        return api.PublicAssociation(
            _from=api.PublicObjectId(id=from_id),
            to=api.PublicObjectId(id=to_id),
            type=ASSOCIATION_TYPE,
        )

    # Every keyword argument of HubSpot() is set on each API's Configuration, so ``host``
    # points it at the simulator. Setting ``configuration.host`` on ``batch_api.api_client``
    # would not last: each access to ``batch_api`` builds a new ApiClient.
    options: dict[str, object] = {"access_token": TOKEN, "host": base_url}
    if retry is not None:
        options["retry"] = retry
    api_client = api.HubSpot(**options)
    returned = failed = returned_none = 0
    started = time.perf_counter()
    for chunk in chunks(make, count):
        batch = api.BatchInputPublicAssociation(inputs=chunk)
        try:
            response = api_client.crm.associations.batch_api.create(
                FROM_TYPE, TO_TYPE, batch_input_public_association=batch
            )
        except api.ApiException:
            failed += len(chunk)
            continue
        if response is None:
            returned_none += 1
            continue
        returned += len(response.results)
        failed += len(getattr(response, "errors", None) or [])
    wall = time.perf_counter() - started
    return Outcome(wall, returned, failed, _heap_now(), returned_none)


def run_theirs(base_url: str, first: int, count: int) -> Outcome:
    return _run_theirs(base_url, first, count, retry=None)


def run_theirs_with_retry(base_url: str, first: int, count: int) -> Outcome:
    from urllib3.util.retry import Retry

    return _run_theirs(base_url, first, count, Retry(total=5, status_forcelist=(429,)))


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    run: Runner
    success_status: int = 201
    has_targets: bool = False
    ceiling_target: bool = True
    """Whether the throughput target applies (the shared-client variants (e) and (f) are
    held to the 429 and loss targets only)."""


VARIANTS = (
    Variant("a", "(a) batch_create_all, sync", run_ours_sync, has_targets=True),
    Variant(
        "b",
        f"(b) batch_create_all, async, concurrency {ASYNC_CONCURRENCY}",
        run_ours_async,
        has_targets=True,
    ),
    Variant("c", "(c) loop over batch_create", run_ours_loop),
    Variant(
        "e",
        f"(e) {TASKS} async tasks, one cold client",
        run_ours_tasks,
        has_targets=True,
        ceiling_target=False,
    ),
    Variant(
        "f",
        f"(f) {THREADS} threads, one cold sync client",
        run_ours_threads,
        has_targets=True,
        ceiling_target=False,
    ),
    Variant("d", "(d) hubspot-api-client loop", run_theirs),
    Variant("d-retry", "(d) hubspot-api-client + README Retry(429)", run_theirs_with_retry),
    Variant("d-200", "(d) hubspot-api-client, server answers 200", run_theirs, 200),
)


# Measuring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    variant: Variant
    inputs: int
    outcome: Outcome
    report: SimulatorReport
    created: int
    peak_heap: int

    @property
    def lost(self) -> int:
        return self.inputs - self.created

    @property
    def rate_limited(self) -> int:
        return self.report.statuses.get("429", 0)

    @property
    def rate_limited_percent(self) -> float:
        return 100.0 * self.rate_limited / self.report.requests if self.report.requests else 0.0

    @property
    def per_second(self) -> float:
        return self.created / self.outcome.wall if self.outcome.wall > 0 else 0.0

    @property
    def ceiling_percent(self) -> float:
        return 100.0 * self.per_second / CEILING


def _warm_imports() -> None:
    """Import everything up front, so no variant's heap peak includes loading modules."""
    import hubspot_associations  # noqa: F401
    import urllib3.util.retry  # noqa: F401

    # hubspot-api-client imports its CRM modules on first attribute access.
    their_api().HubSpot(access_token=TOKEN).crm.associations.batch_api  # noqa: B018


def measure(variant: Variant, block: int, count: int) -> Measured:
    first = block * ID_BLOCK
    simulator = SimulatorProcess(variant.success_status)
    try:
        gc.collect()
        tracemalloc.start()
        try:
            outcome = variant.run(simulator.base_url, first, count)
            peak_heap = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    finally:
        report = simulator.finish()
    if report.handler_errors:
        log(f"  the simulator's handler failed: {report.handler_errors[:3]}")
    expected = {(*_ids(first, index), ASSOCIATION_TYPE) for index in range(count)}
    created = len(expected & report.associations)
    return Measured(variant, count, outcome, report, created, peak_heap)


# Reporting ---------------------------------------------------------------------------------


def _megabytes(value: int) -> str:
    return f"{value / 1e6:.1f} MB"


def _returned(measured: Measured) -> str:
    text = f"{measured.outcome.returned:,}"
    if measured.outcome.returned_none:
        text += f" (None x{measured.outcome.returned_none})"
    return text


def format_table(rows: Sequence[Measured]) -> str:
    header = (
        "variant",
        "inputs",
        "wall s",
        "inputs/s",
        "% ceiling",
        "requests",
        "429s",
        "% 429",
        "lost",
        "returned",
        "peak heap",
        "held at end",
    )
    cells = [header] + [
        (
            row.variant.label,
            f"{row.inputs:,}",
            f"{row.outcome.wall:.2f}",
            f"{row.per_second:,.0f}",
            f"{row.ceiling_percent:.1f}",
            f"{row.report.requests:,}",
            f"{row.rate_limited:,}",
            f"{row.rate_limited_percent:.1f}",
            f"{row.lost:,}",
            _returned(row),
            _megabytes(row.peak_heap),
            _megabytes(row.outcome.held),
        )
        for row in rows
    ]
    widths = [max(len(line[column]) for line in cells) for column in range(len(header))]

    def render(line: Sequence[str]) -> str:
        parts = [line[0].ljust(widths[0])]
        parts += [text.rjust(widths[column]) for column, text in enumerate(line) if column]
        return "  ".join(parts)

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([render(header), rule, *(render(line) for line in cells[1:])])


def verdicts(rows: Sequence[Measured]) -> list[str]:
    lines = []
    for row in rows:
        if not row.variant.has_targets:
            continue
        checks = [
            (f"{row.rate_limited_percent:.1f} % 429 (<= 1 %)", row.rate_limited_percent <= 1),
            (f"{row.lost} lost (0)", row.lost == 0),
        ]
        if row.variant.ceiling_target:
            ceiling = f"{row.ceiling_percent:.1f} % of the ceiling (>= 95 %)"
            checks.insert(0, (ceiling, row.ceiling_percent >= 95))
        overall = "PASS" if all(ok for _, ok in checks) else "MISS"
        details = "; ".join(f"{text} {'PASS' if ok else 'MISS'}" for text, ok in checks)
        lines.append(f"{overall}  {row.variant.label}: {details}")
    return lines


def notes(rows: Sequence[Measured]) -> list[str]:
    """What the columns mean, and what the figures of this run show beyond the table."""
    lines = [
        "inputs/s: associations the simulator created / wall time (first request to last "
        "response). 429s: from the simulator's request log. lost: inputs the simulator never "
        "created. returned: associations the caller got back in return values.",
        "peak heap: tracemalloc's peak of Python allocations in the benchmark process during the "
        "variant (client, inputs, requests, results; the simulator runs in a process of its "
        "own); held at end: what is still allocated when the call has returned and the caller "
        "holds its result. Peak minus held is the working memory of the run.",
    ]
    unreported = [
        f"{row.variant.label} ({row.lost - row.outcome.reported_failed:,})"
        for row in rows
        if row.lost > row.outcome.reported_failed
    ]
    if unreported:
        lines.append("Lost without the caller being told: " + ", ".join(unreported) + ".")
    else:
        lines.append(
            "Every lost input was reported to the caller (a failed chunk or an exception)."
        )
    for row in rows:
        chunks = -(-row.inputs // CHUNK)
        if row.variant.key == "d-retry" and row.report.requests == chunks:
            lines.append(
                f"{row.variant.label} sent exactly one request per chunk despite "
                f"{row.rate_limited:,} answers 429: urllib3's Retry leaves POST out of its "
                "default allowed_methods, so the README's recipe never retries this call."
            )
        if row.variant.key == "d-200" and row.outcome.returned_none:
            lines.append(
                f"{row.variant.label}: {row.outcome.returned_none:,} successful calls returned "
                "None. hubspot-api-client maps only 201 and 207 to a model, so on a 200 (what "
                "HubSpot's live API answers) the caller cannot see what was created."
            )
    return lines


def _best_possible(count: int) -> str:
    requests = -(-count // CHUNK)
    windows = -(-requests // MAX_REQUESTS)
    seconds = (windows - 1) * INTERVAL_MS / 1000
    if seconds <= 0:
        return ""
    percent = 100.0 * count / seconds / CEILING
    return (
        f"A client that sends each window's {MAX_REQUESTS} requests the instant the window "
        f"allows needs {seconds:.1f} s for {requests:,} requests ({percent:.1f} % of the "
        "ceiling): the first window is free."
    )


def _versions() -> str:
    names = ("hubspot-associations", "httpx", "hubspot-api-client", "urllib3")
    return ", ".join(f"{name} {version(name)}" for name in names)


def run_benchmark(arguments: argparse.Namespace) -> None:
    wanted = arguments.only.split(",") if arguments.only else [v.key for v in VARIANTS]
    unknown = set(wanted) - {variant.key for variant in VARIANTS}
    if unknown:
        raise SystemExit(f"--only: unknown variants {', '.join(sorted(unknown))}")
    _warm_imports()
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    rows: list[Measured] = []
    for block, variant in enumerate(VARIANTS, start=1):
        if variant.key not in wanted:
            continue
        log(f"{variant.label}: {arguments.inputs:,} inputs ...")
        measured = measure(variant, block, arguments.inputs)
        log(
            f"  {measured.outcome.wall:.2f} s, {measured.per_second:,.0f} inputs/s, "
            f"{measured.rate_limited} x 429, {measured.lost} lost"
        )
        rows.append(measured)
    load = ""
    if load_before is not None:
        load = f", load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after"
    print(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs{load}; {_versions()}"
    )
    print(
        f"Simulator: rolling limit {MAX_REQUESTS} requests per {INTERVAL_MS:,} ms, {CHUNK} "
        f"inputs per request: ceiling {CEILING:,.0f} inputs/s. {_best_possible(arguments.inputs)}"
    )
    print()
    print(format_table(rows))
    print()
    print("\n".join(notes(rows)))
    lines = verdicts(rows)
    if lines:
        print()
        print("\n".join(lines))


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--inputs", type=int, default=20_000, help="associations per variant (default 20,000)"
    )
    parser.add_argument(
        "--only",
        default=None,
        help="comma-separated variants to run: " + ",".join(v.key for v in VARIANTS),
    )
    arguments = parser.parse_args()
    if not 1 <= arguments.inputs <= MAX_INPUTS:
        parser.error(f"--inputs must be between 1 and {MAX_INPUTS:,}")
    return arguments


def main() -> None:
    arguments = parse_arguments()
    if not _inside_bench_environment():
        ensure_environment()
        completed = subprocess.run(
            [str(PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]],
            env=benchmark_environment(),
        )
        raise SystemExit(completed.returncode)
    run_benchmark(arguments)


if sys.version_info < (3, 10):  # noqa: UP036  # this script must explain itself on old Pythons
    raise SystemExit("Python 3.10 or newer is needed")

if __name__ == "__main__":
    main()
