"""Where a run's settings come from: the command line, else ``[tool.apiwright]`` in pyproject.toml.

The table holds one target (``spec``, ``output``, ``package``, optional ``templates``) or a list
of them under ``[[tool.apiwright.targets]]``; relative paths are relative to the pyproject file.
Everything is validated before any work starts: an unknown key or table, a value of the wrong
type, a package name that cannot be imported or would shadow a module the client needs, and two
targets writing to one directory are each one located error.
"""

from __future__ import annotations

import difflib
import keyword
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .tomlpos import line_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

TOOL_NAME = "apiwright"
TARGET_KEYS = {"spec": str, "output": str, "package": str, "templates": str, "strict": bool}
TABLE_KEYS = {**TARGET_KEYS, "targets": list}
# Keys of the table that may stand beside [[targets]], applying to every target.
SHARED_KEYS = frozenset({"strict"})
# What a generated package imports at run time besides the standard library: a package of the
# same name would be imported instead of it (httpx and the distributions httpx depends on).
RUNTIME_MODULES = frozenset(
    {"httpx", "httpcore", "h11", "anyio", "sniffio", "idna", "certifi", "typing_extensions"}
    | {"exceptiongroup"}
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Where in [tool.apiwright] a table sits: () for the table itself, ("targets", 2) for the third.
_At = tuple[str | int, ...]


@dataclass(frozen=True)
class Target:
    """One spec and the distribution generated from it.

    ``options`` are the command-line options that chose this target, as the generated files'
    header repeats them: paths relative to ``root`` (or just their name when outside it), so
    that no header names a path of one machine.
    """

    spec: Path
    output: Path
    package: str
    root: Path
    templates: Path | None = None
    config: Path | None = None
    options: tuple[str, ...] = ()
    # Every warning is an error (exit 2, nothing written): for teams that want a gate.
    strict: bool = False

    @property
    def spec_label(self) -> str:
        """The spec's path as printed in generated headers: relative, never machine-specific."""
        return _root_relative(self.spec, self.root)

    @property
    def output_label(self) -> str:
        """The output directory as messages name it: relative to the working directory when
        close to it, else absolute."""
        output = self.output.resolve()
        try:
            relative = Path(os.path.relpath(output, Path.cwd().resolve()))
        except ValueError:  # another drive
            return str(output)
        if relative.parts[:3].count("..") <= 2:
            return relative.as_posix()
        return str(output)


def _root_relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() or "."
    except ValueError:
        return path.name


def find_pyproject(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class _Source:
    """The configuration file, its text (for line numbers) and its ``[tool.apiwright]`` table."""

    path: Path
    text: str
    table: dict[str, Any]

    @property
    def label(self) -> str:
        try:
            return self.path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return str(self.path)

    def error(self, message: str, path: _At = ()) -> ConfigError:
        line = line_of(self.text, ("tool", TOOL_NAME, *path)) if path else None
        return ConfigError(message, file=self.label, line=line)


def _read(pyproject: Path) -> _Source:
    try:
        text = pyproject.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(
            f"cannot read {pyproject.name}: {exc.strerror}", file=str(pyproject)
        ) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", file=str(pyproject)) from None
    tool = data.get("tool", {})
    table = tool.get(TOOL_NAME, {}) if isinstance(tool, dict) else {}
    source = _Source(pyproject, text, {})
    if not isinstance(table, dict):
        raise source.error(f"[tool.{TOOL_NAME}] must be a table", ())
    return _Source(pyproject, text, table)


def _describe(key: str, value: object, where: str) -> str:
    """How an unknown entry looks in the file: a key, a table or an array of tables."""
    if isinstance(value, list) and value and _all_tables(value):
        return f"[[{where}.{key}]]"
    if isinstance(value, dict):
        return f"[{where}.{key}]"
    return f"key {key!r} in [{where}]"


def _unknown(source: _Source, key: str, value: object, known: Mapping[str, type], at: _At) -> None:
    where = f"tool.{TOOL_NAME}" if not at else f"tool.{TOOL_NAME}.targets"
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.5)
    if close:
        nearest = close[0]
        spelled = f"[[{where}.{nearest}]]" if known[nearest] is list else repr(nearest)
        hint = f"did you mean {spelled}?"
    else:
        hint = "known keys: " + ", ".join(sorted(known))
    described = _describe(key, value, where)
    kind = "" if described.startswith("key") else "table "
    raise source.error(f"unknown {kind}{described}; {hint}", (*at, key))


_TYPE_NAMES: dict[type, str] = {str: "a string", list: "an array of tables", bool: "true or false"}


def _check_entries(
    source: _Source, entries: dict[str, Any], known: Mapping[str, type], at: _At
) -> None:
    for key, value in entries.items():
        if key not in known:
            _unknown(source, key, value, known, at)
        expected = known[key]
        if not isinstance(value, expected) or (isinstance(value, list) and not _all_tables(value)):
            where = f"[tool.{TOOL_NAME}]" if not at else f"target {int(at[-1]) + 1}"
            raise source.error(f"{key!r} in {where} must be {_TYPE_NAMES[expected]}", (*at, key))


def _all_tables(value: list[Any]) -> bool:
    return all(isinstance(item, dict) for item in value)


def _validate(source: _Source) -> list[dict[str, Any]]:
    """The target tables of a checked configuration."""
    table = source.table
    _check_entries(source, table, TABLE_KEYS, ())
    if "targets" not in table:
        return [table]
    beside = sorted((set(table) & set(TARGET_KEYS)) - SHARED_KEYS)
    if beside:
        raise source.error(
            f"{beside[0]!r} is set in [tool.{TOOL_NAME}] beside [[tool.{TOOL_NAME}.targets]]: "
            "move it into each target",
            (beside[0],),
        )
    for index, entry in enumerate(table["targets"]):
        _check_entries(source, entry, TARGET_KEYS, ("targets", index))
    return list(table["targets"])


def package_problem(name: str) -> str | None:
    """Why a generated package cannot be imported as ``name`` without hiding another, if so."""
    if not _IDENTIFIER.match(name):
        return "is not a valid Python identifier (ASCII letters, digits and _, no leading digit)"
    if keyword.iskeyword(name):
        return "is a Python keyword, so it cannot be imported"
    if name in sys.stdlib_module_names:
        return f"would hide the standard library's {name} module"
    if name in RUNTIME_MODULES:
        return f"would hide {name}, which the generated client imports"
    return None


def resolve_targets(
    *,
    spec: str | None,
    output: str | None,
    package: str | None,
    templates: str | None,
    config: str | None,
    strict: bool = False,
) -> tuple[Target, ...]:
    """The run's targets: command-line values override the configuration's."""
    cwd = Path.cwd()
    if config and not Path(config).is_file():
        raise ConfigError(f"configuration file not found: {config}")
    pyproject = Path(config) if config else find_pyproject(cwd)
    source = _read(pyproject) if pyproject is not None else None
    entries: list[dict[str, Any]] = _validate(source) if source is not None else [{}]
    root = pyproject.parent if pyproject is not None else cwd
    given = {"spec": spec, "output": output, "package": package, "templates": templates}
    listed = source is not None and "targets" in source.table
    positions: list[_At | None] = [
        ("targets", index) if listed else () for index in range(len(entries))
    ]
    if spec is not None or output is not None or package is not None:
        if len(entries) > 1 and spec is None:
            raise ConfigError("several targets are configured: pass --spec to pick one")
        entries, positions = ([entries[0]], positions[:1]) if spec is None else ([{}], [None])
    options = _header_options(given, config, root, cwd)
    targets = tuple(
        _target(entry, at, given, source, root, options, strict)
        for entry, at in zip(entries, positions, strict=True)
    )
    _refuse_overlaps(targets, positions, source)
    return targets


def _header_options(
    given: dict[str, str | None], config: str | None, root: Path, cwd: Path
) -> tuple[str, ...]:
    options: list[str] = []
    for name, value in (*given.items(), ("config", config)):
        if value is None:
            continue
        shown = value if name == "package" else _root_relative(cwd / value, root)
        options += [f"--{name}", shown]
    return tuple(options)


def _target(
    entry: dict[str, Any],
    at: _At | None,
    given: dict[str, str | None],
    source: _Source | None,
    root: Path,
    options: tuple[str, ...],
    strict: bool = False,
) -> Target:
    cwd = Path.cwd()

    def setting(key: str, default: str | None = None) -> tuple[str | None, Path]:
        if given[key] is not None:
            return given[key], cwd
        return entry.get(key, default), root

    shared = source.table if source is not None else {}
    spec_value, spec_base = setting("spec")
    if spec_value is None:
        raise ConfigError(f"no spec given: pass --spec or set spec in [tool.{TOOL_NAME}]")
    spec_path = spec_base / spec_value
    output_value, output_base = setting("output", "generated")
    templates_value, templates_base = setting("templates")
    package_value, _ = setting("package")
    if package_value is not None:
        origin = "--package" if given["package"] is not None else "package"
    else:
        from .naming import snake_case

        package_value = snake_case(spec_path.stem, fallback="api_client")
        origin = "from the spec's file name"
    problem = package_problem(package_value)
    if problem is not None:
        message = f"package name {package_value!r} ({origin}) {problem}; choose another name"
        if origin == "package" and source is not None and at is not None:
            raise source.error(message, (*at, "package"))
        raise ConfigError(message)
    return Target(
        spec=spec_path,
        output=output_base / str(output_value),
        package=package_value,
        root=root,
        templates=(templates_base / templates_value) if templates_value else None,
        config=source.path if source is not None else None,
        options=options,
        strict=strict or bool(entry.get("strict", shared.get("strict", False))),
    )


def _refuse_overlaps(
    targets: tuple[Target, ...],
    positions: list[_At | None],
    source: _Source | None,
) -> None:
    """Two targets writing into one directory, or one into the other's, would remove each
    other's files on every run."""
    for later in range(1, len(targets)):
        for earlier in range(later):
            first = targets[earlier].output.resolve()
            second = targets[later].output.resolve()
            if first == second:
                problem = f"targets {earlier + 1} and {later + 1} both write to"
                where = targets[later].output_label
            elif first in second.parents or second in first.parents:
                problem = f"the outputs of targets {earlier + 1} and {later + 1} nest:"
                where = f"{targets[earlier].output_label} and {targets[later].output_label}"
            else:
                continue
            message = f"{problem} {where}; give each target a directory of its own"
            at = positions[later]
            if source is not None and at is not None:
                raise source.error(message, (*at, "output"))
            raise ConfigError(message)
