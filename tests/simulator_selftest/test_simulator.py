"""Self-tests of the HubSpot simulator over real HTTP, using only the standard library."""

from __future__ import annotations

import http.client
import json
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.simulator import EchoServer, Fault, HubSpotSimulator, RateLimit

TOKEN = "test-token"
PATH = "/crm/v3/associations/contacts/companies/batch/create"
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
JSON_TYPE = "application/json;charset=utf-8"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def association(from_id: str, to_id: str, kind: str = "contact_to_company") -> dict[str, Any]:
    return {"from": {"id": from_id}, "to": {"id": to_id}, "type": kind}


def send(
    base_url: str,
    path: str = PATH,
    body: object = None,
    *,
    raw: bytes | None = None,
    token: str | None = TOKEN,
    method: str = "POST",
    headers: dict[str, str] | None = None,
    timeout: float = 5.0,
) -> Reply:
    port = int(base_url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        return send_on(connection, path, body, raw=raw, token=token, method=method, headers=headers)
    finally:
        connection.close()


def send_on(
    connection: http.client.HTTPConnection,
    path: str = PATH,
    body: object = None,
    *,
    raw: bytes | None = None,
    token: str | None = TOKEN,
    method: str = "POST",
    headers: dict[str, str] | None = None,
) -> Reply:
    payload = raw if raw is not None else json.dumps(body or {"inputs": []}).encode()
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, body=payload, headers=all_headers)
    response = connection.getresponse()
    return Reply(response.status, response.headers, response.read())


def assert_correlated(reply: Reply) -> str:
    correlation_id = reply.header("X-HubSpot-Correlation-Id")
    assert correlation_id is not None
    assert uuid.UUID(correlation_id).version == 4
    return correlation_id


def assert_error(reply: Reply, status: int, message: str, category: str | None) -> dict[str, Any]:
    assert reply.status == status
    assert reply.header("Content-Type") == JSON_TYPE
    correlation_id = assert_correlated(reply)
    body: dict[str, Any] = reply.json
    assert body["status"] == "error"
    assert body["message"] == message
    assert body["correlationId"] == correlation_id
    if category is None:
        assert "category" not in body
    else:
        assert body["category"] == category
    return body


SimFactory = Callable[..., HubSpotSimulator]


@pytest.fixture
def make_sim() -> Iterator[SimFactory]:
    started: list[HubSpotSimulator] = []

    def factory(**knobs: Any) -> HubSpotSimulator:
        knobs.setdefault("tokens", frozenset({TOKEN}))
        simulator = HubSpotSimulator(**knobs).start()
        started.append(simulator)
        return simulator

    yield factory
    for simulator in started:
        simulator.stop()
        assert simulator.handler_errors == []


@pytest.fixture
def sim(make_sim: SimFactory) -> HubSpotSimulator:
    return make_sim()


@pytest.fixture
def echo() -> Iterator[EchoServer]:
    with EchoServer() as server:
        yield server


@pytest.mark.parametrize("success_status", [201, 200])
def test_success_body(make_sim: SimFactory, success_status: int) -> None:
    sim = make_sim(success_status=success_status)
    reply = send(sim.base_url, body={"inputs": [association("1", "2"), association("3", "4")]})
    assert reply.status == success_status
    assert reply.header("Content-Type") == JSON_TYPE
    assert_correlated(reply)
    body = reply.json
    assert body["status"] == "COMPLETE"
    assert body["results"] == [association("1", "2"), association("3", "4")]
    assert body["requestedAt"] is None
    assert body["links"] == {}
    assert body["errors"] == []
    assert "numErrors" not in body
    assert TIMESTAMP.fullmatch(body["startedAt"])
    assert TIMESTAMP.fullmatch(body["completedAt"])
    assert body["startedAt"] <= body["completedAt"]
    assert sim.associations == {
        ("contacts", "1", "companies", "2", "contact_to_company"),
        ("contacts", "3", "companies", "4", "contact_to_company"),
    }


def test_success_status_must_be_2xx() -> None:
    with pytest.raises(ValueError):
        HubSpotSimulator(success_status=207)
    with pytest.raises(ValueError):
        HubSpotSimulator(success_status=400)


