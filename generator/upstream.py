"""openapi-spec-validator under a budget, in a child process that cannot outlive its parent.

The upstream validator follows references and combinators recursively; on some documents (a
recursive ``allOf``/``anyOf``, a large spec full of references) it runs for minutes and grows
without bound. The generator does not need its verdict to build a sound client: its own
structural checks (``validate.check_structure``) have already passed when this starts. So the
validator gets a budget, and past it the run goes on without it, with a located warning:

- time: as long as the rest of the pipeline takes (it runs beside build, render and format),
  then at most ``GRACE_SECONDS`` more (for ``validate``, which has nothing else to do, that is
  the whole budget);
- memory: ``MEMORY_BUDGET_BYTES`` of resident memory beyond what the child inherited.

The child is forked. It asks Linux to kill it when its parent dies (``prctl`` with
``PR_SET_PDEATHSIG``), checks that the parent did not die before that took effect, and, as the
portable fallback, watches a pipe whose only writer is the parent: end of file means the
parent is gone. Where fork is unavailable, the validator runs in a thread of this process and
is abandoned (not stopped) past the time budget.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import GeneratorError, SpecError

if TYPE_CHECKING:
    from .openapi.documents import DocumentSet

# On the corpus, the validator takes at most 4 s (Discord) and grows by at most about 100 MB
# (Stripe): the budget leaves room for machines a few times slower.
GRACE_SECONDS = 5.0
MEMORY_BUDGET_BYTES = 512 * 1024 * 1024
WATCH_INTERVAL_SECONDS = 0.05

_PR_SET_PDEATHSIG = 1
# Linux kills the child when its parent dies; elsewhere (or if switched off) the pipe does it.
USE_PDEATHSIG = sys.platform.startswith("linux")


def _resident_bytes() -> int:
    """This process's resident memory now (Linux), else its peak (other Unixes)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def _die_with_parent(parent_pid: int, parent_alive: int) -> None:
    """Make this (child) process end when ``parent_pid`` ends, however it ends."""
    if USE_PDEATHSIG:
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # no prctl here: the pipe below still works
            pass
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)

    def exit_when_parent_is_gone() -> None:
        try:
            while os.read(parent_alive, 1):
                pass
        except OSError:
            pass
        os._exit(1)

    threading.Thread(target=exit_when_parent_is_gone, daemon=True).start()


def _seconds(value: float) -> str:
    return f"{value:.1f} s"


class BoundedValidation:
    """openapi-spec-validator running beside the pipeline; :meth:`wait` gives its verdict."""

    def __init__(
        self,
        documents: DocumentSet,
        validate: Callable[[DocumentSet], tuple[str, ...]] | None = None,
        *,
        grace_seconds: float = GRACE_SECONDS,
        memory_budget_bytes: int = MEMORY_BUDGET_BYTES,
    ) -> None:
        import multiprocessing

        from .validate import validate_with_upstream

        self.documents = documents
        self.validate = validate or validate_with_upstream
        self.grace_seconds = grace_seconds
        self.memory_budget_bytes = memory_budget_bytes
        self.started = time.monotonic()
        self.process: Any = None
        self._thread_outcome: list[tuple[str, Any]] = []
        self._thread: threading.Thread | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            self._start_child(multiprocessing.get_context("fork"))
        else:
            self._thread = threading.Thread(target=self._run_in_thread, daemon=True)
            self._thread.start()

    # The child ---------------------------------------------------------------------------

    def _start_child(self, context: Any) -> None:
        receiver, sender = context.Pipe(duplex=False)
        parent_alive, parent_holds = os.pipe()
        parent_pid = os.getpid()

        def child() -> None:
            import gc

            os.close(parent_holds)
            _die_with_parent(parent_pid, parent_alive)
            # What the parent built is never garbage here: keep collections from walking it.
            gc.freeze()
            lock = threading.Lock()

            def send(message: tuple[str, Any]) -> None:
                with lock:
                    sender.send(message)

            self._watch_memory(send)
            send(self._outcome())

        self.process = context.Process(target=child, daemon=True)
        self.process.start()
        sender.close()
        os.close(parent_alive)
        self._receiver = receiver
        self._parent_holds = parent_holds

    def _watch_memory(self, send: Callable[[tuple[str, Any]], None]) -> None:
        baseline = _resident_bytes()
        limit = self.memory_budget_bytes

        def watch() -> None:
            while True:
                time.sleep(WATCH_INTERVAL_SECONDS)
                grown = _resident_bytes() - baseline
                if grown > limit:
                    send(("budget", f"it grew past {limit // (1024 * 1024)} MB"))
                    os._exit(0)

        threading.Thread(target=watch, daemon=True).start()

    def _outcome(self) -> tuple[str, Any]:
        try:
            return ("ok", self.validate(self.documents))
        except GeneratorError as error:
            return ("error", (error.message, error.file, error.line, error.column, error.pointer))
        except MemoryError:
            return ("budget", "it ran out of memory")
        except BaseException as error:  # reported by the parent as a stopped validation
            return ("crash", f"it failed: {type(error).__name__}: {error}")

    def _run_in_thread(self) -> None:
        self._thread_outcome.append(self._outcome())

    # The parent --------------------------------------------------------------------------

    def running(self) -> bool:
        """Whether the validator is still at work (it may have answered already)."""
        if self.process is None:
            return self._thread is not None and self._thread.is_alive()
        return bool(self.process.is_alive()) and not self._receiver.poll()

    def wait(self) -> tuple[str, ...]:
        """The validator's warnings; its error raised; past the budget, a warning saying so."""
        deadline = time.monotonic() + self.grace_seconds
        if self.process is None:
            assert self._thread is not None
            self._thread.join(max(0.0, deadline - time.monotonic()))
            if not self._thread_outcome:
                return self._verdict("budget", "it did not finish within the time budget")
            return self._verdict(*self._thread_outcome[0])
        try:
            if self._receiver.poll(max(0.0, deadline - time.monotonic())):
                try:
                    kind, payload = self._receiver.recv()
                except EOFError:
                    kind, payload = "crash", "it ended without an answer"
            else:
                kind, payload = "budget", "it did not finish within the time budget"
        finally:
            self.stop()
        return self._verdict(kind, payload)

    def stop(self) -> None:
        """End the child (if it still runs) and release the pipes."""
        if self.process is None:
            return
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self._receiver.close()
        os.close(self._parent_holds)
        self.process = None

    def _verdict(self, kind: str, payload: Any) -> tuple[str, ...]:
        if kind == "ok":
            return tuple(payload)
        if kind == "error":
            message, file, line, column, pointer = payload
            raise SpecError(message, file=file, line=line, column=column, pointer=pointer)
        # What our own checks can still say: a repeated enum value or required name.
        from .validate import repeated_values

        return (self._stopped(str(payload)), *repeated_values(self.documents))

    def _stopped(self, why: str) -> str:
        elapsed = time.monotonic() - self.started
        message = (
            f"openapi-spec-validator was stopped after {_seconds(elapsed)}, as {why} (its "
            f"budget: {_seconds(self.grace_seconds)} beyond the rest of the run, "
            f"{self.memory_budget_bytes // (1024 * 1024)} MB); the document passed the "
            "generator's own structural checks only"
        )
        return self.documents.root.error(message, "").one_line()
