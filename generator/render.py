"""Stage 4: print the intermediate model through Jinja2 templates into ``{path: text}``.

The environment is built so that a template cannot print spec text raw: ``finalize`` accepts
only :class:`~generator.untrusted.Code`, numbers and booleans, so ``{{ schema.description }}``
fails the run, while ``{{ schema.description | docstring }}`` works.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import layout, untrusted
from .errors import ConfigError
from .model import (
    RUNTIME_EXPORTS,
    ClientDef,
    EnumType,
    ModelType,
    OperationDef,
    PrimitiveType,
)
from .untrusted import Code, SpecText


def builtin_templates_dir() -> Path:
    """Templates ship inside the installed package; in a source checkout they sit beside it."""
    installed = Path(__file__).parent / "templates"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "templates"


class UnsafeOutputError(jinja2.TemplateError):
    """A template tried to print something that did not pass through an escaping filter."""


def _finalize(value: object) -> object:
    if isinstance(value, Code) or type(value) in (int, bool):
        return value
    if value is None:
        raise UnsafeOutputError("a template printed None; guard it with {% if %}")
    raise UnsafeOutputError(
        f"a template printed a {type(value).__name__} without an escaping filter"
    )


def _docstring(text: SpecText | str | None, indent: int = 0) -> Code:
    return untrusted.docstring(text, indent)


def _full_docstring(text: SpecText | str | None, indent: int = 0) -> Code:
    return untrusted.full_docstring(text, indent)


def _identifier(name: object) -> Code:
    if not isinstance(name, str):
        # Spec names become identifiers only through generator.naming, in the model builder.
        raise UnsafeOutputError(f"the identifier filter takes a name, not a {type(name).__name__}")
    return untrusted.identifier(name)


def _refusing_errors(escape: Callable[..., Code]) -> Callable[..., Code]:
    """A filter whose refusal (a ValueError) fails the render with a message, not a traceback."""

    def checked(*args: Any) -> Code:
        try:
            return escape(*args)
        except ValueError as exc:
            raise UnsafeOutputError(str(exc)) from None

    return checked


FILTERS: dict[str, Callable[..., Code]] = {
    name: _refusing_errors(escape)
    for name, escape in {
        "pystr": untrusted.string_literal,
        "url_template": untrusted.url_template,
        "docstring": _docstring,
        "full_docstring": _full_docstring,
        "comment": untrusted.comment,
        "markdown": untrusted.markdown_text,
        "markdown_code": untrusted.markdown_code,
        "toml": untrusted.toml_string,
        "identifier": _identifier,
    }.items()
}


@dataclass(frozen=True)
class TemplateSet:
    """Which template renders to which output file, relative to the distribution root."""

    package: str

    def outputs(self) -> list[tuple[str, str]]:
        pkg = self.package
        return [
            ("dist/pyproject.toml.jinja", "pyproject.toml"),
            ("dist/README.md.jinja", "README.md"),
            ("package/__init__.py.jinja", f"{pkg}/__init__.py"),
            ("package/_version.py.jinja", f"{pkg}/_version.py"),
            ("package/_codec.py.jinja", f"{pkg}/_codec.py"),
            ("package/_exceptions.py.jinja", f"{pkg}/_exceptions.py"),
            ("package/_policy.py.jinja", f"{pkg}/_policy.py"),
            ("package/_client_base.py.jinja", f"{pkg}/_client_base.py"),
            ("package/_governor.py.jinja", f"{pkg}/_governor.py"),
            ("package/_bulk.py.jinja", f"{pkg}/_bulk.py"),
            ("package/models.py.jinja", f"{pkg}/models.py"),
            ("package/_client.py.jinja", f"{pkg}/_client.py"),
            ("package/py.typed.jinja", f"{pkg}/py.typed"),
        ]

    def preformatted(self, user_templates: Path | None) -> frozenset[str]:
        """Outputs already in black's style, so formatting can leave them alone.

        These runtime modules print nothing from the spec but the header comment, and are
        stored black-formatted; a test checks that black leaves their output unchanged. A
        user's override of one of them is formatted like any other file.
        """
        return self._built_in_outputs(PREFORMATTED_TEMPLATES, user_templates)

    def black_styled(self, user_templates: Path | None) -> frozenset[str]:
        """Outputs whose templates render black's style, so that black needs to see only the
        statements where spec text might break it (see :mod:`generator.canonical`).

        A user's template (or one overriding a template it includes) carries no such promise.
        """
        return self._built_in_outputs(BLACK_STYLED_TEMPLATES, user_templates)

    def _built_in_outputs(
        self, templates: Mapping[str, tuple[str, ...]], user_templates: Path | None
    ) -> frozenset[str]:
        """Outputs of ``templates`` rendered by the built-in templates alone: neither a
        template nor one it includes is overridden in ``user_templates``."""

        def overridden(template: str) -> bool:
            names = (template, *templates[template])
            return user_templates is not None and any(
                (user_templates / name).is_file() for name in names
            )

        return frozenset(
            output
            for template, output in self.outputs()
            if template in templates and not overridden(template)
        )


# Each black-styled template, with the templates it includes.
BLACK_STYLED_TEMPLATES: dict[str, tuple[str, ...]] = {
    "package/__init__.py.jinja": (),
    "package/_version.py.jinja": (),
    "package/_exceptions.py.jinja": (),
    "package/models.py.jinja": (),
    "package/_client.py.jinja": ("package/_client_class.py.jinja",),
}

# Each preformatted template (none includes another).
PREFORMATTED_TEMPLATES: dict[str, tuple[str, ...]] = {
    "package/_codec.py.jinja": (),
    "package/_policy.py.jinja": (),
    "package/_client_base.py.jinja": (),
    "package/_governor.py.jinja": (),
    "package/_bulk.py.jinja": (),
}


def make_environment(user_templates: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        if not user_templates.is_dir():
            raise ConfigError(f"templates directory does not exist: {user_templates}")
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates_dir())))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(FILTERS)
    # Layout of bracketed code by length, so that black finds nothing to change.
    environment.globals.update(layout=layout.bracketed, assignment=layout.assignment)
    return environment


def _model_imports(client: ClientDef) -> tuple[Code, ...]:
    annotations = " ".join(str(f.annotation()) for model in client.models for f in model.fields)
    wanted = []
    if "_dt." in annotations:
        wanted.append(Code("import datetime as _dt"))
    if "_t." in annotations:
        wanted.append(Code("import typing as _t"))
    if "_uuid." in annotations:
        wanted.append(Code("import uuid as _uuid"))
    return tuple(wanted)


def _client_imports(client: ClientDef) -> tuple[Code, ...]:
    text = " ".join(
        " ".join(op.signature()) + " " + op.return_annotation for op in client.operations
    )
    text += " ".join(
        " ".join(op.bulk.signature(True)) for op in client.operations if op.bulk is not None
    )
    wanted = []
    if "_dt." in text:
        wanted.append(Code("import datetime as _dt"))
    if "_uuid." in text:
        wanted.append(Code("import uuid as _uuid"))
    return tuple(wanted)


def _client_stdlib_imports(client: ClientDef) -> tuple[Code, ...]:
    """The client module's plain ``import`` lines, in the order isort wants them."""
    return tuple(sorted((Code("import typing as _t"), *_client_imports(client))))


def _used_model_names(client: ClientDef) -> tuple[Code, ...]:
    """Model and enum classes the client module refers to, so it imports exactly those."""
    import re

    text = " ".join(
        " ".join(op.signature())
        + f" {op.return_annotation} {op.body_expression()} {op.body_codec()} "
        + f"{op.params_expression()} "
        + " ".join(str(r.codec()) for r in op.responses)
        + (f" {op.error_response.codec()}" if op.error_response else "")
        + (f" {' '.join(op.bulk.signature(True))}" if op.bulk is not None else "")
        for op in client.operations
    )
    names = {m.class_name for m in client.models} | {e.class_name for e in client.enums}
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)) & names
    return tuple(untrusted.identifier(name) for name in sorted(used, key=import_sort_key))


def _error_annotation(client: ClientDef) -> tuple[Code, Code | None]:
    types = {
        op.error_response.type
        for op in client.operations
        if op.error_response and op.error_response.type
    }
    if len(types) == 1:
        only = next(iter(types))
        annotation = only.annotation()
        if isinstance(only, (ModelType, EnumType)):
            return annotation, Code(f"from .models import {annotation}")
        if isinstance(only, PrimitiveType) and annotation in _BUILTIN_ANNOTATIONS:
            # A plain string (or number...) error body: a builtin, imported from nowhere.
            return annotation, None
    return Code("Any"), None


