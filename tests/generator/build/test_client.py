"""The whole build: settings, servers, versions and lint exceptions of the client."""

from __future__ import annotations

from pathlib import Path

from generator.build import build, distribution_version
from generator.build.client import LONG_NAME
from tests.generator.spec_support import checked, minimal


def test_client_settings_come_from_info_servers_and_x_apiwright(tmp_path: Path) -> None:
    document = minimal(
        **{"x-apiwright": {"client": "hub spot", "tokenEnv": "HUB_TOKEN"}},
    )
    document["servers"] = [{"url": "https://{host}/v1", "variables": {"host": {"default": "h"}}}]
    document["info"]["description"] = "Über API"
    client = build(checked(tmp_path, document), package="my_pkg", spec_source="s").client
    assert (client.client_class, client.async_client_class) == (
        "HubSpotClient",
        "AsyncHubSpotClient",
    )
    assert client.base_url.value == "https://h/v1"
    assert client.token_env is not None and client.token_env.value == "HUB_TOKEN"
    assert client.distribution == "my-pkg"
    assert client.lint_ignores == ("RUF001", "RUF002", "RUF003")
    assert client.warnings == ()


def test_a_relative_server_is_a_warning(tmp_path: Path) -> None:
    document = minimal()
    document["servers"] = [{"url": "/api"}]
    client = build(checked(tmp_path, document), package="p", spec_source="s").client
    (warning,) = client.warnings
    assert "the first server's URL '/api' is relative" in warning
    assert warning.endswith("(at #/servers/0/url)")


def test_long_class_names_lift_the_line_length_rule(tmp_path: Path) -> None:
    name = "A" + "b" * LONG_NAME
    schemas = {name: {"type": "object", "properties": {"x": {}}}}
    client = build(
        checked(tmp_path, minimal(components={"schemas": schemas})), package="p", spec_source="s"
    ).client
    assert client.lint_ignores == ("E501",)


def test_distribution_versions() -> None:
    # Plain releases: the generator's version is in _version.py, not a local label.
    assert distribution_version("3.0.0") == "3.0.0"
    assert distribution_version("v2010-04-01") == "2010.4.1"
    assert distribution_version("beta") == "0"
