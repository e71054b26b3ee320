"""The naming pass: every client-level name claimed before translation, through registries."""

from __future__ import annotations

from pathlib import Path

from generator.build import build
from generator.build.names import group_stems, plan_names
from tests.generator.spec_support import bounded_body, checked, minimal, operation


def test_a_bulk_helper_name_gives_way_to_a_tag_group(tmp_path: Path) -> None:
    spec = checked(
        tmp_path,
        minimal(
            {
                "/batch": {"post": operation("batch", body=bounded_body())},
                "/everything": {"get": operation("listEverything", tag="BatchAll")},
                "/other": {"get": operation("other", tag="Other")},
            }
        ),
    )
    plan = plan_names(spec)
    assert plan.group_attrs == {"BatchAll": "batch_all", "Other": "other"}
    (batch,) = [op for op in spec.operations if op.path == "/batch"]
    names = plan.operations[batch.key]
    assert (names.method, names.group, names.bulk_wanted, names.bulk) == (
        "batch",
        None,
        "batch_all",
        "batch_all_2",
    )
    client = build(spec, package="unit", spec_source="spec.yaml").client
    (batch,) = client.flat_operations
    assert batch.bulk is not None and batch.bulk.method_name == "batch_all_2"
    assert [group.attr for group in client.groups] == ["batch_all", "other"]
    assert "operation 'batch': bulk helper batch_all -> batch_all_2" in client.renames


def test_a_bulk_name_is_reported_only_when_the_helper_exists(tmp_path: Path) -> None:
    # ``upload`` has a body but no bounded array: its reserved ``upload_all`` is never used.
    spec = checked(
        tmp_path,
        minimal(
            {
                "/upload": {"post": operation("upload", body={"type": "string"})},
                "/all": {"get": operation("upload_all")},
            }
        ),
    )
    client = build(spec, package="unit", spec_source="spec.yaml").client
    assert [str(op.method_name) for op in client.operations] == ["upload", "upload_all"]
    assert all(op.bulk is None for op in client.operations)
    assert not any("bulk helper" in rename for rename in client.renames)


def test_untagged_operations_are_named_before_tag_groups(tmp_path: Path) -> None:
    spec = checked(
        tmp_path,
        minimal(
            {
                "/a": {"get": operation("listPets", tag="pets")},
                "/b": {"get": operation("other", tag="other")},
                "/c": {"get": operation("pets")},
            }
        ),
    )
    plan = plan_names(spec)
    assert [op.operation_id for op in plan.order] == ["pets", "listPets", "other"]
    # The untagged ``pets`` took the name first; the group gets the rename.
    assert plan.group_attrs["pets"] == "pets_2"
    assert "tag 'pets': pets -> pets_2" in plan.member_renames()


def test_component_classes_are_claimed_in_document_order_around_runtime_names(
    tmp_path: Path,
) -> None:
    object_schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    spec = checked(
        tmp_path,
        minimal(
            components={
                "schemas": {
                    "Client": object_schema,
                    "vlan": object_schema,
                    "VLAN": object_schema,
                    "Plain": {"type": "string"},
                }
            }
        ),
    )
    plan = plan_names(spec)
    assert [(c.class_name, c.kind) for c in plan.components] == [
        ("Client_2", "model"),
        ("Vlan", "model"),
        ("VLAN_2", "model"),
    ]
    assert plan.client_class == "UnitClient"


def test_group_stems_drop_the_words_every_tag_shares() -> None:
    assert group_stems(["Api20100401Account", "Api20100401Call"]) == {
        "Api20100401Account": "account",
        "Api20100401Call": "call",
    }
    # Nothing is dropped when a tag would be left with no word of its own.
    assert group_stems(["Api", "ApiCall"]) == {"Api": "api", "ApiCall": "api_call"}
    assert group_stems(["import"]) == {"import": "import_"}
