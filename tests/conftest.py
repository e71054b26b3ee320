"""Fixtures shared by every test: a running HubSpot simulator on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.simulator import HubSpotSimulator

ROOT = Path(__file__).resolve().parent.parent
SHARED_SPECS = ROOT.parent / "shared" / "specs"
TOKEN = "test-token"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        help="also run tests marked slow (CI does: .ci/dev.py test passes this)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: minutes rather than seconds; skipped unless --run-slow is given"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def simulator() -> Iterator[HubSpotSimulator]:
    """A fresh simulator per test; it fails the test if its handler crashed."""
    with HubSpotSimulator(tokens=frozenset({TOKEN})) as sim:
        yield sim
        assert not sim.handler_errors, sim.handler_errors


def shared_spec(name: str) -> Path:
    """A real-world spec from ../shared/specs, or a skip when that folder is absent."""
    path = SHARED_SPECS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: ../shared/specs is not beside this clone")
    return path
