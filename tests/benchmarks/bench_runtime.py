"""Benchmarks of the generated package: import cost, a request round trip, response decoding.

The comparisons are what a user would otherwise write: raw httpx for the round trip, and a
pydantic v2 model of the same schema for decoding.
"""

from __future__ import annotations

import enum
import json
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from hubspot_associations import (
    AssociationsClient,
    BatchResponsePublicAssociation,
    BatchResponsePublicAssociationWithErrors,
    PublicAssociation,
    PublicObjectId,
)
from pydantic import BaseModel, ConfigDict, Field

from tests.benchmarks.bench_bodies import ASSOCIATION_TYPE, partial_body
from tests.benchmarks.bench_measure import (
    Row,
    failed_row,
    import_time,
    log,
    median,
    micros,
    ratio_row,
)

IMPORT_LIMIT = 1.3
ROUND_TRIP_LIMIT = 1.15
DECODE_LIMIT = 1.0
BATCH_SIZE = 10
TOKEN = "bench-token"


@contextmanager
def fixed_answer_server(root: Path, results: int) -> Iterator[str]:
    """The base URL of a local server process answering every POST with a 201 body."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.bench_server", str(results)],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _per_call(call: Callable[[], object], calls: int) -> tuple[float, float]:
    """Wall and CPU seconds per call, over ``calls`` sequential calls."""
    wall = time.perf_counter()
    cpu = time.process_time()
    for _ in range(calls):
        call()
    return (time.perf_counter() - wall) / calls, (time.process_time() - cpu) / calls


def round_trip(root: Path, calls: int, rounds: int) -> list[Row]:
    """``client.batch_create`` against the same POST written with raw httpx."""
    label = f"batch_create round trip ({BATCH_SIZE} in, {BATCH_SIZE} out)"
    with fixed_answer_server(root, BATCH_SIZE) as base_url:
        client = AssociationsClient(access_token=TOKEN, base_url=base_url)
        raw_client = httpx.Client(timeout=httpx.Timeout(60.0, connect=5.0))
        url = f"{base_url}/crm/v3/associations/contacts/companies/batch/create"
        headers = {
            "User-Agent": "bench/1",
            "Accept": "application/json",
            "Authorization": f"Bearer {TOKEN}",
            "Content-Type": "application/json",
        }

        def ours() -> object:
            inputs = [
                PublicAssociation(
                    from_=PublicObjectId(id=str(53628 + index)),
                    to=PublicObjectId(id=str(12726 + index)),
                    type=ASSOCIATION_TYPE,
                )
                for index in range(BATCH_SIZE)
            ]
            result = client.batch_create("contacts", "companies", inputs=inputs)
            if not isinstance(result, BatchResponsePublicAssociation):
                raise AssertionError(f"unexpected result {type(result).__name__}")
            return result

        def raw() -> object:
            payload = {
                "inputs": [
                    {
                        "from": {"id": str(53628 + index)},
                        "to": {"id": str(12726 + index)},
                        "type": ASSOCIATION_TYPE,
                    }
                    for index in range(BATCH_SIZE)
                ]
            }
            response = raw_client.post(url, content=json.dumps(payload).encode(), headers=headers)
            if response.status_code != 201:
                raise AssertionError(f"unexpected status {response.status_code}")
            return response.json()

        try:
            with client:
                _per_call(ours, 100)
                _per_call(raw, 100)
                per_round = max(1, calls // rounds)
                log(f"round trip: {rounds} rounds of {per_round} calls per side")
                ours_wall: list[float] = []
                ours_cpu: list[float] = []
                raw_wall: list[float] = []
                raw_cpu: list[float] = []
                for index in range(rounds):
                    # Alternate who goes first, so neither side always follows the other.
                    order = [(ours, ours_wall, ours_cpu), (raw, raw_wall, raw_cpu)]
                    for call, walls, cpus in order if index % 2 == 0 else order[::-1]:
                        wall, cpu = _per_call(call, per_round)
                        walls.append(wall)
                        cpus.append(cpu)
        except (httpx.HTTPError, AssertionError) as error:
            return [failed_row(label, f"FAILED: {error}", ROUND_TRIP_LIMIT)]
        finally:
            raw_client.close()
    return [
        ratio_row(
            f"{label}: CPU per call",
            median(ours_cpu),
            median(raw_cpu),
            ROUND_TRIP_LIMIT,
            micros,
        ),
        ratio_row(f"{label}: wall per call", median(ours_wall), median(raw_wall), None, micros),
    ]


class _Lenient(BaseModel):
    # What a careful hand-written model does: keep unknown keys, accept the Python names too.
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class PydanticObjectId(_Lenient):
    id: str


class PydanticAssociation(_Lenient):
    from_: PydanticObjectId = Field(alias="from")
    to: PydanticObjectId
    type: str


class PydanticErrorDetail(_Lenient):
    message: str
    code: str | None = None
    in_: str | None = Field(default=None, alias="in")
    sub_category: str | None = Field(default=None, alias="subCategory")
    context: dict[str, list[str]] | None = None


class PydanticStandardError(_Lenient):
    status: str
    id: str | None = None
    category: str
    sub_category: dict[str, Any] | None = Field(default=None, alias="subCategory")
    message: str
    errors: list[PydanticErrorDetail]
    context: dict[str, list[str]]
    links: dict[str, str]


class PydanticBatchStatus(str, enum.Enum):
    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    CANCELED = "CANCELED"
    COMPLETE = "COMPLETE"


class PydanticBatchWithErrors(_Lenient):
    completed_at: datetime = Field(alias="completedAt")
    requested_at: datetime | None = Field(default=None, alias="requestedAt")
    started_at: datetime = Field(alias="startedAt")
    status: PydanticBatchStatus
    results: list[PydanticAssociation]
    num_errors: int | None = Field(default=None, alias="numErrors")
    errors: list[PydanticStandardError] | None = None
    links: dict[str, str] | None = None


def decode(repeats: int, number: int) -> Row:
    """A 207 body with 100 results and 3 errors: our ``from_dict(json.loads(...))`` against
    pydantic's ``model_validate_json`` (which parses the JSON in Rust)."""
    name = "decode a 207 body (100 results, 3 errors)"
    body = partial_body(100, 3)
    ours_result = BatchResponsePublicAssociationWithErrors.from_dict(json.loads(body))
    theirs_result = PydanticBatchWithErrors.model_validate_json(body)
    same = (
        len(ours_result.results) == len(theirs_result.results) == 100
        and ours_result.completed_at == theirs_result.completed_at
        and isinstance(ours_result.errors, list)
        and theirs_result.errors is not None
        and len(ours_result.errors) == len(theirs_result.errors) == 3
    )
    if not same:
        return failed_row(name, "FAILED: the two decoders disagree", DECODE_LIMIT)

    def ours() -> object:
        return BatchResponsePublicAssociationWithErrors.from_dict(json.loads(body))

    def theirs() -> object:
        return PydanticBatchWithErrors.model_validate_json(body)

    log(f"decode: best of {repeats} x {number} per side")
    ours_timer = timeit.Timer(ours)
    theirs_timer = timeit.Timer(theirs)
    ours_best = float("inf")
    theirs_best = float("inf")
    for _ in range(repeats):
        ours_best = min(ours_best, ours_timer.timeit(number) / number)
        theirs_best = min(theirs_best, theirs_timer.timeit(number) / number)
    return ratio_row(name + " vs pydantic v2", ours_best, theirs_best, DECODE_LIMIT, micros)


def runtime_rows(bare_python: Path, root: Path, workdir: Path, quick: bool) -> list[Row]:
    """``bare_python`` is an environment holding only the generated package and httpx."""
    rows = [import_time(bare_python, workdir, 7 if quick else 15, limit=IMPORT_LIMIT)]
    rows += round_trip(root, 600 if quick else 2000, 3 if quick else 5)
    rows.append(decode(3 if quick else 7, 100 if quick else 300))
    return rows