def test_empty_inputs_succeed(sim: HubSpotSimulator) -> None:
    reply = send(sim.base_url, body={"inputs": []})
    assert reply.status == 201
    assert reply.json["results"] == []
    assert sim.associations == set()


def test_correlation_ids_are_fresh(sim: HubSpotSimulator) -> None:
    ids = {assert_correlated(send(sim.base_url)) for _ in range(5)}
    assert len(ids) == 5


def test_recreate_is_idempotent(sim: HubSpotSimulator) -> None:
    body = {"inputs": [association("1", "2"), association("1", "2")]}
    first = send(sim.base_url, body=body)
    second = send(sim.base_url, body=body)
    assert first.status == second.status == 201
    assert first.json["results"] == [association("1", "2")]
    assert second.json["results"] == [association("1", "2")]
    assert sim.associations == {("contacts", "1", "companies", "2", "contact_to_company")}


def test_include_inverse(make_sim: SimFactory) -> None:
    sim = make_sim(include_inverse=True)
    reply = send(sim.base_url, body={"inputs": [association("1", "2")]})
    assert reply.json["results"] == [
        association("1", "2"),
        association("2", "1", "company_to_contact"),
    ]


@pytest.mark.parametrize(
    ("from_segment", "to_segment", "canonical"),
    [
        ("contact", "company", ("contacts", "companies")),
        ("CONTACTS", "Companies", ("contacts", "companies")),
        ("0-1", "0-2", ("contacts", "companies")),
        ("deals", "0-5", ("deals", "tickets")),
        ("2-12345", "ticket", ("2-12345", "tickets")),
        ("cont%61cts", "companies", ("contacts", "companies")),
    ],
)
def test_object_type_spellings(
    sim: HubSpotSimulator, from_segment: str, to_segment: str, canonical: tuple[str, str]
) -> None:
    path = f"/crm/v3/associations/{from_segment}/{to_segment}/batch/create"
    reply = send(sim.base_url, path, {"inputs": [association("1", "2")]})
    assert reply.status == 201
    assert sim.associations == {(canonical[0], "1", canonical[1], "2", "contact_to_company")}


def test_custom_association_type(sim: HubSpotSimulator) -> None:
    assert send(sim.base_url, body={"inputs": [association("1", "2", "my_label")]}).status == 207
    sim.association_types.add("my_label")
    assert send(sim.base_url, body={"inputs": [association("1", "2", "my_label")]}).status == 201


def test_chunked_request_body(sim: HubSpotSimulator) -> None:
    payload = json.dumps({"inputs": [association("5", "6")]}).encode()
    connection = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=5)
    try:
        connection.putrequest("POST", PATH)
        connection.putheader("Authorization", f"Bearer {TOKEN}")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        for start in range(0, len(payload), 7):
            piece = payload[start : start + 7]
            connection.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        connection.send(b"0\r\n\r\n")
        response = connection.getresponse()
        assert response.status == 201
        assert json.loads(response.read())["results"] == [association("5", "6")]
    finally:
        connection.close()
    assert sim.requests[0].body == payload


def test_multi_status_with_unknown_ids(sim: HubSpotSimulator) -> None:
    sim.unknown_ids.add("999")
    inputs = [
        association("1", "2"),
        association("999", "2"),
        association("3", "4", "no_such_type"),
        association("12a", "4"),
        association("5", "6"),
    ]
    reply = send(sim.base_url, body={"inputs": inputs})
    assert reply.status == 207
    assert_correlated(reply)
    body = reply.json
    assert body["status"] == "COMPLETE"
    assert body["results"] == [association("1", "2"), association("5", "6")]
    assert body["numErrors"] == 3
    assert body["requestedAt"] is None
    assert body["links"] == {}
    assert TIMESTAMP.fullmatch(body["startedAt"])
    assert TIMESTAMP.fullmatch(body["completedAt"])
    not_found, bad_type, bad_id = body["errors"]
    for error in body["errors"]:
        assert error["status"] == "error"
        assert error["errors"] == []
        assert error["links"] == {}
        assert isinstance(error["message"], str) and error["message"]
        assert all(
            isinstance(values, list) and all(isinstance(v, str) for v in values)
            for values in error["context"].values()
        )
    assert not_found["category"] == "OBJECT_NOT_FOUND"
    assert not_found["context"]["ids"] == ["999"]
    assert bad_type["category"] == "VALIDATION_ERROR"
    assert bad_type["context"]["type"] == ["no_such_type"]
    assert bad_id["category"] == "VALIDATION_ERROR"
    assert bad_id["context"]["ids"] == ["12a"]
    assert sim.associations == {
        ("contacts", "1", "companies", "2", "contact_to_company"),
        ("contacts", "5", "companies", "6", "contact_to_company"),
    }


