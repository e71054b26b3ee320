"""The usage examples in both READMEs run against the simulator as written.

The code is read from the READMEs at test time, so an example that drifts from the
package fails here. Only the server changes: ``base_url=`` is added to each client
constructor and the token comes from the environment, as the examples say it may.
"""

from __future__ import annotations

import contextlib
import io
import re
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
    usage, bulk = python_blocks(ROOT / "README.md")
    printed = run_example(usage, rate_limited_simulator.base_url).splitlines()
    assert printed == ["COMPLETE 1", "201 98 COMPLETE"]
    assert len(rate_limited_simulator.associations) == 1
    printed = run_example(bulk, rate_limited_simulator.base_url).splitlines()
    assert printed == ["safe to resume from 2", "2 0 0 1"]
    assert len(rate_limited_simulator.associations) == 2  # one existed already: idempotent


def test_the_generated_readme_example_runs(rate_limited_simulator: HubSpotSimulator) -> None:
    for example in python_blocks(ROOT / "generated" / "README.md"):
        run_example(example, rate_limited_simulator.base_url)
    assert rate_limited_simulator.requests
    assert all(r.response_status in (200, 201) for r in rate_limited_simulator.requests)


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
    (example,) = python_blocks(ROOT / "generated" / "README.md")
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
