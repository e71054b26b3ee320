"""``_secrets``: credentials are read, sent as their scheme says, and never shown."""

from __future__ import annotations

import base64
import logging
import pickle

import pytest

from generator.runtime import _secrets
from generator.runtime._secrets import Credential, Secrets

BEARER = Credential("bearer", "bearer", None, ("access_token",), ("APP_TOKEN",))
BASIC = Credential("basic", "basic", None, ("username", "password"), ("", ""))
HEADER_KEY = Credential("key", "header", "X-Api-Key", ("api_key",), ("",))
QUERY_KEY = Credential("qkey", "query", "api_key", ("query_key",), ("",))
COOKIE_KEY = Credential("ckey", "cookie", "sid", ("session",), ("",))


def applied(secrets: Secrets, security: tuple[tuple[str, ...], ...] | None) -> tuple[object, ...]:
    headers: dict[str, str] = {}
    query: list[tuple[str, str | int | float | bool | None]] = []
    cookies: list[str] = []
    secrets.apply(security, headers, query, cookies)
    return headers, query, cookies


def test_each_kind_of_credential_travels_where_its_scheme_says() -> None:
    given = {"access_token": "tok-1234", "username": "ann", "password": "p w"}
    given |= {"api_key": "key-1", "query_key": "q/1", "session": "s;1"}
    secrets = Secrets((BEARER, BASIC, HEADER_KEY, QUERY_KEY, COOKIE_KEY), given)
    assert applied(secrets, (("bearer",),)) == ({"Authorization": "Bearer tok-1234"}, [], [])
    basic = base64.b64encode(b"ann:p w").decode()
    assert applied(secrets, (("basic",),))[0] == {"Authorization": f"Basic {basic}"}
    assert applied(secrets, (("key", "qkey", "ckey"),)) == (
        {"X-Api-Key": "key-1"},
        [("api_key", "q/1")],
        ["sid=s%3B1"],
    )


def test_the_first_alternative_the_client_holds_is_sent() -> None:
    secrets = Secrets((BEARER, HEADER_KEY), {"api_key": "key-1"})
    assert applied(secrets, (("bearer",), ("key",))) == ({"X-Api-Key": "key-1"}, [], [])
    assert applied(secrets, (("bearer",),)) == ({}, [], [])
    assert applied(secrets, ()) == ({}, [], [])


def test_a_token_comes_from_the_environment_and_is_stripped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APP_TOKEN", "  from-env\n")
    secrets = Secrets((BEARER,), {"access_token": None})
    assert applied(secrets, None)[0] == {"Authorization": "Bearer from-env"}


@pytest.mark.parametrize("token", ["a b", "tök", "line\nbreak", "tab\tx"])
def test_a_token_a_header_cannot_carry_is_refused_without_showing_it(token: str) -> None:
    with pytest.raises(ValueError) as caught:
        _secrets.clean_token(token)
    assert token.strip() not in str(caught.value)


def test_secrets_neither_show_nor_pickle() -> None:
    secret = _secrets.Secret("hunter22")
    assert "hunter22" not in repr(secret) + str(secret)
    secrets = Secrets((BEARER,), {"access_token": "hunter22"})
    for value in (secret, secrets, secrets.redact):
        with pytest.raises(TypeError):
            pickle.dumps(value)
    assert "hunter22" not in repr(secrets)


def test_every_form_of_a_secret_is_redacted_longest_first() -> None:
    secrets = Secrets(
        (BASIC, QUERY_KEY), {"username": "user", "password": "pa ss", "query_key": "a/b+c"}
    )
    pair = base64.b64encode(b"user:pa ss").decode()
    text = f"user pa ss {pair} a%2Fb%2Bc a/b+c a%2Fb%2Bc"
    assert secrets.redact(text) == " ".join(["[redacted]"] * 6)


def test_query_keys_are_removed_from_httpx_log_lines() -> None:
    # Held weakly: redaction lasts as long as the client holding the key.
    secrets = Secrets((QUERY_KEY,), {"query_key": "sekrit-key"})
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "HTTP Request: %s", ("GET /?api_key=sekrit-key",), None
    )
    assert _secrets.URL_SECRET_FILTER in logging.getLogger("httpx").filters
    _secrets.URL_SECRET_FILTER.filter(record)
    assert "sekrit-key" not in record.getMessage()
    del secrets


def test_the_missing_credentials_message_names_arguments_and_variables() -> None:
    message = _secrets.missing_credentials_message("Api", (BEARER,))
    assert message == "Api needs an access token: pass access_token= or set APP_TOKEN"
    message = _secrets.missing_credentials_message("Api", (BASIC, HEADER_KEY))
    assert message == "Api needs credentials: pass username= and password=, or api_key="
