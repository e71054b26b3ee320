"""Stage 4: print the intermediate model through Jinja2 templates into ``{path: text}``.

Templates receive the printer's views of the model (``generator.emit``): the model's fields,
plus expressions already laid out for their place; each module's imports come from
:mod:`generator.emit.imports`.

The environment is built so that a template cannot print spec text raw: ``finalize`` accepts
only :class:`~generator.untrusted.Code`, numbers and booleans, so ``{{ schema.description }}``
fails the run, while ``{{ schema.description | docstring }}`` works.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import overrides, readme, runtime_files, testing_module, untrusted
from .emit import chunks, imports, layout, split
from .emit.client import ClientView
from .emit.modules import ClientModule, client_modules
from .emit.operations import OperationView, PagingView
from .emit.split import CLIENT_MODULE
from .errors import ConfigError
from .model import ClientDef, OperationDef
from .template_cache import template_cache
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
    if isinstance(value, jinja2.Undefined):
        # Printing it raises the error that names what is undefined.
        str(value)
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
    """Which template renders to which output file, relative to the distribution root.

    ``modules`` are the modules a large client and its fake are split into (template and
    module name, see :mod:`generator.emit.split`) and the chunks of a large API's models (see
    :mod:`generator.emit.chunks`), beside the files every package has.
    """

    package: str
    modules: tuple[tuple[str, str], ...] = ()

    def outputs(self) -> list[tuple[str, str]]:
        pkg = self.package
        return [
            ("dist/pyproject.toml.jinja", "pyproject.toml"),
            ("dist/README.md.jinja", "README.md"),
            ("package/__init__.py.jinja", f"{pkg}/__init__.py"),
            ("package/_version.py.jinja", f"{pkg}/_version.py"),
            ("package/models.py.jinja", f"{pkg}/models.py"),
            ("package/_client.py.jinja", f"{pkg}/_client.py"),
            ("package/py.typed.jinja", f"{pkg}/py.typed"),
            ("package/testing.py.jinja", f"{pkg}/testing.py"),
            *((template, f"{pkg}/{module}.py") for template, module in self.modules),
        ]

    def runtime_outputs(self) -> dict[str, str]:
        """Every runtime module's output path, by module name (a package holds those it
        needs, see :func:`generator.runtime_files.needed`)."""
        return {name: f"{self.package}/{name}.py" for name in runtime_files.runtime_modules()}

    def preformatted(self, user_templates: Path | None) -> frozenset[str]:
        """Outputs already in black's style, so formatting can leave them alone.

        The runtime modules print nothing from the spec but the header comment, and are
        kept black-formatted (at the generated packages' line length); a test checks that
        black leaves their output unchanged. A user's template replacing one of them is
        formatted like any other file.
        """
        modules = runtime_files.runtime_modules()
        return frozenset(
            output
            for name, output in self.runtime_outputs().items()
            if user_templates is None
            or not (user_templates / modules[name].template_name).is_file()
        )

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


# The templates every client module includes.
CLIENT_MODULE_INCLUDES = (
    "package/_client_class.py.jinja",
    "package/_client_classes.py.jinja",
    "package/_client_descriptor.py.jinja",
    "package/_client_lazy_imports.py.jinja",
    "package/_client_models.py.jinja",
)
# The templates every module of the testing fake includes.
FAKE_MODULE_INCLUDES = (
    "package/_fake_methods.py.jinja",
    "package/_fake_model_imports.py.jinja",
)
CHUNK_TEMPLATE = "package/_models_chunk.py.jinja"
# Each black-styled template, with the templates it includes.
BLACK_STYLED_TEMPLATES: dict[str, tuple[str, ...]] = {
    "package/__init__.py.jinja": (),
    "package/_version.py.jinja": (),
    "package/models.py.jinja": (
        "package/_models_body.py.jinja",
        "package/_models_facade.py.jinja",
    ),
    "package/_models_init.py.jinja": (),
    CHUNK_TEMPLATE: ("package/_models_body.py.jinja",),
    "package/_client.py.jinja": CLIENT_MODULE_INCLUDES,
    "package/_group.py.jinja": CLIENT_MODULE_INCLUDES,
    "package/_client_part.py.jinja": CLIENT_MODULE_INCLUDES,
    "package/testing.py.jinja": FAKE_MODULE_INCLUDES,
    "package/_fake_part.py.jinja": FAKE_MODULE_INCLUDES,
}


def make_environment(user_templates: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        if not user_templates.is_dir():
            raise ConfigError(f"templates directory does not exist: {user_templates}")
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates_dir())))
    options: dict[str, Any] = {
        "autoescape": False,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        bytecode_cache=template_cache(options),
        **options,
    )
    environment.filters.update(FILTERS)
    # Layout of bracketed code by length, so that black finds nothing to change.
    environment.globals.update(layout=layout.bracketed, assignment=layout.assignment)
    return environment




def _readme_operations(client: ClientDef) -> tuple[OperationDef, ...]:
    """Up to three operations for the README's first example, runnable ones first."""
    ranked = sorted(client.operations, key=lambda op: not op.example_runnable)
    return tuple(ranked[:3])


def _readme_imports(client: ClientDef) -> tuple[Code, ...]:
    used = {name for op in _readme_operations(client) for name in op.example_classes}
    return (client.client_class, *sorted(used))


def _paging_context(client: ClientDef) -> dict[str, Any]:
    paged = tuple(PagingView(op.paging) for op in client.operations if op.paging is not None)
    return {"has_paging": bool(paged), "paged_operations": paged}


def chunk_modules(layout: chunks.ModelLayout) -> tuple[tuple[str, str], ...]:
    """The ``_models`` package of a chunked layout, as (template, module) pairs: its
    ``__init__`` and one module per chunk."""
    if not layout.chunked:
        return ()
    return (
        ("package/_models_init.py.jinja", f"{chunks.CHUNK_PACKAGE}/__init__"),
        *((CHUNK_TEMPLATE, f"{chunks.CHUNK_PACKAGE}/{chunk.name}") for chunk in layout.chunks),
    )


def _models_context(client: ClientDef, layout: chunks.ModelLayout) -> dict[str, Any]:
    """What the models module (one, or a facade over chunks) and the modules that name
    models print; see :mod:`generator.emit.chunks`."""
    return {
        "lazy_models": layout.chunked,
        "model_chunks": layout.chunks,
        "models_module": chunks.ModelModuleView(
            client.models, client.enums, layout, aliases=client.aliases
        ),
        "facade": chunks.FacadeView(layout),
    }


def _chunk_contexts(
    client: ClientDef, layout: chunks.ModelLayout
) -> dict[str, dict[str, Any]]:
    """What each chunk module's template sees besides the shared context, by output path."""
    return {
        f"{client.package}/{chunks.CHUNK_PACKAGE}/{chunk.name}.py": {
            "chunk": chunks.ModelModuleView(
                chunk.models, chunk.enums, layout, chunk.name, chunk.aliases
            ),
        }
        for chunk in layout.chunks
    }


def render(
    client: ClientDef, *, header: Code, markdown_header: Code, user_templates: Path | None = None
) -> dict[str, str]:
    """Render every output file; keys are POSIX paths relative to the distribution root."""
    return render_files(
        client, header=header, markdown_header=markdown_header, user_templates=user_templates
    )[0]


def render_files(
    client: ClientDef, *, header: Code, markdown_header: Code, user_templates: Path | None = None
) -> tuple[dict[str, str], TemplateSet]:
    """Every output file, and which template rendered each (a large client is spread over
    modules whose names depend on the spec)."""
    environment = make_environment(user_templates)
    has_bulk = any(op.bulk is not None for op in client.operations)
    has_paging = any(op.paging is not None for op in client.operations)
    layout = split.plan_client(client)
    model_layout = chunks.model_layout(client)
    refs = chunks.references(model_layout)
    fake = testing_module.plan_fake(client, layout)
    modules = client_modules(client, layout, refs)
    context = _context(client, header, markdown_header, layout, model_layout)
    package = str(client.package)
    # Per output, what its template sees besides the shared context.
    own: dict[str, dict[str, Any]] = {
        f"{package}/{module.output}": _client_module_context(client, module, model_layout)
        for module in modules
    }
    own.update(_chunk_contexts(client, model_layout))
    own[f"{package}/testing.py"] = testing_module.context(client, fake, _readme_operations(client))
    for part in fake.parts:
        own[f"{package}/{part.module}.py"] = testing_module.part_context(client, part)
    template_set = TemplateSet(
        package,
        modules=(
            *((module.template, str(module.name)) for module in modules[1:]),
            *(("package/_fake_part.py.jinja", str(part.module)) for part in fake.parts),
            *chunk_modules(model_layout),
        ),
    )
    outputs = template_set.outputs()
    rendered: dict[str, str] = {}
    for template_name, output in outputs:
        rendered[output] = _render_one(
            environment, template_name, {**context, **own.get(output, {})}, user_templates
        )
    rendered.update(
        _runtime_outputs(
            environment, context, client, header, (has_bulk, has_paging), user_templates
        )
    )
    runtime = runtime_files.runtime_modules()
    overrides.check_python(
        rendered,
        [
            *((name, output, BLACK_STYLED_TEMPLATES.get(name, ())) for name, output in outputs),
            *(
                (runtime[name].template_name, output, ())
                for name, output in TemplateSet(package).runtime_outputs().items()
            ),
        ],
        user_templates,
    )
    return rendered, template_set


def _client_module_context(
    client: ClientDef, module: ClientModule, model_layout: chunks.ModelLayout
) -> dict[str, Any]:
    """What one client module's template prints besides the shared context: the module, and
    the imports its own operations need (models it names at run time, or, where models load
    on first use, those its annotations name, for type checkers)."""
    stdlib = imports.client_stdlib_imports(module.operations)
    error_models = client.error_models if module.name == CLIENT_MODULE else ()
    if not module.operations and not module.lazy_imports and not error_models:
        stdlib = ()  # a client whose methods all sit in mixins names no ``_t``
    lazy = model_layout.chunked
    names = imports.client_annotated_names if lazy else imports.client_model_names
    return {
        "module": module,
        "client_stdlib_imports": stdlib,
        "client_models": names(module.operations, error_models),
        "has_bulk": any(op.bulk is not None for op in module.operations),
        "has_paging": any(op.paging is not None for op in module.operations),
    }


def _render_one(
    environment: jinja2.Environment,
    template_name: str,
    context: dict[str, Any],
    user_templates: Path | None,
) -> str:
    try:
        return environment.get_template(template_name).render(context)
    except Exception as exc:
        users = overrides.render_failure(exc, user_templates)
        if users is not None:
            raise users from None
        if isinstance(exc, jinja2.TemplateError):
            raise ConfigError(f"template {template_name}: {exc}") from None
        raise


def _context(
    client: ClientDef,
    header: Code,
    markdown_header: Code,
    layout: split.ClientLayout,
    model_layout: chunks.ModelLayout,
) -> dict[str, Any]:
    """What every template sees."""
    has_bulk = any(op.bulk is not None for op in client.operations)
    runtime_exports = runtime_files.package_exports()
    readme_operations = _readme_operations(client)
    model_names = list(client.model_module_names)
    client_names = [str(client.client_class), str(client.async_client_class)]
    if client.error_models:
        client_names.append("error_model")
    return {
        **testing_module.readme_context(client, readme_operations),
        **_paging_context(client),
        "readme_operations": tuple(OperationView(op) for op in readme_operations),
        "readme": readme.readme(client, readme_operations[0] if readme_operations else None),
        "lazy_exports": imports.sorted_names(list(runtime_files.lazy_exports(has_bulk))),
        "readme_imports": _readme_imports(client),
        "has_bulk": has_bulk,
        "client": ClientView(client, layout, chunks.references(model_layout)),
        **_models_context(client, model_layout),
        "header": header,
        "markdown_header": markdown_header,
        "package": client.package,
        "runtime_imports": imports.runtime_imports(runtime_exports),
        "model_names": imports.sorted_names(model_names),
        "model_import_names": tuple(
            untrusted.identifier(name) for name in sorted(model_names, key=imports.import_sort_key)
        ),
        "client_names": imports.sorted_names(client_names),
        "exports": imports.sorted_names(
            model_names
            + [*client_names, "__version__"]
            + [name for names in runtime_exports.values() for name in names]
            + list(runtime_files.lazy_exports(has_bulk))
        ),
    }


def _runtime_outputs(
    environment: jinja2.Environment,
    context: dict[str, Any],
    client: ClientDef,
    header: Code,
    needs: tuple[bool, bool],
    user_templates: Path | None,
) -> dict[str, str]:
    """The runtime modules the package needs, each under the header; a user's template
    of the same name (``package/_codec.py.jinja``) replaces a module."""
    modules = runtime_files.runtime_modules()
    outputs = TemplateSet(str(client.package)).runtime_outputs()
    templates = set(environment.list_templates())
    rendered: dict[str, str] = {}
    for name in runtime_files.needed(*needs):
        module = modules[name]
        if module.template_name not in templates:
            rendered[outputs[name]] = f"{header}\n{module.source}"
            continue
        rendered[outputs[name]] = _render_one(
            environment, module.template_name, context, user_templates
        )
    return rendered

