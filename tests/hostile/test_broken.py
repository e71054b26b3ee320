"""Broken documents: exit code 2, one located line, no traceback, the output directory untouched."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.payloads import MARKER
from tests.hostile.support import ERROR_LINE, Run, run_generator, snapshot

BROKEN = Path(__file__).parent / "broken"


@dataclass(frozen=True)
class Expected:
    line: int
    column: int
    message: str
    pointer: str | None = None


CASES: dict[str, Expected] = {
    "invalid_yaml.yaml": Expected(12, 1, "invalid YAML: did not find expected ',' or ']'"),
    # Python 3.13's JSON parser reports the trailing comma itself, one column earlier.
    "invalid_json.json": (
        Expected(5, 66, "invalid JSON: Illegal trailing comma before end of object")
        if sys.version_info >= (3, 13)
        else Expected(5, 67, "invalid JSON: Expecting property name")
    ),
    "schema_violation.yaml": Expected(
        14,
        23,
        "'objekt' is not one of",
        "/paths/~1things/get/responses/200/content/application~1json/schema/type",
    ),
    # A schema $ref that points at nothing is a warning, not an error (issue #13): see
    # tests/generator/test_real_world.py.
    "remote_ref.yaml": Expected(
        14,
        23,
        "remote $ref 'https://example.invalid/schemas.yaml#/Thing' is refused: "
        "references are never fetched",
        "/paths/~1things/get/responses/200/content/application~1json/schema/$ref",
    ),
    "missing_file_ref.yaml": Expected(
        10,
        17,
        "$ref points at a file that does not exist: ./responses.yaml",
        "/paths/~1things/get/responses/200/$ref",
    ),
    "circular_request_body.yaml": Expected(
        22,
        13,
        "reference chain loops back on itself with no object in between: "
        "#/components/schemas/A -> "
        "#/components/schemas/B -> #/components/schemas/A",
        "/components/schemas/B/$ref",
    ),
    "allof_cycle.yaml": Expected(
        14,
        17,
        "loops back on itself with no object in between",
        "/components/schemas/B/allOf/1/$ref",
    ),
    "duplicate_operation_id.yaml": Expected(
        14,
        20,
        "duplicate operationId 'listThings' (first used at #/paths/~1things/get)",
        "/paths/~1other-things/get/operationId",
    ),
    "undeclared_path_parameter.yaml": Expected(
        9,
        11,
        "path parameter 'thingId' is not in the path '/things'",
        "/paths/~1things/get/parameters/0",
    ),
    "placeholder_without_parameter.yaml": Expected(
        8,
        7,
        "path placeholder {thingId} of GET '/things/{thingId}' has no path parameter",
        "/paths/~1things~1{thingId}/get",
    ),
    "malformed_path_template.yaml": Expected(
        7, 5, "path template '/things/{id:0>4}' is malformed", "/paths/~1things~1{id:0>4}"
    ),
    "duplicate_parameter.yaml": Expected(
        13,
        11,
        "parameter 'limit' in query is declared twice",
        "/paths/~1things/get/parameters/1",
    ),
    "duplicate_key.yaml": Expected(10, 5, "duplicate key 'Thing'", "/components/schemas"),
    "duplicate_key.json": Expected(5, 3, "duplicate key 'paths'", "/"),
    "huge_number.json": Expected(2, 27, "number is too long"),
    "python_tag.yaml": Expected(4, 16, "could not determine a constructor for the tag"),
    "swagger2.yaml": Expected(1, 10, "Swagger 2.0 is not supported", "/swagger"),
    "bad_extension.yaml": Expected(
        7, 18, "x-apiwright correlationId must be a mapping", "/x-apiwright/correlationId"
    ),
    "bad_error_body.yaml": Expected(
        7,
        21,
        "x-apiwright errorBody.categoryFields must be a list of strings",
        "/x-apiwright/errorBody/categoryFields",
    ),
    "not_a_mapping.yaml": Expected(
        1, 1, "an OpenAPI document must be a mapping at the top level", "/"
    ),
    "not_utf8.yaml": Expected(3, 10, "spec is not UTF-8 text (byte 30)"),
}
# Written by the test: bytes that are not UTF-8, and a file name that tries to break the line.
GENERATED_CASES = {
    "not_utf8.yaml": b"openapi: 3.0.3\ninfo:\n  title: \xff\xfe\n",
}
HOSTILE_FILE_NAME = "evil\x1b[2J\n\u2028name.yaml"


@dataclass(frozen=True)
class Outcome:
    run: Run
    before: dict[str, bytes | None]
    after: dict[str, bytes | None]
    neighbours_before: list[str]
    neighbours_after: list[str]
    workdir: Path


def _attempt(workdir: Path, spec_name: str, content: bytes) -> Outcome:
    """Generate from a broken spec into an output directory that already holds a package."""
    (workdir / spec_name).write_bytes(content)
    output = workdir / "out"
    (output / "pkg").mkdir(parents=True)
    (output / "pkg" / "__init__.py").write_bytes(b"# generated earlier\n")
    # The manifest of that earlier run, which makes the directory apiwright's to rewrite.
    earlier = hashlib.sha256(b"# generated earlier\n").hexdigest()
    (output / ".apiwright-manifest.json").write_text(
        json.dumps({"format": 2, "files": {"pkg/__init__.py": earlier}})
    )
    (output / "notes.txt").write_bytes(b"kept by its owner\n")
    before = snapshot(output)
    neighbours_before = sorted(p.name for p in workdir.iterdir())
    run = run_generator(
        "generate", "--spec", spec_name, "--output", "out", "--package", "pkg", cwd=workdir
    )
    return Outcome(
        run,
        before,
        snapshot(output),
        neighbours_before,
        sorted(p.name for p in workdir.iterdir()),
        workdir,
    )


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("broken")
    inputs = {name: GENERATED_CASES.get(name) or (BROKEN / name).read_bytes() for name in CASES}
    inputs[HOSTILE_FILE_NAME] = (BROKEN / "invalid_yaml.yaml").read_bytes()
    names = sorted(inputs)
    # Each attempt gets its own directory, created before the pool starts.
    dirs = {name: root / f"case{index}" for index, name in enumerate(names)}
    for directory in dirs.values():
        directory.mkdir()

    def attempt(name: str) -> Outcome:
        return _attempt(dirs[name], name, inputs[name])

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(names, pool.map(attempt, names), strict=True))


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_spec_exits_2_with_one_located_line(outcomes: dict[str, Outcome], name: str) -> None:
    run = outcomes[name].run
    expected = CASES[name]
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    assert len(run.stderr_lines) == 1, run.stderr
    match = ERROR_LINE.fullmatch(run.stderr_lines[0])
    assert match is not None, run.stderr
    assert match["file"] == name
    assert (int(match["line"]), int(match["column"])) == (expected.line, expected.column)
    assert expected.message in match["message"]
    if expected.pointer is not None:
        assert match["message"].endswith(f" (at #{expected.pointer})")


@pytest.mark.parametrize("name", [*sorted(CASES), HOSTILE_FILE_NAME])
def test_broken_spec_leaves_the_output_exactly_as_it_was(
    outcomes: dict[str, Outcome], name: str
) -> None:
    outcome = outcomes[name]
    assert outcome.run.returncode == 2
    assert outcome.after == outcome.before
    # No staging or backup directory left beside it either.
    assert outcome.neighbours_after == outcome.neighbours_before


def test_a_hostile_file_name_cannot_break_the_error_line(outcomes: dict[str, Outcome]) -> None:
    run = outcomes[HOSTILE_FILE_NAME].run
    assert run.returncode == 2
    assert len(run.stderr_lines) == 1, run.stderr
    assert "\x1b" not in run.stderr and "\u2028" not in run.stderr
    assert run.stderr.startswith("error: evil\\x1b[2J")
    assert ":12:1: invalid YAML" in run.stderr


def test_a_yaml_python_tag_is_refused_not_run(outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes["python_tag.yaml"]
    assert outcome.run.returncode == 2
    assert not (outcome.workdir / MARKER).exists()


def test_a_successful_run_leaves_no_leftovers_and_keeps_what_it_did_not_write(
    tmp_path: Path,
) -> None:
    """The counterpart: a good spec writes the directory; a second run replaces what the first
    wrote and keeps a file it did not write.

    A spec without a single model is the smallest one, and once produced an invalid import.
    """
    (tmp_path / "spec.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: Fine, version: '1'}\npaths: {}\n", encoding="utf-8"
    )
    output = tmp_path / "out"
    output.mkdir()
    arguments = ("generate", "--spec", "spec.yaml", "--output", "out", "--package", "fine")
    assert run_generator(*arguments, cwd=tmp_path).returncode == 0
    (output / "notes.txt").write_bytes(b"the owner's\n")
    (output / "fine" / "__init__.py").write_text("# edited\n")
    run = run_generator(*arguments, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (output / "notes.txt").read_bytes() == b"the owner's\n"
    assert "# edited" not in (output / "fine" / "__init__.py").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "spec.yaml"]
    assert not [p for p in output.rglob("*") if p.name.endswith(".tmp")]
