"""Model fields and generated decoders/encoders, printed as black prints them."""

from __future__ import annotations

from generator.emit.models import field_declaration, model_code
from generator.formatting import format_python
from generator.model import FieldDef, ListType, ModelDef, ModelType, NullableType, PrimitiveType
from generator.untrusted import Code, SpecText


def _field(name: str, type_: object, required: bool) -> FieldDef:
    return FieldDef(Code(name), SpecText(name), type_, required, None)  # type: ignore[arg-type]


def test_field_declarations_split_as_black_does() -> None:
    assert field_declaration(_field("a", PrimitiveType("str"), True)) == "a: str"
    assert field_declaration(_field("a", PrimitiveType("int"), False)) == (
        "a: int | _rt.Unset = _rt.UNSET"
    )
    long = field_declaration(_field("x" * 60, ListType(ModelType(Code("Y" * 10))), False))
    source = f"class C:\n    {long}\n"
    assert format_python("m.py", source) == source
    # The default does not fit even in parentheses: the annotation goes in them.
    assert long.splitlines()[0] == "x" * 60 + ": ("


def test_model_code_shares_codecs_and_checks_scalars_inline() -> None:
    model = ModelDef(
        class_name=Code("Row"),
        description=None,
        fields=(
            _field("id", PrimitiveType("str"), True),
            _field("n", NullableType(PrimitiveType("int")), False),
            _field("tags", ListType(PrimitiveType("str")), False),
        ),
        extra_type=None,
    )
    shared, (code,) = model_code((model,))
    # The inline-checked ``n`` keeps its plain codec for the field table; ``tags`` passes UNSET.
    assert shared == (
        "_c0 = _rt.NullableCodec(_rt.INT)",
        "_c1 = _rt.OptionalCodec(_rt.ListCodec(_rt.STR))",
    )
    assert code.decoder == "_d_Row" and code.encoder == "_e_Row"
    assert code.checks == ("type(o.id) is str", "type(o.n) in _rt.INT_NU")
    assert code.condition() == (
        "if type(d) is dict and type(o.id) is str and type(o.n) in _rt.INT_NU:",
    )
    assert code.extras_test == "not d.keys() <= o.__wire_names__"
    assert code.packs
