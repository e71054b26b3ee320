"""A package whose models outgrow one module: chunked into ``_models``, loaded on first use.

The spec is written here, large enough for several chunks: a chain of models (each refers to
the next, so a nested payload crosses chunks), an enum per model, a map of models, a union
with a discriminator whose members sit in other chunks, and operations that return, and take
as keyword arguments, models of different chunks. Imports are observed in fresh interpreters,
as a user's program would see them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.emit.split import MAX_MODULE_LINES, TARGET_MODULE_LINES
from tests.generality.echo_server import EchoServer, Reply
from tests.generality.harness import Generated, generate, write_spec
from tests.generator.helpers import run_generator, snapshot
from tests.hostile.scan import scan_package

PACKAGE = "gen_lazy_models"
LINKS = 160  # models in the chain: several chunks' worth


def _link(index: int) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {"type": "string"},
        "count": {"type": "integer"},
        "amount": {"type": "number", "description": f"The amount of link {index}."},
        "flag": {"type": "boolean"},
        "created": {"type": "string", "format": "date-time"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "status": {"type": "string", "enum": [f"open_{index}", f"closed_{index}"]},
        "note": {"type": "string", "nullable": True},
    }
    if index + 1 < LINKS:
        properties["next"] = {"$ref": f"#/components/schemas/Link{index + 1}"}
        properties["others"] = {
            "type": "object",
            "additionalProperties": {"$ref": f"#/components/schemas/Link{index + 1}"},
        }
    return {
        "type": "object",
        "description": f"Link {index} of the chain.",
        "required": ["id"],
        "properties": properties,
    }


def lazy_spec() -> dict[str, Any]:
    schemas: dict[str, Any] = {f"Link{index}": _link(index) for index in range(LINKS)}
    schemas["Holder"] = {
        "type": "object",
        "required": ["pet", "first"],
        "properties": {
            "first": {"$ref": "#/components/schemas/Link0"},
            "pet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Cat"},
                    {"$ref": "#/components/schemas/Dog"},
                ],
                "discriminator": {
                    "propertyName": "kind",
                    "mapping": {
                        "cat": "#/components/schemas/Cat",
                        "dog": "#/components/schemas/Dog",
                    },
                },
            },
        },
    }
    schemas["Cat"] = {
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {"type": "string"},
            "last": {"$ref": f"#/components/schemas/Link{LINKS - 1}"},
        },
    }
    schemas["Dog"] = {
        "type": "object",
        "required": ["kind", "barks"],
        "properties": {"kind": {"type": "string"}, "barks": {"type": "boolean"}},
    }
    json_of = lambda ref: {"application/json": {"schema": {"$ref": ref}}}  # noqa: E731
    return {
        "openapi": "3.0.3",
        "info": {"title": "Lazy", "version": "1"},
        "servers": [{"url": "http://127.0.0.1:9"}],
        "paths": {
            "/holders/{id}": {
                "get": {
                    "operationId": "getHolder",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": json_of("#/components/schemas/Holder"),
                        }
                    },
                }
            },
            "/links": {
                "post": {
                    "operationId": "createLink",
                    "requestBody": {
                        "required": True,
                        "content": json_of(f"#/components/schemas/Link{LINKS // 2}"),
                    },
                    "responses": {
                        "201": {
                            "description": "made",
                            "content": json_of(f"#/components/schemas/Link{LINKS - 2}"),
                        }
                    },
                }
            },
        },
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def lazy_package(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = tmp_path_factory.mktemp("lazy_models")
    return generate(write_spec(root / "spec", lazy_spec()), root / "out", PACKAGE)


def _run(generated: Generated, code: str) -> Any:
    """Runs ``code`` in a fresh interpreter beside the package; returns what it prints as
    JSON."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=generated.root,
        env={**os.environ, "PYTHONPATH": str(generated.root)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


LOADED = f"""
import json, sys
def loaded():
    return sorted(
        m for m in sys.modules
        if m == "{PACKAGE}.models" or m.startswith("{PACKAGE}._models")
    )
"""


def test_the_models_are_cut_into_several_chunks_of_bounded_size(lazy_package: Generated) -> None:
    chunks = sorted((lazy_package.root / PACKAGE / "_models").glob("m*.py"))
    assert len(chunks) >= 3
    sizes = [len(path.read_text().splitlines()) for path in chunks]
    assert max(sizes) <= MAX_MODULE_LINES
    # Evenly filled, about the target: none a sliver, none far over.
    assert min(sizes) > TARGET_MODULE_LINES // 3, sizes
    assert max(sizes) < TARGET_MODULE_LINES * 1.5, sizes
    facade = (lazy_package.root / PACKAGE / "models.py").read_text()
    assert "\nclass " not in facade  # it defines no model: it only lists and loads them


def test_the_chunks_are_the_same_under_other_hash_seeds(
    lazy_package: Generated, tmp_path: Path
) -> None:
    trees = []
    for seed in ("0", "4242"):
        output = tmp_path / f"seed-{seed}" / "out"
        result = run_generator(
            "generate",
            "--spec",
            lazy_package.spec,
            "--output",
            output,
            "--package",
            PACKAGE,
            env={"PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        trees.append(snapshot(output))
    assert trees[0] == trees[1]
    assert any("/_models/m02.py" in path for path in trees[0])


def test_importing_the_package_loads_no_model(lazy_package: Generated) -> None:
    loaded = _run(
        lazy_package,
        LOADED
        + f"""
import {PACKAGE}
print(json.dumps(loaded()))
""",
    )
    assert loaded == []


def test_using_one_model_loads_only_its_chunk(lazy_package: Generated) -> None:
    outcome = _run(
        lazy_package,
        LOADED
        + f"""
from {PACKAGE}.models import Link0
first = loaded()
import {PACKAGE}
assert {PACKAGE}.Link0 is Link0
again = loaded()
Link0.from_dict({{"id": "a", "next": {{"id": "b"}}}})
nested = loaded()
print(json.dumps([first, again, nested]))
""",
    )
    first, again, nested = outcome
    chunks = [name for name in first if "._models." in name]
    assert first == [f"{PACKAGE}._models", *chunks, f"{PACKAGE}.models"] and len(chunks) == 1
    assert again == first
    # Link1 sits next to Link0: a payload two links deep needs at most one chunk more.
    assert len([name for name in nested if "._models." in name]) <= 2


def test_every_name_resolves_from_the_package_and_the_models_module(
    lazy_package: Generated,
) -> None:
    outcome = _run(
        lazy_package,
        f"""
import json
import {PACKAGE}
from {PACKAGE} import models
names = list(models.__all__)
for name in names:
    found = getattr({PACKAGE}, name)
    assert getattr(models, name) is found, name
    namespace = {{}}
    exec(f"from {PACKAGE}.models import {{name}}", namespace)
    assert namespace[name] is found, name
    assert found.__module__ == "{PACKAGE}.models", found.__module__
    assert name in {PACKAGE}.__all__ and name in dir({PACKAGE}) and name in dir(models)
errors = []
for spelling in ("Link0x", "link0"):
    for owner in ({PACKAGE}, models):
        try:
            getattr(owner, spelling)
        except AttributeError as exc:
            errors.append(str(exc))
try:
    exec("from {PACKAGE}.models import Lnk0")
except ImportError:
    errors.append("import")
print(json.dumps([len(names), errors]))
""",
    )
    count, errors = outcome
    assert count == LINKS * 2 + 3  # each link and its enum; Holder, Cat, Dog
    assert len(errors) == 5 and "Link0x" in errors[0]


def test_a_chunk_imported_directly_works_as_one_loaded_through_the_facade(
    lazy_package: Generated,
) -> None:
    # As pkgutil.walk_packages, documentation tools and test collectors import modules.
    outcome = _run(
        lazy_package,
        LOADED
        + f"""
import pickle
import {PACKAGE}._models.m01 as chunk
first = loaded()
name = next(name for name in chunk.__all__ if name.startswith("Link") and name[4:].isdigit())
cls = getattr(chunk, name)
status = getattr(chunk, name + "Status")
made = cls.from_dict({{"id": "x", "status": "shut"}})
again = pickle.loads(pickle.dumps(made))
print(json.dumps([first, cls.__module__, status.__module__, again == made, again.status]))
""",
    )
    first, model_module, enum_module, equal, status = outcome
    assert first == [f"{PACKAGE}._models", f"{PACKAGE}._models.m01"]
    assert model_module == enum_module == f"{PACKAGE}.models"
    assert equal and status == "shut"


def _chain(depth: int) -> dict[str, Any]:
    payload: dict[str, Any] = {"id": f"link-{depth}", "unknown": [depth]}
    for index in range(depth - 1, -1, -1):
        payload = {
            "id": f"link-{index}",
            "count": index,
            "amount": index / 2,
            "flag": index % 2 == 0,
            "created": "2024-01-02T03:04:05.678Z",
            "tags": ["x"],
            "status": f"open_{index}" if index % 3 else "an unlisted value",
            "note": None,
            "next": payload,
            "others": {"k": {"id": f"other-{index + 1}"}},
        }
    return payload


def test_a_payload_spanning_chunks_decodes_round_trips_and_pickles(
    lazy_package: Generated,
) -> None:
    depth = LINKS - 1
    outcome = _run(
        lazy_package,
        LOADED
        + f"""
import copy, dataclasses, pickle
from {PACKAGE} import UNSET, DecodeError, models
from {PACKAGE}.models import Holder, Link0
chain = json.loads({json.dumps(json.dumps(_chain(depth)))})
link = Link0.from_dict(chain)
assert link.to_dict() == chain
deepest = link
for _ in range({depth}):
    deepest = deepest.next
assert deepest.id == "link-{depth}" and deepest.extra_properties == {{"unknown": [{depth}]}}
assert type(deepest).__name__ == "Link{depth}"
assert type(link.others["k"]).__name__ == "Link1"
clone = pickle.loads(pickle.dumps(link))
assert clone == link and clone is not link and clone.to_dict() == chain
assert copy.deepcopy(link) == link and copy.copy(link) == link
assert repr(link).startswith("Link0(") and "link-1" in repr(link)
assert [f.name for f in dataclasses.fields(deepest)][:3] == [
    "extra_properties", "schema_mismatches", "id"
]
holder_payload = {{"first": {{"id": "f"}}, "pet": {{"kind": "cat", "last": {{"id": "z"}}}}}}
holder = Holder.from_dict(holder_payload)
assert type(holder.pet).__name__ == "Cat" and holder.to_dict() == holder_payload
dog = Holder.from_dict({{"first": {{"id": "f"}}, "pet": {{"kind": "dog", "barks": True}}}}).pet
assert type(dog).__name__ == "Dog"
broken = json.loads(json.dumps(chain))
step = broken
for _ in range(60):
    step = step["next"]
step["id"] = 7
lenient = Link0.from_dict(broken)
for _ in range(59):
    lenient = lenient.next
assert lenient.next is UNSET and lenient.schema_mismatches[0].wire_name == "next"
# A strict decode names the spot; it starts three links before the end of the first
# chunk, so that the path crosses into the next one. (Strict decoding retries each
# level once, doubling per level: the bad spot stays a few levels deep.)
from {PACKAGE}._models import m00
last = max(int(name[4:]) for name in m00.__all__ if name[4:].isdigit())
start = json.loads(json.dumps(chain))
for _ in range(last - 3):
    start = start["next"]
step = start
for _ in range(6):
    step = step["next"]
step["id"] = 7
try:
    getattr(models, f"Link{{last - 3}}").from_dict(start, strict=True)
except DecodeError as exc:
    message = str(exc)
print(json.dumps([message, len([m for m in loaded() if "._models." in m])]))
""",
    )
    message, chunks_loaded = outcome
    assert message == "$" + ".next" * 6 + ".id: expected a string, got int"
    assert chunks_loaded == len(list((lazy_package.root / PACKAGE / "_models").glob("m*.py")))


def test_the_client_reads_and_sends_models_of_other_chunks(lazy_package: Generated) -> None:
    with EchoServer() as server:
        holder = {"first": _chain(3), "pet": {"kind": "dog", "barks": False}}
        server.replies.extend(
            [Reply.of_json(holder), Reply.of_json({"id": "made", "count": 2}, status=201)]
        )
        outcome = _run(
            lazy_package,
            LOADED
            + f"""
from {PACKAGE} import LazyClient
with LazyClient(base_url={server.url!r}, max_retries=0) as client:
    before = loaded()
    holder = client.get_holder("h1")
    made = client.create_link(id="new", count=5, tags=("a", "b"))
print(json.dumps([before, type(holder.first.next).__name__, holder.to_dict(),
                  type(made).__name__, made.to_dict()]))
""",
        )
        before, second_type, holder_dict, made_type, made_dict = outcome
        assert before == []  # a client made and nothing called: no model loaded yet
        assert second_type == "Link1" and holder_dict == holder
        assert made_type == f"Link{LINKS - 2}" and made_dict == {"id": "made", "count": 2}
        assert server.requests[1].json() == {"id": "new", "count": 5, "tags": ["a", "b"]}


def test_the_chunked_package_passes_mypy_strict_and_misspellings_fail(
    lazy_package: Generated, tmp_path: Path
) -> None:
    user = tmp_path / "user_code.py"
    user.write_text(
        textwrap.dedent(
            f"""
            import {PACKAGE}
            from {PACKAGE}.models import Holder, Link0

            link: Link0 = {PACKAGE}.Link0(id="a", next={PACKAGE}.models.Link1(id="b"))
            holder: Holder | None = None
            count: int = link.id
            from {PACKAGE}.models import Lnk0
            {PACKAGE}.Lnk0
            """
        )
    )
    def mypy(*target: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), *target],
            cwd=lazy_package.root,
            env={**os.environ, "MYPYPATH": str(lazy_package.root)},
            capture_output=True,
            text=True,
            timeout=900,
        )

    package = mypy("-p", PACKAGE)
    assert package.returncode == 0, package.stdout[-4000:] + package.stderr[-2000:]
    result = mypy(str(user))
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    # Exactly the three mistakes of the user's code.
    assert len(errors) == 3, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Incompatible types in assignment" in errors[0]
    assert "Lnk0" in errors[1] and "Lnk0" in errors[2]


def test_the_chunked_package_names_only_what_templates_emit(lazy_package: Generated) -> None:
    # The hostile corpus's static scan, over the facade and every chunk as well.
    assert scan_package(lazy_package.root / PACKAGE) == []


def test_the_chunked_package_passes_its_own_ruff_configuration(lazy_package: Generated) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=lazy_package.root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:]
