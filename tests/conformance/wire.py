"""Calling every operation of a generated client, and checking what reached the server.

The arguments come from the spec (``instances.py``), turned into the Python values the method
takes by the generated package's own decoders (a parameter's codec, the body's model). Which
argument feeds which parameter is read from the method's source: the tuple of arguments and the
body it hands to ``_call`` name them, in the order of the operation's parameters.
"""

from __future__ import annotations

import ast
import copy
import importlib
import inspect
import textwrap
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.conformance.instances import Instances
from tests.generality.echo_server import Recorded

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operations(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (METHOD, path) of the document, in document order."""
    found = []
    for path, item in (spec.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, dict) and method in item:
                found.append((method.upper(), path))
    return found


@dataclass(frozen=True)
class CallPlan:
    """How one generated method forwards its arguments to ``_call``."""

    method: Any
    operation: Any
    parameter_arguments: tuple[str | None, ...]  # per operation parameter, the argument's name
    body_argument: str | None  # the whole body as one argument
    body_fields: dict[str, str]  # or: model field -> argument name


def _argument_in(expression: ast.expr, arguments: set[str]) -> str | None:
    for node in ast.walk(expression):
        if isinstance(node, ast.Name) and node.id in arguments:
            return node.id
    return None


def call_plans(client: Any) -> dict[tuple[str, str], CallPlan]:
    """Every operation method reachable from a sync client, by (METHOD, path)."""
    holders = [client]
    for name, attribute in inspect.getmembers(type(client)):
        if isinstance(attribute, property) or hasattr(attribute, "func"):
            if name.startswith("_") or name == "with_raw_response":
                continue
            holders.append(getattr(client, name))
    plans: dict[tuple[str, str], CallPlan] = {}
    for holder in holders:
        for name, function in inspect.getmembers(type(holder), inspect.isfunction):
            constants = [n for n in function.__code__.co_names if n.startswith("_OP_")]
            if name.startswith("_") or len(constants) != 1:
                continue
            # The descriptor sits beside the method: in _client.py, or in the module of the
            # tag group or mixin part that defines the method when the client is split.
            operation = function.__globals__[constants[0]]
            plan = _plan(getattr(holder, name), function, operation)
            plans[(operation.method, operation.path)] = plan
    return plans


def _plan(method: Any, function: Any, operation: Any) -> CallPlan:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    arguments = set(inspect.signature(function).parameters) - {"self"}
    call = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "_call"
    )
    forwarded, body = call.args[1], call.args[2]
    assert isinstance(forwarded, ast.Tuple)
    parameter_arguments = tuple(_argument_in(element, arguments) for element in forwarded.elts)
    body_argument = body.id if isinstance(body, ast.Name) and body.id in arguments else None
    body_fields = {}
    if isinstance(body, ast.Call):
        for keyword in body.keywords:
            argument = _argument_in(keyword.value, arguments)
            if keyword.arg is not None and argument is not None:
                body_fields[keyword.arg] = argument
    return CallPlan(method, operation, parameter_arguments, body_argument, body_fields)


class Document:
    """One spec as plain data, with what the tests need to read from it."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.instances = Instances(spec)

    def operation(self, method: str, path: str) -> dict[str, Any]:
        return self.spec["paths"][path][method.lower()]  # type: ignore[no-any-return]

    def parameters(self, method: str, path: str) -> dict[tuple[str, str], dict[str, Any]]:
        """The operation's effective parameters by (name, in); its own override the path's."""
        resolve = self.instances.resolve
        item = self.spec["paths"][path]
        found = {}
        for parameter in [
            *item.get("parameters", []),
            *self.operation(method, path).get("parameters", []),
        ]:
            parameter = resolve(parameter)
            found[(parameter["name"], parameter["in"])] = parameter
        return found

    def parameter_value(self, parameter: dict[str, Any]) -> Any:
        schema = parameter.get("schema")
        if schema is None:  # a parameter with "content": one media type, one schema
            schema = next(iter(parameter["content"].values())).get("schema", {})
        example = parameter.get("example")
        if example is not None and self.instances.is_valid(example, self.instances.resolve(schema)):
            return example
        return self.instances.value(schema)

    def body_value(self, method: str, path: str, media_type: str) -> Any:
        body = self.instances.resolve(self.operation(method, path)["requestBody"])
        schema = body["content"][media_type].get("schema", {})
        return self.instances.value(schema)

    def arguments(self, plan: CallPlan, method: str, path: str) -> dict[str, Any]:
        """Keyword arguments for ``plan.method``: every parameter and the body."""
        values: dict[str, Any] = {}
        declared = self.parameters(method, path)
        for param, argument in zip(plan.operation.params, plan.parameter_arguments, strict=True):
            if argument is None:
                continue
            spec_parameter = declared[(param.wire, param.location)]
            values[argument] = strictly(param.codec, self.parameter_value(spec_parameter))
        if plan.operation.body_codec is not None:
            payload = self.body_value(method, path, plan.operation.body_media_type)
            body = strictly(plan.operation.body_codec, payload)
            if plan.body_argument is not None:
                values[plan.body_argument] = body
            for field_name, argument in plan.body_fields.items():
                values[argument] = getattr(body, field_name)
        return values

    def for_server(self, url: str) -> dict[str, Any]:
        """A copy of the document served at ``url``: openapi-core matches requests by server."""
        spec = copy.deepcopy(self.spec)
        spec["servers"] = [{"url": url}]
        for item in spec.get("paths", {}).values():
            item.pop("servers", None)
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    item[method].pop("servers", None)
        return spec

    def server_path(self) -> str:
        """The path part of the document's first server URL, its variables at their defaults."""
        servers = self.spec.get("servers") or [{"url": "/"}]
        url = servers[0]["url"]
        for name, variable in (servers[0].get("variables") or {}).items():
            url = url.replace("{" + name + "}", str(variable.get("default", "")))
        return urlsplit(url).path.rstrip("/")


def strictly(codec: Any, value: Any) -> Any:
    """``codec.decode(value)`` with no leniency: a type too narrow for a schema-valid value
    must show here, not read as UNSET and leave the argument out of the request."""
    # A codec's class is defined in its package's _codec module, beside decode_strictly.
    return importlib.import_module(type(codec).__module__).decode_strictly(codec, value)


def call(plan: CallPlan, arguments: dict[str, Any]) -> BaseException | None:
    """Call the method with keyword arguments, positionally where the signature demands it."""
    signature = inspect.signature(plan.method)
    positional = [
        arguments.pop(name)
        for name, parameter in signature.parameters.items()
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY and name in arguments
    ]
    try:
        plan.method(*positional, **arguments)
    except Exception as error:  # the scripted reply need not match; the request is the point
        return error
    return None


class RecordedRequest:
    """A request the echo server recorded, in the shape openapi-core validates."""

    def __init__(self, recorded: Recorded, host_url: str) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.host_url = host_url
        self.path = unquote(recorded.path)
        self.method = recorded.method.lower()
        self.body = recorded.body
        self.content_type = recorded.headers.get("content-type", "").lower()
        cookies = SimpleCookie()
        cookies.load(recorded.headers.get("cookie", ""))
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(recorded.raw_query, keep_blank_values=True)),
            header=Headers(list(recorded.headers.items())),
            cookie=ImmutableMultiDict(
                {key: unquote(morsel.value) for key, morsel in cookies.items()}
            ),
        )
