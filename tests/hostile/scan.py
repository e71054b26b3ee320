"""A static scan of a generated package: every name, attribute and import is one templates emit.

Spec text can only become code by escaping its string context. Whatever it then did would have
to name something: a builtin such as ``__import__`` or ``exec``, a module attribute such as
``os.system``, a dunder such as ``__subclasses__``. The scan parses every file with ``ast`` and
reports any name, attribute or import that is neither on the allow-lists below (what the
templates emit) nor defined by the package itself (models, fields, methods, parameters).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ALLOWED_MODULES = frozenset(
    {
        "asyncio",
        "base64",
        "contextvars",
        "copy",
        "dataclasses",
        "datetime",
        "email.utils",
        "enum",
        "functools",
        "httpx",
        # The models of a large API are imported on first use (models.py, _codec.LazyCodec).
        "importlib",
        # A credential source may be async: its result is awaited when it is awaitable.
        "inspect",
        "itertools",
        "json",
        "logging",
        "math",
        "os",
        "random",
        "re",
        "ssl",
        "threading",
        "time",
        "typing",
        "uuid",
        "weakref",
    }
)

ALLOWED_FROM_IMPORTS = frozenset(
    {
        ("__future__", "annotations"),
        ("collections.abc", "AsyncIterator"),
        ("collections.abc", "Awaitable"),
        ("collections.abc", "Callable"),
        ("collections", "deque"),
        ("collections.abc", "Generator"),
        ("collections.abc", "Iterable"),
        ("collections.abc", "Iterator"),
        ("collections.abc", "Mapping"),
        ("collections.abc", "Sequence"),
        ("dataclasses", "dataclass"),
        ("dataclasses", "field"),
        ("functools", "cached_property"),
        # The fake API (_testing) decodes path parameters as it routes requests.
        ("urllib.parse", "unquote"),
        ("typing", "Any"),
        ("typing", "ClassVar"),
        ("typing", "Generic"),
        ("typing", "NamedTuple"),
        ("typing", "ParamSpec"),
        ("typing", "Self"),
        ("typing", "TYPE_CHECKING"),
        ("typing", "TypeVar"),
        ("typing", "final"),
        ("typing_extensions", "Self"),
        ("urllib.parse", "quote"),
        ("urllib.parse", "quote_plus"),
    }
)

# Deliberately absent: __import__, eval, exec, compile, open, globals, locals, vars, input,
# breakpoint, setattr, delattr.
ALLOWED_BUILTINS = frozenset(
    {
        # The runtime names its logger and context variables after its own package.
        "__name__",
        "AssertionError",
        "AttributeError",
        "BaseException",
        "Exception",
        # Caught where JSON nests deeper than the interpreter's recursion allows.
        "RecursionError",
        # ClientClosedError keeps the type a call after close() raised; an httpx error
        # raised without its request says so with it.
        "RuntimeError",
        "all",
        "any",
        "hasattr",
        "IndexError",
        "KeyError",
        "NotImplementedError",
        "StopIteration",
        "TypeError",
        "ValueError",
        "bool",
        "bytes",
        "classmethod",
        "dict",
        "enumerate",
        "float",
        "frozenset",
        "callable",
        "getattr",
        "id",
        "int",
        "isinstance",
        "iter",
        "len",
        "list",
        "max",
        "min",
        "next",
        "object",
        "property",
        "range",
        "repr",
        "set",
        "sorted",
        "staticmethod",
        "str",
        "sum",
        "super",
        "tuple",
        "type",
        "zip",
    }
)

# Attributes read from the modules the templates import (package modules are checked against
# what they define instead).
MODULE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "asyncio": frozenset({"Event", "Task", "create_task", "gather", "sleep"}),
    "base64": frozenset({"b64decode", "b64encode"}),
    "contextvars": frozenset({"ContextVar"}),
    "copy": frozenset({"copy"}),
    "dataclasses": frozenset({"dataclass", "field", "fields", "MISSING", "replace"}),
    "datetime": frozenset({"date", "datetime", "timedelta", "timezone"}),
    "email": frozenset({"utils"}),
    "enum": frozenset({"Enum"}),
    "functools": frozenset({"cache", "cached_property", "lru_cache", "wraps"}),
    "importlib": frozenset({"import_module"}),
    "inspect": frozenset({"isawaitable", "iscoroutine"}),
    "itertools": frozenset({"islice"}),
    "httpx": frozenset(
        {
            "AsyncClient",
            "Client",
            "ConnectError",
            "ConnectTimeout",
            "DecodingError",
            # A base_url httpx cannot parse is the caller's mistake (ConfigurationError).
            "InvalidURL",
            "LocalProtocolError",
            "RequestError",
            "TooManyRedirects",
            "UnsupportedProtocol",
            "create_ssl_context",
            "Headers",
            "PoolTimeout",
            "Request",
            "Response",
            "Timeout",
            "TimeoutException",
            "TransportError",
            # Parsed once per distinct URL (_client_base._parsed_url) and sent as is.
            "URL",
            "__version__",
            # The fake API of the testing module is a transport, and raises the errors
            # a network would.
            "AsyncBaseTransport",
            "BaseTransport",
            "QueryParams",
            "ReadTimeout",
            "RemoteProtocolError",
        }
    ),
    "json": frozenset({"JSONEncoder", "dumps", "loads"}),
    "logging": frozenset({"Filter", "LogRecord", "Logger", "getLogger"}),
    "math": frozenset({"inf", "isfinite"}),
    "os": frozenset({"environ", "register_at_fork"}),
    "ssl": frozenset({"SSLContext"}),
    "threading": frozenset({"Lock"}),
    "weakref": frozenset({"WeakSet"}),
    "random": frozenset({"Random"}),
    "re": frozenset({"Pattern", "compile", "escape", "findall", "split"}),
    "time": frozenset({"sleep", "time", "monotonic"}),
    "typing": frozenset(
        {"Any", "Callable", "Iterable", "Literal", "Mapping", "Sequence", "TYPE_CHECKING"}
    ),
    "uuid": frozenset({"UUID", "uuid4"}),
}

# Attributes of values (strings, dicts, dates, httpx objects) that the runtime templates use.
ALLOWED_ATTRIBUTES = frozenset(
    {
        "__dict__",
        # A model defined in _models is presented as a member of the models module.
        "__module__",
        "__init__",
        "__name__",
        "__new__",
        # An enum's member table, read by EnumCodec before it calls the enum class.
        "_value2member_map_",
        # A failed bulk chunk's error keeps what caused it.
        "__cause__",
        "aclose",
        # A response body is read part by part, within the call's deadline and size limit.
        "aiter_bytes",
        "iter_bytes",
        "extensions",
        # The governor drops a slot whose request was never sent.
        "remove",
        # A call after close() is refused before anything else.
        "is_closed",
        # Header names are checked against RFC 9110's token characters.
        "issuperset",
        # A connection error names the scheme, host and port it tried.
        "request",
        "url",
        "host",
        "port",
        # The fake API reads requests (_testing); pagers read links and bodies (_paging).
        "aread",
        "finditer",
        "fullmatch",
        "group",
        "json",
        "raw_path",
        "read",
        "setter",
        "rpartition",
        "add",
        "add_done_callback",
        "addFilter",
        "append",
        "args",
        "build_request",
        "cancel",
        "cancelled",
        "clear",
        "connect",
        "content",
        "debug",
        "discard",
        "endswith",
        "exception",
        "extend",
        "filters",
        "findall",
        "fromisoformat",
        "get",
        "groups",
        "is_success",
        "isascii",
        "isdigit",
        "isdisjoint",
        "isoformat",
        "isprintable",
        "items",
        "join",
        "keys",
        "kwargs",
        "ljust",
        "lower",
        "lstrip",
        "match",
        "microsecond",
        "partition",
        "parsedate_to_datetime",
        "pop",
        "popleft",
        "random",
        "raw",
        "reason_phrase",
        "replace",
        "reset",
        "rstrip",
        "seed",
        "send",
        "set",
        "setdefault",
        "split",
        "startswith",
        "strip",
        "text",
        "timestamp",
        "tzinfo",
        "update",
        "utc",
        "values",
    }
)


# Class attributes the runtime's Model base defines for itself.
OWN_DUNDERS = frozenset(
    {
        "__fields__",
        "__wire_names__",
        "__extra_codec__",
        "__readers__",
        "__writers__",
        "__absent__",
        # The generated decoder of a model, and the class it was generated for.
        "__decode__",
        "__decoded__",
    }
)


@dataclass
class _Module:
    name: str
    tree: ast.Module
    top_level: set[str] = field(default_factory=set)
    module_aliases: dict[str, str] = field(default_factory=dict)


def _bound_names(tree: ast.AST) -> Iterator[str]:
    """Every name a file binds, in any scope."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node.name
        elif isinstance(node, ast.arg):
            yield node.arg
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            yield node.id
        elif isinstance(node, ast.ExceptHandler) and node.name:
            yield node.name
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                yield alias.asname or alias.name.split(".")[0]


