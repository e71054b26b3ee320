"""Typed views: located, reading their raw mapping in one place, references followed."""

from __future__ import annotations

from pathlib import Path

from tests.generator.spec_support import checked, minimal, operation


def test_schema_views_follow_references_and_keep_their_place(tmp_path: Path) -> None:
    schemas = {
        "Pet": {
            "type": "object",
            "required": ["name", 3],
            "properties": {"name": {"type": "string"}, "tags": {"type": "array", "maxItems": 0}},
            "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/x"}},
        },
        "Alias": {"$ref": "#/components/schemas/Pet"},
    }
    spec = checked(tmp_path, minimal(components={"schemas": schemas}))
    (_, pet), (_, alias) = spec.component_schemas()
    assert alias.ref == "#/components/schemas/Pet"
    assert alias.target().pointer == pet.pointer == "/components/schemas/Pet"
    assert pet.required == {"name"}
    (name, view), (_, tags) = pet.properties()
    assert (name, view.pointer) == ("name", "/components/schemas/Pet/properties/name")
    assert tags.max_items is None and tags.items().pointer.endswith("/tags/items")
    assert pet.discriminator is not None
    assert pet.discriminator.mapping == (("cat", "#/x"),)
    error = view.error("bad")
    assert error.pointer == "/components/schemas/Pet/properties/name"
    assert error.line is not None and error.line > 1


def test_bodies_prefer_json_and_responses_normalise_their_status(tmp_path: Path) -> None:
    post = operation("send")
    post["requestBody"] = {
        "content": {
            "text/plain": {"schema": {"type": "string"}},
            "application/vnd.api+json": {"example": {"a": 1}},
        }
    }
    post["responses"] = {"2xx": {"description": "ok"}, "Default": {"description": "d"}}
    spec = checked(tmp_path, minimal({"/s": {"post": post}}))
    (op,) = spec.operations
    body = op.request_body()
    assert body is not None and not body.required
    media = body.media()
    assert media is not None
    assert (media.media_type, media.encoding, media.example) == (
        "application/vnd.api+json",
        "json",
        {"a": 1},
    )
    assert media.schema() is None
    assert [r.status for r in op.responses()] == ["2XX", "default"]


def test_security_scheme_views(tmp_path: Path) -> None:
    schemes = {"key": {"type": "apiKey", "in": "cookie", "name": "sid", "description": "The id"}}
    spec = checked(tmp_path, minimal(components={"securitySchemes": schemes}))
    (scheme,) = spec.security_schemes()
    assert (scheme.name, scheme.type, scheme.location, scheme.wire_name) == (
        "key",
        "apiKey",
        "cookie",
        "sid",
    )
    assert scheme.text("description") == "The id"
    assert scheme.text("missing") is None
