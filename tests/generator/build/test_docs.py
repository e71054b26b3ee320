"""Documentation text assembled from spec prose (escaped later, as a whole, by the template)."""

from __future__ import annotations

from generator.build.docs import SHOWN_DEFAULT, describe_value


def test_a_value_description_adds_its_default_and_direction() -> None:
    text = describe_value({"description": "Size."}, {}, read_only=False, write_only=True)
    assert text is not None and text.value == "Size. Write-only: sent, never returned."
    text = describe_value(
        {}, {"description": "From the target.", "default": [1, "a"]}, False, False
    )
    assert text is not None
    assert (
        text.value == 'From the target. Default (applied by the server when omitted): ``[1, "a"]``.'
    )


def test_a_long_default_is_cut_and_an_empty_description_is_none() -> None:
    text = describe_value({"default": "x" * 100}, {}, False, False)
    assert text is not None
    shown = text.value.split("``")[1]
    assert len(shown) == SHOWN_DEFAULT and shown.endswith("...")
    assert describe_value({"description": "  "}, {}, False, False) is None
