"""Request bodies in each encoding, and responses by code, by range, by default and as non-JSON."""

from __future__ import annotations

import email.parser
import email.policy
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.generality.echo_server import EchoServer, Reply
from tests.generality.harness import generate, write_spec

PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string"},
        "tag": {"type": "string", "nullable": True},
        "secret": {"type": "string", "writeOnly": True},
    },
}
PET_REF = {"$ref": "#/components/schemas/Pet"}


def _body(media_type: str, schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": {media_type: {"schema": schema}}}


def _post(operation_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "operationId": operation_id,
            "requestBody": body,
            "responses": {"204": {"description": "done"}},
        }
    }


def _get(operation_id: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"operationId": operation_id, "responses": responses}}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "a body", "content": {"application/json": {"schema": schema}}}


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Bodies", "version": "1"},
    "paths": {
        "/json": _post("create_pet", _body("application/json", PET_REF)),
        "/json-optional": _post("maybe_pet", _body("application/json", PET_REF, required=False)),
        "/form": _post(
            "form",
            _body(
                "application/x-www-form-urlencoded",
                {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "count": {"type": "integer"},
                    },
                },
            ),
        ),
        "/upload": _post(
            "upload",
            _body(
                "multipart/form-data",
                {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "note": {"type": "string"},
                        "meta": {"type": "object", "properties": {"size": {"type": "integer"}}},
                    },
                },
            ),
        ),
        "/text": _post("send_text", _body("text/plain", {"type": "string"})),
        "/raw": _post(
            "send_raw", _body("application/octet-stream", {"type": "string", "format": "binary"})
        ),
        "/exact": _get(
            "exact",
            {
                "200": _json(PET_REF),
                "202": _json({"type": "array", "items": {"type": "integer"}}),
            },
        ),
        "/range": _get("ranged", {"2XX": _json(PET_REF), "4XX": {"description": "no"}}),
        "/default": _get("default_only", {"default": _json(PET_REF)}),
        "/text-out": _get(
            "text_out",
            {
                "200": {
                    "description": "t",
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                }
            },
        ),
        "/bytes-out": _get(
            "bytes_out",
            {
                "200": {
                    "description": "b",
                    "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
                }
            },
        ),
        "/empty": _get("empty", {"204": {"description": "nothing"}}),
        "/fails-by-status": _get(
            "fails_by_status",
            {
                "200": _json(PET_REF),
                "404": _json({"type": "object", "properties": {"missing": {"type": "string"}}}),
            },
        ),
        "/fails-both": _get(
            "fails_both",
            {
                "200": _json(PET_REF),
                "404": _json({"type": "object", "properties": {"missing": {"type": "string"}}}),
                "default": _json({"type": "object", "properties": {"message": {"type": "string"}}}),
            },
        ),
        "/moved": _get(
            "moved",
            {
                "307": _json(
                    {"type": "object", "properties": {"redirect_to": {"type": "string"}}}
                ),
                "404": {"description": "gone"},
            },
        ),
        "/fails": _get(
            "fails",
            {
                "200": _json(PET_REF),
                "default": _json({"type": "object", "properties": {"message": {"type": "string"}}}),
            },
        ),
    },
    "components": {"schemas": {"Pet": PET}},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("bodies")
    return generate(write_spec(root / "spec", SPEC), root / "out", "gen_bodies").import_package()


@pytest.fixture
def client(package: Any, echo: EchoServer) -> Any:
    with package.BodiesClient(base_url=echo.url, max_retries=0) as client:
        yield client


def test_json_body_is_flattened_and_leaves_out_read_only(client: Any, echo: EchoServer) -> None:
    client.create_pet(name="Rex", tag=None, secret="s")
    assert echo.last.headers["content-type"] == "application/json"
    assert echo.last.json() == {"name": "Rex", "tag": None, "secret": "s"}
    with pytest.raises(TypeError):
        client.create_pet(name="Rex", id=1)


def test_optional_body_absent_sends_nothing(package: Any, client: Any, echo: EchoServer) -> None:
    client.maybe_pet()
    assert echo.last.body == b""
    client.maybe_pet(body=package.Pet(name="Rex"))
    assert echo.last.json() == {"name": "Rex"}


def test_form_body_repeats_array_fields(client: Any, echo: EchoServer) -> None:
    client.form(name="a b", tags=["x", "y"], count=3)
    assert echo.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(echo.last.body.decode()) == [
        ("name", "a b"),
        ("tags", "x"),
        ("tags", "y"),
        ("count", "3"),
    ]


