"""Each real-world document yields a client that imports, type-checks and lints clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.generality.conftest import SHARED_SPECS, shared_client
from tests.generality.echo_server import EchoServer, Reply
from tests.generality.harness import Generated


@pytest.mark.parametrize("key", SHARED_SPECS)
def test_client_imports_and_exports_what_it_lists(
    shared_clients: dict[str, Generated], key: str
) -> None:
    generated = shared_client(shared_clients, key)
    package = generated.import_package()
    missing = [name for name in package.__all__ if not hasattr(package, name)]
    assert not missing
    models = generated.module("models")
    assert set(models.__all__) <= set(package.__all__)


@pytest.mark.parametrize("key", SHARED_SPECS)
def test_client_constructs_with_credentials_and_shows_none(
    shared_clients: dict[str, Generated], key: str
) -> None:
    generated = shared_client(shared_clients, key)
    client_module = generated.module("_client")
    (client_name,) = [
        name for name in client_module.__all__ if name.endswith("Client") and name[:5] != "Async"
    ]
    client_class = getattr(client_module, client_name)
    arguments = {name: "s3cret-value" for name in _credential_arguments(client_class)}
    client = client_class(base_url="http://127.0.0.1:9", **arguments)
    try:
        assert "s3cret-value" not in repr(client)
        assert "s3cret-value" not in repr(vars(client))
    finally:
        client.close()


def _credential_arguments(client_class: Any) -> list[str]:
    return [
        argument for credential in client_class._credentials for argument in credential.arguments
    ]


def test_every_output_passes_mypy_strict(
    shared_clients: dict[str, Generated], tmp_path: Path
) -> None:
    roots = os.pathsep.join(str(generated.root) for generated in shared_clients.values())
    packages = [arg for g in shared_clients.values() for arg in ("-p", g.package)]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), *packages],
        env={**os.environ, "MYPYPATH": roots},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_every_output_passes_ruff(shared_clients: dict[str, Generated]) -> None:
    # Without --config, ruff reads each output's own generated pyproject.toml.
    roots = [str(generated.root) for generated in shared_clients.values()]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *roots],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_twilio_client_works_over_http(
    shared_clients: dict[str, Generated], echo: EchoServer
) -> None:
    package = shared_client(shared_clients, "twilio_v2010").import_package()
    echo.reply(Reply.of_json({"sid": "AC1", "status": "suspended-ish", "friendly_name": None}))
    with package.TwilioApiClient(base_url=echo.url, username="AC1", password="tok") as client:
        account = client.account.fetch_account("AC1")
        assert echo.last.path == "/2010-04-01/Accounts/AC1.json"
        assert echo.last.headers["authorization"].startswith("Basic ")
        assert (account.sid, account.status.value, account.friendly_name) == (
            "AC1",
            "suspended-ish",
            None,
        )
        echo.reply(Reply.of_json({"sid": "AC2"}, status=201))
        created = client.account.create_account(body=package.CreateAccountBody(friendly_name="new"))
        assert echo.last.headers["content-type"] == "application/x-www-form-urlencoded"
        assert echo.last.body == b"FriendlyName=new"
        assert created.sid == "AC2"


def test_harmless_findings_are_located_warnings(shared_clients: dict[str, Generated]) -> None:
    warnings = "\n".join(shared_client(shared_clients, "opc_30").warnings)
    assert "opc-baseline_openapi_3.0.json:1842:15: 'title' does not match" in warnings
    assert "(at #/paths/~1types~1unions~1duplicate-types/post)" in warnings
    assert "a default value does not match its schema" in warnings
