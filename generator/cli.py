"""Command line: ``apiwright`` (also ``python -m apiwright``) with generate, check and validate.

Exit codes: 0 success; 1 ``check`` found the output out of date; 2 bad input (spec, config,
arguments, an output directory that is not apiwright's), reported as one line on stderr, never a
traceback; 3 an internal error.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from .config import Target, resolve_targets
from .errors import GeneratorError

if TYPE_CHECKING:
    from .manifest import Manifest

EXIT_OK = 0
EXIT_OUT_OF_DATE = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 3

DESCRIPTION = """\
Generate a typed Python client package from an OpenAPI 3.0/3.1 document.

Settings come from the command line, else from [tool.apiwright] in the nearest pyproject.toml
(spec, output, package, templates; or a list of them as [[tool.apiwright.targets]]).

generate writes only into a directory that is missing, empty or written by apiwright before
(it holds .apiwright-manifest.json). There it replaces the files it wrote, removes those it
no longer writes, and keeps every other file (check reports those as stray).
"""

EPILOG = """\
exit codes:
  0  success (check: the output is exactly what would be generated)
  1  check: the output differs; a unified diff and the fixing command are printed
  2  bad input: the spec, configuration, templates or arguments, or an output directory
     apiwright may not write into; one line FILE:LINE:COL: message, nothing written
  3  internal error: a bug in apiwright (one line; APIWRIGHT_DEBUG=1 shows the traceback)
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _target_options(parser: argparse.ArgumentParser, *, output: bool = True) -> None:
    parser.add_argument("--spec", help="the OpenAPI document (YAML or JSON)")
    if output:
        parser.add_argument("--output", help="directory of the generated distribution")
        parser.add_argument("--package", help="import name of the generated package")
        parser.add_argument(
            "--templates",
            help=(
                "directory whose templates override the built-in ones of the same name"
                " (black formats their output whole)"
            ),
        )
    parser.add_argument("--config", help="pyproject.toml to read [tool.apiwright] from")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat every warning as an error: exit 2 and write nothing (also: strict = true)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="apiwright",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"apiwright {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    generate = commands.add_parser(
        "generate",
        help="write the distribution",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _target_options(generate)
    generate.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    generate.add_argument(
        "--no-cache", action="store_true", help="ignore the cache and format every file again"
    )
    check = commands.add_parser(
        "check",
        help="exit 1 with a diff if the output is not exactly what would be generated",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _target_options(check)
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="ignore the cache: regenerate everything in memory and compare (CI runs this)",
    )
    validate = commands.add_parser(
        "validate",
        help="check the spec only",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _target_options(validate, output=False)
    return parser


def _generate(target: Target, previous: Manifest | None, quiet: bool, use_cache: bool) -> int:
    """Generate one claimed target; ``previous`` is the manifest of the run that wrote it."""
    from .output import existing_files, write_tree
    from .ownership import refuse_sources_inside
    from .pipeline import generate_tree, unchanged_since_cache

    started = time.perf_counter()
    on_disk = existing_files(target.output)
    # A strict run needs this run's warnings, which an unchanged tree does not replay.
    if use_cache and not target.strict and unchanged_since_cache(target, on_disk):
        if not quiet:
            elapsed = time.perf_counter() - started
            print(
                f"{target.output_label}: 0 written, {len(on_disk)} unchanged, 0 removed "
                f"({elapsed:.2f}s)"
            )
        return EXIT_OK
    tree = generate_tree(target, on_disk if use_cache else {})
    if _refused_as_strict(target, tree.warnings):
        return EXIT_BAD_INPUT
    for warning in tree.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    refuse_sources_inside(target, tree.sources)
    report = write_tree(target.output, tree.files, previous, target.output_label)
    if tree.cache is not None:
        tree.cache.write(target.output)
    if report.kept:
        shown = ", ".join(report.kept[:5]) + (" ..." if len(report.kept) > 5 else "")
        print(
            f"warning: {target.output_label}: kept {len(report.kept)} file(s) apiwright did not "
            f"write or that were edited since it wrote them: {shown} (check reports them as stray)",
            file=sys.stderr,
        )
    if not quiet:
        elapsed = time.perf_counter() - started
        print(
            f"{target.output_label}: {len(report.written)} written, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed ({elapsed:.2f}s)"
        )
    return EXIT_OK


def _check(target: Target, use_cache: bool, fix: str) -> int:
    from .output import compare, existing_files
    from .pipeline import generate_tree, unchanged_since_cache

    on_disk = existing_files(target.output)
    # A strict run needs this run's warnings, which an unchanged tree does not replay.
    if use_cache and not target.strict and unchanged_since_cache(target, on_disk):
        return EXIT_OK
    tree = generate_tree(target, on_disk if use_cache else {})
    if _refused_as_strict(target, tree.warnings):
        return EXIT_BAD_INPUT
    comparison = compare(target.output, tree.files, target.output_label)
    if comparison.clean:
        if tree.cache is not None and target.output.is_dir():
            # The next check of this unchanged tree then costs a few hashes.
            tree.cache.write(target.output)
        return EXIT_OK
    sys.stdout.writelines(comparison.diff)
    for label, paths in (
        ("changed", comparison.changed),
        ("missing", comparison.missing),
        ("stray", comparison.stray),
    ):
        for path in paths:
            print(f"{label}: {target.output_label}/{path}", file=sys.stderr)
    print(
        f"{target.output_label} is out of date with {target.spec_label}; run: {fix}",
        file=sys.stderr,
    )
    return EXIT_OUT_OF_DATE


def _fixing_command(args: argparse.Namespace) -> str:
    """The ``generate`` command with the options this ``check`` was given, ready to paste."""
    words = ["apiwright", "generate"]
    for option in ("spec", "output", "package", "templates", "config"):
        value = getattr(args, option, None)
        if value is not None:
            words += [f"--{option}", shlex.quote(value)]
    return " ".join(words)


def _validate(target: Target) -> int:
    from .pipeline import load_and_validate

    _, warnings = load_and_validate(target)
    if _refused_as_strict(target, warnings):
        return EXIT_BAD_INPUT
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{target.spec_label}: valid")
    return EXIT_OK


def _run(args: argparse.Namespace, targets: tuple[Target, ...]) -> int:
    from .ownership import claim_output, refuse_unsafe_output

    status = EXIT_OK
    if args.command == "validate":
        for target in targets:
            status = max(status, _validate(target))
        return status
    for target in targets:
        refuse_unsafe_output(target, targets)
    if args.command == "check":
        for target in targets:
            status = max(status, _check(target, not args.no_cache, _fixing_command(args)))
        return status
    # Every output is claimed before the first is written: one refusal leaves all untouched.
    previous = [claim_output(target) for target in targets]
    for target, manifest in zip(targets, previous, strict=True):
        status = max(status, _generate(target, manifest, args.quiet, not args.no_cache))
    return status


def _refused_as_strict(target: Target, warnings: tuple[str, ...]) -> bool:
    """Under ``--strict``, each warning printed as an error; True when there was any."""
    if not target.strict or not warnings:
        return False
    for warning in warnings:
        print(f"error: {warning}", file=sys.stderr)
    print(
        f"error: {target.spec_label}: {len(warnings)} warning(s) refused by --strict "
        "(strict = true); nothing written",
        file=sys.stderr,
    )
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        targets = resolve_targets(
            spec=args.spec,
            output=getattr(args, "output", None),
            package=getattr(args, "package", None),
            templates=getattr(args, "templates", None),
            config=args.config,
            strict=args.strict,
        )
        return _run(args, targets)
    except GeneratorError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RecursionError:
        print("error: the spec nests too deeply to process", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # Files are written only after everything was computed, each one whole.
        if os.environ.get("APIWRIGHT_DEBUG") == "1":
            raise
        detail = " ".join(str(exc).split())[:200]
        print(
            f"error: internal error ({type(exc).__name__}: {detail}); this is a bug in "
            "apiwright: please report it with the spec (APIWRIGHT_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR
