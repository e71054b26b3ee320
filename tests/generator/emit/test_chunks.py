"""Where models are printed: one module, or chunks of ``_models`` referring to each other lazily."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.build import build_client
from generator.config import Target
from generator.emit.chunks import (
    LazyReferences,
    ModelModuleView,
    enum_lines,
    model_layout,
    model_lines,
)
from generator.emit.models import model_code
from generator.emit.split import TARGET_MODULE_LINES
from generator.model import (
    ClientDef,
    EnumType,
    FieldDef,
    ListType,
    ModelDef,
    ModelType,
    NullableType,
    UnionType,
)
from generator.pipeline import load_and_validate
from generator.untrusted import Code, SpecText
from tests.generality.harness import write_spec
from tests.generality.test_lazy_models import LINKS, lazy_spec


@pytest.fixture(scope="module")
def lazy_client(tmp_path_factory: pytest.TempPathFactory) -> ClientDef:
    directory = tmp_path_factory.mktemp("chunks")
    spec = write_spec(directory, lazy_spec())
    target = Target(spec=spec, output=directory / "out", package="lazy", root=directory)
    checked, _ = load_and_validate(target)
    return build_client(checked, package="lazy", spec_source="spec.yaml")


def _size(client: ClientDef, names: tuple[str, ...]) -> int:
    sizes = {str(m.class_name): model_lines(m) for m in client.models}
    sizes.update({str(e.class_name): enum_lines(e) for e in client.enums})
    return sum(sizes[name] for name in names)


def test_models_that_fit_one_module_stay_in_it(lazy_client: ClientDef) -> None:
    assert not model_layout(lazy_client, module_lines=10**9).chunked


def test_chunks_hold_every_class_once_evenly_and_deterministically(
    lazy_client: ClientDef,
) -> None:
    layout = model_layout(lazy_client, module_lines=TARGET_MODULE_LINES)
    total = _size(lazy_client, tuple(layout.homes))
    assert len(layout.chunks) == -(-total // TARGET_MODULE_LINES)
    placed = [name for chunk in layout.chunks for name in chunk.class_names()]
    expected = [str(m.class_name) for m in lazy_client.models]
    expected += [str(e.class_name) for e in lazy_client.enums]
    assert sorted(placed) == sorted(expected)  # each class in exactly one chunk
    for chunk in layout.chunks:
        assert abs(_size(lazy_client, chunk.class_names()) - total / len(layout.chunks)) < 300
        assert all(layout.home(name) == chunk.name for name in chunk.class_names())
    assert [str(chunk.name) for chunk in layout.chunks] == [
        f"m{index:02d}" for index in range(len(layout.chunks))
    ]
    assert model_layout(lazy_client) == layout


def test_models_used_together_share_a_chunk(lazy_client: ClientDef) -> None:
    layout = model_layout(lazy_client, module_lines=2_000)
    # The chain Link0 -> Link1 -> ... is cut only where one chunk ends and the next begins,
    # and each link's enum sits with it (unless a cut falls between the two).
    cuts = sum(layout.home(f"Link{i}") != layout.home(f"Link{i + 1}") for i in range(LINKS - 1))
    assert cuts == len(layout.chunks) - 1
    apart = sum(layout.home(f"Link{i}Status") != layout.home(f"Link{i}") for i in range(LINKS))
    assert apart <= len(layout.chunks) - 1


def _model(name: str, *fields: tuple[str, object, bool]) -> ModelDef:
    return ModelDef(
        class_name=Code(name),
        description=None,
        fields=tuple(
            FieldDef(Code(attr), SpecText(attr), type_, required, None)  # type: ignore[arg-type]
            for attr, type_, required in fields
        ),
        extra_type=None,
    )


def test_a_chunk_names_its_own_classes_and_reaches_others_lazily(
    lazy_client: ClientDef,
) -> None:
    layout = model_layout(lazy_client, module_lines=2_000)
    first = layout.chunks[0].name
    here = next(str(m.class_name) for m in layout.chunks[0].models)
    there = next(str(m.class_name) for m in layout.chunks[1].models)
    enum_there = next(str(e.class_name) for e in layout.chunks[1].enums)
    refs = LazyReferences(layout, first)
    union = UnionType(
        (ModelType(Code(here)), ModelType(Code(there))),
        SpecText("kind"),
        ((SpecText("a"), Code(here)), (SpecText("b"), Code(there))),
    )
    lazy_there = f'_rt.LazyCodec("{there}")'
    assert union.codec(refs) == (
        f"_rt.UnionCodec((_rt.ModelCodec({here}), {lazy_there}), "
        f'discriminator="kind", mapping={{"a": {here}, "b": {lazy_there}}})'
    )
    assert EnumType(Code(enum_there)).codec(refs) == (
        f'_rt.LazyCodec("{enum_there}", _rt.EnumCodec)'
    )
    # A required model of another chunk is read through its codec, not a decoder function.
    row = _model(
        "Row", ("near", ModelType(Code(here)), True), ("far", ModelType(Code(there)), True)
    )
    shared, (code,) = model_code((row,), refs)
    assert code.reads[0] == (f'o.near = _d_{here}(d["near"])',)
    assert code.reads[1] == ('o.far = _c1.decode(d["far"])',)
    assert shared[1] == f'_c1 = _rt.LazyCodec("{there}")'
    # The client (no chunk) reaches every class lazily and builds bodies through the facade.
    client_refs = LazyReferences(layout)
    assert client_refs.model_codec(Code(here)).startswith("_rt.LazyCodec(")
    assert client_refs.constructor(Code(here)) == f"_models.{here}"


def test_a_chunk_imports_the_classes_its_annotations_name_for_type_checkers(
    lazy_client: ClientDef,
) -> None:
    layout = model_layout(lazy_client, module_lines=2_000)
    view = ModelModuleView(
        layout.chunks[0].models, layout.chunks[0].enums, layout, layout.chunks[0].name
    )
    last = view.ir_models[-1]
    crossing = [f for f in last.fields if f.type.classes() - set(layout.chunks[0].class_names())]
    assert crossing, "the chain crosses into the next chunk from the chunk's last link"
    imported = " ".join(view.foreign_imports)
    for field in crossing:
        for name in field.type.annotated_classes():
            assert name in imported
    assert "import typing as _t" in view.stdlib_imports
    assert view.codec_import == "from .. import _codec as _rt"


def test_a_mapping_only_class_is_not_imported_for_annotations(tmp_path: Path) -> None:
    union = UnionType(
        (ModelType(Code("A")),), SpecText("kind"), ((SpecText("b"), Code("B")),)
    )
    assert union.classes() == {"A", "B"}
    assert union.annotated_classes() == {"A"}
    assert ListType(NullableType(EnumType(Code("E")))).annotated_classes() == {"E"}


def test_a_long_lazy_result_type_is_cut_into_strings_black_keeps() -> None:
    from generator.emit.operations import _string_pieces
    from generator.formatting import format_python

    annotation = " | ".join(f"SomeRatherLongResponseModelName{index}" for index in range(5))
    pieces = _string_pieces(annotation, 84)
    assert len(pieces) > 1 and all(len(piece) <= 84 for piece in pieces)
    assert "".join(ast.literal_eval(piece) for piece in pieces) == annotation
    joined = "\n    ".join(pieces)
    source = f"_OP = _policy.Operation[\n    {joined}\n](\n    name=1,\n)\n"
    assert format_python("m.py", source) == source