def test_multi_status_when_every_input_fails(sim: HubSpotSimulator) -> None:
    sim.unknown_ids.update({"7", "8"})
    reply = send(sim.base_url, body={"inputs": [association("7", "8")]})
    assert reply.status == 207
    assert reply.json["results"] == []
    assert reply.json["numErrors"] == 1
    assert reply.json["errors"][0]["context"] == {"ids": ["7", "8"]}


def test_unknown_object_type(sim: HubSpotSimulator) -> None:
    reply = send(sim.base_url, "/crm/v3/associations/widgets/companies/batch/create")
    body = assert_error(reply, 400, "Unable to infer object type from: widgets", None)
    assert set(body) == {"status", "message", "correlationId"}
    reply = send(sim.base_url, "/crm/v3/associations/contacts/0-4/batch/create")
    assert_error(reply, 400, "Unable to infer object type from: 0-4", None)


@pytest.mark.parametrize(
    ("segment", "decoded"),
    [
        ("contacts%2F..%2Fx", "contacts/../x"),
        ("contacts%2f..%2f..%2fv4", "contacts/../../v4"),
        ("%2e%2e", ".."),
        ("contacts%252Fx", "contacts%2Fx"),
        ("2-1%2F", "2-1/"),
    ],
)
def test_percent_encoded_segments_never_route_elsewhere(
    sim: HubSpotSimulator, segment: str, decoded: str
) -> None:
    path = f"/crm/v3/associations/{segment}/companies/batch/create"
    reply = send(sim.base_url, path, {"inputs": [association("1", "2")]})
    assert_error(reply, 400, f"Unable to infer object type from: {decoded}", None)
    assert sim.requests[-1].path == path
    assert sim.associations == set()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/crm/v3/associations/contacts/companies/batch/archive"),
        ("POST", "/crm/v3/associations/contacts/../companies/batch/create"),
        ("POST", "/crm/v3/associations/contacts/companies/batch/create/"),
        ("POST", "/crm/v4/associations/contacts/companies/batch/create"),
        ("POST", "/crm/v3/associations//companies/batch/create"),
        ("GET", PATH),
        ("PUT", PATH),
    ],
)
def test_other_routes_are_404(sim: HubSpotSimulator, method: str, path: str) -> None:
    reply = send(sim.base_url, path, method=method)
    assert reply.status == 404
    assert reply.header("Content-Type") == JSON_TYPE
    assert reply.json["status"] == "error"
    assert reply.json["correlationId"] == assert_correlated(reply)


def test_query_string_is_ignored_for_routing(sim: HubSpotSimulator) -> None:
    assert send(sim.base_url, PATH + "?foo=bar").status == 201


def test_too_many_inputs(sim: HubSpotSimulator) -> None:
    inputs = [association(str(i), "1") for i in range(1, 102)]
    reply = send(sim.base_url, body={"inputs": inputs})
    assert_error(
        reply,
        400,
        "The maximum number of inputs supported in a batch is 100. "
        "Please reduce the number of items and try again",
        "VALIDATION_ERROR",
    )
    assert sim.associations == set()
    assert send(sim.base_url, body={"inputs": inputs[:100]}).status == 201


