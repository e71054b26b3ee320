"""``_encoding``: OpenAPI's parameter styles and the body encodings, on values built here.

The expected strings are the examples of the OpenAPI 3.1 specification's style table
(``color`` as a string, array and object)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.runtime import _codec as rt
from generator.runtime import _encoding
from generator.runtime._policy import Operation, Param

ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}


def param(style: str, explode: bool, location: str = "query") -> Param:
    return Param("color", location, rt.ANY, style, explode)


@pytest.mark.parametrize(
    ("style", "explode", "value", "expected"),
    [
        ("simple", False, ARRAY, "blue,black,brown"),
        ("simple", True, OBJECT, "R=100,G=200,B=150"),
        ("simple", False, OBJECT, "R,100,G,200,B,150"),
        ("label", False, "blue", ".blue"),
        ("label", True, ARRAY, ".blue.black.brown"),
        ("matrix", False, "blue", ";color=blue"),
        ("matrix", True, ARRAY, ";color=blue;color=black;color=brown"),
        ("matrix", False, ARRAY, ";color=blue,black,brown"),
        ("matrix", True, OBJECT, ";R=100;G=200;B=150"),
    ],
)
def test_path_styles(style: str, explode: bool, value: object, expected: str) -> None:
    assert _encoding.simple(param(style, explode, "path"), value) == expected


@pytest.mark.parametrize(
    ("style", "explode", "value", "expected"),
    [
        ("form", True, ARRAY, [("color", "blue"), ("color", "black"), ("color", "brown")]),
        ("form", False, ARRAY, [("color", "blue,black,brown")]),
        ("form", True, OBJECT, [("R", "100"), ("G", "200"), ("B", "150")]),
        ("form", False, OBJECT, [("color", "R,100,G,200,B,150")]),
        ("spaceDelimited", False, ARRAY, [("color", "blue black brown")]),
        ("pipeDelimited", False, ARRAY, [("color", "blue|black|brown")]),
        ("spaceDelimited", False, OBJECT, [("color", "R 100 G 200 B 150")]),
        ("pipeDelimited", False, OBJECT, [("color", "R|100|G|200|B|150")]),
        # RFC 6570: an undefined (null) value is left out, not sent as "color=".
        ("form", True, None, []),
        ("form", True, [None], []),
        ("form", False, ["blue", None], [("color", "blue")]),
        (
            "deepObject",
            True,
            OBJECT,
            [("color[R]", "100"), ("color[G]", "200"), ("color[B]", "150")],
        ),
        ("form", True, True, [("color", "true")]),
        ("json", False, {"a": [1, "é"]}, [("color", '{"a":[1,"é"]}')]),
    ],
)
def test_query_styles(style: str, explode: bool, value: object, expected: list[Any]) -> None:
    assert _encoding.query_pairs(param(style, explode), value) == expected


def test_a_path_value_stays_one_segment_and_dot_segments_stay_values() -> None:
    operation: Operation[Any] = Operation(
        name="get",
        method="GET",
        path="/items/{id}/{kind}",
        params=(Param("id", "path", rt.STR), Param("kind", "path", rt.STR)),
        responses={},
        error=None,
        idempotent=True,
    )
    path, query, headers, cookies = _encoding.request_parts(operation, ["a/../b c", ".."])
    assert path == "/items/a%2F..%2Fb%20c/%2E%2E"
    assert (query, headers, cookies) == ([], {}, [])


def test_unset_arguments_are_left_out_and_other_locations_are_filled() -> None:
    operation: Operation[Any] = Operation(
        name="get",
        method="GET",
        path="/",
        params=(
            Param("q", "query", rt.STR),
            Param("limit", "query", rt.INT, "form", True),
            Param("X-Trace", "header", rt.STR),
            Param("session", "cookie", rt.STR),
        ),
        responses={},
        error=None,
        idempotent=True,
    )
    parts = _encoding.request_parts(operation, [rt.UNSET, 5, "t-1", "a b;c"])
    assert parts == ("/", [("limit", "5")], {"X-Trace": "t-1"}, ["session=a%20b%3Bc"])


@pytest.mark.parametrize(
    ("explode", "value", "expected"),
    [
        # OpenAPI 3.2's table (cookie style, which 3.1's form is for cookies): a pair each.
        (True, ARRAY, ["color=blue", "color=black", "color=brown"]),
        (True, OBJECT, ["R=100", "G=200", "B=150"]),
        (True, {"a;b": "c d"}, ["a%3Bb=c%20d"]),
        # A cookie cannot hold a comma: a joined value has it escaped.
        (False, ARRAY, ["color=blue%2Cblack%2Cbrown"]),
        (False, "a b", ["color=a%20b"]),
        (False, None, []),
    ],
)
def test_cookie_pairs(explode: bool, value: Any, expected: list[str]) -> None:
    assert _encoding.cookie_pairs(param("form", explode, "cookie"), value) == expected


def _body_operation(encoding: str, media_type: str) -> Operation[Any]:
    return Operation(
        name="send",
        method="POST",
        path="/",
        params=(),
        responses={},
        error=None,
        idempotent=False,
        body_codec=rt.ANY,
        body_encoding=encoding,
        body_media_type=media_type,
    )


def test_json_bodies_are_compact_utf8_with_their_media_type() -> None:
    headers: dict[str, str] = {}
    encoded = _encoding.encode_body(
        _body_operation("json", "application/vnd.x+json"), {"name": "Zoë", "n": [1]}, headers
    )
    assert encoded.content == '{"name":"Zoë","n":[1]}'.encode()
    assert headers == {"Content-Type": "application/vnd.x+json"}


def test_form_bodies_drop_nulls_and_leave_the_content_type_to_httpx() -> None:
    headers: dict[str, str] = {}
    encoded = _encoding.encode_body(
        _body_operation("form", "application/x-www-form-urlencoded"),
        {"a": True, "b": None, "c": [1, 2]},
        headers,
    )
    assert encoded.data == {"a": "true", "c": ["1", "2"]}
    assert headers == {}


def test_multipart_bodies_send_bytes_as_files_and_objects_as_json() -> None:
    encoded = _encoding.encode_body(
        _body_operation("multipart", "multipart/form-data"),
        {"file": b"\x00\x01", "meta": {"k": 1}, "note": "hi", "skip": None},
        {},
    )
    assert encoded.files == [
        ("file", ("file", b"\x00\x01", "application/octet-stream")),
        ("meta", (None, b'{"k":1}', "application/json")),
        ("note", (None, b"hi", None)),
    ]


def test_raw_bodies_and_no_body() -> None:
    headers: dict[str, str] = {}
    operation = _body_operation("raw", "text/plain")
    assert _encoding.encode_body(operation, "plain", headers).content == b"plain"
    assert headers == {"Content-Type": "text/plain"}
    assert _encoding.encode_body(operation, rt.UNSET, {}) is _encoding.NO_BODY
