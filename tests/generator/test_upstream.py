"""openapi-spec-validator runs under a time and memory budget, in a child that dies with its
parent; past the budget the run goes on with a located warning (issue #13, item 5)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator.errors import SpecError
from generator.loader import load_document
from generator.openapi.documents import DocumentSet
from generator.upstream import BoundedValidation
from tests.generator.helpers import ROOT, run_generator

# 2 KB that openapi-spec-validator does not finish: checking A's default walks A -> B -> A
# through allOf and anyOf forever, growing by more than 100 MB/s. The generator's own checks
# see nothing wrong (the cycle passes through an anyOf), and the client is sound.
RECURSIVE = """\
openapi: 3.0.3
info: {title: Recursive, version: "1"}
servers: [{url: "https://example.com"}]
paths:
  /n:
    get:
      operationId: getNode
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/A"}
components:
  schemas:
    A:
      type: object
      default: {}
      allOf: [{$ref: "#/components/schemas/B"}]
    B:
      anyOf: [{$ref: "#/components/schemas/A"}, {type: object}]
"""
SMALL = """\
openapi: 3.0.3
info: {title: Small, version: "1"}
paths: {}
"""
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the child is forked")
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def _documents(tmp_path: Path, text: str) -> DocumentSet:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    return DocumentSet(load_document(spec, "spec.yaml"))


def _is_running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (an orphan's reaper may be slow)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _wait_until_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _is_running(pid):
            return True
        time.sleep(0.05)
    return False


@needs_fork
def test_a_validator_that_never_ends_is_stopped_with_a_located_warning(tmp_path: Path) -> None:
    result = run_generator(
        "generate",
        "--spec",
        _write(tmp_path, RECURSIVE),
        "--output",
        tmp_path / "out",
        "--package",
        "recursive_client",
    )
    assert result.returncode == 0, result.stderr
    stopped = [line for line in result.stderr.splitlines() if "was stopped after" in line]
    assert len(stopped) == 1, result.stderr
    assert stopped[0].startswith("warning: spec.yaml:1:1: openapi-spec-validator was stopped")
    assert "structural checks only" in stopped[0]
    assert (tmp_path / "out" / "recursive_client" / "models.py").is_file()


@needs_fork
def test_validate_is_bounded_too(tmp_path: Path) -> None:
    result = run_generator("validate", "--spec", _write(tmp_path, RECURSIVE))
    assert result.returncode == 0, result.stderr
    assert "openapi-spec-validator was stopped after" in result.stderr


def _write(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec


@needs_fork
def test_past_the_time_budget_the_child_is_killed(tmp_path: Path) -> None:
    def sleeps(documents: DocumentSet) -> tuple[str, ...]:
        time.sleep(3600)
        return ()

    validation = BoundedValidation(_documents(tmp_path, SMALL), sleeps, grace_seconds=0.3)
    pid = validation.process.pid
    (warning,) = validation.wait()
    assert "did not finish within the time budget" in warning
    assert warning.startswith("spec.yaml:1:1: openapi-spec-validator was stopped after")
    assert not _is_running(pid)


@needs_fork
def test_past_the_memory_budget_the_child_stops(tmp_path: Path) -> None:
    def grows(documents: DocumentSet) -> tuple[str, ...]:
        hoard = []
        while True:
            hoard.append(bytearray(8 * 1024 * 1024))
            time.sleep(0.01)

    validation = BoundedValidation(
        _documents(tmp_path, SMALL), grows, grace_seconds=60, memory_budget_bytes=64 * 2**20
    )
    (warning,) = validation.wait()
    assert "as it grew past 64 MB" in warning


@needs_fork
def test_findings_and_errors_still_come_back(tmp_path: Path) -> None:
    valid = BoundedValidation(_documents(tmp_path, SMALL))
    assert valid.wait() == ()
    broken = _documents(tmp_path, SMALL.replace(', version: "1"', ""))
    with pytest.raises(SpecError, match="invalid OpenAPI document: 'version' is a required"):
        BoundedValidation(broken).wait()


PARENT = """
import sys, time
from generator.loader import load_document
from generator.openapi.documents import DocumentSet
import generator.upstream as upstream

upstream.USE_PDEATHSIG = sys.argv[2] == "pdeathsig"
documents = DocumentSet(load_document(__import__("pathlib").Path(sys.argv[1]), "spec.yaml"))
validation = upstream.BoundedValidation(documents, lambda d: time.sleep(3600), grace_seconds=3600)
print(validation.process.pid, flush=True)
time.sleep(3600)
"""


@needs_fork
@needs_proc
@pytest.mark.parametrize("mechanism", ["pdeathsig", "pipe"])
def test_the_child_dies_with_its_parent(tmp_path: Path, mechanism: str) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(PARENT), str(_write(tmp_path, SMALL)), mechanism],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert _is_running(child)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    assert _wait_until_gone(child), f"validation child {child} outlived its parent"


@needs_fork
@needs_proc
def test_killing_generate_ends_a_runaway_validation(tmp_path: Path) -> None:
    spec = _write(tmp_path, RECURSIVE)
    generate = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            f"--spec={spec}",
            f"--output={tmp_path / 'out'}",
            "--package=recursive_client",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        children: list[int] = []
        while not children and time.monotonic() < deadline:
            time.sleep(0.1)
            children = _children(generate.pid)
        assert children, "generate started no validation child"
    finally:
        generate.send_signal(signal.SIGKILL)
        generate.wait()
    for child in children:
        assert _wait_until_gone(child), f"child {child} outlived the killed generate"


@needs_fork
def test_running_says_whether_the_validator_is_still_at_work(tmp_path: Path) -> None:
    # The formatting stage starts a worker only for a CPU the validator leaves free.
    def sleeps(documents: DocumentSet) -> tuple[str, ...]:
        time.sleep(1.0)
        return ("done",)

    validation = BoundedValidation(_documents(tmp_path, SMALL), sleeps, grace_seconds=30)
    assert validation.running()
    deadline = time.monotonic() + 30
    while validation.running() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not validation.running()
    assert validation.wait() == ("done",)
    assert not validation.running()
