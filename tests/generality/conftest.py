"""Fixtures for the generality tests: the shared specs generated once, and an echo server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHARED_SPECS as SHARED_SPEC_DIR
from tests.generality.echo_server import EchoServer
from tests.generality.harness import Generated, generate, write_spec
from tests.generality.zoo import BULK_NAME_CLASH, NAMES_ZOO

# Each real-world document, and the package name its client gets.
SHARED_SPECS = {
    "opc_30": "opc-baseline_openapi_3.0.json",
    "opc_31": "opc-baseline_openapi_3.1.yaml",
    "opc_31_specific": "opc-3.1_specific.openapi.yaml",
    "opc_31_enums": "opc-openapi_3.1_enums.yaml",
    "twilio_v2010": "twilio_api_v2010.json",
}


@pytest.fixture(scope="session")
def shared_clients(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Generated]:
    """Every shared spec there is, generated once per session (Twilio's takes the most time)."""
    root = tmp_path_factory.mktemp("shared_clients")
    # The inline names zoo and bulk-name clash ride along, so the one mypy and one ruff run
    # check them too.
    zoo_spec = write_spec(root / "zoo_spec", NAMES_ZOO)
    clash_spec = write_spec(root / "clash_spec", BULK_NAME_CLASH)
    generated = {
        "names_zoo": generate(zoo_spec, root / "names_zoo", "gen_names_zoo"),
        "bulk_clash": generate(clash_spec, root / "bulk_clash", "gen_bulk_clash"),
    }
    for key, file_name in SHARED_SPECS.items():
        spec = SHARED_SPEC_DIR / file_name
        if spec.is_file():
            generated[key] = generate(spec, root / key, f"gen_{key}")
    return generated


def shared_client(shared_clients: dict[str, Generated], key: str) -> Generated:
    if key not in shared_clients:
        pytest.skip(f"{SHARED_SPECS[key]} is absent from ../shared/specs")
    return shared_clients[key]


@pytest.fixture
def echo() -> Iterator[EchoServer]:
    with EchoServer() as server:
        yield server


@pytest.fixture
def unique_package(request: pytest.FixtureRequest) -> str:
    """A package name no other test uses, so generated packages never shadow each other."""
    name = "".join(c if c.isalnum() else "_" for c in request.node.name).lower()
    return f"feat_{name}"[:60].rstrip("_")


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    return tmp_path / "spec"
