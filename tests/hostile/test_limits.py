"""Documents built to exhaust time or memory end with output or a clear error, within bounds.

Speed is not asserted (the timeout only guards against a hang); peak memory is, generously.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.support import ERROR_LINE, RUN_TIMEOUT_SECONDS

MEMORY_LIMIT_BYTES = 1_500_000_000
MODEL_COUNT = 200
ALIASES_PER_MODEL = 4
UNUSED_SCHEMAS = 2000  # 3,000 schemas in all
CHAIN_LENGTH = 1500

# Runs the command line in-process and records the peak resident memory of that process.
MEASURED_RUN = """
import os, resource, sys
from generator.cli import main
status = main(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
# ru_maxrss is in kilobytes on Linux and in bytes on macOS.
with open(os.environ["APIWRIGHT_PEAK_FILE"], "w") as handle:
    handle.write(str(peak if sys.platform == "darwin" else peak * 1024))
sys.exit(status)
"""


def _document(paths: dict[str, Any], schemas: dict[str, Any], **info: str) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Limits", "version": "1.0.0", **info},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _returning(schema_ref: str) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": schema_ref}}}
    return {"get": {"responses": {"200": {"description": "ok", "content": content}}}}


def huge_description() -> str:
    words = "a description that goes on " * 40_000
    word = "x" * 500_000
    return json.dumps(
        _document(
            {"/things": _returning("#/components/schemas/Thing")},
            {
                "Thing": {
                    "type": "object",
                    "description": word,
                    "properties": {"a": {"type": "string"}},
                }
            },
            description=words,
        )
    )


def _nested(levels: int, wrap: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        schema = wrap(schema)
    return schema


def deeply_nested_objects() -> str:
    deep = _nested(300, lambda inner: {"type": "object", "properties": {"p": inner}})
    return json.dumps(_document({"/deep": _returning("#/components/schemas/Deep")}, {"Deep": deep}))


def nested_arrays() -> str:
    deep = _nested(120, lambda inner: {"type": "array", "items": inner})
    wrapper = {"type": "object", "properties": {"grid": deep}}
    return json.dumps(
        _document({"/grid": _returning("#/components/schemas/Grid")}, {"Grid": wrapper})
    )


def json_nesting_beyond_the_parser() -> str:
    head = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-deep": '
    return head + "[" * 100_000 + "]" * 100_000 + "}"


def yaml_nesting_beyond_the_parser() -> str:
    return "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-deep: " + "[" * 100_000


def billion_laughs() -> str:
    lines = [
        "openapi: 3.0.3",
        "info: {title: t, version: '1'}",
        "paths: {}",
        "x-l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ]
    for level in range(1, 10):
        aliases = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"x-l{level}: &l{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def thousands_of_schemas() -> str:
    """Models that each use a few small named schemas, and many schemas nothing uses."""
    schemas: dict[str, Any] = {
        f"Unused{index}": {"type": "number", "description": f"unused {index}"}
        for index in range(UNUSED_SCHEMAS)
    }
    for index in range(MODEL_COUNT):
        properties: dict[str, Any] = {}
        for slot in range(ALIASES_PER_MODEL):
            alias = f"Alias{index * ALIASES_PER_MODEL + slot}"
            schemas[alias] = {"type": "string" if slot % 2 else "integer", "description": alias}
            properties[f"field{slot}"] = {"$ref": f"#/components/schemas/{alias}"}
        schemas[f"Model{index}"] = {"type": "object", "properties": properties}
    paths = {f"/m{index}": _returning(f"#/components/schemas/Model{index}") for index in range(10)}
    return json.dumps(_document(paths, schemas))


def long_chain_of_schemas() -> str:
    """Each object schema refers to the next: the upstream validator recurses along the chain,
    deeper than Python's default recursion limit allows."""
    schemas = {
        f"Link{index}": {
            "type": "object",
            "properties": {"next": {"$ref": f"#/components/schemas/Link{index + 1}"}},
        }
        for index in range(CHAIN_LENGTH)
    }
    schemas[f"Link{CHAIN_LENGTH}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    return json.dumps(_document({"/chain": _returning("#/components/schemas/Link0")}, schemas))


def ref_chain_loop() -> str:
    schemas = {f"R{i}": {"$ref": f"#/components/schemas/R{(i + 1) % 300}"} for i in range(300)}
    return json.dumps(_document({"/r": _returning("#/components/schemas/R0")}, schemas))


def long_ref_chain() -> str:
    schemas: dict[str, Any] = {
        f"R{i}": {"$ref": f"#/components/schemas/R{i + 1}"} for i in range(100)
    }
    schemas["R100"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    return json.dumps(_document({"/r": _returning("#/components/schemas/R0")}, schemas))


# The long chain is only validated: rendering a class per link would test black's speed.
VALIDATE_ONLY = frozenset({"long_chain_of_schemas"})
CASES: dict[str, tuple[str, Callable[[], str]]] = {
    "huge_description": ("json", huge_description),
    "deeply_nested_objects": ("json", deeply_nested_objects),
    "nested_arrays": ("json", nested_arrays),
    "json_nesting_beyond_the_parser": ("json", json_nesting_beyond_the_parser),
    "yaml_nesting_beyond_the_parser": ("yaml", yaml_nesting_beyond_the_parser),
    "billion_laughs": ("yaml", billion_laughs),
    "thousands_of_schemas": ("json", thousands_of_schemas),
    "long_chain_of_schemas": ("json", long_chain_of_schemas),
    "ref_chain_loop": ("json", ref_chain_loop),
    "long_ref_chain": ("json", long_ref_chain),
}


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stderr: str
    peak_bytes: int
    output: Path


def _run(root: Path, name: str) -> Outcome:
    suffix, build = CASES[name]
    workdir = root / name
    workdir.mkdir()
    spec = workdir / f"{name}.{suffix}"
    spec.write_text(build(), encoding="utf-8")
    peak_file = workdir / "peak"
    arguments = ["generate", "--spec", spec.name, "--output", "out", "--package", "limits", "-q"]
    if name in VALIDATE_ONLY:
        arguments = ["validate", "--spec", spec.name]
    result = subprocess.run(
        [sys.executable, "-c", MEASURED_RUN, *arguments],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        env={**os.environ, "APIWRIGHT_PEAK_FILE": str(peak_file)},
    )
    peak = int(peak_file.read_text()) if peak_file.exists() else 0
    return Outcome(result.returncode, result.stderr, peak, workdir / "out")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("limits")
    # The biggest case first, so that the others run beside it.
    names = sorted(CASES, key=lambda name: name != "thousands_of_schemas")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(names, pool.map(lambda name: _run(root, name), names), strict=True))


def _error(outcome: Outcome) -> str:
    assert outcome.returncode == 2, outcome.stderr
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, outcome.stderr
    assert ERROR_LINE.fullmatch(lines[0]), lines[0]
    return lines[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_peak_memory_stays_bounded(outcomes: dict[str, Outcome], name: str) -> None:
    assert 0 < outcomes[name].peak_bytes < MEMORY_LIMIT_BYTES


def test_a_huge_description_is_generated_in_full(outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes["huge_description"]
    assert outcome.returncode == 0, outcome.stderr
    models = (outcome.output / "limits" / "models.py").read_text(encoding="utf-8")
    assert "x" * 500_000 in models


def test_nesting_deeper_than_the_limit_is_refused_where_it_happens(
    outcomes: dict[str, Outcome],
) -> None:
    line = _error(outcomes["deeply_nested_objects"])
    assert "the document nests more than 256 levels deep" in line
    assert "(at #/components/schemas/Deep/properties/p/properties/p/" in line


def test_deep_but_reasonable_nesting_is_generated(outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes["nested_arrays"]
    assert outcome.returncode == 0, outcome.stderr
    models = (outcome.output / "limits" / "models.py").read_text(encoding="utf-8")
    assert models.count("list[") >= 120


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("json_nesting_beyond_the_parser", "JSON nesting is too deep"),
        ("yaml_nesting_beyond_the_parser", "exceeded maximum nesting depth"),
        ("billion_laughs", "YAML aliases expand the document to more than 1000000 values"),
        ("ref_chain_loop", "loops back on itself with no object in between"),
        ("long_ref_chain", "$ref chain is longer than 64 references"),
    ],
)
def test_exhausting_documents_end_in_one_clear_error(
    outcomes: dict[str, Outcome], name: str, message: str
) -> None:
    assert message in _error(outcomes[name])


def test_thousands_of_schemas_are_all_generated(outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes["thousands_of_schemas"]
    assert outcome.returncode == 0, outcome.stderr
    package = outcome.output / "limits"
    # So many models are cut into the chunks of _models, behind models.py.
    models = "".join(
        path.read_text(encoding="utf-8")
        for path in [package / "models.py", *sorted(package.glob("_models/*.py"))]
    )
    assert models.count("(_rt.Model):") == MODEL_COUNT
    assert models.count("_rt.Field(") == MODEL_COUNT * ALIASES_PER_MODEL


def test_a_reference_chain_deeper_than_the_recursion_limit_validates(
    outcomes: dict[str, Outcome],
) -> None:
    outcome = outcomes["long_chain_of_schemas"]
    assert outcome.returncode == 0, outcome.stderr
