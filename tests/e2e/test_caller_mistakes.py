"""Every exception the package raises derives from APIError, caller mistakes included
(each also keeps the built-in type it was: ValueError, TypeError, RuntimeError), and a
connection error names the scheme, host and port it tried."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from hubspot_associations import (
    APIConnectionError,
    APIError,
    AssociationsClient,
    ClientClosedError,
    ConfigurationError,
    ConfigurationTypeError,
)

from tests.conftest import TOKEN
from tests.e2e.conftest import Api, association
from tests.simulator import HubSpotSimulator

ENV = "HUBSPOT_ACCESS_TOKEN"


def test_a_missing_token_is_an_api_error_and_a_value_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    with pytest.raises(ConfigurationError) as caught:
        AssociationsClient()
    assert isinstance(caught.value, APIError) and isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("options", "kind"),
    [
        ({"max_retries": -1}, ValueError),
        ({"max_retries": "3"}, TypeError),
        ({"deadline": "soon"}, TypeError),
        ({"max_response_bytes": 0}, ValueError),
        ({"access_token": "tok\nen"}, ValueError),
    ],
)
def test_option_mistakes_are_api_errors_of_their_builtin_kind(
    options: dict[str, Any], kind: type[Exception]
) -> None:
    options = {"access_token": TOKEN, **options}
    with pytest.raises(ConfigurationError) as caught:
        AssociationsClient(**options)
    assert isinstance(caught.value, kind)
    assert isinstance(caught.value, ConfigurationTypeError) is (kind is TypeError)


@pytest.mark.parametrize(
    "headers",
    [{"X-Trace": "a\r\nX-Evil: 1"}, {"X-Trace": "caf\u00e9"}, {"X Bad": "1"}, {"X-Trace": 5}],
)
def test_a_header_a_request_cannot_carry_is_refused_before_sending(
    api: Api, simulator: HubSpotSimulator, headers: dict[str, Any]
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        api.create(extra_headers=headers)
    assert "X-Evil" not in str(caught.value) and "caf" not in str(caught.value)
    assert not simulator.requests


def test_an_argument_of_the_wrong_type_is_a_configuration_error(
    api: Api, simulator: HubSpotSimulator
) -> None:
    with pytest.raises(ConfigurationError, match="the arguments cannot be sent"):
        api.create(object())  # type: ignore[arg-type]
    assert not simulator.requests


def test_a_call_after_close_is_a_client_closed_error(simulator: HubSpotSimulator) -> None:
    client = AssociationsClient(access_token=TOKEN, base_url=simulator.base_url)
    client.close()
    with pytest.raises(ClientClosedError) as caught:
        client.batch_create("contacts", "companies", inputs=[association()])
    assert isinstance(caught.value, APIError) and isinstance(caught.value, RuntimeError)


def test_bulk_option_mistakes_are_configuration_errors(simulator: HubSpotSimulator) -> None:
    with AssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
        with pytest.raises(ConfigurationError):
            client.batch_create_all("contacts", "companies", inputs=[], chunk_size=0)


def test_a_refused_connection_names_scheme_host_and_port(api: Api) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api.base_url = f"http://127.0.0.1:{port}"
    with pytest.raises(APIConnectionError) as caught:
        api.create(max_retries=0)
    assert f"to http://127.0.0.1:{port} failed (ConnectError" in str(caught.value)
