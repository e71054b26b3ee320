"""Awkward names become valid, deterministic, reported names; tags group operations."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.generality.echo_server import EchoServer, Reply
from tests.generality.harness import Generated, generate, write_spec
from tests.generality.zoo import NAMES_ZOO


@pytest.fixture
def zoo(shared_clients: dict[str, Generated]) -> Generated:
    return shared_clients["names_zoo"]


def test_schema_names_avoid_the_runtime_and_each_other(zoo: Generated) -> None:
    models = zoo.module("models")
    assert sorted(models.__all__) == sorted(
        [
            "Client_2",
            "Response_2",
            "DecodeError_2",
            "VLAN",
            "Vlan_2",
            "Class",
            "Model1stThing",
            "WithDot",
        ]
    )
    warnings = "\n".join(zoo.warnings)
    assert "schema 'Vlan': class Vlan -> Vlan_2" in warnings
    assert "schema 'Client': class Client -> Client_2" in warnings


def test_property_names_are_identifiers_and_keep_their_wire_names(zoo: Generated) -> None:
    models = zoo.module("models")
    fields = {entry.attr: entry.wire for entry in models.Class.__fields__}
    assert fields == {
        "class_": "class",
        "from_": "from",
        "field_1st": "1st",
        "x_y": "x-y",
        "x_y_2": "x_y",
        # Builtins that annotations in the class body use cannot be shadowed there.
        "list_2": "list",
        "str_2": "str",
        "to_dict_2": "to_dict",
        "extra_properties_2": "extra_properties",
        "naive": "naïve",
    }
    payload = {"class": "a", "1st": 1, "x-y": "b", "x_y": "c", "to_dict": "d", "naïve": "e"}
    assert models.Class.from_dict(payload).to_dict() == payload


def test_enum_member_names(zoo: Generated) -> None:
    members = zoo.module("models").Model1stThing.__members__
    assert list(members) == [
        "VALUE_1",
        "A_B",
        "VALUE",
        "MRO",
        "NAME",
        "A",
        "A_2",
        "NONE",
        "DEF",
    ]


def test_operations_are_grouped_by_tag_with_stable_names(zoo: Generated, echo: EchoServer) -> None:
    package = zoo.import_package()
    echo.reply(Reply.of_json({"name": "n"}), Reply.of_json({"ok": True}), Reply.of_json({"id": 1}))
    with package.ZooClient(base_url=echo.url) as client:
        assert client.pets.list_pets().name == "n"
        assert client.pets.post_pets().ok is True
        assert client.pets.import_("7").id == 1
        assert echo.last.path == "/pets/7"
        echo.reply(Reply.of_json({"class": "c"}))
        raw = client.with_raw_response.store_front.with_options()
        assert raw.status_code == 200 and raw.parse().class_ == "c"
        assert callable(client.get_health) and callable(client.close_2)


async def test_async_client_has_the_same_groups(zoo: Generated, echo: EchoServer) -> None:
    package = zoo.import_package()
    echo.reply(Reply.of_json({"tag": 2}))
    async with package.AsyncZooClient(base_url=echo.url) as client:
        assert (await client.pets.delete_item("x")).tag == 2
    assert echo.last.method == "DELETE"


def test_one_tag_keeps_operations_flat(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Flat", "version": "1"},
        "paths": {"/a": {"get": {"tags": ["only"], "responses": {"204": {"description": "ok"}}}}},
    }
    package = generate(write_spec(tmp_path, spec), tmp_path / "out", "gen_flat").import_package()
    assert callable(package.FlatClient.get_a)


def test_generation_is_deterministic(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec", NAMES_ZOO)
    first = generate(spec, tmp_path / "one", "gen_det")
    second = generate(spec, tmp_path / "two", "gen_det")
    for path in sorted(first.root.rglob("*.py")):
        twin = second.root / path.relative_to(first.root)
        assert path.read_bytes() == twin.read_bytes(), path.name


def test_a_bulk_helper_gives_way_to_a_tag_group_of_its_name(
    shared_clients: dict[str, Generated], echo: EchoServer
) -> None:
    # The clash of issue 12: untagged ``batch`` with a bounded array gets ``batch_all``, and the
    # tag ``BatchAll`` wants ``client.batch_all`` too. (Its mypy --strict and ruff runs are
    # those of tests/generality/test_shared_specs.py, which check every shared client.)
    clash = shared_clients["bulk_clash"]
    assert "renamed operation 'batch': bulk helper batch_all -> batch_all_2" in "\n".join(
        clash.warnings
    )
    package = clash.import_package()
    echo.reply(Reply(status=204), Reply.of_json({"results": ["a", "b"]}), Reply.of_json({}))
    with package.ClashClient(base_url=echo.url) as client:
        assert client.batch_all.list_everything() is None
        assert echo.last.path == "/everything"
        outcome = client.batch_all_2(inputs=iter(["a", "b", "c"]))
        assert outcome.results == ["a", "b"]
        assert [request.json() for request in echo.requests[1:]] == [
            {"inputs": ["a", "b"]},
            {"inputs": ["c"]},
        ]
        raw = client.with_raw_response
        assert callable(raw.batch_all.list_everything)
        assert callable(raw.batch)
