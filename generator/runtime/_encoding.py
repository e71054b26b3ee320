"""Parameter and body encoding: OpenAPI's styles (RFC 6570 expansions, form and
delimited queries, deepObject) and JSON, form, multipart, text and binary bodies.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from ._codec import ANY, STR, Unset
from ._policy import BodyPart, Operation, Param

__all__: list[str] = []


def serialise_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}


def query_pairs(param: Param, value: object) -> list[tuple[str, str]]:
    encoded = param.codec.encode(value)
    if param.style == "json":
        return [
            (param.wire, json.dumps(encoded, separators=(",", ":"), ensure_ascii=False))
        ]
    if isinstance(encoded, list):
        # RFC 6570 leaves undefined (null) members out, and a list of none at all.
        items = [serialise_scalar(item) for item in encoded if item is not None]
        if not items:
            return []
        if param.explode and param.style == "form":
            return [(param.wire, item) for item in items]
        return [(param.wire, _DELIMITERS.get(param.style, ",").join(items))]
    if isinstance(encoded, dict):
        if param.style == "deepObject":
            return [
                (f"{param.wire}[{key}]", serialise_scalar(item))
                for key, item in encoded.items()
            ]
        if param.explode:
            return [(str(key), serialise_scalar(item)) for key, item in encoded.items()]
        # OpenAPI's style table joins names and values alike with the style's delimiter.
        separator = _DELIMITERS.get(param.style, ",")
        flat = separator.join(
            f"{key}{separator}{serialise_scalar(item)}" for key, item in encoded.items()
        )
        return [(param.wire, flat)]
    if encoded is None:
        # RFC 6570 leaves an undefined value out rather than sending "name=".
        return []
    return [(param.wire, serialise_scalar(encoded))]


def simple(param: Param, value: object, quote_item: Callable[[str], str] = str) -> str:
    """RFC 6570 simple, label or matrix expansion; ``quote_item`` escapes each value."""
    encoded = param.codec.encode(value)
    style = param.style
    if style == "json":
        return quote_item(
            json.dumps(encoded, separators=(",", ":"), ensure_ascii=False)
        )
    prefix = {"label": ".", "matrix": ";"}.get(style, "")
    if isinstance(encoded, list):
        items = [quote_item(serialise_scalar(item)) for item in encoded]
        if style == "matrix":
            if param.explode:
                return "".join(f";{param.wire}={item}" for item in items)
            return f";{param.wire}=" + ",".join(items)
        return prefix + (prefix if param.explode and prefix else ",").join(items)
    if isinstance(encoded, dict):
        pairs = [
            (quote_item(str(key)), quote_item(serialise_scalar(item)))
            for key, item in encoded.items()
        ]
        if param.explode:
            separator = prefix if prefix else ","
            return prefix + separator.join(f"{key}={item}" for key, item in pairs)
        flat = ",".join(f"{key},{item}" for key, item in pairs)
        return f";{param.wire}={flat}" if style == "matrix" else prefix + flat
    text = quote_item(serialise_scalar(encoded))
    return f";{param.wire}={text}" if style == "matrix" else prefix + text


@functools.lru_cache(maxsize=512)
def quote_path_item(text: str) -> str:
    # Nothing in a value may reach the path unescaped: "a/../b" stays one segment.
    return quote(text, safe="")


# json.dumps with these options builds a new encoder on every call; a body reuses one.
JSON_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
Part = tuple[str, tuple[str | None, bytes, str | None]]
QueryValue = str | int | float | bool | None


def multipart(
    encoded: object, content_types: Mapping[str, str | None] | None = None
) -> list[Part]:
    """One part per field: bytes become files, objects JSON, the rest their text; a
    field the spec gives a ``contentType`` is sent under that type."""
    parts: list[Part] = []
    if not isinstance(encoded, dict):
        return parts
    declared = content_types or {}
    for key, value in encoded.items():
        content_type = declared.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, bytes):
                parts.append(
                    (key, (key, item, content_type or "application/octet-stream"))
                )
            elif isinstance(item, (dict, list)):
                text = serialise_scalar(item).encode("utf-8")
                parts.append((key, (None, text, content_type or "application/json")))
            elif item is not None:
                text = serialise_scalar(item).encode("utf-8")
                parts.append((key, (None, text, content_type)))
    return parts


def form_fields(
    encoded: dict[str, Any], styled: Sequence[BodyPart] = ()
) -> dict[str, str | list[str]]:
    """A form body's fields: a property with an Encoding Object is serialised as a query
    parameter of that style and explode; the rest as repeated keys or their text."""
    by_name = {part.wire: part for part in styled}
    fields: dict[str, str | list[str]] = {}
    for key, value in encoded.items():
        if value is None:
            continue
        part = by_name.get(key)
        if part is None:
            fields[key] = (
                [serialise_scalar(item) for item in value]
                if isinstance(value, list)
                else serialise_scalar(value)
            )
            continue
        param = Param(key, "query", ANY, part.style, part.explode)
        for name, text in query_pairs(param, value):
            present = fields.get(name)
            if present is None:
                fields[name] = text
            elif isinstance(present, list):
                present.append(text)
            else:
                fields[name] = [present, text]
    return fields


def without_dot_segments(path: str) -> str:
    # URL normalisation would resolve a segment that is exactly "." or ".." (a path
    # parameter's whole value) into another route; escaped, it stays a value.
    segments = path.split("/")
    if "." not in segments and ".." not in segments:
        return path
    return "/".join(s.replace(".", "%2E") if s in (".", "..") else s for s in segments)


def request_parts(
    operation: Operation[Any], arguments: Sequence[object]
) -> tuple[str, list[tuple[str, QueryValue]], dict[str, str], list[str]]:
    """The path (expanded, not yet joined to the base URL), query pairs, headers and
    cookies that the operation's parameters put in a request."""
    path = operation.path
    query: list[tuple[str, QueryValue]] = []
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for param, value in zip(operation.params, arguments, strict=True):
        if isinstance(value, Unset):
            continue
        if param.location == "path":
            if param.codec is STR and param.style == "simple" and type(value) is str:
                # The common case, without simple()'s general expansion.
                text = quote_path_item(value)
            else:
                text = simple(param, value, quote_path_item)
            path = path.replace("{" + param.wire + "}", text)
        elif param.location == "query":
            query.extend(query_pairs(param, value))
        elif param.location == "header":
            headers[param.wire] = simple(param, value)
        elif param.location == "cookie":
            cookies.extend(cookie_pairs(param, value))
    return without_dot_segments(path), query, headers, cookies


