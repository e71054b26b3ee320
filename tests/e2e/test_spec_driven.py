"""Runtime behaviour the spec decides, shown on a package generated from a variant spec.

The variant marks the operation as not idempotent and renames the rate-limit headers;
the package generated from it must follow both, with no change to any template.
"""

from __future__ import annotations

import importlib
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.e2e.conftest import Api
from tests.simulator import Fault, HubSpotSimulator

PACKAGE = "variant_associations"
FAST = {"retry-after-ms": "20"}


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    document: dict[str, Any] = yaml.safe_load(
        (ROOT / "spec" / "hubspot-crm-associations-v3.yaml").read_text(encoding="utf-8")
    )
    (operation,) = (item["post"] for item in document["paths"].values())
    operation["x-apiwright-idempotent"] = False
    document["x-apiwright"]["rateLimitHeaders"] = {
        "max": "X-Quota-Max",
        "remaining": "X-Quota-Left",
        "intervalMs": "X-Quota-Window-Ms",
    }
    folder = tmp_path_factory.mktemp("variant")
    spec = folder / "spec.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    output = folder / "out"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            str(spec),
            "--output",
            str(output),
            "--package",
            PACKAGE,
            "-q",
        ],
        check=True,
        cwd=ROOT,
    )
    sys.path.insert(0, str(output))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(output))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture(params=["sync", "async"])
def api(request: pytest.FixtureRequest, simulator: HubSpotSimulator, variant: ModuleType) -> Api:
    return Api(
        mode=request.param,
        base_url=simulator.base_url,
        sync_client=variant.AssociationsClient,
        async_client=variant.AsyncAssociationsClient,
    )


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_5xx_that_may_have_been_processed_is_not_retried(
    api: Api, simulator: HubSpotSimulator, variant: ModuleType, status: int
) -> None:
    simulator.script(Fault.raw(status, b"{}", "application/json", FAST))
    with pytest.raises(variant.InternalServerError):
        api.create()
    assert len(simulator.requests) == 1


@pytest.mark.parametrize("status", [429, 503])
def test_a_refusal_before_processing_is_retried(
    api: Api, simulator: HubSpotSimulator, status: int
) -> None:
    simulator.script(Fault.raw(status, b"{}", "application/json", FAST))
    assert api.create(raw=True).retries_taken == 1


def test_a_dropped_connection_is_not_retried(
    api: Api, simulator: HubSpotSimulator, variant: ModuleType
) -> None:
    simulator.script(Fault.close_connection())
    with pytest.raises(variant.APIConnectionError, match="after 1 attempt"):
        api.create()
    assert len(simulator.requests) == 1


def test_a_read_timeout_is_not_retried(
    api: Api, simulator: HubSpotSimulator, variant: ModuleType
) -> None:
    simulator.script(Fault.sleep(2))
    with pytest.raises(variant.APITimeoutError, match="after 1 attempt"):
        api.create(timeout=0.2)
    assert len(simulator.requests) == 1


def test_a_refused_connection_is_retried(api: Api, variant: ModuleType) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api.base_url = f"http://127.0.0.1:{port}"
    with pytest.raises(variant.APIConnectionError, match="after 2 attempts"):
        api.create(max_retries=1)


def test_rate_limit_header_names_come_from_the_spec(
    api: Api, simulator: HubSpotSimulator, variant: ModuleType
) -> None:
    body = {
        "status": "COMPLETE",
        "results": [],
        "startedAt": "2025-08-21T18:15:15Z",
        "completedAt": "2025-08-21T18:15:15Z",
    }
    headers = {
        "X-Quota-Max": "7",
        "X-Quota-Left": "6",
        "X-Quota-Window-Ms": "500",
        "X-HubSpot-RateLimit-Max": "190",
    }
    simulator.script(Fault.raw(201, json.dumps(body).encode(), "application/json", headers))
    info = api.create(raw=True).rate_limit
    assert (info.max, info.remaining, info.interval_ms) == (7, 6, 500)


def test_the_generated_variant_is_a_separate_package(variant: ModuleType) -> None:
    assert Path(variant.__file__ or "").parent.name == PACKAGE
    assert (
        variant.AssociationsClient
        is not importlib.import_module("hubspot_associations").AssociationsClient
    )
