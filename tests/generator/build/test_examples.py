"""README examples: spec examples as Python literals, and the classes they name."""

from __future__ import annotations

from generator.build.examples import example_call, python_literal
from generator.model import (
    AliasType,
    EnumType,
    FieldDef,
    ListType,
    MapType,
    ModelDef,
    ModelType,
    PrimitiveType,
    UnionType,
)
from generator.untrusted import Code, SpecText

PET = ModelDef(
    class_name=Code("Pet"),
    description=None,
    fields=(
        FieldDef(Code("name"), SpecText("name"), PrimitiveType("str"), True, None),
        FieldDef(Code("color"), SpecText("color"), EnumType(Code("Color")), False, None),
    ),
    extra_type=None,
)
MODELS = {"Pet": PET}


def test_literals_follow_the_type_and_record_the_classes_they_name() -> None:
    used: set[str] = set()
    literal = python_literal(
        ModelType(Code("Pet")), {"name": "Rex", "color": "red"}, MODELS, used=used
    )
    assert literal == 'Pet(name="Rex", color=Color("red"))'
    assert used == {"Pet", "Color"}


def test_a_recursive_type_takes_a_value_of_any_depth() -> None:
    # A map of itself or a Pet, as Discord's ErrorDetails is a map of itself or a model.
    inner = AliasType(Code("Tree"), Code("tree"))
    tree = AliasType(
        Code("Tree"), Code("tree"), UnionType((MapType(inner), ModelType(Code("Pet"))))
    )
    used: set[str] = set()
    literal = python_literal(tree, {"a": {"b": {"name": "Rex"}}, "c": {}}, MODELS, used=used)
    assert literal == '{"a": {"b": Pet(name="Rex")}, "c": {}}'
    assert used == {"Pet"}
    assert python_literal(tree, {"a": {"b": 3}}, MODELS) is None


def test_a_failed_attempt_names_no_class() -> None:
    used: set[str] = set()
    # The model is missing its required name, so the union falls through to the string.
    union = UnionType((ModelType(Code("Pet")), PrimitiveType("str")))
    assert python_literal(union, {"color": "red"}, MODELS, used=used) is None
    assert python_literal(union, "plain", MODELS, used=used) == '"plain"'
    assert used == set()


def test_wrong_types_and_non_finite_numbers_give_no_literal() -> None:
    assert python_literal(PrimitiveType("int"), True, MODELS) is None
    assert python_literal(PrimitiveType("float"), float("nan"), MODELS) is None
    assert python_literal(ListType(PrimitiveType("int")), [1, "2"], MODELS) is None


def test_example_call_is_runnable_only_with_every_value() -> None:
    field = FieldDef(Code("pets"), SpecText("pets"), ListType(ModelType(Code("Pet"))), True, None)
    call, runnable, classes, arguments = example_call(
        "add", [], {}, (field,), None, None, {"pets": [{"name": "a"}]}, MODELS
    )
    assert (call, runnable, classes) == ('add(pets=[Pet(name="a")])', True, frozenset({"Pet"}))
    assert arguments == ('pets=[Pet(name="a")]',)
    call, runnable, classes, arguments = example_call(
        "add", [], {}, (field,), None, None, None, MODELS
    )
    assert (call, runnable, classes) == ("add(pets=...)", False, frozenset())
    assert arguments == ("pets=...",)
