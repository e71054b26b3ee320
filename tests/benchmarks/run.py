#!/usr/bin/env python3
"""Issue #7's benchmarks: apiwright and its generated package against their alternatives.

    python3 tests/benchmarks/run.py [--quick] [--only generator|runtime|corpus] [--twilio SPEC]

The first run creates .venv-bench beside the project with the comparison tools
(openapi-python-client 0.29.1 and pydantic v2, which are never project dependencies), apiwright
and the generated package (both editable), then runs itself again inside it. A second, bare
environment inside it holds only the generated package and httpx, so that the import benchmark
sees what a user's application would (the comparison tools pull in rich and click, which
``import httpx`` then loads too). Progress goes to stderr; stdout gets a table of medians,
ratios (ours / theirs) and PASS or MISS per target. Nothing is written into the repository:
bytecode caches go to .venv-bench too.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import subprocess
import sys
import tempfile
import venv
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("APIWRIGHT_BENCH_VENV", ROOT / ".venv-bench"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
BARE_VENV = VENV / "bare"
BARE_PYTHON = BARE_VENV / BIN.name / PYTHON.name
PYCACHE = VENV / "pycache"
STAMP = VENV / ".apiwright-bench-stamp"
COMPARISON_TOOLS = ("openapi-python-client==0.29.1", "pydantic>=2,<3")
HUBSPOT_SPEC = ROOT / "spec" / "hubspot-crm-associations-v3.yaml"
# The shared specs folder sits beside the clone, as for the tests.
TWILIO_SPEC = ROOT.parent / "shared" / "specs" / "twilio_api_v2010.json"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "generated/pyproject.toml"):
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else b"")
    digest.update("\n".join(COMPARISON_TOOLS).encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _pip_install(python: Path, *arguments: str) -> None:
    command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += arguments
    print("+", " ".join(command), file=sys.stderr, flush=True)
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        raise SystemExit("installing the benchmark environment failed")


def ensure_environment() -> None:
    fingerprint = _fingerprint()
    current = STAMP.exists() and STAMP.read_text() == fingerprint
    if current and PYTHON.exists() and BARE_PYTHON.exists():
        return
    for directory, python in ((VENV, PYTHON), (BARE_VENV, BARE_PYTHON)):
        if not python.exists():
            print(f"creating {directory}", file=sys.stderr, flush=True)
            venv.EnvBuilder(with_pip=True, clear=directory == VENV).create(directory)
    generated = str(ROOT / "generated")
    _pip_install(PYTHON, *COMPARISON_TOOLS, "-e", str(ROOT), "-e", generated)
    _pip_install(BARE_PYTHON, "-e", generated)
    STAMP.write_text(fingerprint)


def benchmark_environment() -> dict[str, str]:
    """The environment of every measured process: bytecode cached, outside the repository.

    Without a cache (PYTHONDONTWRITEBYTECODE set, or a read-only tree) each run would compile
    our editable sources again while the comparison tools, installed by pip, load precompiled
    bytecode: a handicap no user has.
    """
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    # openapi-python-client formats its output with the ruff its environment installed, found
    # on PATH as in an activated environment (without it, it skips formatting and says so).
    environment["PATH"] = os.pathsep.join(filter(None, (str(BIN), environment.get("PATH"))))
    return environment


def _inside_bench_environment() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--only", choices=("generator", "runtime", "corpus"), help="run one group")
    parser.add_argument(
        "--twilio", type=Path, default=None, help="Twilio's api_v2010 spec (default: shared/specs)"
    )
    return parser.parse_args()


def _versions() -> str:
    names = ("apiwright", "black", "httpx", "openapi-python-client", "pydantic")
    return ", ".join(f"{name} {version(name)}" for name in names)


def _load_average() -> float | None:
    # A busy machine skews absolute figures (ratios less so): the table says how busy it was.
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def run_benchmarks(arguments: argparse.Namespace) -> None:
    # Computed before the old environment is cleared, of which it is a copy.
    environment = benchmark_environment()
    os.environ.clear()
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    from tests.benchmarks.bench_generator import Tools, generator_rows
    from tests.benchmarks.bench_measure import Row, format_table

    if arguments.twilio is not None and not arguments.twilio.is_file():
        raise SystemExit(f"--twilio: no such file: {arguments.twilio}")
    twilio = arguments.twilio or (TWILIO_SPEC if TWILIO_SPEC.is_file() else None)
    load_before = _load_average()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="apiwright-bench-") as scratch:
        workdir = Path(scratch)
        tools = Tools(
            python=Path(sys.executable),
            openapi_python_client=Path(sys.executable).with_name(
                "openapi-python-client" + (".exe" if os.name == "nt" else "")
            ),
            workdir=workdir,
        )
        if arguments.only in (None, "generator"):
            rows += generator_rows(tools, HUBSPOT_SPEC.resolve(), twilio, arguments.quick)
        if arguments.only in (None, "corpus"):
            from tests.benchmarks.bench_corpus import corpus_import_rows, corpus_rows

            rows += corpus_rows(tools, arguments.quick)
            rows += corpus_import_rows(tools, BARE_PYTHON, arguments.quick)
        if arguments.only in (None, "runtime"):
            from tests.benchmarks.bench_runtime import runtime_rows

            rows += runtime_rows(BARE_PYTHON, ROOT, workdir, arguments.quick)
    load = ""
    if load_before is not None:
        load = f", load average {load_before:.1f} before and {_load_average():.1f} after"
    print(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs{load}; {_versions()}"
    )
    print("Timings are medians (decode: best of repeats); ratio = ours / theirs.\n")
    print(format_table(rows))


def main() -> None:
    arguments = parse_arguments()
    if not _inside_bench_environment():
        ensure_environment()
        completed = subprocess.run(
            [str(PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]], env=benchmark_environment()
        )
        raise SystemExit(completed.returncode)
    run_benchmarks(arguments)


if sys.version_info < (3, 10):  # noqa: UP036  # this script must explain itself on old Pythons
    raise SystemExit("Python 3.10 or newer is needed")

if __name__ == "__main__":
    main()
