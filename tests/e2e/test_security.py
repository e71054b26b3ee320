"""The token: where it comes from, and everywhere it must never appear."""

from __future__ import annotations

import logging
import pickle
import shutil
import socket
import ssl
import subprocess
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hubspot_associations import (
    APIConnectionError,
    APIError,
    AssociationsClient,
    AsyncAssociationsClient,
    AuthenticationError,
    BadRequestError,
    __version__,
)

from tests.e2e.conftest import PATH, PATH_TEMPLATE, Api
from tests.simulator import EchoServer, Fault, HubSpotSimulator

SECRET = "pat-na1-7f3c9e2a-51d4-4c8b-9a06-e1b2c3d4e5f6"
ENV = "HUBSPOT_ACCESS_TOKEN"


@pytest.fixture
def secret_api(request: pytest.FixtureRequest) -> Iterator[tuple[Api, HubSpotSimulator]]:
    with HubSpotSimulator(tokens={SECRET}) as sim:
        yield Api(mode="sync", base_url=sim.base_url, token=SECRET), sim
        assert not sim.handler_errors


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def client_class(mode: str) -> Any:
    return AssociationsClient if mode == "sync" else AsyncAssociationsClient


# Where the token comes from ---------------------------------------------------------


def test_the_token_falls_back_to_the_environment(
    api: Api, simulator: HubSpotSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "test-token")
    api.token = None
    assert api.create().results
    assert simulator.requests[0].headers["authorization"] == "Bearer test-token"


def test_the_argument_wins_over_the_environment(
    api: Api, simulator: HubSpotSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "some-other-token")
    api.create()
    assert simulator.requests[0].headers["authorization"] == "Bearer test-token"


