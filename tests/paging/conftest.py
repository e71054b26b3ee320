"""Fixtures for the pagination tests: the two specs of tests/paging/specs generated once,
the widget server, and the HubSpot simulator (which also answers v4 association lists)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.generality.harness import generate
from tests.paging.server import WidgetServer

SPECS = Path(__file__).parent / "specs"


@pytest.fixture(scope="session")
def v4(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The package generated from our mirror of HubSpot's association v4 list operations."""
    root = tmp_path_factory.mktemp("paging_v4")
    return generate(SPECS / "hubspot-crm-associations-v4.yaml", root, "paging_v4").import_package()


@pytest.fixture(scope="session")
def widgets_package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = tmp_path_factory.mktemp("paging_widgets")
    return generate(SPECS / "widgets.yaml", root, "paging_widgets").import_package()


@pytest.fixture
def widgets() -> Iterator[WidgetServer]:
    with WidgetServer() as server:
        yield server
