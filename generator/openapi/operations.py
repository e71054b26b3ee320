"""The one walk over ``paths`` x methods, and the one parameter merge, for validation and build.

Paths whose key starts with ``x-`` are extensions, not paths. A path item's parameters apply to
each of its operations unless the operation declares one of the same name and location, which
then takes its place (in the path item's order, where the path item had declared it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..loader import escape_pointer_token
from ..untrusted import path_template_names
from .documents import DocumentSet
from .extension import idempotent_override
from .views import Located, ParameterView, RequestBodyView, ResponseView

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Methods that the HTTP specification calls idempotent: a failed request may be sent again.
IDEMPOTENT_METHODS = frozenset({"get", "head", "options", "put", "delete", "trace"})


@dataclass(frozen=True)
class OperationView(Located):
    path: str = ""
    method: str = ""
    placeholders: tuple[str, ...] = ()
    # The parameters the operation itself declares, then the merged ones it is called with.
    own_parameters: tuple[ParameterView, ...] = field(default=(), repr=False, compare=False)
    parameters: tuple[ParameterView, ...] = field(default=(), repr=False, compare=False)

    @property
    def has_operation_id(self) -> bool:
        return isinstance(self.fields.get("operationId"), str)

    @property
    def operation_id(self) -> str:
        """The operationId, or ``"<method> <path>"`` for an operation without one."""
        value = self.fields.get("operationId")
        return value if isinstance(value, str) else f"{self.method} {self.path}"

    @property
    def tag(self) -> str | None:
        """The first tag, which decides the operation's group."""
        tags = self.fields.get("tags")
        return str(tags[0]) if isinstance(tags, list) and tags else None

    @property
    def summary(self) -> str | None:
        return self.text("summary")

    @property
    def description(self) -> str | None:
        return self.text("description")

    @property
    def deprecated(self) -> bool:
        return bool(self.fields.get("deprecated"))

    @property
    def idempotent(self) -> bool:
        override = idempotent_override(self.fields)
        return self.method in IDEMPOTENT_METHODS if override is None else override

    def request_body(self) -> RequestBodyView | None:
        raw = self.fields.get("requestBody")
        if raw is None:
            return None
        document, pointer, node = self.follow_child(raw, "requestBody")
        return RequestBodyView(self.documents, document, pointer, node)

    def responses(self) -> list[ResponseView]:
        found = []
        for status, raw in (self.fields.get("responses") or {}).items():
            status = str(status).upper() if str(status).lower() != "default" else "default"
            document, pointer, node = self.follow_child(raw, "responses", status)
            found.append(ResponseView(self.documents, document, pointer, node, status))
        return found

    def security(self, root_security: Any) -> tuple[Any, str]:
        """The security requirements that apply, and where they are written."""
        if "security" in self.fields:
            return self.fields["security"], self.child_pointer("security")
        return root_security, "/security"


def _declared_parameters(owner: Located) -> list[ParameterView]:
    raw = owner.fields.get("parameters")
    if not isinstance(raw, list):
        return []
    found = []
    for index, entry in enumerate(raw):
        document, pointer, node = owner.follow_child(entry, "parameters", index)
        if isinstance(node, dict) and isinstance(node.get("name"), str):
            found.append(ParameterView(owner.documents, document, pointer, node))
    return found


def merge_parameters(
    shared: list[ParameterView], own: list[ParameterView]
) -> tuple[ParameterView, ...]:
    """The parameters an operation is called with (see the module's docstring)."""
    merged: dict[tuple[str, str], ParameterView] = {}
    for parameter in (*shared, *own):
        merged[(parameter.name, parameter.location)] = parameter
    return tuple(merged.values())


def walk_operations(documents: DocumentSet) -> tuple[OperationView, ...]:
    """Every operation in document order; a malformed path template is a located error."""
    root = documents.root
    paths = root.data.get("paths")
    if not isinstance(paths, dict):
        return ()
    found: list[OperationView] = []
    for path, raw_item in paths.items():
        where = f"/paths/{escape_pointer_token(path)}"
        if path.startswith("x-"):
            continue
        try:
            placeholders = tuple(path_template_names(path))
        except ValueError as exc:
            raise root.error(f"path template {path!r} is malformed: {exc}", where) from None
        item_doc, item_pointer, item = documents.follow(root, raw_item, where)
        if not isinstance(item, dict):
            continue
        path_item = Located(documents, item_doc, item_pointer, item)
        shared = _declared_parameters(path_item)
        for method in HTTP_METHODS:
            raw_operation = item.get(method)
            if not isinstance(raw_operation, dict):
                continue
            # Real documents (DigitalOcean's) keep each operation in a file of its own and
            # point at it with a $ref, which OpenAPI allows for path items only; followed
            # alike, so its parameters, bodies and responses resolve from that file.
            operation_doc, pointer, operation = documents.follow(
                item_doc, raw_operation, f"{item_pointer}/{method}"
            )
            if not isinstance(operation, dict):
                continue
            located = Located(documents, operation_doc, pointer, operation)
            own = _declared_parameters(located)
            found.append(
                OperationView(
                    documents,
                    operation_doc,
                    pointer,
                    operation,
                    path=path,
                    method=method,
                    placeholders=placeholders,
                    own_parameters=tuple(own),
                    parameters=merge_parameters(shared, own),
                )
            )
    return tuple(found)
