"""``x-apiwright`` is checked and read once, into one typed Settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.errors import SpecError
from generator.openapi.extension import RateLimitHeaderSettings, Settings, idempotent_override
from tests.generator.spec_support import checked, minimal


def test_absent_settings_are_the_defaults(tmp_path: Path) -> None:
    assert checked(tmp_path, minimal()).settings == Settings()


def test_every_setting_is_read(tmp_path: Path) -> None:
    settings = {
        "client": "Hub",
        "tokenEnv": "HUB_TOKEN",
        "correlationId": {"header": "X-Req", "bodyField": "correlationId"},
        "rateLimitHeaders": {"max": "X-Max", "dailyRemaining": "X-Day-Left"},
        "nonRetryableRateLimits": {"bodyField": "policyName", "values": ["DAILY", 7]},
    }
    read = checked(tmp_path, minimal(**{"x-apiwright": settings})).settings
    assert read == Settings(
        client="Hub",
        token_env="HUB_TOKEN",
        correlation_header="X-Req",
        correlation_field="correlationId",
        rate_limit_headers=RateLimitHeaderSettings(max="X-Max", daily_remaining="X-Day-Left"),
        non_retryable_field="policyName",
        non_retryable_values=("DAILY", "7"),
    )


@pytest.mark.parametrize(
    ("settings", "message", "pointer"),
    [
        ([], "x-apiwright must be a mapping", "/x-apiwright"),
        ({"client": 3}, "x-apiwright client must be a string", "/x-apiwright/client"),
        (
            {"rateLimitHeaders": "X"},
            "x-apiwright rateLimitHeaders must be a mapping",
            "/x-apiwright/rateLimitHeaders",
        ),
        (
            {"correlationId": {"header": 1}},
            "x-apiwright correlationId.header must be a string",
            "/x-apiwright/correlationId/header",
        ),
        (
            {"nonRetryableRateLimits": {"values": "DAILY"}},
            "x-apiwright nonRetryableRateLimits.values must be a list of strings",
            "/x-apiwright/nonRetryableRateLimits/values",
        ),
    ],
)
def test_a_wrong_shape_is_a_located_error(
    tmp_path: Path, settings: Any, message: str, pointer: str
) -> None:
    with pytest.raises(SpecError) as caught:
        checked(tmp_path, minimal(**{"x-apiwright": settings}))
    assert (caught.value.message, caught.value.pointer) == (message, pointer)
    assert caught.value.line is not None


def test_idempotent_override_takes_only_booleans() -> None:
    assert idempotent_override({"x-apiwright-idempotent": True}) is True
    assert idempotent_override({"x-apiwright-idempotent": False}) is False
    assert idempotent_override({"x-apiwright-idempotent": "yes"}) is None
    assert idempotent_override({}) is None
