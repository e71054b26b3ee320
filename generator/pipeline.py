"""The stages in order: load -> validate -> build -> render -> format, for one target.

The previous run's cache (see :mod:`.manifest`) lets two kinds of work be skipped: the whole
pipeline when no input changed and the output is intact (:func:`unchanged_since_cache`), and
black for every file whose rendered text is the same as last time (inside
:func:`generate_tree`). A stale or missing cache only means the work is done again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import Target
from .manifest import MANIFEST_NAME, Cache, Manifest, digest, fingerprint
from .output import existing_files

if TYPE_CHECKING:
    from .openapi import DocumentSet, Spec
    from .render import TemplateSet
    from .untrusted import Code
    from .upstream import BoundedValidation

# Generated files' headers wrap the regeneration command at black's line length, so that the
# generated package passes a line-length check.
_HEADER_WIDTH = 88


@dataclass(frozen=True)
class GeneratedTree:
    files: dict[str, bytes]
    warnings: tuple[str, ...]
    formatted: int
    # What the next run may reuse (written only by generate, never compared).
    cache: Cache | None = None
    # The spec's files, as loaded.
    sources: tuple[Path, ...] = ()


def _templates_dir() -> Path:
    from .render import builtin_templates_dir

    return builtin_templates_dir()


def _source_bytes(target: Target, labels: tuple[str, ...]) -> dict[str, bytes] | None:
    base = target.spec.parent
    sources: dict[str, bytes] = {}
    for label in labels:
        try:
            sources[label] = (base / label).read_bytes()
        except OSError:
            return None
    return sources


def _fingerprint(target: Target, sources: dict[str, bytes]) -> str:
    return fingerprint(
        sources=sources,
        package=target.package,
        options=target.options,
        templates_dir=_templates_dir(),
        user_templates=target.templates,
    )


def unchanged_since_cache(target: Target, on_disk: dict[str, bytes]) -> bool:
    """True when no input changed since the cache was written and no output file was touched.

    This path imports neither Jinja2, PyYAML, the spec validator nor black, so it costs
    milliseconds; any doubt (no cache, a different input, an edited file) returns False and
    the caller runs the full pipeline.
    """
    cache = Cache.read(target.output)
    if cache is None or set(on_disk) != set(cache.files) | {MANIFEST_NAME}:
        return False
    expected = Manifest({path: output for path, (_, output) in cache.files.items()})
    if on_disk[MANIFEST_NAME] != expected.to_bytes():
        return False
    sources = _source_bytes(target, cache.sources)
    if sources is None or target.spec.name not in sources:
        return False
    if _fingerprint(target, sources) != cache.inputs:
        return False
    return all(digest(on_disk[path]) == output for path, (_, output) in cache.files.items())


def load_and_validate(target: Target) -> tuple[Spec, tuple[str, ...]]:
    """The checked spec, and warnings about what in it the generator will ignore."""
    from .loader import load_document
    from .openapi import DocumentSet
    from .validate import validate_document

    document = load_document(target.spec, target.spec_label)
    return validate_document(DocumentSet(document))


@dataclass(frozen=True)
class Rendered:
    files: dict[str, str]
    sources: dict[str, bytes]
    warnings: tuple[str, ...]
    # Every file of the spec, as loaded.
    paths: tuple[Path, ...] = ()
    # Which template rendered each file; None: only the files every package has.
    template_set: TemplateSet | None = None


def _validate_in_background(documents: DocumentSet) -> BoundedValidation:
    """Start openapi-spec-validator in a child; its ``wait`` gives the verdict.

    Validation is the slowest stage before formatting (seconds on a large spec) and needs
    none of the later stages, so it runs beside build and render. The parent also never
    imports the validator, which keeps the memory that formatting's workers inherit small.
    It runs under a time and memory budget (``upstream.py``); past it, a warning says so.
    """
    from .upstream import BoundedValidation

    return BoundedValidation(documents)


def render_target(target: Target) -> Rendered:
    """Load, validate, build and render, waiting for validation to finish."""
    rendered, validation = _render_while_validating(target)
    return Rendered(
        files=rendered.files,
        sources=rendered.sources,
        warnings=(*validation.wait(), *rendered.warnings),
        template_set=rendered.template_set,
    )


def _render_while_validating(target: Target) -> tuple[Rendered, BoundedValidation]:
    """Load, build and render while openapi-spec-validator runs in a child; also returns
    the validation, whose ``wait`` gives its warnings (or raises its error).

    Only text leaves, so the intermediate model is garbage before formatting starts."""
    from .build import build_client
    from .loader import load_document
    from .openapi import DocumentSet
    from .render import render_files
    from .validate import check_structure

    document = load_document(target.spec, target.spec_label)
    documents = DocumentSet(document)
    spec = check_structure(documents)
    validation = _validate_in_background(documents)
    try:
        client = build_client(spec, package=target.package, spec_source=target.spec_label)
    except Exception:
        # An invalid document may break the builder in confusing ways; its validation
        # error is the one to report.
        validation.wait()
        raise
    header, markdown_header = generated_headers(target)
    rendered, template_set = render_files(
        client,
        header=header,
        markdown_header=markdown_header,
        user_templates=target.templates,
    )
    base = target.spec.parent.resolve()
    sources: dict[str, bytes] = {}
    for document in documents.loaded():
        try:
            label = document.path.resolve().relative_to(base).as_posix()
        except ValueError:
            label = document.path.name
        sources[label] = document.path.read_bytes()
    from .overrides import unknown_overrides

    warnings = (
        *client.warnings,
        *(f"{target.spec_label}: renamed {rename}" for rename in client.renames),
        *unknown_overrides(target.templates, _templates_dir()),
    )
    paths = tuple(document.path for document in documents.loaded())
    result = Rendered(
        files=rendered, sources=sources, warnings=warnings, paths=paths, template_set=template_set
    )
    return result, validation


def generated_headers(target: Target) -> tuple[Code, Code]:
    """The header of every generated Python file and of the README: the spec it came from and
    the command that regenerates it, with the options this run was given (paths relative to
    the project, so no header names a path of one machine)."""
    import shlex

    from .untrusted import Code, comment, html_comment

    first = f"Generated by apiwright {__version__} from"
    notice = "Do not edit; change the spec or templates and run:"
    words = ["apiwright", "generate", *(shlex.quote(option) for option in target.options)]
    command = " ".join(words)
    if not target.options:
        lines = [f"# {notice} {command}"]
    elif len(f"#   {command}") <= _HEADER_WIDTH:
        lines = [f"# {notice}", f"#   {comment(command)}"]
    else:
        pairs = [" ".join(words[index : index + 2]) for index in range(2, len(words), 2)]
        lines = [f"# {notice}", "#   apiwright generate \\"]
        lines += [f"#     {comment(pair)} \\" for pair in pairs[:-1]]
        lines.append(f"#     {comment(pairs[-1])}")
    python = "\n".join([f"# {first}", f"#   {comment(target.spec_label)}", *lines])
    # Paths are the user's text: escaped so that they cannot end the HTML comment.
    markdown = f"{first} {html_comment(target.spec_label)}. {notice} {html_comment(command)}"
    return Code(python), Code(f"<!-- {markdown} -->")


def generate_tree(target: Target, on_disk: dict[str, bytes] | None = None) -> GeneratedTree:
    """Everything the output directory should contain, as bytes, computed in memory."""
    import gc

    # Validation goes on in a child while this process formats; nothing is written before
    # it has passed.
    result, validation = _render_while_validating(target)
    gc.collect()
    # The spec data stays alive until validation has answered; frozen, it is not traversed
    # again by every collection the formatting stage's allocations set off.
    gc.freeze()
    try:
        return _format_rendered(target, result, validation, on_disk)
    finally:
        gc.unfreeze()


def _reusable(
    target: Target, rendered_digests: dict[str, str], on_disk: dict[str, bytes]
) -> dict[str, str]:
    """Files whose rendered text is what the cache says the last run rendered, and whose bytes
    on disk are what it wrote: formatting them again would give the same bytes."""
    previous = Cache.read(target.output) if on_disk else None
    if previous is None:
        return {}
    reused: dict[str, str] = {}
    for path, rendered_digest in rendered_digests.items():
        entry = previous.files.get(path)
        disk = on_disk.get(path)
        if entry is not None and entry[0] == rendered_digest and disk is not None:
            if digest(disk) == entry[1]:
                reused[path] = disk.decode("utf-8")
    return reused


def _format_rendered(
    target: Target,
    result: Rendered,
    validation: BoundedValidation,
    on_disk: dict[str, bytes] | None,
) -> GeneratedTree:
    import os

    from .formatting import format_files
    from .render import TemplateSet

    rendered, sources = result.files, result.sources
    on_disk = on_disk if on_disk is not None else existing_files(target.output)
    rendered_digests = {path: digest(text.encode("utf-8")) for path, text in rendered.items()}
    reused = _reusable(target, rendered_digests, on_disk)
    template_set = result.template_set or TemplateSet(target.package)
    preformatted = template_set.preformatted(target.templates)
    formatted = format_files(
        {p: t for p, t in rendered.items() if p not in reused},
        preformatted,
        template_set.black_styled(target.templates),
        # The validator, while it runs, keeps a CPU busy.
        cpus=(os.cpu_count() or 1) - (1 if validation.running() else 0),
    )
    formatted_count = sum(
        1 for path in formatted if path.endswith(".py") and path not in preformatted
    )
    # Each text is let go as soon as the next form of it exists (on a large spec, each
    # generation of the files is some 10 MB): this stage owns what rendering produced.
    rendered.clear()
    # The validator's answer comes before the files are encoded: its memory is gone by then.
    warnings = (*validation.wait(), *result.warnings)
    final = {**formatted, **reused}
    del formatted, reused
    files: dict[str, bytes] = {}
    for path in sorted(final):
        files[path] = final.pop(path).encode("utf-8")
    cache = Cache(
        inputs=_fingerprint(target, sources),
        sources=tuple(sorted(sources)),
        files={path: (rendered_digests[path], digest(content)) for path, content in files.items()},
    )
    files[MANIFEST_NAME] = Manifest.of(files).to_bytes()
    return GeneratedTree(
        files=files,
        warnings=warnings,
        formatted=formatted_count,
        cache=cache,
        sources=result.paths,
    )
