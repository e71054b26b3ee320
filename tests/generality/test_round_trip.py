"""For every model of every shared spec: ``from_dict(p).to_dict() == p`` for payloads ``p``
that the model's schema allows, drawn by hypothesis from the schema itself."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.generality.conftest import SHARED_SPECS, shared_client
from tests.generality.harness import Generated, schema_sources
from tests.generality.strategies import SchemaStrategies

EXAMPLES_PER_MODEL = 12


def _round_trip_failures(generated: Generated, examples: int) -> list[str]:
    documents, sources = schema_sources(generated.spec, generated.package)
    models = generated.module("models")
    codec = generated.module("_codec")
    strategies = SchemaStrategies(documents)
    failures: list[str] = []
    checked = 0
    for class_name, (document, _, node) in sources.items():
        model = getattr(models, class_name)
        if not (isinstance(model, type) and issubclass(model, codec.Model)):
            continue
        checked += 1
        try:
            # A nullable schema makes its references nullable; the class holds the object.
            payloads = strategies.for_schema(document, node).filter(lambda p: p is not None)
            _check(model, codec, payloads, examples)
        except Exception as exc:  # collect every model's failure, then report them together
            failures.append(f"{class_name}: {type(exc).__name__}: {str(exc)[:400]}")
    assert checked > 0
    return failures


def _check(model: Any, codec: Any, payloads: st.SearchStrategy[Any], examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        # The same draws on every run, so CI never flickers; raise EXAMPLES_PER_MODEL
        # locally to search further.
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(payloads)
    def round_trip(payload: Any) -> None:
        decoded = model.from_dict(payload)
        assert decoded.to_dict() == payload
        # The generated decoder and encoder agree with the field-by-field ones.
        assert decoded == codec.decode_fields(model, payload)
        assert codec.Model.to_dict(decoded) == payload

    round_trip()


@pytest.mark.parametrize("key", SHARED_SPECS)
def test_every_model_round_trips(shared_clients: dict[str, Generated], key: str) -> None:
    generated = shared_client(shared_clients, key)
    examples = 4 if key == "twilio_v2010" else EXAMPLES_PER_MODEL
    failures = _round_trip_failures(generated, examples)
    assert not failures, "\n".join(failures)
