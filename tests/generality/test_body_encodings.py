"""The Encoding Object of a request body, over real HTTP: per-property style and explode in a
form body, and each part's ``contentType`` in a multipart one (issue #13, item 9)."""

from __future__ import annotations

import email.parser
import email.policy
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.generality.echo_server import EchoServer
from tests.generality.harness import generate, write_spec

POINT = {"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}}}
TAGS = {"type": "array", "items": {"type": "string"}}


def _post(operation_id: str, media_type: str, media: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "operationId": operation_id,
            "requestBody": {"required": True, "content": {media_type: media}},
            "responses": {"204": {"description": "done"}},
        }
    }


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Encodings", "version": "1"},
    "paths": {
        "/form": _post(
            "styled_form",
            "application/x-www-form-urlencoded",
            {
                "schema": {
                    "type": "object",
                    "properties": {
                        "joined": TAGS,
                        "piped": TAGS,
                        "repeated": TAGS,
                        "point": POINT,
                        "spread": POINT,
                        "plain": POINT,
                    },
                },
                "encoding": {
                    "joined": {"style": "form", "explode": False},
                    "piped": {"style": "pipeDelimited"},
                    "point": {"style": "deepObject", "explode": True},
                    "spread": {"explode": True},
                },
            },
        ),
        "/upload": _post(
            "typed_parts",
            "multipart/form-data",
            {
                "schema": {
                    "type": "object",
                    "properties": {
                        "picture": {"type": "string", "format": "binary"},
                        "note": {"type": "string"},
                        "meta": POINT,
                        "untyped": {"type": "string"},
                    },
                },
                "encoding": {
                    "picture": {"contentType": "image/png, image/jpeg"},
                    "note": {"contentType": "text/markdown"},
                    "meta": {"contentType": "application/vnd.example+json"},
                },
            },
        ),
    },
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("encodings")
    return generate(write_spec(root / "spec", SPEC), root / "out", "gen_encodings").import_package()


@pytest.fixture
def client(package: Any, echo: EchoServer) -> Any:
    with package.EncodingsClient(base_url=echo.url, max_retries=0) as client:
        yield client


def test_form_properties_are_sent_in_their_encoding_style(
    package: Any, client: Any, echo: EchoServer
) -> None:
    point = package.StyledFormBodyPoint  # one class for the identical inline schemas
    client.styled_form(
        joined=["a", "b"],
        piped=["c", "d"],
        repeated=["e", "f"],
        point=point(x=1, y=2),
        spread=point(x=3, y=4),
        plain=point(x=5),
    )
    assert echo.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(echo.last.body.decode()) == [
        ("joined", "a,b"),
        ("piped", "c|d"),
        # No Encoding Object: arrays repeat their key, objects are sent as JSON.
        ("repeated", "e"),
        ("repeated", "f"),
        ("point[x]", "1"),
        ("point[y]", "2"),
        ("x", "3"),
        ("y", "4"),
        ("plain", '{"x":5}'),
    ]


def test_multipart_parts_are_sent_with_their_declared_content_type(
    package: Any, client: Any, echo: EchoServer
) -> None:
    client.typed_parts(
        picture=b"\x89PNG", note="# title", meta=package.StyledFormBodyPoint(x=1), untyped="u"
    )
    content_type = echo.last.headers["content-type"]
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + echo.last.body
    )
    parts = {
        part.get_param("name", header="content-disposition"): part for part in message.iter_parts()
    }
    # The first of the listed types; a part the encoding map leaves out keeps the default.
    assert parts["picture"].get_content_type() == "image/png"
    assert parts["picture"].get_content() == b"\x89PNG"
    assert parts["note"].get_content_type() == "text/markdown"
    assert parts["note"].get_payload() == "# title"
    assert parts["meta"].get_content_type() == "application/vnd.example+json"
    assert parts["meta"].get_payload() == '{"x":1}'
    assert parts["untyped"].get("content-type") is None
