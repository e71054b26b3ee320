"""Names: spec names reach code only as allow-listed identifiers, and collisions are resolved
deterministically and reported."""

from __future__ import annotations

import ast
import keyword
import re
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.naming import MAX_IDENTIFIER_LENGTH, constant_case, pascal_case, snake_case
from generator.render import make_environment
from generator.untrusted import Code, SpecText, identifier
from tests.hostile.conftest import Corpus
from tests.hostile.support import run_generator, snapshot

GENERATOR_SOURCES = Path(__file__).resolve().parents[2] / "generator"
# A claimed name plus the registry's "_<n>" suffix for a collision.
LONGEST_NAME = MAX_IDENTIFIER_LENGTH + 4


def _classes(tree: ast.Module) -> list[ast.ClassDef]:
    return [node for node in tree.body if isinstance(node, ast.ClassDef)]


def _names_package(corpus: Corpus) -> dict[str, ast.Module]:
    """Each module by its path in the package (the chunks of a large API's models too)."""
    package = corpus.generated["names"].package_dir
    return {
        path.relative_to(package).as_posix(): ast.parse(path.read_text("utf-8"))
        for pattern in ("*.py", "_models/*.py")
        for path in package.glob(pattern)
    }


def _model_classes(trees: dict[str, ast.Module]) -> list[ast.ClassDef]:
    """The classes of models.py, or of the _models chunks it stands in front of."""
    return [
        cls
        for path, tree in sorted(trees.items())
        if path == "models.py" or path.startswith("_models/")
        for cls in _classes(tree)
    ]


def _is_safe(name: str) -> bool:
    return (
        name.isascii()
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and len(name) <= LONGEST_NAME
    )


def test_every_generated_name_is_distinct_and_allow_listed(corpus: Corpus) -> None:
    trees = _names_package(corpus)
    models = _model_classes(trees)
    class_names = [cls.name for cls in models]
    assert len(class_names) == len(set(class_names)) > 60
    for cls in models:
        members = [
            node.target.id
            for node in cls.body
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        ] + [
            target.id
            for node in cls.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        ]
        assert len(members) == len(set(members)), cls.name
        assert all(_is_safe(name) for name in [cls.name, *members]), cls.name
    for cls in _classes(trees["_client.py"]):
        methods = [
            node.name
            for node in cls.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        assert len(methods) == len(set(methods)), cls.name
        for method in cls.body:
            if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = [a.arg for a in method.args.args + method.args.kwonlyargs]
                assert all(_is_safe(name) for name in [method.name, *arguments]), method.name


def test_colliding_names_are_renamed_in_spec_order_and_reported(corpus: Corpus) -> None:
    stderr = corpus.generated["names"].run.stderr
    for expected in [
        "renamed schema 'foo_bar': class FooBar -> FooBar_2",
        "renamed schema 'FooBar': class FooBar -> FooBar_3",
        "renamed schema 'Vlan': class Vlan -> Vlan_2",
        "renamed schema 'Client': class Client -> Client_2",
        "renamed schema 'APIError': class APIError -> APIError_2",
        "renamed schema 'NamesClientWithRawResponse': class NamesClientWithRawResponse"
        " -> NamesClientWithRawResponse_2",
        "renamed operation 'foo_bar': foo_bar -> foo_bar_2",
        "renamed operation 'cached_property': cached_property -> cached_property_2",
        "renamed operation 'timeout': timeout -> timeout_2",
        "renamed Everything.foo_bar -> foo_bar_2 (property 'foo_bar')",
        "renamed Everything.to_dict -> to_dict_2 (property 'to_dict')",
    ]:
        assert expected in stderr


def test_every_suffixed_name_has_its_warning(corpus: Corpus) -> None:
    trees = _names_package(corpus)
    stderr = corpus.generated["names"].run.stderr
    suffixed = [cls.name for cls in _model_classes(trees) if re.search(r"_\d+$", cls.name)]
    assert suffixed
    for name in suffixed:
        # A class rename is located at its schema: "... -> Name_2 (at #/...)".
        assert re.search(rf"-> {name}( \(at #[^)]*\))?\n", stderr), name


def test_renaming_does_not_depend_on_the_hash_seed(corpus: Corpus) -> None:
    generated = corpus.generated["names"]
    before = snapshot(generated.output)
    # Regenerated in place (generated headers repeat the options a run was given), with no
    # cache: every file is computed again under another hash seed, and none may differ.
    run = run_generator(
        "generate",
        "--spec",
        generated.spec,
        "--output",
        generated.output,
        "--package",
        generated.package,
        "--no-cache",
        cwd=corpus.root,
        env={"PYTHONHASHSEED": "4242"},
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == generated.run.stderr
    assert " 0 written, " in run.stdout, run.stdout
    assert snapshot(generated.output) == before


@pytest.mark.parametrize(
    "name",
    [
        "",
        "1abc",
        "class",
        "None",
        "a b",
        "a-b",
        "a.b",
        "\u00e9t\u00e9",
        "x\u200b",
        "__import__('os')",
    ],
)
def test_identifier_refuses_anything_off_the_allow_list(name: str) -> None:
    with pytest.raises(ValueError):
        identifier(name)


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(exclude_categories=()), max_size=120))
def test_name_conversions_always_give_allow_listed_identifiers(text: str) -> None:
    for convert in (snake_case, pascal_case, constant_case):
        name = convert(text)
        assert _is_safe(name), (convert.__name__, name)
        assert identifier(name) == name
        assert convert(text) == name  # no hidden state


