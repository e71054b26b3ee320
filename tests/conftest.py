"""Fixtures shared by every test: a running HubSpot simulator on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.simulator import HubSpotSimulator

ROOT = Path(__file__).resolve().parent.parent
SHARED_SPECS = ROOT.parent / "shared" / "specs"
TOKEN = "test-token"


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
