"""The runtime every generated package carries, as plain Python modules.

Each module here is copied into a generated package, under the generated-file header,
when the package needs it (see :mod:`generator.runtime_files`). They import only each
other and httpx, never a module generated from a spec, so they are linted, type-checked
and tested here as source. A module's ``__all__`` lists what the package exports from
it.
"""
