"""Generate a client from a spec into a directory and import it, for the generality tests."""

from __future__ import annotations

import importlib
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from generator.build import build
from generator.config import Target
from generator.output import write_tree
from generator.pipeline import generate_tree, load_and_validate


@dataclass(frozen=True)
class Generated:
    """One generated distribution: where it is, its package, and what the generator said."""

    spec: Path
    root: Path
    package: str
    warnings: tuple[str, ...]

    def import_package(self) -> ModuleType:
        if str(self.root) not in sys.path:
            sys.path.insert(0, str(self.root))
        return importlib.import_module(self.package)

    def module(self, name: str) -> ModuleType:
        self.import_package()
        return importlib.import_module(f"{self.package}.{name}")


def generate(spec: Path, output: Path, package: str, templates: Path | None = None) -> Generated:
    target = Target(
        spec=spec, output=output, package=package, root=spec.parent, templates=templates
    )
    tree = generate_tree(target)
    write_tree(output, tree.files)
    return Generated(spec=spec, root=output, package=package, warnings=tree.warnings)


def write_spec(directory: Path, spec: dict[str, Any] | str, name: str = "spec.yaml") -> Path:
    """An inline spec (a dict, or YAML text) written as a file the generator can read."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    text = spec if isinstance(spec, str) else yaml.safe_dump(spec, sort_keys=False)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def schema_sources(spec: Path, package: str) -> tuple[Any, dict[str, tuple[Any, str, Any]]]:
    """The document set and, per generated class name, the schema it was built from."""
    target = Target(spec=spec, output=spec.parent, package=package, root=spec.parent)
    checked, _ = load_and_validate(target)
    built = build(checked, package=package, spec_source=spec.name)
    return checked.documents, built.schema_sources
