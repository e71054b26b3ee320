"""The client module's settings, printed for their places in the template."""

from __future__ import annotations

from pathlib import Path

from generator.build import build
from generator.emit.client import ClientView, credential_expression
from tests.generator.spec_support import checked, minimal, operation


def test_client_view_prints_settings_and_wraps_its_parts(tmp_path: Path) -> None:
    settings = {
        "rateLimitHeaders": {"max": "X-Max", "remaining": "X-Left"},
        "nonRetryableRateLimits": {"values": ["DAILY"]},
    }
    schemes = {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    document = minimal(
        {"/a": {"get": operation("a", tag="one")}, "/b": {"get": operation("b", tag="two")}},
        components={"securitySchemes": schemes},
        **{"x-apiwright": settings},
    )
    client = build(checked(tmp_path, document), package="u", spec_source="s").client
    view = ClientView(client)
    assert view.rate_limit_headers_expression() == (
        '_policy.RateLimitHeaders(max="X-Max", remaining="X-Left")'
    )
    assert view.non_retryable_values_expression() == 'frozenset({"DAILY"})'
    assert credential_expression(client.credentials[0]) == (
        'Credential("key", "header", "X-Key", ("api_key",), ("U_API_KEY",))'
    )
    # Too long after ``_CREDENTIALS: tuple[Credential, ...] = ``: exploded.
    assert view.credentials_expression().splitlines() == [
        "(",
        '    Credential("key", "header", "X-Key", ("api_key",), ("U_API_KEY",)),',
        ")",
    ]
    assert [group.attr for group in view.groups] == ["one", "two"]
    assert [op.signature()[0] for group in view.groups for op in group.operations] == ["*", "*"]
    # Named after info.title ("Unit"), read through the view.
    assert view.client_class == "UnitClient"
