"""A user's template directory (``--templates``): its mistakes are reported as the user's.

A built-in template that fails is a bug in apiwright; a user's template that fails to render,
or renders something that is not Python, is bad input: one error naming the template file and
line. A file in the directory that overrides no built-in template (a misspelled name) would be
ignored silently, so it is a warning naming the nearest built-in name.
"""

from __future__ import annotations

import ast
import difflib
import traceback
from collections.abc import Iterable
from pathlib import Path

from .errors import ConfigError


def _label(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _names(directory: Path) -> list[str]:
    return sorted(
        path.relative_to(directory).as_posix()
        for path in directory.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def unknown_overrides(user_templates: Path | None, builtin: Path) -> tuple[str, ...]:
    """One warning per file in ``user_templates`` that overrides no built-in template."""
    if user_templates is None or not user_templates.is_dir():
        return ()
    from .runtime_files import runtime_modules

    # Runtime modules are real Python files, not templates, yet a user may replace one.
    known = sorted({*_names(builtin), *(m.template_name for m in runtime_modules().values())})
    warnings = []
    for name in _names(user_templates):
        if name in known:
            continue
        nearest = difflib.get_close_matches(name, known, n=1, cutoff=0)
        hint = f"; did you mean {nearest[0]}?" if nearest else ""
        warnings.append(
            f"{_label(user_templates / name)} overrides no built-in template and is not used{hint}"
        )
    return tuple(warnings)


def render_failure(error: BaseException, user_templates: Path | None) -> ConfigError | None:
    """The user's error when ``error`` was raised while running one of their templates."""
    if user_templates is None:
        return None
    directory = user_templates.resolve()
    located: tuple[Path, int] | None = None
    filename = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    if isinstance(filename, str) and isinstance(line, int):
        located = (Path(filename), line)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename and frame.lineno is not None:
            candidate = Path(frame.filename)
            if candidate.is_absolute() and directory in candidate.resolve().parents:
                located = (candidate, frame.lineno)
    if located is None or directory not in located[0].resolve().parents:
        return None
    message = " ".join(str(getattr(error, "message", None) or error).split()) or "no details"
    return ConfigError(
        f"template failed to render: {type(error).__name__}: {message}",
        file=_label(located[0]),
        line=located[1],
    )


def check_python(
    rendered: dict[str, str],
    templates_of: Iterable[tuple[str, str, tuple[str, ...]]],
    user_templates: Path | None,
) -> None:
    """Refuse a Python output of a user's template that does not parse.

    ``templates_of`` gives, per output, its template and the templates that one includes; the
    error names the first of them the user overrides, and the line in it that holds the
    offending text when that line can be told.
    """
    if user_templates is None:
        return
    for template, output, included in templates_of:
        overridden = [n for n in (template, *included) if (user_templates / n).is_file()]
        if not overridden or not output.endswith(".py") or output not in rendered:
            continue
        try:
            ast.parse(rendered[output], filename=output)
        except SyntaxError as exc:
            template_file = user_templates / overridden[0]
            bad_line = (rendered[output].splitlines() or [""])[max((exc.lineno or 1) - 1, 0)]
            raise ConfigError(
                f"template renders invalid Python for {output} (its line {exc.lineno}:"
                f" {exc.msg}); fix the template",
                file=_label(template_file),
                line=_line_holding(template_file, bad_line),
            ) from None


def _line_holding(template: Path, text: str) -> int | None:
    """The one line of ``template`` that holds ``text``, if exactly one does."""
    wanted = text.strip()
    if not wanted:
        return None
    lines = template.read_text(encoding="utf-8", errors="replace").splitlines()
    found = [number for number, line in enumerate(lines, 1) if line.strip() == wanted]
    return found[0] if len(found) == 1 else None
