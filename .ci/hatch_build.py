"""Build hook: an editable install of this checkout imports as ``apiwright``, like the wheel.

The wheel renames ``generator/`` to ``apiwright/``; an editable install cannot rename a
directory, so it adds a finder that resolves the top-level name ``apiwright`` to the checkout's
``generator/`` package. The ``apiwright`` console script then runs the code being edited.
"""

from __future__ import annotations

import os
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FINDER = '''\
"""Written by an editable install of apiwright: the name apiwright is the checkout's generator/.

It runs at every interpreter start (from a .pth file), so it imports nothing until asked.
"""

import sys

_PACKAGE = {package!r}


class _CheckoutFinder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "apiwright":
            return None
        import importlib.util

        return importlib.util.spec_from_file_location(
            name, _PACKAGE + "/__init__.py", submodule_search_locations=[_PACKAGE]
        )


sys.meta_path.append(_CheckoutFinder)
'''


class EditableName(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return
        staging = os.path.join(self.directory, ".apiwright-editable")
        os.makedirs(staging, exist_ok=True)
        package = os.path.join(self.root, "generator")
        with open(os.path.join(staging, "_apiwright_checkout.py"), "w") as handle:
            handle.write(FINDER.format(package=package))
        with open(os.path.join(staging, "_apiwright_checkout.pth"), "w") as handle:
            handle.write("import _apiwright_checkout\n")
        for name in ("_apiwright_checkout.py", "_apiwright_checkout.pth"):
            build_data["force_include_editable"][os.path.join(staging, name)] = name
