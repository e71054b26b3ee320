"""A payload that fails deep inside nested models costs work in proportion to its depth
squared, not two to the power of it: each model's generated decoder falls back to the
field-by-field decoder when the payload is not one it reads at once, and that fallback used to
decode the nested payload again from the top, at every level."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.generality.harness import Generated, generate, write_spec

SPEC = """\
openapi: 3.0.3
info: {title: Chains, version: "1"}
paths:
  /chain:
    get:
      operationId: getChain
      responses:
        "200":
          description: a chain of links
          content: {application/json: {schema: {$ref: "#/components/schemas/Link"}}}
components:
  schemas:
    Link:
      type: object
      required: [name]
      properties:
        name: {type: string}
        next: {$ref: "#/components/schemas/Link"}
        tail: {$ref: "#/components/schemas/Tail"}
    Tail:
      type: object
      required: [next]
      properties:
        next: {$ref: "#/components/schemas/Link"}
"""

# Deep enough that 2 ** DEPTH field-by-field decodes stand out, shallow enough that a
# regression fails the count below in seconds rather than hanging.
DEPTH = 12


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    directory = tmp_path_factory.mktemp("chains")
    return generate(write_spec(directory, SPEC), directory / "out", "chains_api")


def _chain(depth: int, leaf: Any, through_tail: bool = False) -> dict[str, Any]:
    payload: dict[str, Any] = {"name": leaf}
    for level in range(depth):
        if through_tail and level % 2:
            payload = {"name": f"link {level}", "tail": {"next": payload}}
        else:
            payload = {"name": f"link {level}", "next": payload}
    return payload


def _counting_fallbacks(package: Generated, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the runtime's field-by-field decodes (instrumentation only: each still runs)."""
    codec = package.module("_codec")
    calls = [0]
    real = codec.decode_fields

    def counted(cls: type, data: object) -> Any:
        calls[0] += 1
        return real(cls, data)

    monkeypatch.setattr(codec, "decode_fields", counted)
    return calls


@pytest.mark.parametrize("through_tail", [False, True], ids=["direct", "through a required"])
def test_a_bad_leaf_deep_down_is_found_in_polynomial_work(
    package: Generated, monkeypatch: pytest.MonkeyPatch, through_tail: bool
) -> None:
    api = package.import_package()
    calls = _counting_fallbacks(package, monkeypatch)
    payload = _chain(DEPTH, 5, through_tail)
    with pytest.raises(api.DecodeError) as caught:
        api.Link.from_dict(payload, strict=True)
    steps = caught.value.location
    assert steps[-1] == "name" and len(steps) >= DEPTH + 1, steps
    # Every level's fallback runs a bounded number of times; before, 2 ** DEPTH.
    assert calls[0] <= 3 * DEPTH, calls[0]


def test_lenient_decoding_of_a_bad_optional_leaf_keeps_the_rest(
    package: Generated, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = package.import_package()
    calls = _counting_fallbacks(package, monkeypatch)
    # The bad value is a whole link where a string belongs: optional "next" of the link above.
    payload = _chain(DEPTH, "leaf")
    inner = payload
    for _ in range(DEPTH - 1):
        inner = inner["next"]
    inner["next"] = "not a link"
    link = api.Link.from_dict(payload)
    for _ in range(DEPTH - 1):
        link = link.next
    assert link.next is api.UNSET
    assert [m.wire_name for m in link.schema_mismatches] == ["next"]
    assert link.to_dict()["next"] == "not a link"
    assert calls[0] <= 3 * DEPTH, calls[0]


def test_the_same_payload_decodes_again_after_a_failure(
    package: Generated, tmp_path: Path
) -> None:
    api = package.import_package()
    bad = _chain(5, 5)
    with pytest.raises(api.DecodeError):
        api.Link.from_dict(bad, strict=True)
    # The same dict, corrected in place, is read afresh: a remembered failure is not reused.
    inner = bad
    for _ in range(5):
        inner = inner["next"]
    inner["name"] = "fixed"
    assert api.Link.from_dict(bad, strict=True).to_dict() == bad