_BUILTIN_ANNOTATIONS = frozenset({"str", "int", "float", "bool", "bytes"})


NaturalKey = tuple[tuple[int, int, str], ...]


def natural_key(text: str) -> NaturalKey:
    """``text`` in ruff's natural order: runs of digits compare as numbers (``Item_2`` before
    ``Item_10``), and a digit sorts before any other character."""
    return tuple(
        (0, int(run), "") if run.isdigit() else (1, 0, run) for run in re.findall(r"\d+|\D+", text)
    )


def import_sort_key(name: str) -> tuple[int, NaturalKey, NaturalKey]:
    """The order ruff's isort wants names in ``from x import (...)``: by type, then ignoring
    case (``__all__`` is sorted with case, see :func:`isort_key`)."""
    kind, _ = isort_key(name)
    return kind, natural_key(name.lower()), natural_key(name)


def isort_key(name: str) -> tuple[int, NaturalKey]:
    """The order ruff's isort and RUF022 expect: CONSTANTS, then Classes, then the rest."""
    if name.isupper() and len(name) > 1:
        return 0, natural_key(name)
    if name[:1].isupper():
        return 1, natural_key(name)
    return 2, natural_key(name)


def _sorted_names(names: list[str]) -> tuple[Code, ...]:
    return tuple(untrusted.identifier(name) for name in sorted(names, key=isort_key))


def _readme_operations(client: ClientDef) -> tuple[OperationDef, ...]:
    """Up to three operations for the README's first example, runnable ones first."""
    ranked = sorted(client.operations, key=lambda op: not op.example_runnable)
    return tuple(ranked[:3])


def _readme_imports(client: ClientDef) -> tuple[Code, ...]:
    import re

    text = " ".join(str(op.example_call) for op in _readme_operations(client))
    names = {m.class_name for m in client.models} | {e.class_name for e in client.enums}
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)) & names
    return (client.client_class, *(Code(name) for name in sorted(used)))


def render(
    client: ClientDef, *, header: Code, markdown_header: Code, user_templates: Path | None = None
) -> dict[str, str]:
    """Render every output file; keys are POSIX paths relative to the distribution root."""
    environment = make_environment(user_templates)
    error_annotation, error_import = _error_annotation(client)
    context: dict[str, Any] = {
        "readme_operations": _readme_operations(client),
        "readme_imports": _readme_imports(client),
        "has_bulk": any(op.bulk is not None for op in client.operations),
        "client": client,
        "header": header,
        "markdown_header": markdown_header,
        "package": client.package,
        "model_imports": _model_imports(client),
        "client_imports": _client_imports(client),
        "client_stdlib_imports": _client_stdlib_imports(client),
        "client_models": _used_model_names(client),
        "error_annotation": error_annotation,
        "error_import": error_import,
        "model_names": _sorted_names(
            [str(m.class_name) for m in client.models] + [str(e.class_name) for e in client.enums]
        ),
        "model_import_names": tuple(
            untrusted.identifier(name)
            for name in sorted(
                [str(m.class_name) for m in client.models]
                + [str(e.class_name) for e in client.enums],
                key=import_sort_key,
            )
        ),
        "client_names": _sorted_names([str(client.client_class), str(client.async_client_class)]),
        "exports": _sorted_names(
            [str(m.class_name) for m in client.models]
            + [str(e.class_name) for e in client.enums]
            + [str(client.client_class), str(client.async_client_class), *RUNTIME_EXPORTS]
        ),
    }
    rendered: dict[str, str] = {}
    for template_name, output in TemplateSet(str(client.package)).outputs():
        try:
            template = environment.get_template(template_name)
            rendered[output] = template.render(context)
        except jinja2.TemplateError as exc:
            raise ConfigError(f"template {template_name}: {exc}") from None
    return rendered
