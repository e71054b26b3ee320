"""Refreshable credentials: a credential argument that is a callable (sync or async) is
asked for the secret on every call, and once more after a 401 that says the token expired,
when the call is retried once. Against the simulator, which knows expired tokens."""

from __future__ import annotations

import asyncio
import logging
import pickle
import traceback
from collections.abc import Iterator

import pytest
from hubspot_associations import (
    AssociationsClient,
    AsyncAssociationsClient,
    AuthenticationError,
    BadRequestError,
)

from tests.e2e.conftest import PATH, association
from tests.simulator import EchoServer, Fault, HubSpotSimulator

OLD = "old-token-expired-1234"
NEW = "new-token-fresh-5678"


class Tokens:
    """A token source as a team writes one: hands out the tokens it was given, in turn,
    then keeps the last; counts its calls."""

    def __init__(self, *tokens: str) -> None:
        self.tokens = list(tokens)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return self.tokens.pop(0) if len(self.tokens) > 1 else self.tokens[0]


@pytest.fixture
def oauth() -> Iterator[HubSpotSimulator]:
    """HubSpot with one expired OAuth token and one valid one."""
    with HubSpotSimulator(tokens=frozenset({NEW}), expired_tokens=frozenset({OLD})) as sim:
        yield sim
        assert not sim.handler_errors, sim.handler_errors


def _sent_tokens(simulator: HubSpotSimulator) -> list[str]:
    return [r.headers["authorization"].removeprefix("Bearer ") for r in simulator.requests]


def test_the_source_is_asked_on_every_call(oauth: HubSpotSimulator) -> None:
    tokens = Tokens(NEW)
    with AssociationsClient(access_token=tokens, base_url=oauth.base_url) as client:
        for _ in range(3):
            client.batch_create("contacts", "companies", inputs=[association()])
    assert tokens.calls == 3
    assert _sent_tokens(oauth) == [NEW] * 3


def test_an_expired_token_is_refreshed_once_and_the_call_retried_once(
    oauth: HubSpotSimulator,
) -> None:
    tokens = Tokens(OLD, NEW)
    with AssociationsClient(access_token=tokens, base_url=oauth.base_url) as client:
        raw = client.with_raw_response.batch_create("contacts", "companies", inputs=[association()])
    assert raw.status_code == 201  # still a raw response after the retry
    assert _sent_tokens(oauth) == [OLD, NEW]
    assert [r.response_status for r in oauth.requests] == [401, 201]
    assert tokens.calls == 2


def test_a_token_still_expired_after_the_refresh_is_raised(oauth: HubSpotSimulator) -> None:
    tokens = Tokens(OLD)
    with AssociationsClient(access_token=tokens, base_url=oauth.base_url) as client:
        with pytest.raises(AuthenticationError) as caught:
            client.batch_create("contacts", "companies", inputs=[])
    assert "expired" in str(caught.value)
    assert _sent_tokens(oauth) == [OLD, OLD]  # one retry, never more
    assert tokens.calls == 2


def test_a_wrong_token_is_not_a_reason_to_ask_again(oauth: HubSpotSimulator) -> None:
    tokens = Tokens("wrong-token-9999")
    with AssociationsClient(access_token=tokens, base_url=oauth.base_url) as client:
        with pytest.raises(AuthenticationError):
            client.batch_create("contacts", "companies", inputs=[])
    assert tokens.calls == 1 and len(oauth.requests) == 1


def test_an_async_source_serves_the_async_client(oauth: HubSpotSimulator) -> None:
    issued = [OLD, NEW]

    async def token() -> str:
        await asyncio.sleep(0)
        return issued.pop(0) if len(issued) > 1 else issued[0]

    async def run() -> int:
        async with AsyncAssociationsClient(access_token=token, base_url=oauth.base_url) as c:
            raw = await c.with_raw_response.batch_create("contacts", "companies", inputs=[])
            return raw.status_code

    assert asyncio.run(run()) == 201
    assert _sent_tokens(oauth) == [OLD, NEW]


def test_the_async_client_takes_a_sync_source_too(oauth: HubSpotSimulator) -> None:
    tokens = Tokens(OLD, NEW)

    async def run() -> None:
        async with AsyncAssociationsClient(access_token=tokens, base_url=oauth.base_url) as c:
            await c.batch_create("contacts", "companies", inputs=[])

    asyncio.run(run())
    assert _sent_tokens(oauth) == [OLD, NEW]


def test_an_async_source_on_the_sync_client_is_a_clear_error(oauth: HubSpotSimulator) -> None:
    async def token() -> str:
        return NEW

    with AssociationsClient(access_token=token, base_url=oauth.base_url) as client:
        with pytest.raises(TypeError, match="use the async client"):
            client.batch_create("contacts", "companies", inputs=[])
    assert not oauth.requests


def test_secrets_from_a_source_are_never_shown_pickled_logged_or_sent_elsewhere(
    oauth: HubSpotSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tokens = Tokens(OLD, NEW)
    with (
        EchoServer() as echo,
        AssociationsClient(access_token=tokens, base_url=oauth.base_url) as client,
    ):
        client.batch_create("contacts", "companies", inputs=[])  # 401 expired, then 201
        oauth.script(Fault.status(400, {"message": f"echo {NEW}"}))
        with pytest.raises(BadRequestError) as echoed:
            client.batch_create("contacts", "companies", inputs=[])
        oauth.script(Fault.redirect(f"{echo.base_url}{PATH}"))
        client.batch_create("contacts", "companies", inputs=[])
        (redirected,) = echo.requests
        with pytest.raises(TypeError):
            pickle.dumps(client)
        shown = repr(client) + repr(vars(client)) + repr(client._secrets)
    assert "authorization" not in redirected.headers
    error_text = "".join(traceback.format_exception(echoed.value)) + repr(echoed.value)
    assert "[redacted]" in str(echoed.value)
    for secret in (OLD, NEW):
        assert secret not in shown
        assert secret not in error_text
        for record in caplog.records:
            assert secret not in record.getMessage() + repr(record.args)


def test_the_readme_oauth_example_refreshes_through_its_token_holder(
    oauth: HubSpotSimulator,
) -> None:
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", readme, re.DOTALL | re.MULTILINE)
    (example,) = [block for block in blocks if "HubSpotOAuth" in block]
    issued = [NEW]
    pointed = example.replace(
        "AssociationsClient(access_token=",
        f"AssociationsClient(base_url={oauth.base_url!r}, access_token=",
    )
    namespace = {"__name__": "__readme__", "exchange_refresh_token": lambda: issued.pop(0)}
    exec(compile(pointed, "<README example>", "exec"), namespace)
    assert not issued  # exchanged once, for the first call
    assert [r.response_status for r in oauth.requests] == [201]
    assert _sent_tokens(oauth) == [NEW]
