"""Credentials come from the spec's security schemes and go where each scheme says; never shown."""

from __future__ import annotations

import base64
import logging
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.generality.echo_server import EchoServer, Reply
from tests.generality.harness import generate, write_spec

SECRET = "s3cret-Value/+="


def _op(operation_id: str, security: list[dict[str, list[str]]] | None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "responses": {"204": {"description": "done"}, "default": {"description": "error"}},
    }
    if security is not None:
        operation["security"] = security
    return {"get": operation}


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Secure", "version": "1"},
    "servers": [
        {
            "url": "https://{region}.example.com/v{major}",
            "variables": {"region": {"default": "eu"}, "major": {"default": "2"}},
        }
    ],
    "security": [{"bearerAuth": []}],
    "paths": {
        "/bearer": _op("with_bearer", None),
        "/oauth": _op("with_oauth", [{"oauth": ["read"]}]),
        "/oidc": _op("with_openid", [{"openid": []}]),
        "/basic": _op("with_basic", [{"basicAuth": []}]),
        "/header": _op("with_header_key", [{"headerKey": []}]),
        "/query": _op("with_query_key", [{"queryKey": []}]),
        "/cookie": _op("with_cookie_key", [{"cookieKey": []}]),
        "/either": _op("either", [{"headerKey": []}, {"bearerAuth": []}]),
        "/public": _op("public", []),
    },
    "components": {
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer"},
            "oauth": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {
                        "tokenUrl": "https://auth.example.com/token",
                        "scopes": {"read": "read things"},
                    }
                },
            },
            "openid": {
                "type": "openIdConnect",
                "openIdConnectUrl": "https://auth.example.com/.well-known/openid-configuration",
            },
            "basicAuth": {"type": "http", "scheme": "basic"},
            "headerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
            "cookieKey": {"type": "apiKey", "in": "cookie", "name": "sid"},
        }
    },
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("security")
    return generate(write_spec(root / "spec", SPEC), root / "out", "gen_security").import_package()


def _client(package: Any, echo: EchoServer, **credentials: str) -> Any:
    return package.SecureClient(base_url=echo.url, max_retries=0, **credentials)


def test_bearer_oauth2_and_openid_send_the_access_token(package: Any, echo: EchoServer) -> None:
    with _client(package, echo, access_token=SECRET) as client:
        client.with_bearer()
        assert echo.last.headers["authorization"] == f"Bearer {SECRET}"
        client.with_oauth()
        assert echo.last.headers["authorization"] == f"Bearer {SECRET}"
        client.with_openid()
        assert echo.last.headers["authorization"] == f"Bearer {SECRET}"


def test_basic_sends_username_and_password(package: Any, echo: EchoServer) -> None:
    with _client(package, echo, username="ann", password=SECRET) as client:
        client.with_basic()
    expected = base64.b64encode(f"ann:{SECRET}".encode()).decode()
    assert echo.last.headers["authorization"] == f"Basic {expected}"


def test_api_keys_go_to_header_query_and_cookie(package: Any, echo: EchoServer) -> None:
    with _client(
        package, echo, api_key="h-" + SECRET, query_key="q-" + SECRET, cookie_key="c-" + SECRET
    ) as client:
        client.with_header_key()
        assert echo.last.headers["x-api-key"] == "h-" + SECRET
        client.with_query_key()
        assert parse_qsl(echo.last.raw_query) == [("key", "q-" + SECRET)]
        client.with_cookie_key()
        assert echo.last.headers["cookie"].startswith("sid=c-s3cret-Value")


def test_first_satisfiable_alternative_is_sent(package: Any, echo: EchoServer) -> None:
    with _client(package, echo, access_token=SECRET) as client:
        client.either()
    assert echo.last.headers["authorization"] == f"Bearer {SECRET}"
    assert "x-api-key" not in echo.last.headers


def test_operation_without_security_sends_no_credentials(package: Any, echo: EchoServer) -> None:
    with _client(package, echo, access_token=SECRET, api_key=SECRET) as client:
        client.public()
    assert "authorization" not in echo.last.headers
    assert "x-api-key" not in echo.last.headers


def test_credentials_come_from_the_environment(
    package: Any, echo: EchoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEN_SECURITY_API_KEY", "from-env")
    with _client(package, echo) as client:
        client.with_header_key()
    assert echo.last.headers["x-api-key"] == "from-env"


def test_secrets_are_not_shown_in_repr_errors_or_httpx_logs(
    package: Any, echo: EchoServer, caplog: pytest.LogCaptureFixture
) -> None:
    client = _client(package, echo, query_key=SECRET, access_token=SECRET)
    assert SECRET not in repr(client) and SECRET not in repr(vars(client))
    echo.reply(Reply.of_json({"message": f"bad key {SECRET}"}, status=401))
    with caplog.at_level(logging.INFO, logger="httpx"), pytest.raises(package.APIError) as caught:
        client.with_query_key()
    client.close()
    assert SECRET not in str(caught.value)
    assert "[redacted]" in str(caught.value)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "HTTP Request" in logged and "key=" in logged
    assert "s3cret" not in logged


def test_server_variables_give_the_default_base_url(package: Any) -> None:
    with package.SecureClient(access_token="t") as client:
        assert client.base_url == "https://eu.example.com/v2"


def test_missing_required_credentials_name_the_arguments(tmp_path: Any) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Locked", "version": "1"},
        "security": [{"basicAuth": []}],
        "paths": {"/a": _op("a", None)},
        "components": {"securitySchemes": {"basicAuth": {"type": "http", "scheme": "basic"}}},
    }
    package = generate(write_spec(tmp_path, spec), tmp_path / "out", "gen_locked").import_package()
    with pytest.raises(ValueError, match=r"username= and password=.*GEN_LOCKED_USERNAME"):
        package.LockedClient()