def test_max_batch_size_is_a_setting(make_sim: SimFactory) -> None:
    sim = make_sim(max_batch_size=2)
    reply = send(sim.base_url, body={"inputs": [association(str(i), "1") for i in range(1, 4)]})
    assert reply.status == 400
    assert "supported in a batch is 2." in reply.json["message"]


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b'{"inputs": [', "Invalid input JSON on line 1, column 13"),
        (b"", "No content to map"),
        (b'{"inputs":[{"to":{"id":"2"},"type":"contact_to_company"}]}', "not set: [from]"),
        (b'{"inputs":[{"from":{"id":"1"},"to":{}}]}', "not set: [type]"),
        (b'{"inputs":[{"from":{"id":"1"},"to":{},"type":"x"}]}', "not set: [id]"),
        (b'{"inputs":[{}]}', "not set: [from, to, type]"),
        (b"{}", "not set: [inputs]"),
        (b'{"inputs":{}}', "Cannot deserialize"),
        (b"[]", "Cannot deserialize"),
        (b'{"inputs":[{"from":{"id":1},"to":{"id":"2"},"type":"x"}]}', "Cannot deserialize"),
        (b"\xff\xfe", "Invalid input JSON"),
    ],
)
def test_invalid_bodies(sim: HubSpotSimulator, payload: bytes, fragment: str) -> None:
    reply = send(sim.base_url, raw=payload)
    assert reply.status == 400
    body = reply.json
    assert body["category"] == "VALIDATION_ERROR"
    assert body["status"] == "error"
    assert body["correlationId"] == assert_correlated(reply)
    assert fragment in body["message"]
    assert body["message"].startswith("Invalid input JSON on line ")


def test_numeric_ids_can_be_coerced(make_sim: SimFactory) -> None:
    sim = make_sim(strict_id_types=False)
    payload = b'{"inputs":[{"from":{"id":1},"to":{"id":"2"},"type":"contact_to_company"}]}'
    reply = send(sim.base_url, raw=payload)
    assert reply.status == 201
    assert reply.json["results"] == [association("1", "2")]


def test_missing_token(sim: HubSpotSimulator) -> None:
    reply = send(sim.base_url, token=None)
    body = assert_error(
        reply,
        401,
        "Authentication credentials not found. This API supports OAuth 2.0 authentication and "
        "you can find more details at https://developers.hubspot.com/docs/methods/auth/"
        "oauth-overview",
        "INVALID_AUTHENTICATION",
    )
    assert set(body) == {"status", "message", "correlationId", "category"}
    assert reply.header("X-HubSpot-Auth-Failure") == "401 Unauthorized"


@pytest.mark.parametrize(
    "authorization", ["Bearer wrong-token", "Basic dGVzdC10b2tlbg==", "Bearer"]
)
def test_bad_token(sim: HubSpotSimulator, authorization: str) -> None:
    reply = send(sim.base_url, token=None, headers={"Authorization": authorization})
    assert reply.status == 401
    assert reply.json["category"] == "INVALID_AUTHENTICATION"
    assert reply.header("X-HubSpot-Auth-Failure") == "401 Unauthorized"
    assert sim.associations == set()


def test_expired_token(make_sim: SimFactory) -> None:
    sim = make_sim(expired_tokens=frozenset({"old"}))
    reply = send(sim.base_url, token="old")
    body = assert_error(
        reply,
        401,
        "The OAuth token used to make this call expired 0 second(s) ago.",
        "EXPIRED_AUTHENTICATION",
    )
    assert TIMESTAMP.fullmatch(body["context"]["expire time"][0])


def test_auth_is_checked_before_object_type_and_body(sim: HubSpotSimulator) -> None:
    path = "/crm/v3/associations/widgets/companies/batch/create"
    assert send(sim.base_url, path, raw=b"{", token="nope").status == 401


def test_missing_scopes(make_sim: SimFactory) -> None:
    sim = make_sim(missing_scopes=True)
    reply = send(sim.base_url, body={"inputs": [association("1", "2")]})
    body = assert_error(
        reply,
        403,
        "This app hasn't been granted all required scopes to make this call. Read more about "
        "required scopes here: https://developers.hubspot.com/scopes.",
        "MISSING_SCOPES",
    )
    assert body["links"] == {"scopes": "https://developers.hubspot.com/scopes"}
    assert body["errors"][0]["context"]["requiredGranularScopes"] == [
        "crm.objects.contacts.write",
        "crm.objects.companies.write",
    ]
    assert sim.associations == set()