def test_multipart_body_sends_files_fields_and_json_parts(
    package: Any, client: Any, echo: EchoServer
) -> None:
    client.upload(file=b"\x00\x01binary", note="hello", meta=package.UploadBodyMeta(size=7))
    content_type = echo.last.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + echo.last.body
    )
    parts = {
        part.get_param("name", header="content-disposition"): part for part in message.iter_parts()
    }
    assert parts["file"].get_content() == b"\x00\x01binary"
    assert parts["file"].get_filename() == "file"
    assert parts["note"].get_content().strip() == "hello"
    assert parts["meta"].get_content_type() == "application/json"


def test_text_and_binary_bodies(client: Any, echo: EchoServer) -> None:
    client.send_text(body="plain words")
    assert (echo.last.headers["content-type"], echo.last.body) == ("text/plain", b"plain words")
    client.send_raw(body=b"\xff\x00")
    assert echo.last.headers["content-type"] == "application/octet-stream"
    assert echo.last.body == b"\xff\x00"


def test_response_by_exact_code(package: Any, client: Any, echo: EchoServer) -> None:
    echo.reply(Reply.of_json({"id": 1, "name": "Rex"}), Reply.of_json([1, 2], status=202))
    pet = client.exact()
    assert isinstance(pet, package.Pet) and pet.id == 1
    assert client.exact() == [1, 2]


def test_response_by_range_and_by_default(package: Any, client: Any, echo: EchoServer) -> None:
    echo.reply(Reply.of_json({"id": 2, "name": "A"}, status=203))
    assert client.ranged().name == "A"
    echo.reply(Reply.of_json({"id": 3, "name": "B"}, status=200))
    assert client.default_only().id == 3


def test_non_json_responses(client: Any, echo: EchoServer) -> None:
    echo.reply(
        Reply(body="héllo".encode(), content_type="text/plain; charset=utf-8"),
        Reply(body=b"\x89PNG", content_type="image/png"),
    )
    assert client.text_out() == "héllo"
    assert client.bytes_out() == b"\x89PNG"
    assert echo.requests[-1].headers["accept"] == "*/*"
    assert client.empty() is None


def test_error_body_is_decoded_with_the_default_schema(
    package: Any, client: Any, echo: EchoServer
) -> None:
    echo.reply(Reply.of_json({"message": "nope", "extra": 1}, status=418))
    with pytest.raises(package.APIStatusError) as caught:
        client.fails()
    assert caught.value.status_code == 418
    assert caught.value.error.message == "nope"


def test_error_body_is_decoded_with_the_schema_of_its_status(
    package: Any, client: Any, echo: EchoServer
) -> None:
    echo.reply(Reply.of_json({"missing": "pet 9"}, status=404))
    with pytest.raises(package.NotFoundError) as caught:
        client.fails_by_status()
    assert caught.value.error.missing == "pet 9"


def test_a_documented_redirect_is_the_result_and_is_not_followed(
    package: Any, client: Any, echo: EchoServer
) -> None:
    # The only documented response is a 307 with a body (as Twilio documents some): the
    # client returns that body instead of following the Location (which would 404 here).
    redirect = Reply.of_json({"redirect_to": "https://example.com/data"}, status=307)
    redirect.headers["Location"] = echo.url + "/elsewhere"
    echo.reply(redirect)
    result = client.moved()
    assert isinstance(result, package.MovedResponse)
    assert result.redirect_to == "https://example.com/data"
    assert [request.path for request in echo.requests[-1:]] == ["/moved"]
    # A redirect the operation does not document is an error, not followed either.
    echo.reply(Reply(status=308, headers={"Location": echo.url + "/elsewhere"}))
    with pytest.raises(package.APIStatusError) as caught:
        client.moved()
    assert caught.value.status_code == 308


def test_an_operation_with_a_documented_success_still_follows_redirects(
    client: Any, echo: EchoServer
) -> None:
    echo.reply(
        Reply(status=302, headers={"Location": echo.url + "/exact"}),
        Reply.of_json({"id": 1, "name": "Rex"}),
    )
    before = len(echo.requests)
    assert client.ranged().name == "Rex"
    assert [request.path for request in echo.requests[before:]] == ["/range", "/exact"]


def test_an_error_status_with_its_own_schema_is_read_with_it_beside_a_default(
    package: Any, client: Any, echo: EchoServer
) -> None:
    echo.reply(Reply.of_json({"missing": "pet 9"}, status=404))
    with pytest.raises(package.NotFoundError) as caught:
        client.fails_both()
    assert caught.value.error.missing == "pet 9"
    echo.reply(Reply.of_json({"message": "broken"}, status=500))
    with pytest.raises(package.APIStatusError) as caught:
        client.fails_both()
    assert caught.value.error.message == "broken"
