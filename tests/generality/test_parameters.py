"""Parameters in path, query, header and cookie reach the wire as OpenAPI's style table says."""

from __future__ import annotations

import inspect
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.generality.echo_server import EchoServer
from tests.generality.harness import Generated, generate, write_spec

IDS = {"type": "array", "items": {"type": "integer"}}
COLOR = {"type": "object", "additionalProperties": {"type": "integer"}}


def _param(name: str, where: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": schema, "required": where == "path", **extra}


def _get(operation_id: str, *parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "parameters": list(parameters),
            "responses": {"204": {"description": "done"}},
        }
    }


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Params", "version": "1"},
    "paths": {
        "/plain/{id}": _get("plain", _param("id", "path", {"type": "string"})),
        "/simple/{ids}/{color}": _get(
            "simple",
            _param("ids", "path", IDS),
            _param("color", "path", COLOR, explode=True),
        ),
        "/label/{ids}/{more}": _get(
            "label",
            _param("ids", "path", IDS, style="label"),
            _param("more", "path", IDS, style="label", explode=True),
        ),
        "/matrix/{ids}/{more}": _get(
            "matrix",
            _param("ids", "path", IDS, style="matrix"),
            _param("more", "path", IDS, style="matrix", explode=True),
        ),
        "/query": _get(
            "query",
            _param("exploded", "query", IDS),
            _param("joined", "query", IDS, explode=False),
            _param("spaced", "query", IDS, style="spaceDelimited", explode=False),
            _param("piped", "query", IDS, style="pipeDelimited", explode=False),
            _param("color", "query", COLOR, style="deepObject", explode=True),
            _param("flag", "query", {"type": "boolean"}),
            _param("when", "query", {"type": "string", "format": "date"}),
            {
                "name": "filter",
                "in": "query",
                "content": {"application/json": {"schema": COLOR}},
            },
        ),
        "/headers": _get(
            "headers",
            _param("X-Ids", "header", IDS),
            _param("X-Color", "header", COLOR, explode=True),
            _param("session", "cookie", {"type": "string"}),
            _param("theme", "cookie", {"type": "string"}),
            _param("Accept", "header", {"type": "string"}),
        ),
        "/unsendable": _get(
            "unsendable",
            _param("header param", "header", {"type": "string"}),
            _param("cookie param", "cookie", {"type": "string"}),
            _param("X-Fine", "header", {"type": "string"}),
        ),
        "/unsendable-required": _get(
            "unsendable_required",
            _param("cookie;param", "cookie", {"type": "string"}, required=True),
        ),
        "/same-name": _get(
            "same_name",
            _param("tag", "query", {"type": "string"}),
            _param("tag", "header", {"type": "string"}),
        ),
    },
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = tmp_path_factory.mktemp("parameters")
    return generate(write_spec(root / "spec", SPEC), root / "out", "gen_parameters")


@pytest.fixture(scope="module")
def client_module(generated: Generated) -> Any:
    return generated.import_package()


@pytest.fixture
def client(client_module: Any, echo: EchoServer) -> Any:
    with client_module.ParamsClient(base_url=echo.url) as client:
        yield client


def test_path_value_is_one_escaped_segment(client: Any, echo: EchoServer) -> None:
    client.plain("a/../b c")
    assert echo.last.path == "/plain/a%2F..%2Fb%20c"


def test_simple_style_arrays_and_exploded_objects(client: Any, echo: EchoServer) -> None:
    client.simple([3, 4, 5], {"R": 100, "G": 200})
    assert echo.last.decoded_path == "/simple/3,4,5/R=100,G=200"


def test_label_style(client: Any, echo: EchoServer) -> None:
    client.label([3, 4], [5, 6])
    assert echo.last.decoded_path == "/label/.3,4/.5.6"


def test_matrix_style(client: Any, echo: EchoServer) -> None:
    client.matrix([3, 4], [5, 6])
    assert echo.last.decoded_path == "/matrix/;ids=3,4/;more=5;more=6"


def test_query_styles(client: Any, echo: EchoServer) -> None:
    import datetime

    client.query(
        exploded=[1, 2],
        joined=[3, 4],
        spaced=[5, 6],
        piped=[7, 8],
        color={"R": 100},
        flag=True,
        when=datetime.date(2024, 2, 29),
        filter={"R": 1},
    )
    assert parse_qsl(echo.last.raw_query) == [
        ("exploded", "1"),
        ("exploded", "2"),
        ("joined", "3,4"),
        ("spaced", "5 6"),
        ("piped", "7|8"),
        ("color[R]", "100"),
        ("flag", "true"),
        ("when", "2024-02-29"),
        ("filter", '{"R":1}'),
    ]


def test_absent_optional_parameters_are_not_sent(client: Any, echo: EchoServer) -> None:
    client.query()
    assert echo.last.raw_query == ""


def test_headers_and_cookies(client: Any, echo: EchoServer) -> None:
    client.headers(x_ids=[1, 2], x_color={"R": 1, "G": 2}, session="a b", theme="dark")
    headers = echo.last.headers
    assert headers["x-ids"] == "1,2"
    assert headers["x-color"] == "R=1,G=2"
    assert headers["cookie"] == "session=a%20b; theme=dark"


def test_reserved_header_parameters_are_ignored(client: Any) -> None:
    assert "accept" not in inspect.signature(client.headers).parameters


def test_two_parameters_with_one_wire_name_keep_their_values(client: Any, echo: EchoServer) -> None:
    client.same_name(tag="in-query", tag_2="in-header")
    assert echo.last.raw_query == "tag=in-query"
    assert echo.last.headers["tag"] == "in-header"


def test_renamed_argument_is_reported(generated: Generated) -> None:
    assert any("argument tag -> tag_2" in warning for warning in generated.warnings)


def test_a_name_no_request_can_carry_is_left_out_with_a_located_warning(
    generated: Generated, client: Any, echo: EchoServer
) -> None:
    # RFC 9110 and 6265: header and cookie names are tokens; "header param" is none.
    arguments = inspect.signature(client.unsendable).parameters
    assert "header_param" not in arguments and "cookie_param" not in arguments
    warnings = [w for w in generated.warnings if "RFC 9110 token" in w]
    assert any(
        "header name 'header param' is not an RFC 9110 token, so no request can carry it; the "
        "optional parameter is left out (at #/paths/~1unsendable/get/parameters/0/name)" in w
        for w in warnings
    )
    assert any("cookie name 'cookie param'" in w for w in warnings)
    client.unsendable(x_fine="yes")
    assert echo.last.headers["x-fine"] == "yes" and "cookie" not in echo.last.headers


def test_a_required_name_no_request_can_carry_refuses_every_call(
    generated: Generated, client_module: Any, client: Any, echo: EchoServer
) -> None:
    assert any(
        "cookie name 'cookie;param' is not an RFC 9110 token, so no request can carry it; "
        "every call raises ConfigurationError" in w
        for w in generated.warnings
    )
    with pytest.raises(client_module.ConfigurationError, match="is not a cookie name"):
        client.unsendable_required(cookie_param="x")
    assert echo.requests == []