def assert_rolling_429(reply: Reply) -> None:
    body = assert_error(reply, 429, "You have reached your ten_secondly_rolling limit.", None)
    assert body["errorType"] == "RATE_LIMIT"
    assert body["policyName"] == "TEN_SECONDLY_ROLLING"
    assert body["groupName"].startswith("publicapi:")


def test_rolling_window_headers_count_down(make_sim: SimFactory) -> None:
    sim = make_sim(rate_limit=RateLimit(max_requests=3, interval_ms=60_000))
    remaining = []
    for _ in range(3):
        reply = send(sim.base_url)
        assert reply.status == 201
        assert reply.header("X-HubSpot-RateLimit-Max") == "3"
        assert reply.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "60000"
        assert reply.header("X-HubSpot-RateLimit-Daily") is None
        remaining.append(reply.header("X-HubSpot-RateLimit-Remaining"))
    assert remaining == ["2", "1", "0"]
    reply = send(sim.base_url)
    assert_rolling_429(reply)
    assert reply.header("X-HubSpot-RateLimit-Remaining") == "0"
    assert reply.header("X-HubSpot-RateLimit-Max") == "3"
    assert reply.header("Retry-After") is None


def test_rolling_window_reopens(make_sim: SimFactory) -> None:
    sim = make_sim(rate_limit=RateLimit(max_requests=2, interval_ms=300))
    assert [send(sim.base_url).status for _ in range(3)] == [201, 201, 429]
    time.sleep(0.35)
    reply = send(sim.base_url)
    assert reply.status == 201
    assert reply.header("X-HubSpot-RateLimit-Remaining") == "1"


def test_rate_limit_is_checked_after_auth(make_sim: SimFactory) -> None:
    sim = make_sim(rate_limit=RateLimit(max_requests=1, interval_ms=60_000))
    reply = send(sim.base_url, token="wrong")
    assert reply.status == 401
    assert reply.header("X-HubSpot-RateLimit-Remaining") is None
    assert send(sim.base_url, raw=b"{").status == 400
    assert send(sim.base_url).status == 429


def test_rate_limit_without_headers(make_sim: SimFactory) -> None:
    sim = make_sim(
        rate_limit=RateLimit(max_requests=1, interval_ms=60_000), send_rate_limit_headers=False
    )
    first, second = send(sim.base_url), send(sim.base_url)
    assert first.status == 201
    assert_rolling_429(second)
    for reply in (first, second):
        assert not [
            name for name in reply.headers if name.lower().startswith("x-hubspot-ratelimit")
        ]


def test_rate_limit_retry_after_knob(make_sim: SimFactory) -> None:
    sim = make_sim(
        rate_limit=RateLimit(max_requests=1, interval_ms=2_500), rate_limit_retry_after=True
    )
    send(sim.base_url)
    reply = send(sim.base_url)
    assert reply.status == 429
    assert reply.header("Retry-After") in {"2", "3"}


def test_daily_limit(make_sim: SimFactory) -> None:
    sim = make_sim(rate_limit=RateLimit(max_requests=100, interval_ms=100, daily=2))
    first, second, third = (send(sim.base_url) for _ in range(3))
    assert first.header("X-HubSpot-RateLimit-Daily") == "2"
    assert first.header("X-HubSpot-RateLimit-Daily-Remaining") == "1"
    assert second.header("X-HubSpot-RateLimit-Daily-Remaining") == "0"
    body = assert_error(third, 429, "You have reached your daily limit.", None)
    assert body["errorType"] == "RATE_LIMIT"
    assert body["policyName"] == "DAILY"
    assert "groupName" not in body
    assert third.header("X-HubSpot-RateLimit-Daily-Remaining") == "0"
    time.sleep(0.15)
    assert send(sim.base_url).json["policyName"] == "DAILY"


