"""Fork safety: a client created before ``os.fork()`` (gunicorn, Celery, multiprocessing)
keeps working in both processes, with its own connections and rate governor in each, even
when another thread was in the middle of a call at the moment of the fork."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hubspot_associations import AssociationsClient

from tests.conftest import TOKEN
from tests.e2e.conftest import association
from tests.simulator import Fault, HubSpotSimulator

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

CALLS = 40


def calls_answer_their_own_request(client: Any, tag: int) -> int:
    """Sends ``CALLS`` requests, each with its own ids; counts answers to another request."""
    crossed = 0
    for number in range(CALLS):
        mine = association(f"{tag}{number:04d}", f"9{tag}{number:04d}")
        result = client.batch_create("contacts", "companies", inputs=[mine])
        ids = [(r.from_.id, r.to.id) for r in result.results]
        if ids != [(mine.from_.id, mine.to.id)]:
            crossed += 1
    return crossed


def _call(client: AssociationsClient) -> None:
    client.batch_create("contacts", "companies", inputs=[association()])


@pytest.fixture
def busy_client(simulator: HubSpotSimulator) -> Iterator[AssociationsClient]:
    """A client with an idle pooled connection, and a thread that is mid-call on another
    (the simulator holds its answer) while the test forks."""
    client = AssociationsClient(access_token=TOKEN, base_url=simulator.base_url)
    # Two overlapping calls leave two connections in the pool.
    simulator.script(Fault.sleep(0.3), Fault.sleep(0.3))
    warming = [threading.Thread(target=_call, args=(client,)) for _ in range(2)]
    for thread in warming:
        thread.start()
    for thread in warming:
        thread.join()
    simulator.script(Fault.sleep(1.5))
    held = threading.Thread(target=_call, args=(client,))
    held.start()
    deadline = time.monotonic() + 5
    while len(simulator.requests) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    yield client
    held.join()
    client.close()


def _wait(pid: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("the forked child hung")


def test_both_processes_get_their_own_answers_after_os_fork(
    busy_client: AssociationsClient,
) -> None:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            code = min(calls_answer_their_own_request(busy_client, 2), 100)
        finally:
            os._exit(code)
    crossed_here = calls_answer_their_own_request(busy_client, 1)
    assert _wait(pid, 30) == 0, "the child got answers to another request"
    assert crossed_here == 0


def _child(client: AssociationsClient, results: Any) -> None:  # pragma: no cover - child
    results.put(calls_answer_their_own_request(client, 3))


def test_a_multiprocessing_fork_worker_uses_the_client(busy_client: AssociationsClient) -> None:
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    worker = context.Process(target=_child, args=(busy_client, results))
    worker.start()
    crossed_here = calls_answer_their_own_request(busy_client, 4)
    worker.join(30)
    if worker.is_alive():
        worker.kill()
        raise AssertionError("the multiprocessing worker hung")
    assert worker.exitcode == 0
    assert results.get(timeout=5) == 0
    assert crossed_here == 0


def test_the_child_has_a_fresh_governor_and_the_parent_keeps_its_own(
    busy_client: AssociationsClient,
) -> None:
    parent_governor = busy_client.rate_governor
    copy = busy_client.with_options(max_retries=0)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        copy.batch_create("contacts", "companies", inputs=[association()])
        fresh = busy_client.rate_governor is not parent_governor
        shared = copy.rate_governor is busy_client.rate_governor
        os.write(writer, b"ok" if fresh and shared else b"no")
        os._exit(0)
    os.close(writer)
    assert _wait(pid, 30) == 0
    assert os.read(reader, 2) == b"ok"
    os.close(reader)
    assert busy_client.rate_governor is parent_governor