def _top_level_names(tree: ast.Module) -> set[str]:
    return _names_of(tree.body)


def _names_of(statements: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for statement in statements:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            names.update(alias.asname or alias.name.split(".")[0] for alias in statement.names)
        elif isinstance(statement, ast.If):
            # ``if TYPE_CHECKING:`` imports, and what its ``else:`` defines.
            names |= _names_of(statement.body) | _names_of(statement.orelse)
        else:
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
    return names


def _members(tree: ast.Module) -> Iterator[str]:
    """Names the package defines as attributes: class members and ``self.x = ...`` targets."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    yield statement.name
                elif isinstance(statement, ast.AnnAssign) and isinstance(
                    statement.target, ast.Name
                ):
                    yield statement.target.id
                elif isinstance(statement, ast.Assign):
                    for target in statement.targets:
                        if isinstance(target, ast.Name):
                            yield target.id
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            yield node.attr


def scan_package(package_dir: Path) -> list[str]:
    """Everything in the package's Python files that the templates did not intend (the
    modules of ``_models`` too, named ``_models.<module>``)."""
    sources = {
        path.stem: path.read_text(encoding="utf-8") for path in sorted(package_dir.glob("*.py"))
    }
    for path in sorted(package_dir.glob("_models/*.py")):
        sources[f"_models.{path.stem}"] = path.read_text(encoding="utf-8")
    return scan_sources(sources)


@functools.lru_cache(maxsize=64)
def _parse(source: str) -> ast.Module:
    return ast.parse(source)


def scan_sources(sources: dict[str, str]) -> list[str]:
    """As :func:`scan_package`, for module sources by module name."""
    modules: dict[str, _Module] = {}
    for name, source in sources.items():
        tree = _parse(source)
        modules[name] = _Module(name, tree, _top_level_names(tree))
    members: set[str] = set()
    for module in modules.values():
        members.update(_members(module.tree))
    problems: list[str] = []
    for module in modules.values():
        problems.extend(_scan_module(module, modules, members))
    return problems


def _scan_module(module: _Module, modules: dict[str, _Module], members: set[str]) -> list[str]:
    problems: list[str] = []
    where = f"{module.name}.py"
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name not in ALLOWED_MODULES:
                    problems.append(f"{where}:{node.lineno}: import {alias.name}")
                module.module_aliases[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom):
            problems.extend(_check_import_from(node, module, modules, where))
    bound = set(_bound_names(module.tree))
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id not in bound and node.id not in ALLOWED_BUILTINS:
                problems.append(f"{where}:{node.lineno}: name {node.id}")
        elif isinstance(node, ast.Attribute):
            problems.extend(_check_attribute(node, module, modules, members, where))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
        ):
            # A variable names what the runtime reads (a field it was given); an expression
            # building the name, or a dunder, has no place in generated code.
            name = node.args[1] if len(node.args) > 1 else None
            constant = isinstance(name, ast.Constant) and isinstance(name.value, str)
            if not (isinstance(name, ast.Name) or constant) or (
                constant and str(getattr(name, "value", "")).startswith("__")
            ):
                problems.append(f"{where}:{node.lineno}: getattr of a computed or dunder name")
    return problems


def _check_import_from(
    node: ast.ImportFrom, module: _Module, modules: dict[str, _Module], where: str
) -> list[str]:
    problems = []
    # The package the import is relative to, as a prefix of module names ("" or "_models.").
    package = module.name.split(".")[:-1]
    up = node.level - 1
    prefix = "".join(f"{part}." for part in package[: len(package) - up])
    for alias in node.names:
        if node.level == 0:
            if (node.module, alias.name) not in ALLOWED_FROM_IMPORTS:
                problems.append(f"{where}:{node.lineno}: from {node.module} import {alias.name}")
        elif up > len(package):
            problems.append(f"{where}:{node.lineno}: relative import beyond the package")
        elif node.module is None:
            if prefix + alias.name not in modules:
                problems.append(f"{where}:{node.lineno}: from . import {alias.name}")
            module.module_aliases[alias.asname or alias.name] = "." + prefix + alias.name
        elif prefix + node.module in modules:
            if alias.name not in modules[prefix + node.module].top_level:
                problems.append(
                    f"{where}:{node.lineno}: from .{node.module} import {alias.name}"
                    " (not defined there)"
                )
        else:
            problems.append(f"{where}:{node.lineno}: relative import from {node.module}")
    return problems


def _check_attribute(
    node: ast.Attribute,
    module: _Module,
    modules: dict[str, _Module],
    members: set[str],
    where: str,
) -> list[str]:
    base = node.value
    if isinstance(base, ast.Name) and base.id in module.module_aliases:
        imported = module.module_aliases[base.id]
        allowed: set[str] | frozenset[str]
        if imported.startswith("."):
            allowed = modules[imported[1:]].top_level
        else:
            allowed = MODULE_ATTRIBUTES.get(imported, frozenset())
        if node.attr not in allowed:
            return [f"{where}:{node.lineno}: {base.id}.{node.attr}"]
        return []
    if node.attr in ALLOWED_ATTRIBUTES:
        return []
    if node.attr in members and not node.attr.startswith("__"):
        return []
    if node.attr in OWN_DUNDERS:
        return []
    return [f"{where}:{node.lineno}: attribute .{node.attr}"]
