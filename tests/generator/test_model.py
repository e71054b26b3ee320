"""The intermediate model's types: their spelling, and what printing them needs, as data."""

from __future__ import annotations

from generator.model import (
    EnumType,
    FieldDef,
    Import,
    ListType,
    MapType,
    ModelType,
    NullableType,
    PrimitiveType,
    UnionType,
)
from generator.untrusted import Code, SpecText


def test_annotations_and_codecs() -> None:
    when = NullableType(ListType(PrimitiveType("datetime")))
    assert when.annotation() == "list[_dt.datetime] | None"
    assert when.codec() == "_rt.NullableCodec(_rt.ListCodec(_rt.DATETIME))"
    assert MapType(ModelType(Code("Pet"))).annotation() == "dict[str, Pet]"
    single = UnionType((EnumType(Code("Color")),))
    assert single.codec() == "_rt.UnionCodec((_rt.EnumCodec(Color),))"


def test_imports_are_collected_from_every_part() -> None:
    assert PrimitiveType("str").imports() == frozenset()
    assert PrimitiveType("object").imports() == {Import.TYPING}
    nested = MapType(UnionType((PrimitiveType("uuid"), ListType(PrimitiveType("date")))))
    assert nested.imports() == {Import.UUID, Import.DATETIME}


def test_classes_include_a_discriminator_mapping_beyond_the_members() -> None:
    union = UnionType(
        (ModelType(Code("Cat")), NullableType(EnumType(Code("Color")))),
        SpecText("kind"),
        ((SpecText("dog"), Code("Dog")),),
    )
    assert union.classes() == {"Cat", "Color", "Dog"}
    assert 'mapping={"dog": Dog}' in union.codec()


def test_field_annotations_for_optional_and_sequence_arguments() -> None:
    field = FieldDef(
        attr=Code("tags"),
        wire_name=SpecText("tags"),
        type=NullableType(ListType(PrimitiveType("str"))),
        required=False,
        description=None,
    )
    assert field.annotation() == "list[str] | _rt.Unset | None"
    assert field.default() == "_rt.UNSET"
    required = FieldDef(Code("ids"), SpecText("ids"), ListType(PrimitiveType("int")), True, None)
    assert required.argument_annotation() == "_t.Sequence[int]"