def test_resetting_rate_limit_starts_fresh(make_sim: SimFactory) -> None:
    sim = make_sim(rate_limit=RateLimit(max_requests=1, interval_ms=60_000))
    assert [send(sim.base_url).status for _ in range(2)] == [201, 429]
    sim.rate_limit = sim.rate_limit
    assert send(sim.base_url).status == 201
    sim.rate_limit = None
    reply = send(sim.base_url)
    assert reply.status == 201
    assert reply.header("X-HubSpot-RateLimit-Max") is None


def test_script_runs_in_order_then_normal_behaviour_resumes(sim: HubSpotSimulator) -> None:
    sim.script(Fault.status(500), Fault.status(503))
    assert sim.pending_faults == [Fault.status(500), Fault.status(503)]
    assert [send(sim.base_url).status for _ in range(3)] == [500, 503, 201]
    assert sim.pending_faults == []
    assert [r.response_status for r in sim.requests] == [500, 503, 201]


def test_clear_script(sim: HubSpotSimulator) -> None:
    sim.script(Fault.status(500))
    sim.clear_script()
    assert send(sim.base_url).status == 201


def test_fault_status_bodies(sim: HubSpotSimulator) -> None:
    sim.script(Fault.status(500), Fault.status(401), Fault.status(404), Fault.status(502))
    body = assert_error(send(sim.base_url), 500, "internal error", None)
    assert set(body) == {"status", "message", "correlationId"}
    reply = send(sim.base_url)
    assert reply.json["category"] == "INVALID_AUTHENTICATION"
    assert reply.header("X-HubSpot-Auth-Failure") == "401 Unauthorized"
    assert_error(send(sim.base_url), 404, "Not Found", "OBJECT_NOT_FOUND")
    assert_error(send(sim.base_url), 502, "Bad Gateway", None)


def test_fault_status_body_override(sim: HubSpotSimulator) -> None:
    sim.script(Fault.status(409, body={"message": "custom", "extra": [1]}))
    reply = send(sim.base_url)
    assert reply.status == 409
    assert reply.json == {"message": "custom", "extra": [1]}
    assert reply.header("Content-Type") == JSON_TYPE


@pytest.mark.parametrize("code", [502, 504])
def test_fault_html(sim: HubSpotSimulator, code: int) -> None:
    sim.script(Fault.html(code) if code != 502 else Fault.html())
    reply = send(sim.base_url)
    assert reply.status == code
    content_type = reply.header("Content-Type")
    assert content_type is not None and content_type.startswith("text/html")
    assert reply.body.lstrip().startswith(b"<html>")
    assert str(code).encode() in reply.body


def test_fault_empty(sim: HubSpotSimulator) -> None:
    sim.script(Fault.empty(), Fault.empty(504))
    for code in (503, 504):
        reply = send(sim.base_url)
        assert reply.status == code
        assert reply.body == b""
        assert reply.header("Content-Type") is None
        assert reply.header("Content-Length") == "0"


def test_fault_sleep_then_normal_answer(sim: HubSpotSimulator) -> None:
    sim.script(Fault.sleep(0.3))
    started = time.monotonic()
    reply = send(sim.base_url, body={"inputs": [association("1", "2")]})
    assert time.monotonic() - started >= 0.3
    assert reply.status == 201
    assert sim.associations == {("contacts", "1", "companies", "2", "contact_to_company")}


def test_fault_sleep_makes_client_time_out(sim: HubSpotSimulator) -> None:
    sim.script(Fault.sleep(2))
    with pytest.raises(TimeoutError):
        send(sim.base_url, timeout=0.2)
    assert len(sim.requests) == 1
    assert send(sim.base_url).status == 201


def test_fault_sleep_does_not_block_other_connections(sim: HubSpotSimulator) -> None:
    sim.script(Fault.sleep(0.8))
    sleeper = threading.Thread(target=send, args=(sim.base_url,), daemon=True)
    sleeper.start()
    deadline = time.monotonic() + 2
    while not sim.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    assert send(sim.base_url).status == 201
    assert time.monotonic() - started < 0.5
    sleeper.join(3)


