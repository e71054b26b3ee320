"""A client with many operations is spread over modules (issue 13): none is over the limit,
importing the package loads no tag group's module, first use of a group loads that group's
only, and every kind of class the split makes (a group module, a group spread over mixins, the
client's own methods spread over mixins, their raw-response classes, the async twins, the fake
spread over parts) works over real HTTP and passes mypy --strict and ruff."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator.emit.split import MAX_MODULE_LINES, TARGET_MODULE_LINES, balanced_parts
from tests.generality.echo_server import EchoServer, Reply
from tests.generality.harness import Generated, generate, write_spec
from tests.generality.zoo import NAMES_ZOO
from tests.scale.spec import FLAT_OPERATIONS, KINDS, LARGE_GROUP_OPERATIONS, many_operations_spec

PACKAGE = "gen_scale"
ITEM = {"id": 7, "name": "seven"}
# The stems of the last untagged operations and of the large group's last: in the last mixin.
FLAT_LAST = f"flat{FLAT_OPERATIONS // len(KINDS) - 1}"
LARGE_LAST = f"large{LARGE_GROUP_OPERATIONS // len(KINDS) - 1}"


@pytest.fixture(scope="module")
def scale(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = tmp_path_factory.mktemp("scale")
    spec = write_spec(root / "spec", many_operations_spec())
    return generate(spec, root / "out", PACKAGE)


@pytest.fixture(scope="module")
def package(scale: Generated) -> ModuleType:
    return scale.import_package()


@pytest.fixture
def echo() -> Iterator[EchoServer]:
    with EchoServer() as server:
        yield server


def _modules(scale: Generated) -> dict[str, int]:
    """Each module of the package by name, with its number of lines."""
    directory = scale.root / PACKAGE
    return {
        path.stem: len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(directory.glob("*.py"))
    }


def _in_fresh_interpreter(scale: Generated, code: str) -> object:
    """What ``code`` prints as JSON, run in a new interpreter that has imported nothing."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=scale.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_every_module_is_within_the_limit_and_the_large_classes_are_spread(
    scale: Generated,
) -> None:
    modules = _modules(scale)
    assert max(modules.values()) <= MAX_MODULE_LINES
    flat_parts = sorted(
        name for name in modules if name.startswith("_client_") and name[8:].isdigit()
    )
    large_parts = sorted(name for name in modules if name.startswith("_group_large_"))
    fake_parts = sorted(name for name in modules if name.startswith("_fake_"))
    assert len(flat_parts) >= 2 and len(large_parts) >= 2 and len(fake_parts) >= 2
    assert {"_group_large", "_group_alpha", "_group_beta", "_group_gamma"} <= set(modules)
    # The parts are about the target's size: the estimate tracks what the printer prints.
    for name in (*flat_parts, *large_parts, *fake_parts):
        assert TARGET_MODULE_LINES // 2 <= modules[name] <= TARGET_MODULE_LINES * 5 // 4, name
    # Everything the group's and the client's own classes hold moved to their modules.
    assert modules["_client"] < 1_000 and modules["testing"] < 200


def test_a_small_client_keeps_one_module(tmp_path: Path) -> None:
    small = generate(write_spec(tmp_path / "spec", NAMES_ZOO), tmp_path / "out", "gen_small")
    names = {path.stem for path in (small.root / "gen_small").glob("*.py")}
    assert not {name for name in names if name.startswith(("_group_", "_fake_"))}
    assert "_client_1" not in names
    client = (small.root / "gen_small" / "_client.py").read_text(encoding="utf-8")
    assert "class PetsResource:" in client and "class ZooClient(SyncAPIClient):" in client


def test_importing_the_package_loads_no_group_and_a_group_loads_its_own_modules(
    scale: Generated,
) -> None:
    loaded = _in_fresh_interpreter(
        scale,
        f"""
import json, sys
import {PACKAGE}

def loaded(prefix):
    return sorted(name.rsplit(".", 1)[1] for name in sys.modules
                  if name.startswith("{PACKAGE}." + prefix))

steps = [loaded("_group_"), loaded("_fake_")]
client = {PACKAGE}.ScaleClient(base_url="http://127.0.0.1:9")
client.alpha
steps.append(loaded("_group_"))
client.with_raw_response.large
steps.append(loaded("_group_"))
steps.append(loaded("_client_"))
print(json.dumps(steps))
""",
    )
    assert isinstance(loaded, list)
    nothing, no_fake, alpha, large, flat = loaded
    assert nothing == [] and no_fake == []
    assert alpha == ["_group_alpha"]
    large_modules = [name for name in large if name.startswith("_group_large")]
    assert large == sorted(["_group_alpha", *large_modules])
    assert "_group_large" in large_modules and len(large_modules) >= 3
    # The client's own methods are on its class: their mixins load with the package.
    assert "_client_1" in flat and "_client_base" in flat


