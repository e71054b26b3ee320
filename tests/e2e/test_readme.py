"""The usage examples in both READMEs run against the simulator as written.

The code is read from the READMEs at test time, so an example that drifts from the
package fails here. Only the server changes: ``base_url=`` is added to each client
constructor and the token comes from the environment, as the examples say it may.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, TOKEN
from tests.simulator import HubSpotSimulator, RateLimit

CODE_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
CONSTRUCTOR = re.compile(r"\b(?:Async)?AssociationsClient\(")


def python_blocks(readme: Path) -> list[str]:
    blocks = CODE_BLOCK.findall(readme.read_text(encoding="utf-8"))
    assert blocks, f"{readme.name} has no python code block"
    return [block for block in blocks if CONSTRUCTOR.search(block)]


def run_example(code: str, base_url: str) -> str:
    pointed = CONSTRUCTOR.sub(lambda m: f"{m.group(0)}base_url={base_url!r}, ", code)
    assert pointed != code, "the example constructs no client"
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(pointed, "<README example>", "exec"), {"__name__": "__readme__"})
    return output.getvalue()


@pytest.fixture
def rate_limited_simulator(
    simulator: HubSpotSimulator, monkeypatch: pytest.MonkeyPatch
) -> HubSpotSimulator:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)
    simulator.rate_limit = RateLimit(max_requests=100, interval_ms=10_000)
    return simulator


def test_the_repository_readme_example_runs(rate_limited_simulator: HubSpotSimulator) -> None:
    # The OAuth example runs in tests/e2e/test_refresh.py; the fake's in tests/fake.
    usage, bulk = [b for b in python_blocks(ROOT / "README.md") if "HubSpotOAuth" not in b]
    printed = run_example(usage, rate_limited_simulator.base_url).splitlines()
    assert printed == ["COMPLETE 1", "201 98 COMPLETE"]
    assert len(rate_limited_simulator.associations) == 1
    printed = run_example(bulk, rate_limited_simulator.base_url).splitlines()
    assert printed == ["safe to resume from 2", "2 0 0 1"]
    assert len(rate_limited_simulator.associations) == 2  # one existed already: idempotent


def readme_session(
    readme: Path, base_url: str, prepare: Callable[[str], object] = lambda block: None
) -> list[tuple[str, str]]:
    """Every python block of ``readme``, run in order in one namespace as a reader would
    (later blocks use names earlier ones defined): (block, what it printed) each.

    A block that passes ``base_url=`` gets the simulator's URL in place of the spec's;
    the others get ``base_url=`` added to each constructor, as :func:`run_example` does.
    ``prepare`` sees each block before it runs.
    """
    namespace: dict[str, object] = {"__name__": "__readme__"}
    session = []
    for block in CODE_BLOCK.findall(readme.read_text(encoding="utf-8")):
        prepare(block)
        if "base_url=" in block:
            pointed = block.replace(repr(SPEC_BASE_URL).replace("'", '"'), repr(base_url))
            assert pointed != block, "the example passes a base_url that is not the spec's"
        else:
            pointed = CONSTRUCTOR.sub(lambda m: f"{m.group(0)}base_url={base_url!r}, ", block)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(pointed, "<README example>", "exec"), namespace)
        session.append((block, output.getvalue()))
    return session


SPEC_BASE_URL = "https://api.hubapi.com"


def test_the_generated_readme_examples_run_and_print_what_they_say(
    rate_limited_simulator: HubSpotSimulator,
) -> None:
    from tests.e2e.test_lenient import DOCUMENTATION_EXAMPLE
    from tests.simulator import Fault

    def prepare(block: str) -> None:
        # The 207 example meets a 207: HubSpot's own documentation example.
        if "isinstance(result, BatchResponsePublicAssociationWithErrors)" in block:
            rate_limited_simulator.script(
                Fault.raw(207, DOCUMENTATION_EXAMPLE, "application/json")
            )

    readme = ROOT / "generated" / "README.md"
    httpx_logger = logging.getLogger("httpx")
    level = httpx_logger.level
    try:
        session = readme_session(readme, rate_limited_simulator.base_url, prepare)
        assert httpx_logger.level == logging.WARNING  # the logging example quiets httpx
    finally:
        httpx_logger.setLevel(level)
    printed = [output.splitlines() for _, output in session]
    assert printed == [
        [],  # the first example: a call
        [],  # configuration
        ["partial success: 1 failed"],
        ["401 AuthenticationError"],
        [],  # logging
        [
            "chunk 0: inputs 0-99 done, resume from 100",
            "chunk 1: inputs 100-199 done, resume from 200",
            "chunk 2: inputs 200-249 done, resume from 250",
            "250 inputs, 3 requests, 0 failed",
        ],
        [
            # Chunks are numbered from the run's start; indexes stay the iterable's.
            "chunk 0: inputs 100-199 done, resume from 200",
            "chunk 1: inputs 200-249 done, resume from 250",
            # The same association in every input: the server creates it once per request.
            "150 inputs, 2 results, 0 kept",
        ],
        ["250 inputs, True"],
        [],  # the fake's pytest example only defines tests (tests/fake runs them)
    ]
    statuses = [request.response_status for request in rate_limited_simulator.requests]
    assert statuses == [201, 207, 401] + [201] * (3 + 2 + 3)


def test_the_generated_readme_documents_every_exception_and_export(
    rate_limited_simulator: HubSpotSimulator,
) -> None:
    import hubspot_associations

    text = (ROOT / "generated" / "README.md").read_text(encoding="utf-8")
    exported = [getattr(hubspot_associations, name) for name in hubspot_associations.__all__]
    errors = [c for c in exported if isinstance(c, type) and issubclass(c, Exception)]
    assert len(errors) >= 14
    for error in errors:
        assert f"- `{error.__name__}`: " in text, error.__name__
    for name in ("BulkResult", "ChunkOutcome", "FailedChunk", "OnProgress"):
        assert name in hubspot_associations.__all__ and f"`{name}`" in text
    for phrase in (
        "base_url",
        "BatchResponsePublicAssociationWithErrors",
        ".failed",
        ".inputs",
        ".indexes",
        "on_progress",
        "resume_from",
        "start_at=",
        "keep_results=False",
        "concurrency=",
        "strict_response_validation=True",
        "deadline=",
        "max_response_bytes=",
        'logging.getLogger("httpx").setLevel(logging.WARNING)',
    ):
        assert phrase in text, phrase


def test_the_generated_package_installs_in_a_clean_venv_and_its_example_runs(
    rate_limited_simulator: HubSpotSimulator, tmp_path: Path
) -> None:
    """pip install ./generated into an empty environment: httpx is all it brings along."""
    import os
    import subprocess
    import venv

    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            ROOT / "generated",
        ],
        check=True,
        timeout=600,
    )
    installed = subprocess.run(
        [python, "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    names = {line.split("==")[0].lower() for line in installed.splitlines()}
    assert "hubspot-associations" in names and "httpx" in names
    assert not names & {"jinja2", "pyyaml", "black", "openapi-spec-validator"}
    example = python_blocks(ROOT / "generated" / "README.md")[0]
    pointed = CONSTRUCTOR.sub(
        lambda m: f"{m.group(0)}base_url={rate_limited_simulator.base_url!r}, ", example
    )
    script = tmp_path / "example.py"
    script.write_text(pointed + "\nprint(type(result).__name__, result.status)\n")
    run = subprocess.run(
        [python, script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
            "HUBSPOT_ACCESS_TOKEN": TOKEN,
        },
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "BatchResponsePublicAssociation COMPLETE"
    assert len(rate_limited_simulator.associations) == 1