def test_fault_close_connection(sim: HubSpotSimulator) -> None:
    sim.script(Fault.close_connection())
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        send(sim.base_url)
    assert sim.requests[0].response_status is None
    assert sim.requests[0].json == {"inputs": []}
    assert send(sim.base_url).status == 201


def test_fault_raw_headers_replace_the_correlation_header(sim: HubSpotSimulator) -> None:
    sim.script(Fault.raw(400, b"{}", "application/json", {"x-hubspot-correlation-id": "mine"}))
    reply = send(sim.base_url)
    assert reply.headers.get_all("X-HubSpot-Correlation-Id") == ["mine"]


def test_fault_reset_connection(sim: HubSpotSimulator) -> None:
    sim.script(Fault.reset_connection())
    with pytest.raises(ConnectionResetError):
        send(sim.base_url)
    assert sim.requests[0].response_status is None
    assert sim.requests[0].json == {"inputs": []}
    assert send(sim.base_url).status == 201


def test_fault_rate_limited_rolling(sim: HubSpotSimulator) -> None:
    sim.script(Fault.rate_limited())
    reply = send(sim.base_url)
    assert_rolling_429(reply)
    assert reply.header("Retry-After") is None
    assert reply.header("retry-after-ms") is None
    assert reply.header("X-HubSpot-RateLimit-Remaining") is None


def test_fault_rate_limited_hints(sim: HubSpotSimulator) -> None:
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    sim.script(
        Fault.rate_limited(retry_after=3, retry_after_ms=1500, remaining_zero_headers=True),
        Fault.rate_limited(retry_after=date),
    )
    first = send(sim.base_url)
    assert_rolling_429(first)
    assert first.header("Retry-After") == "3"
    assert first.header("retry-after-ms") == "1500"
    assert first.header("X-HubSpot-RateLimit-Remaining") == "0"
    assert first.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "10000"
    second = send(sim.base_url)
    assert second.header("Retry-After") == date


def test_fault_rate_limited_daily(sim: HubSpotSimulator) -> None:
    sim.script(Fault.rate_limited(daily=True))
    body = assert_error(send(sim.base_url), 429, "You have reached your daily limit.", None)
    assert body["policyName"] == "DAILY"


def test_fault_redirect_to_other_origin(sim: HubSpotSimulator, echo: EchoServer) -> None:
    target = f"{echo.base_url}{PATH}"
    sim.script(Fault.redirect(target), Fault.redirect("/elsewhere", code=308))
    reply = send(sim.base_url)
    assert reply.status == 307
    assert reply.header("Location") == target
    assert reply.header("Content-Length") == "0"
    assert send(sim.base_url).header("Location") == "/elsewhere"

    followed = send(echo.base_url, PATH, token=None, headers={"X-Probe": "1"})
    assert followed.status == 201
    assert followed.json["status"] == "COMPLETE"
    assert followed.json["results"] == []
    assert TIMESTAMP.fullmatch(followed.json["completedAt"])
    [recorded] = echo.requests
    assert recorded.path == PATH
    assert recorded.headers["x-probe"] == "1"
    assert "authorization" not in recorded.headers
    assert recorded.response_status == 201


def test_fault_raw(sim: HubSpotSimulator) -> None:
    sim.script(
        Fault.raw(201, b"\x00not json", "application/json"),
        Fault.raw(200, b"plain", None, headers={"X-Extra": "yes"}),
    )
    first = send(sim.base_url)
    assert (first.status, first.body, first.header("Content-Type")) == (
        201,
        b"\x00not json",
        "application/json",
    )
    second = send(sim.base_url)
    assert second.header("Content-Type") is None
    assert second.header("X-Extra") == "yes"
    assert second.body == b"plain"


def test_faults_apply_before_auth(sim: HubSpotSimulator) -> None:
    sim.script(Fault.status(500))
    assert send(sim.base_url, token=None).status == 500


