"""Security translation: constructor arguments per scheme, requirements per operation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.build import build
from generator.errors import SpecError
from generator.model import ClientDef
from tests.generator.spec_support import checked, minimal, operation


def _client(tmp_path: Path, schemes: dict[str, Any], **extra: Any) -> ClientDef:
    paths = {"/a": {"get": operation("a")}}
    document = minimal(paths, components={"securitySchemes": schemes}, **extra)
    return build(checked(tmp_path, document), package="my_api", spec_source="s").client


def test_each_kind_of_scheme_gets_its_arguments_and_variables(tmp_path: Path) -> None:
    client = _client(
        tmp_path,
        {
            "token": {"type": "http", "scheme": "Bearer"},
            "oauth": {"type": "oauth2", "flows": {}},
            "basic": {"type": "http", "scheme": "basic"},
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "other_key": {"type": "apiKey", "in": "query", "name": "k"},
        },
        security=[{"token": []}, {"basic": [], "key": []}],
    )
    found = [
        (c.scheme.value, c.kind, tuple(map(str, c.arguments)), tuple(e.value for e in c.env_vars))
        for c in client.credentials
    ]
    assert found == [
        ("token", "bearer", ("access_token",), ("MY_API_ACCESS_TOKEN",)),
        ("oauth", "bearer", ("access_token",), ("MY_API_ACCESS_TOKEN",)),
        ("basic", "basic", ("username", "password"), ("MY_API_USERNAME", "MY_API_PASSWORD")),
        ("key", "header", ("api_key",), ("MY_API_API_KEY",)),
        ("other_key", "query", ("other_key",), ("MY_API_OTHER_KEY",)),
    ]
    (op,) = client.operations
    assert op.security is not None
    assert [[name.value for name in alternative] for alternative in op.security] == [
        ["token"],
        ["basic", "key"],
    ]
    assert client.credentials_required


def test_an_unsupported_scheme_is_a_warning_and_its_alternative_is_dropped(
    tmp_path: Path,
) -> None:
    client = _client(
        tmp_path,
        {"tls": {"type": "mutualTLS"}},
        security=[{"tls": []}, {}],
    )
    assert client.credentials == ()
    assert any("security scheme 'tls' (mutualTLS) is not supported" in w for w in client.warnings)
    (op,) = client.operations
    assert op.security == ((),)


def test_a_requirement_naming_no_scheme_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        _client(tmp_path, {}, security=[{"missing": []}])
    assert caught.value.message == "security requirement names an undefined scheme 'missing'"
    assert caught.value.pointer == "/security"
