"""Where each model and enum is printed: all in ``models.py``, or, for an API with more models
than one module of a modest size holds, in chunk modules of a private ``_models`` package.

Importing a module costs time in proportion to what it defines, and a large API's models run
to over 100,000 lines. Chunked, ``models.py`` becomes a facade that lists every name and
imports the chunk holding one on first use, and the chunks refer to each other's classes
lazily (:class:`LazyReferences`), so using one model loads one chunk, and importing the
package loads none. Nothing a chunk defines needs another chunk while it is imported: models
derive from the runtime's ``Model`` and enums from its open enums, and annotations are strings.

The partition is a pure function of the intermediate model: models used together (one refers
to the other) sit next to each other in a walk of the reference graph from each model in
document order, and the walk is cut into modules of about
:data:`~generator.emit.split.TARGET_MODULE_LINES` lines, as a large client is (no module is
longer than :data:`~generator.emit.split.MAX_MODULE_LINES`, unless one model is).

Any module that names models gets its :class:`~generator.model.ClassReferences` from
:func:`references` and prints through it: codecs as ``type.codec(refs)``, a model built in a
method body as ``refs.constructor(name)`` (after ``refs.body_import()`` in that body), and,
where ``refs.lazy``, imports of the classes its annotations name under ``TYPE_CHECKING`` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import AliasDef, ClassReferences, ClientDef, EnumDef, ModelDef
from ..untrusted import Code, string_literal
from .client import AliasView, ModelView
from .imports import import_from, model_imports, sorted_names
from .models import ModelCode, model_code
from .split import TARGET_MODULE_LINES

CHUNK_PACKAGE = "_models"


@dataclass(frozen=True)
class ModelChunk:
    """One module of ``_models``: its name (``m00``, ...) and the classes and recursive type
    aliases it defines."""

    name: Code
    models: tuple[ModelDef, ...]
    enums: tuple[EnumDef, ...]
    aliases: tuple[AliasDef, ...] = ()

    def class_names(self) -> tuple[str, ...]:
        return (
            tuple(str(m.class_name) for m in self.models)
            + tuple(str(e.class_name) for e in self.enums)
            + tuple(str(a.name) for a in self.aliases)
        )


@dataclass(frozen=True)
class ModelLayout:
    """Every class's chunk. No chunks: every class is in ``models.py``, which the package
    imports (the layout of a package whose models fit one module)."""

    chunks: tuple[ModelChunk, ...] = ()
    homes: Mapping[str, Code] = field(default_factory=dict)
    package: str = ""

    @property
    def chunked(self) -> bool:
        return bool(self.chunks)

    def home(self, class_name: str) -> Code:
        """The chunk module defining ``class_name``."""
        return self.homes[class_name]


def _text_lines(text: object) -> int:
    value = getattr(text, "value", None)
    return 0 if not isinstance(value, str) else value.count("\n") + 1


def model_lines(model: ModelDef) -> int:
    """About how many lines ``model`` takes printed (class, decoder, encoder, field table):
    enough to cut modules to size, measured against the corpus's printed output."""
    lines = 35 + _text_lines(model.description)
    for model_field in model.fields:
        lines += 7 + _text_lines(model_field.description)
    return lines


def enum_lines(enum: EnumDef) -> int:
    return 5 + _text_lines(enum.description) + len(enum.members)


def alias_lines(alias: AliasDef) -> int:
    return 3 + _text_lines(alias.description) + len(str(alias.definition.annotation())) // 80


def _references(model: ModelDef) -> list[str]:
    """The classes ``model`` refers to, in the order its fields name them."""
    found: dict[str, None] = {}
    for model_field in model.fields:
        found.update(dict.fromkeys(sorted(model_field.type.classes())))
    if model.extra_type is not None:
        found.update(dict.fromkeys(sorted(model.extra_type.classes())))
    return list(found)