def test_request_log(sim: HubSpotSimulator) -> None:
    before = time.monotonic()
    payload = {"inputs": [association("1", "2")]}
    send(sim.base_url, body=payload, headers={"X-Custom-Header": "abc"})
    send(sim.base_url, "/crm/v3/associations/0-1/0-2/batch/create?x=%20", raw=b"{bad")
    first, second = sim.requests
    assert first.method == "POST"
    assert first.path == PATH
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert first.headers["x-custom-header"] == "abc"
    assert first.headers["content-type"] == "application/json"
    assert all(name == name.lower() for name in first.headers)
    assert first.json == payload
    assert json.loads(first.body) == payload
    assert first.response_status == 201
    assert before <= first.received_at <= second.received_at <= time.monotonic()
    assert second.path == "/crm/v3/associations/0-1/0-2/batch/create?x=%20"
    assert second.json is None
    assert second.response_status == 400
    sim.clear_requests()
    assert sim.requests == []


def test_requests_is_a_snapshot(sim: HubSpotSimulator) -> None:
    snapshot = sim.requests
    send(sim.base_url)
    assert snapshot == []
    assert len(sim.requests) == 1


def test_keep_alive_reuses_one_connection(sim: HubSpotSimulator) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=5)
    try:
        replies = [
            send_on(connection, body={"inputs": [association(str(i), "1")]}) for i in range(1, 51)
        ]
        sim.script(Fault.status(500))
        replies.append(send_on(connection))
        replies.append(send_on(connection, token="bad"))
        replies.append(send_on(connection))
    finally:
        connection.close()
    assert [r.status for r in replies] == [201] * 50 + [500, 401, 201]
    assert len(sim.associations) == 50


def test_concurrent_clients(sim: HubSpotSimulator) -> None:
    statuses: list[int] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=5)
        try:
            for i in range(25):
                reply = send_on(connection, body={"inputs": [association(str(offset + i), "1")]})
                with lock:
                    statuses.append(reply.status)
        finally:
            connection.close()

    started = time.monotonic()
    workers = [threading.Thread(target=worker, args=(n * 1000 + 1,)) for n in range(16)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(20)
    elapsed = time.monotonic() - started
    assert statuses == [201] * 400
    assert len(sim.associations) == 400
    assert len(sim.requests) == 400
    assert elapsed < 10


def connection_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.endswith("-connection") and t.is_alive()]


def test_shutdown_is_fast_with_sleeping_request() -> None:
    sim = HubSpotSimulator(tokens=frozenset({TOKEN})).start()
    sim.script(Fault.sleep(30))
    outcome: list[BaseException | Reply] = []

    def client() -> None:
        try:
            outcome.append(send(sim.base_url, timeout=10))
        except (OSError, http.client.HTTPException) as error:
            outcome.append(error)

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    deadline = time.monotonic() + 2
    while not sim.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sim.requests
    idle = socket.create_connection(("127.0.0.1", sim.port))
    started = time.monotonic()
    sim.stop()
    assert time.monotonic() - started < 1.5
    thread.join(2)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], BaseException)
    try:
        assert idle.recv(1) == b""
    except ConnectionResetError:
        pass
    finally:
        idle.close()
    assert connection_threads() == []
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", sim.port), timeout=0.5).close()
    assert sim.handler_errors == []


def test_shutdown_closes_idle_keep_alive_connections() -> None:
    sim = HubSpotSimulator(tokens=frozenset({TOKEN})).start()
    connection = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=5)
    try:
        assert send_on(connection).status == 201
        started = time.monotonic()
        sim.stop()
        assert time.monotonic() - started < 1.0
        assert connection_threads() == []
    finally:
        connection.close()
    sim.stop()


def test_start_stop_lifecycle() -> None:
    sim = HubSpotSimulator()
    with pytest.raises(RuntimeError):
        _ = sim.base_url
    sim.stop()
    with sim as entered:
        assert entered is sim
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", sim.base_url)
        assert sim.port != 0
        with pytest.raises(RuntimeError):
            sim.start()
    sim.stop()


def test_two_servers_use_different_ports(sim: HubSpotSimulator, echo: EchoServer) -> None:
    assert sim.port != echo.port