@pytest.mark.parametrize("given", [None, "", "   \n"])
def test_no_token_at_all_fails_at_construction(
    mode: str, monkeypatch: pytest.MonkeyPatch, given: str | None
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    with pytest.raises(ValueError, match=f"needs an access token.*{ENV}"):
        client_class(mode)(access_token=given)


def test_surrounding_whitespace_is_not_part_of_the_token(
    api: Api, simulator: HubSpotSimulator
) -> None:
    api.token = "  test-token\n"
    api.create()
    assert simulator.requests[0].headers["authorization"] == "Bearer test-token"


@pytest.mark.parametrize("bad", ["pat-na1-é-secret", "pat na1 secret", "pat-na1\r\nX-Evil: 1"])
def test_a_token_no_header_can_carry_fails_at_construction_without_showing_it(
    mode: str, bad: str
) -> None:
    with pytest.raises(ValueError) as caught:
        client_class(mode)(access_token=bad)
    assert "visible ASCII" in str(caught.value)
    assert "secret" not in str(caught.value) and "Evil" not in str(caught.value)


# Where it must never appear ----------------------------------------------------------


def test_repr_and_str_of_clients_do_not_show_the_token(mode: str) -> None:
    client = client_class(mode)(access_token=SECRET, base_url="http://127.0.0.1:9")
    for shown in (client, client.with_options(max_retries=0), client.with_raw_response):
        assert SECRET not in repr(shown)
        assert SECRET not in str(shown)
        assert SECRET not in repr(vars(shown))
    assert "max_retries=2" in repr(client)


def test_a_client_does_not_pickle_its_token(mode: str) -> None:
    client = client_class(mode)(access_token=SECRET, base_url="http://127.0.0.1:9")
    for holder in vars(client).values():
        try:
            dumped = pickle.dumps(holder)
        except TypeError as refused:
            assert SECRET not in str(refused)
        else:
            assert SECRET.encode() not in dumped


def test_exception_text_does_not_show_the_token(
    secret_api: tuple[Api, HubSpotSimulator],
) -> None:
    api, sim = secret_api
    errors: list[APIError] = []
    # A server that echoes the token back in its message.
    sim.script(Fault.status(400, {"message": f"token {SECRET} is odd", "correlationId": "c"}))
    with pytest.raises(BadRequestError) as echoed:
        api.create()
    errors.append(echoed.value)
    assert "token [redacted] is odd" in str(echoed.value)
    sim.script(Fault.close_connection())
    with pytest.raises(APIConnectionError) as dropped:
        api.create(max_retries=0)
    errors.append(dropped.value)
    api.token = SECRET[:-1]
    with pytest.raises(AuthenticationError) as rejected:
        api.create()
    errors.append(rejected.value)
    for error in errors:
        text = "".join(traceback.format_exception(error))
        assert SECRET not in text
        assert SECRET not in repr(error)
    # The body is the server's data and is kept as sent; nothing of ours adds the token.
    for error in errors[1:]:
        assert SECRET.encode() not in pickle.dumps(error)


def test_logs_at_debug_show_neither_token_nor_headers_nor_bodies(
    secret_api: tuple[Api, HubSpotSimulator],
    echo: EchoServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    api, sim = secret_api
    caplog.set_level(logging.DEBUG)  # the root logger: ours, httpx's and httpcore's
    sim.script(Fault.status(500), Fault.rate_limited(retry_after_ms=10))
    api.create()  # 500, 429, then 201
    sim.script(Fault.status(400, {"message": f"echo {SECRET}"}))
    with pytest.raises(BadRequestError):
        api.create()
    sim.script(Fault.redirect(f"{echo.base_url}{PATH}"))
    api.create()
    sim.script(Fault.sleep(2))
    with pytest.raises(APIError):
        api.create(timeout=0.2, max_retries=0)
    for mode in ("sync", "async"):
        api.mode = mode
        api.create()

    loggers = {record.name.split(".")[0] for record in caplog.records}
    assert {"hubspot_associations", "httpx", "httpcore"} <= loggers
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + repr(record.__dict__)
        assert SECRET not in text
    ours = [r.getMessage() for r in caplog.records if r.name == "hubspot_associations"]
    assert all(
        r.levelno == logging.DEBUG for r in caplog.records if r.name == "hubspot_associations"
    )
    assert f"POST {PATH_TEMPLATE} -> 500 (attempt 1," in ours[0]
    assert any("retry 1 of 2 in" in line for line in ours)
    assert any(f"POST {PATH_TEMPLATE} -> 429 (attempt 2," in line for line in ours)
    assert any("ReadTimeout (attempt 1" in line for line in ours)
    # No header values and no bodies: not a correlation id, not the echoed message.
    correlation_ids = [r.headers.get("x-hubspot-correlation-id") for r in sim.requests]
    for line in ours:
        assert "echo" not in line
        assert "contacts" not in line  # the path template, not the values
        for value in correlation_ids:
            assert value is None or value not in line


def test_a_redirect_to_another_origin_carries_no_authorization(
    api: Api, simulator: HubSpotSimulator, echo: EchoServer
) -> None:
    simulator.script(Fault.redirect(f"{echo.base_url}{PATH}"))
    api.create()
    (first,) = simulator.requests
    (redirected,) = echo.requests
    assert first.headers["authorization"] == "Bearer test-token"
    assert "authorization" not in redirected.headers
    assert redirected.json == first.json  # a 307 resends the body, without the token


def test_a_redirect_within_the_origin_keeps_authorization(
    api: Api, simulator: HubSpotSimulator
) -> None:
    simulator.script(Fault.redirect(f"{simulator.base_url}{PATH}", code=308))
    api.create()
    assert [r.response_status for r in simulator.requests] == [308, 201]
    assert simulator.requests[1].headers["authorization"] == "Bearer test-token"


def test_user_agent_names_the_package_and_version(api: Api, simulator: HubSpotSimulator) -> None:
    api.create()
    agent = simulator.requests[0].headers["user-agent"]
    assert agent.startswith(f"hubspot_associations/{__version__} ")


# TLS verification ------------------------------------------------------------------


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: cannot make a self-signed certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_tls_verification_is_on(mode: str, self_signed: tuple[Path, Path]) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed)
    handshakes: list[str] = []
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def serve_one() -> None:
            connection, _ = listener.accept()
            try:
                with context.wrap_socket(connection, server_side=True):
                    handshakes.append("completed")
            except (ssl.SSLError, OSError):
                handshakes.append("refused by the client")

        server = threading.Thread(target=serve_one, daemon=True)
        server.start()
        api = Api(mode=mode, base_url=f"https://127.0.0.1:{port}")
        with pytest.raises(APIConnectionError) as caught:
            api.create(max_retries=0)
        server.join(5)
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
    assert handshakes == ["refused by the client"]
