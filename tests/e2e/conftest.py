"""Fixtures for end-to-end tests of the generated package against the simulator.

Most tests take the ``api`` fixture, which runs each test twice: once through
:class:`AssociationsClient` and once through :class:`AsyncAssociationsClient`, so the
two cannot drift apart unnoticed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hubspot_associations import (
    AssociationsClient,
    AsyncAssociationsClient,
    PublicAssociation,
    PublicObjectId,
)

from tests.conftest import TOKEN
from tests.simulator import EchoServer, HubSpotSimulator

PATH = "/crm/v3/associations/contacts/companies/batch/create"
PATH_TEMPLATE = "/crm/v3/associations/{fromObjectType}/{toObjectType}/batch/create"


def association(
    from_id: str = "53628", to_id: str = "12726", kind: str = "contact_to_company"
) -> PublicAssociation:
    return PublicAssociation(
        from_=PublicObjectId(id=from_id), to=PublicObjectId(id=to_id), type=kind
    )


@dataclass
class Api:
    """Runs an action against a fresh sync or async client pointed at the simulator.

    An action receives the client and calls it as usual; for the async client the
    call returns a coroutine, which is awaited here. ``elapsed`` is the duration of the
    last action, exception or not.
    """

    mode: str
    base_url: str
    token: str | None = TOKEN
    sync_client: Any = AssociationsClient
    async_client: Any = AsyncAssociationsClient
    elapsed: float = field(default=0.0, init=False)

    def call(self, action: Callable[[Any], Any], **client_options: Any) -> Any:
        options: dict[str, Any] = {"access_token": self.token, "base_url": self.base_url}
        options.update(client_options)
        started = time.monotonic()
        try:
            if self.mode == "sync":
                with self.sync_client(**options) as client:
                    return action(client)
            return asyncio.run(self._call_async(action, options))
        finally:
            self.elapsed = time.monotonic() - started

    async def _call_async(self, action: Callable[[Any], Any], options: dict[str, Any]) -> Any:
        async with self.async_client(**options) as client:
            return await action(client)

    def create(
        self,
        *inputs: PublicAssociation,
        from_type: str = "contacts",
        to_type: str = "companies",
        raw: bool = False,
        client_options: dict[str, Any] | None = None,
        **call_options: Any,
    ) -> Any:
        """``batch_create`` with the given inputs (one association when none)."""
        items = list(inputs) or [association()]

        def action(client: Any) -> Any:
            target = client.with_raw_response if raw else client
            return target.batch_create(from_type, to_type, inputs=items, **call_options)

        return self.call(action, **(client_options or {}))


@pytest.fixture(params=["sync", "async"])
def api(request: pytest.FixtureRequest, simulator: HubSpotSimulator) -> Api:
    return Api(mode=request.param, base_url=simulator.base_url)


@pytest.fixture
def echo() -> Iterator[EchoServer]:
    """A second origin (another port) that records whatever reaches it."""
    with EchoServer() as server:
        yield server
        assert not server.handler_errors, server.handler_errors
