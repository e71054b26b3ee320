"""Fast paths of the runtime give what the general code beside them gives.

Each shortcut (the common RFC 3339 shape, reading only the rate-limit fields the spec
names) is checked against its general path on the inputs where they could part ways.
"""

from __future__ import annotations

import logging
import pickle
import random
import re

import pytest
from hubspot_associations import AssociationsClient, _codec

from tests.conftest import TOKEN
from tests.e2e.conftest import PATH, PATH_TEMPLATE, Api, association
from tests.simulator import Fault, HubSpotSimulator

DATETIMES = [
    "2026-03-01T12:00:00Z",
    "2026-03-01T12:00:00.123Z",
    "2026-03-01T12:00:00.123456Z",
    "2026-03-01T12:00:00.1234567Z",
    "2026-03-01T12:00:00.1Z",
    "2026-03-01T12:00:00+00:00",
    "2026-03-01T12:00:00-00:00",
    "2026-03-01T12:00:00.5+05:30",
    "2026-03-01T12:00:00.250-09:45",
    "2026-03-01T23:59:59.999999+23:59",
    "2026-03-01T12:00:00+0530",
    "2026-03-01T12:00:00+24:00",
    "2026-03-01T12:00:00+01:75",
    "2026-03-01t12:00:00z",
    "2026-03-01 12:00:00Z",
    "2026-03-01T12:00:00",
    "2016-12-31T23:59:60Z",
    "2026-02-29T12:00:00Z",
    "2024-02-29T12:00:00Z",
    "2026-13-01T12:00:00Z",
    "2026-00-10T12:00:00Z",
    "2026-04-31T12:00:00Z",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
    "2026-03-01T24:00:00Z",
    "2026-03-01T12:60:00Z",
    "\u0662\u0660\u0662\u0666-03-01T12:00:00Z",
    "2026-03-01T12:00:00Z\n",
    "2026-03-01",
    "yesterday",
    "",
]


def _decode(value: str) -> tuple[str, object]:
    try:
        result = _codec.DATETIME.decode(value)
    except Exception as error:  # the general path may raise more than DecodeError
        return ("error", (type(error), str(error)))
    offset = result.utcoffset()
    wire_text = getattr(result, "wire_text", None)
    return ("value", (type(result), result, offset, result.tzinfo, wire_text))


@pytest.mark.parametrize("value", DATETIMES)
def test_the_common_date_time_shape_decodes_as_the_general_path_does(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _decode(value)
    monkeypatch.setattr(_codec, "_COMMON_DATETIME", re.compile(r"(?!)"))
    assert _decode(value) == fast


def _random_date_times(count: int) -> list[str]:
    rng = random.Random(7)
    offsets = ["Z", "z", "", "+00:00", "-00:00", "+05:30", "+24:00", "+0530"]
    values = []
    for _ in range(count):
        date = f"{rng.choice(['2024', '0001', '9999'])}-{rng.randint(0, 13):02d}"
        date += f"-{rng.randint(0, 32):02d}{rng.choice('TTt ')}"
        time = ":".join(f"{rng.randint(0, bound):02d}" for bound in (25, 61, 61))
        fraction = rng.choice(["", ".1", ".123", ".1234", ".123456", ".1234567"])
        offset = rng.choice(
            [*offsets, f"{rng.choice('+-')}{rng.randint(0, 25):02d}:{rng.randint(0, 61):02d}"]
        )
        values.append(date + time + fraction + offset)
    return values


def test_random_date_times_decode_alike_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    values = _random_date_times(3000)
    fast = [_decode(value) for value in values]
    assert sum(_codec._COMMON_DATETIME.match(value) is not None for value in values) > 100
    monkeypatch.setattr(_codec, "_COMMON_DATETIME", re.compile(r"(?!)"))
    assert [_decode(value) for value in values] == fast


def test_the_common_shape_is_the_one_servers_send() -> None:
    for value in ("2025-08-21T18:15:15.142Z", "2025-08-21T20:15:15.200+02:00"):
        assert _codec._COMMON_DATETIME.match(value) is not None
        assert _codec.DATETIME.encode(_codec.DATETIME.decode(value)) == value


# The request and response fast paths of the client ----------------------------------


def test_a_success_is_still_logged_at_debug(
    api: Api, simulator: HubSpotSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="hubspot_associations")
    api.create()
    ours = [r.getMessage() for r in caplog.records if r.name == "hubspot_associations"]
    assert len(ours) == 1
    assert ours[0].startswith(f"POST {PATH_TEMPLATE} -> 201 (attempt 1, ")


def test_nothing_is_logged_below_debug(
    api: Api, simulator: HubSpotSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hubspot_associations")
    simulator.script(Fault.status(500))
    api.create()
    assert not [r for r in caplog.records if r.name == "hubspot_associations"]


def test_each_client_sends_its_own_credentials_on_every_call(
    simulator: HubSpotSimulator,
) -> None:
    other = "another-token-0123"
    simulator.tokens = simulator.tokens | {other}
    first = AssociationsClient(access_token=TOKEN, base_url=simulator.base_url)
    second = AssociationsClient(access_token=other, base_url=simulator.base_url)
    with first, second:
        for client in (first, second, first, first.with_options(max_retries=0), second):
            client.batch_create("contacts", "companies", inputs=[association()])
    sent = [r.headers["authorization"] for r in simulator.requests]
    assert sent == [f"Bearer {t}" for t in (TOKEN, other, TOKEN, TOKEN, other)]
    assert {r.headers["accept"] for r in simulator.requests} == {"application/json"}


def test_the_cached_request_parts_neither_show_nor_pickle_the_token(
    simulator: HubSpotSimulator,
) -> None:
    secret = "s3cr3t-t0ken-for-the-cache"
    simulator.tokens = simulator.tokens | {secret}
    with AssociationsClient(access_token=secret, base_url=simulator.base_url) as client:
        client.batch_create("contacts", "companies", inputs=[association()])
        assert "_fixed_parts" in vars(client)
        assert secret not in repr(vars(client))
        for holder in vars(client).values():
            try:
                dumped = pickle.dumps(holder)
            except (TypeError, AttributeError) as refused:
                assert secret not in str(refused)
            else:
                assert secret.encode() not in dumped


def test_raw_and_plain_calls_alternate(api: Api) -> None:
    raw = api.create(raw=True)
    assert raw.status_code == 201
    assert raw.parse().status is not None
    assert api.create().status is not None


def test_base_url_changes_after_construction_are_honoured(
    simulator: HubSpotSimulator,
) -> None:
    with AssociationsClient(access_token=TOKEN, base_url="http://127.0.0.1:9") as client:
        client.base_url = simulator.base_url
        client.batch_create("contacts", "companies", inputs=[association()])
    (request,) = simulator.requests
    assert request.path == PATH