def cookie_pairs(param: Param, value: object) -> list[str]:
    """A cookie parameter's ``name=value`` pairs: form style, as a query's pairs, one
    cookie per item or property when exploded (OpenAPI 3.2's table shows
    ``color=blue; color=black; color=brown``); values, and an exploded object's keys,
    percent-encoded, as a cookie may not hold a comma, a space or a semicolon."""
    return [
        f"{name if name == param.wire else quote(name, safe='')}={quote(text, safe='')}"
        for name, text in query_pairs(param, value)
    ]


class Body:
    """A request body as httpx takes it: raw ``content``, form ``data`` or ``files``."""

    __slots__ = ("content", "data", "files")

    def __init__(
        self,
        content: bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: list[Part] | None = None,
    ) -> None:
        self.content = content
        self.data = data
        self.files = files


NO_BODY = Body()


def encode_body(
    operation: Operation[Any], body: object, headers: dict[str, str]
) -> Body:
    """The operation's body in its declared encoding; sets ``Content-Type`` where the
    encoding does not leave it to httpx (form and multipart do)."""
    if isinstance(body, Unset) or operation.body_codec is None:
        return NO_BODY
    encoded = operation.body_codec.encode(body)
    encoding = operation.body_encoding
    if encoding == "json":
        headers["Content-Type"] = operation.body_media_type
        return Body(content=JSON_ENCODER.encode(encoded).encode("utf-8"))
    if encoding == "form" and isinstance(encoded, dict):
        return Body(data=form_fields(encoded, operation.body_parts))
    if encoding == "multipart":
        content_types = {part.wire: part.content_type for part in operation.body_parts}
        return Body(files=multipart(encoded, content_types) or None)
    headers["Content-Type"] = operation.body_media_type
    raw = encoded if isinstance(encoded, bytes) else str(encoded).encode("utf-8")
    return Body(content=raw)