@pytest.mark.parametrize(
    ("template", "values"),
    [
        ("{{ text }}", {"text": SpecText("x")}),
        ("{{ text.value }}", {"text": SpecText("x")}),
        ("{{ text.value ~ '' }}", {"text": SpecText("x")}),
        ("{{ text.value | lower }}", {"text": SpecText("x")}),
        ("{{ plain }}", {"plain": "x"}),
        ("{{ nothing }}", {"nothing": None}),
        ("{{ code ~ 'x' }}", {"code": Code("x")}),
        ("{{ text | identifier }}", {"text": SpecText("x")}),
        ("{{ plain | identifier }}", {"plain": "not an identifier"}),
        ("{{ text | url_template }}", {"text": SpecText("/a/{b:c}")}),
    ],
)
def test_templates_cannot_print_spec_text_without_an_escape(
    template: str, values: dict[str, object]
) -> None:
    with pytest.raises(jinja2.TemplateError):
        make_environment().from_string(template).render(values)


def test_templates_print_spec_text_through_the_escapes() -> None:
    environment = make_environment()
    text = SpecText('a"b\n')
    assert environment.from_string("{{ t | pystr }}").render(t=text) == '"a\\"b\\n"'
    assert environment.from_string("{{ t.value | pystr }}").render(t=text) == '"a\\"b\\n"'
    assert environment.from_string("{{ t | docstring }}").render(t=text) == 'a\\"b'
    assert environment.from_string("{{ n | identifier }}").render(n="snake_name") == "snake_name"


def _code_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Code"
    ]


@pytest.mark.parametrize(
    "module",
    sorted(
        path.relative_to(GENERATOR_SOURCES).as_posix() for path in GENERATOR_SOURCES.rglob("*.py")
    ),
)
def test_no_code_fragment_is_built_from_raw_spec_text(module: str) -> None:
    """A tripwire: ``Code(...)`` never takes a SpecText's ``.value`` as text (escape it instead).

    ``something.value.codec()`` is fine: only a ``.value`` used as it is counts.
    """
    tree = ast.parse((GENERATOR_SOURCES / module).read_text("utf-8"))
    for call in _code_calls(tree):
        nodes = list(ast.walk(call))
        reached_through = {id(node.value) for node in nodes if isinstance(node, ast.Attribute)}
        for node in nodes:
            if isinstance(node, ast.Attribute) and node.attr == "value":
                assert id(node) in reached_through, f"{module}:{call.lineno}: Code() of .value"
