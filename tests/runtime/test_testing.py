"""``_testing`` as source: the fake's routing and placeholders (the fake itself is driven
through generated clients in tests/fake and tests/generality)."""

from __future__ import annotations

import pytest

from generator.runtime import _codec as rt
from generator.runtime._testing import FakeFault, FakeRateLimit, _path_pattern, placeholder


def test_a_path_template_matches_one_segment_per_parameter() -> None:
    pattern = _path_pattern("/a/{x}/b/{y}.json")
    match = pattern.fullmatch("/a/1%2F2/b/z.json")
    assert match is not None and match.groups() == ("1%2F2", "z")
    assert pattern.fullmatch("/a/1/2/b/z.json") is None
    assert _path_pattern("/a+b/{x}").fullmatch("/a+b/1") is not None  # literal, not regex


def test_placeholders_decode_with_the_codec_they_were_made_for() -> None:
    for codec in (
        rt.STR,
        rt.INT,
        rt.FLOAT,
        rt.BOOL,
        rt.DATETIME,
        rt.DATE,
        rt.UUID,
        rt.ListCodec(rt.INT),
        rt.MapCodec(rt.STR),
        rt.NullableCodec(rt.DATE),
    ):
        codec.decode(placeholder(codec))


def test_fault_and_limit_arguments_are_checked() -> None:
    assert FakeFault.rate_limited(exhausted=True).kind == "exhausted"
    assert FakeFault.daily_limit().daily
    with pytest.raises(ValueError):
        FakeRateLimit(max_requests=0)
