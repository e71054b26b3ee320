"""Where a run's settings come from: the command line, else ``[tool.apiwright]`` in pyproject.toml.

The table holds one target (``spec``, ``output``, ``package``, optional ``templates``) or a list
of them under ``[[tool.apiwright.targets]]``; relative paths are relative to the pyproject file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .untrusted import identifier

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

TOOL_NAME = "apiwright"


@dataclass(frozen=True)
class Target:
    """One spec and the distribution generated from it."""

    spec: Path
    output: Path
    package: str
    root: Path
    templates: Path | None = None
    # Every warning is an error (exit 2, nothing written): for teams that want a gate.
    strict: bool = False

    @property
    def spec_label(self) -> str:
        """The spec's path as printed in generated headers: relative, never machine-specific."""
        try:
            return self.spec.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return self.spec.name

    @property
    def output_label(self) -> str:
        try:
            return self.output.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
        except ValueError:
            return str(self.output)


def find_pyproject(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _read_table(pyproject: Path) -> dict[str, Any]:
    try:
        with pyproject.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(
            f"cannot read {pyproject.name}: {exc.strerror}", file=str(pyproject)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", file=str(pyproject)) from None
    table = data.get("tool", {}).get(TOOL_NAME, {})
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.{TOOL_NAME}] must be a table", file=str(pyproject))
    return table


def _validate_package(name: str) -> str:
    try:
        identifier(name)
    except ValueError:
        raise ConfigError(f"package name {name!r} is not a valid Python identifier") from None
    return name


def resolve_targets(
    *,
    spec: str | None,
    output: str | None,
    package: str | None,
    templates: str | None,
    config: str | None,
    strict: bool = False,
) -> list[Target]:
    """Targets for this run: command-line values override the configuration's."""
    cwd = Path.cwd()
    pyproject = Path(config) if config else find_pyproject(cwd)
    if config and not Path(config).is_file():
        raise ConfigError(f"configuration file not found: {config}")
    table = _read_table(pyproject) if pyproject is not None else {}
    root = pyproject.parent if pyproject is not None else cwd
    entries: list[dict[str, Any]]
    if isinstance(table.get("targets"), list):
        entries = [entry for entry in table["targets"] if isinstance(entry, dict)]
    else:
        entries = [table]
    if spec is not None or output is not None or package is not None:
        if len(entries) > 1 and spec is None:
            raise ConfigError("several targets are configured: pass --spec to pick one")
        entries = [entries[0] if spec is None else {}]
    targets = []
    for entry in entries:
        spec_value = spec if spec is not None else entry.get("spec")
        if spec_value is None:
            raise ConfigError(f"no spec given: pass --spec or set spec in [tool.{TOOL_NAME}]")
        base = cwd if spec is not None else root
        output_value = output if output is not None else entry.get("output", "generated")
        output_base = cwd if output is not None else root
        package_value = package if package is not None else entry.get("package")
        spec_path = base / str(spec_value)
        if package_value is None:
            from .naming import snake_case

            package_value = snake_case(spec_path.stem, fallback="api_client")
        templates_value = templates if templates is not None else entry.get("templates")
        templates_base = cwd if templates is not None else root
        strict_value = entry.get("strict", table.get("strict", False))
        if not isinstance(strict_value, bool):
            raise ConfigError(f"strict in [tool.{TOOL_NAME}] must be true or false")
        targets.append(
            Target(
                spec=spec_path,
                output=output_base / str(output_value),
                package=_validate_package(str(package_value)),
                root=root,
                templates=(templates_base / str(templates_value)) if templates_value else None,
                strict=strict or strict_value,
            )
        )
    return targets