def test_calls_through_the_split_classes_reach_the_server(
    package: ModuleType, echo: EchoServer
) -> None:
    last_flat, last_large = FLAT_LAST, LARGE_LAST
    with package.ScaleClient(base_url=echo.url) as client:
        echo.reply(Reply.of_json(ITEM))
        assert client.get_flat0(1).name == "seven"  # the client's first mixin
        assert echo.last.path == "/flat0/items/1"
        echo.reply(Reply.of_json(ITEM, status=201))
        created = getattr(client, f"create_{last_flat}")(id=3, name="three")  # its last mixin
        assert created.id == 7
        assert echo.last.method == "POST" and echo.last.json() == {"id": 3, "name": "three"}
        assert echo.last.path == f"/{last_flat}/items"
        echo.reply(Reply.of_json(ITEM))
        assert client.alpha.get_alpha0(2).id == 7  # a group in a module of its own
        assert echo.last.path == "/alpha0/items/2"
        echo.reply(Reply.of_json(ITEM))
        assert getattr(client.large, f"get_{last_large}")(5).id == 7  # a group's last mixin
        assert echo.last.path == f"/{last_large}/items/5"
        echo.reply(Reply.of_json(ITEM, status=201))
        raw = client.with_raw_response.large.create_large0(id=1)
        assert raw.status_code == 201 and raw.parse().name == "seven"
        echo.reply(Reply.of_json(ITEM))
        raw = getattr(client.with_raw_response, f"get_{last_flat}")(4)
        assert raw.status_code == 200 and raw.parse().id == 7


def test_bulk_and_paging_twins_work_from_mixins(package: ModuleType, echo: EchoServer) -> None:
    inputs = [package.Item(id=n) for n in range(5)]
    with package.ScaleClient(base_url=echo.url) as client:
        echo.reply(
            Reply.of_json({"results": [ITEM] * 3}), Reply.of_json({"results": [ITEM] * 2})
        )
        outcome = getattr(client, f"batch_{FLAT_LAST}_all")(inputs=inputs)
        assert len(outcome.results) == 5 and outcome.requests == 2
        echo.reply(
            Reply.of_json({"items": [ITEM, ITEM], "total": 3}),
            Reply.of_json({"items": [ITEM], "total": 3}),
        )
        items = list(getattr(client.large, f"list_{LARGE_LAST}_all")(limit=2))
        assert [item.id for item in items] == [7, 7, 7]
        assert echo.last.raw_query == "offset=2&limit=2"


def test_a_copy_with_other_options_reaches_groups_with_those_options(
    package: ModuleType, echo: EchoServer
) -> None:
    with package.ScaleClient(base_url=echo.url) as client:
        copy = client.with_options(max_retries=0)
        group = copy.large
        assert group._client is copy and client.large._client is client
        echo.reply(Reply(status=503, body=b"{}"))
        with pytest.raises(package.InternalServerError):
            group.get_large0(1)
        assert len(echo.requests) == 1  # no retry: the copy's option, not the client's


def test_the_async_client_has_the_same_split_classes(
    package: ModuleType, echo: EchoServer
) -> None:
    async def run() -> None:
        async with package.AsyncScaleClient(base_url=echo.url) as client:
            echo.reply(Reply.of_json(ITEM))
            assert (await getattr(client.large, f"get_{LARGE_LAST}")(9)).id == 7
            assert echo.last.path == f"/{LARGE_LAST}/items/9"
            echo.reply(Reply.of_json(ITEM))
            assert (await getattr(client, f"get_{FLAT_LAST}")(8)).id == 7
            echo.reply(Reply.of_json(ITEM, status=201))
            raw = await client.with_raw_response.large.create_large0(id=1)
            assert raw.status_code == 201
            echo.reply(
                Reply.of_json({"items": [ITEM], "total": 2}),
                Reply.of_json({"items": [ITEM], "total": 2}),
            )
            pager = getattr(client, f"list_{FLAT_LAST}_all")(limit=1)
            assert [item.id async for item in pager] == [7, 7]

    asyncio.run(run())
    assert type(package.AsyncScaleClient().large).__name__ == "AsyncLargeResource"


def test_the_fake_spread_over_parts_answers_every_operation(scale: Generated) -> None:
    testing = scale.module("testing")
    models = scale.module("models")
    fake = testing.ScaleFake()
    fake.on_get_large0(lambda request: models.Item(id=11, name="from the handler"))
    with fake.client() as client:
        assert client.large.get_large0(1).name == "from the handler"
        # Without a handler, the spec's example: an operation in the fake's last part.
        assert getattr(client, f"get_{FLAT_LAST}")(1).name == FLAT_LAST
    assert [request.operation for request in fake.requests] == ["get_large0", f"get_{FLAT_LAST}"]
    assert {"ScaleFake", "FakeReply", "FakeRequest", "FakeFault"} <= set(testing.__all__)


def test_the_split_package_passes_mypy_strict_and_its_own_ruff(scale: Generated) -> None:
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", PACKAGE],
        cwd=scale.root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert mypy.returncode == 0, mypy.stdout[-5000:]
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=scale.root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ruff.returncode == 0, ruff.stdout[-5000:]


def test_balanced_parts_keep_order_and_even_sizes() -> None:
    sizes = [100] * 95 + [900] + [100] * 4
    parts = balanced_parts(sizes, lambda size: size, 2_500)
    assert [size for part in parts for size in part] == sizes
    assert len(parts) == 5
    assert all(1_500 <= sum(part) <= 2_900 for part in parts), [sum(p) for p in parts]
    assert balanced_parts([10, 20], lambda size: size, 2_500) == [[10, 20]]