def _walk(client: ClientDef) -> list[str]:
    """Every class name once: a depth-first walk of the references from each model in
    document order (then each enum no model reached), so that a model's parts follow it."""
    references = {str(m.class_name): _references(m) for m in client.models}
    references.update(
        {str(a.name): sorted(a.definition.classes() - {str(a.name)}) for a in client.aliases}
    )
    order: list[str] = []
    seen: set[str] = set()
    roots = (
        [str(m.class_name) for m in client.models]
        + [str(e.class_name) for e in client.enums]
        + [str(a.name) for a in client.aliases]
    )
    for root in roots:
        if root in seen:
            continue
        stack = [root]
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            order.append(name)
            # Reversed, so that the first field's class is visited first.
            stack.extend(n for n in reversed(references.get(name, ())) if n not in seen)
    return order


def model_layout(client: ClientDef, module_lines: int = TARGET_MODULE_LINES) -> ModelLayout:
    """One ``models.py`` when the models fit ``module_lines``, else chunks of about that
    size (evenly filled: the total over the fewest chunks that hold it)."""
    models = {str(m.class_name): m for m in client.models}
    enums = {str(e.class_name): e for e in client.enums}
    sizes = {name: model_lines(m) for name, m in models.items()}
    sizes.update({name: enum_lines(e) for name, e in enums.items()})
    sizes.update({str(a.name): alias_lines(a) for a in client.aliases})
    total = sum(sizes.values())
    if total <= module_lines:
        return ModelLayout(homes={})
    count = -(-total // module_lines)
    groups: list[list[str]] = [[] for _ in range(count)]
    walked = 0
    for name in _walk(client):
        # The chunk whose share of the total holds the middle of this class.
        index = min(count - 1, (walked * 2 + sizes[name]) * count // (total * 2))
        groups[index].append(name)
        walked += sizes[name]
    groups = [names for names in groups if names]
    width = max(2, len(str(len(groups) - 1)))
    chunks = []
    homes: dict[str, Code] = {}
    for index, names in enumerate(groups):
        chunk_name = Code(f"m{index:0{width}d}")
        members = set(names)
        chunks.append(
            ModelChunk(
                name=chunk_name,
                # Document order within a chunk, as in a single models.py.
                models=tuple(m for m in client.models if str(m.class_name) in members),
                enums=tuple(e for e in client.enums if str(e.class_name) in members),
                aliases=tuple(a for a in client.aliases if str(a.name) in members),
            )
        )
        homes.update(dict.fromkeys(names, chunk_name))
    return ModelLayout(chunks=tuple(chunks), homes=homes, package=str(client.package))


class LazyReferences(ClassReferences):
    """Codecs of classes outside the module being printed, as the runtime's ``LazyCodec``,
    which looks the class up in ``models`` on first use (importing its chunk then); classes
    of the module itself are named directly.

    ``chunk`` is the chunk being printed, or None for a module outside ``_models`` (the client,
    which imports no model when it is imported).
    """

    lazy = True

    def __init__(self, layout: ModelLayout, chunk: Code | None = None) -> None:
        self.layout = layout
        self.chunk = chunk

    def in_scope(self, class_name: str) -> bool:
        return self.chunk is not None and self.layout.home(class_name) == self.chunk

    def lazy_codec(self, class_name: Code, make: str | None = None) -> Code:
        arguments: list[str] = [string_literal(str(class_name))]
        if make is not None:
            arguments.append(make)
        return Code(f"_rt.LazyCodec({', '.join(arguments)})")

    def model_codec(self, class_name: Code) -> Code:
        if self.in_scope(class_name):
            return super().model_codec(class_name)
        return self.lazy_codec(class_name)

    def enum_codec(self, class_name: Code) -> Code:
        if self.in_scope(class_name):
            return super().enum_codec(class_name)
        return self.lazy_codec(class_name, "_rt.EnumCodec")

    def mapped_model(self, class_name: Code) -> Code:
        if self.in_scope(class_name):
            return class_name
        return self.lazy_codec(class_name)

    def constructor(self, class_name: Code) -> Code:
        # Through the public module, imported by the method when it is called.
        if self.in_scope(class_name):
            return class_name
        return Code(f"{MODELS_ALIAS}.{class_name}")

    def body_import(self) -> Code | None:
        return MODELS_IMPORT


MODELS_ALIAS = "_models"
MODELS_IMPORT = Code(f"from . import models as {MODELS_ALIAS}")
"""The statement a method body (of a module beside ``models.py``) runs before it names a
model through :meth:`LazyReferences.constructor`: at call time, the import is a lookup."""


def references(layout: ModelLayout, chunk: Code | None = None) -> ClassReferences:
    """How a module names classes: directly in a package with one ``models.py``, else
    lazily (see :class:`LazyReferences`)."""
    return LazyReferences(layout, chunk) if layout.chunked else ClassReferences()


class ModelModuleView:
    """A module that defines models, as ``_models_body.py.jinja`` prints it: ``models.py``
    itself (``chunk`` None), or one chunk of ``_models``."""

    def __init__(
        self,
        models: tuple[ModelDef, ...],
        enums: tuple[EnumDef, ...],
        layout: ModelLayout,
        chunk: Code | None = None,
        aliases: tuple[AliasDef, ...] = (),
    ) -> None:
        self.ir_models = models
        self.enums = enums
        self.ir_aliases = aliases
        self.refs = references(layout, chunk)
        self.layout = layout
        self.chunk = chunk

    @property
    def models(self) -> tuple[ModelView, ...]:
        return tuple(ModelView(model) for model in self.ir_models)

    @property
    def aliases(self) -> tuple[AliasView, ...]:
        return tuple(AliasView(alias) for alias in self.ir_aliases)

    @property
    def names(self) -> tuple[Code, ...]:
        return sorted_names(
            [str(m.class_name) for m in self.ir_models]
            + [str(e.class_name) for e in self.enums]
            + [str(a.name) for a in self.ir_aliases]
        )

    @property
    def public_module(self) -> Code | None:
        """A chunk's enums say they belong to the public ``models`` module (their
        ``__module__``), where they are documented and imported from, and where pickle
        finds them whichever chunk defines them (``_rt.bind`` does the same for models,
        once the dataclass exists: dataclasses read the module they are defined in)."""
        if self.chunk is None:
            return None
        return string_literal(f"{self.layout.package}.models")

    @property
    def codec_import(self) -> Code:
        return Code("from .. import _codec as _rt" if self.chunk else "from . import _codec as _rt")

    @property
    def stdlib_imports(self) -> tuple[Code, ...]:
        return model_imports(
            self.ir_models, self.ir_aliases, typing=bool(self.foreign_imports)
        )

    @property
    def foreign_imports(self) -> tuple[Code, ...]:
        """The classes of other chunks that annotations name, for type checkers alone."""
        by_home: dict[str, set[str]] = {}
        annotated: set[str] = set()
        for model in self.ir_models:
            for model_field in model.fields:
                annotated |= model_field.type.annotated_classes()
        for alias in self.ir_aliases:
            # The alias's definition names these, in a string type checkers read.
            annotated |= alias.definition.classes()
        for name in annotated:
            if not self.refs.in_scope(name):
                by_home.setdefault(str(self.layout.home(name)), set()).add(name)
        return tuple(
            import_from(f".{home}", sorted(names), indent=4)
            for home, names in sorted(by_home.items())
        )

    def model_code(self) -> tuple[tuple[Code, ...], tuple[ModelCode, ...]]:
        """The shared codec objects and every model's generated decoder and encoder."""
        return model_code(self.ir_models, self.refs)


class FacadeView:
    """``models.py`` of a chunked package: every name, where it is defined, and the imports
    type checkers see."""

    def __init__(self, layout: ModelLayout) -> None:
        self.layout = layout

    @property
    def names(self) -> tuple[Code, ...]:
        return sorted_names(list(self.layout.homes))

    @property
    def homes(self) -> tuple[tuple[Code, Code], ...]:
        return tuple((name, self.layout.home(name)) for name in self.names)

    @property
    def imports(self) -> tuple[Code, ...]:
        return tuple(
            import_from(f".{CHUNK_PACKAGE}.{chunk.name}", chunk.class_names(), indent=4)
            for chunk in self.layout.chunks
        )
