"""Auto-pagination twins: which operations page, and how, from the spec alone or from its
``x-apiwright-pagination``.

An operation pages when its success body is (or holds exactly one) array of items and the
spec shows, unambiguously, one way to the next page:

- ``cursor``: a query parameter named like a cursor (``after``, ``cursor``, ``pageToken``...)
  and one string property of the body that names the next value (the parameter's own name at
  any depth up to three, as HubSpot's ``paging.next.after``, or ``nextCursor``,
  ``nextPageToken``...);
- ``link``: a ``Link`` response header (``rel="next"``, as GitHub sends);
- ``nextUrl``: one string property up to two levels deep named ``next``, ``nextUrl``,
  ``nextPageUri``... (Twilio's ``next_page_uri``);
- ``offset``: ``offset`` and ``limit`` query parameters and an integer ``total`` (or
  ``totalCount``...).

Two or more shapes at once is ambiguous: no twin, unless the extension says which.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..model import (
    FieldDef,
    ListType,
    ModelDef,
    ModelType,
    NullableType,
    OperationDef,
    PagingDef,
    PrimitiveType,
    TypeExpr,
)
from ..openapi.extension import PAGINATION, PaginationSettings, read_pagination
from ..openapi.operations import OperationView
from ..untrusted import SpecText, identifier

CURSOR_PARAMS = frozenset(
    {"after", "cursor", "pagetoken", "nexttoken", "continuationtoken", "pagecursor", "startcursor"}
)
NEXT_CURSORS = frozenset(
    {"nextcursor", "nextpagetoken", "nexttoken", "nextpagecursor", "continuationtoken"}
)
NEXT_URLS = frozenset({"next", "nexturl", "nextpageurl", "nextpageuri", "nextlink", "nexthref"})
TOTALS = frozenset({"total", "totalcount", "totalresults", "totalitems", "totalsize"})


def _normal(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def _strip(type_: TypeExpr) -> TypeExpr:
    return type_.inner if isinstance(type_, NullableType) else type_


def attach_paging(
    views: Sequence[OperationView],
    operations: Sequence[OperationDef],
    models: dict[str, ModelDef],
) -> tuple[OperationDef, ...]:
    """``operations`` (in the order of ``views``) with their pagination twins."""
    taken: dict[str | None, set[str]] = {}
    for op in operations:
        names = taken.setdefault(str(op.group) if op.group is not None else None, set())
        names.add(str(op.method_name))
        if op.bulk is not None:
            names.add(str(op.bulk.method_name))
    result = []
    for view, op in zip(views, operations, strict=True):
        shape = _shape(view, op, models)
        if shape is None:
            result.append(op)
            continue
        names = taken[str(op.group) if op.group is not None else None]
        name = f"{op.method_name}_all"
        while name in names:
            name += "_items"
        names.add(name)
        result.append(
            dataclasses.replace(op, paging=dataclasses.replace(shape, method_name=identifier(name)))
        )
    return tuple(result)


@dataclasses.dataclass(frozen=True)
class _Page:
    items: FieldDef | None
    item_type: TypeExpr
    model: ModelDef | None


def _page(op: OperationDef, models: dict[str, ModelDef]) -> _Page | None:
    """The success body, and its items: the body itself, or its one array property."""
    for response in op.responses:
        if response.type is None or not response.status.startswith("2"):
            continue
        body = _strip(response.type)
        if isinstance(body, ListType):
            return _Page(None, body.item, None)
        if isinstance(body, ModelType):
            model = models.get(str(body.class_name))
            if model is None:
                return None
            arrays = [f for f in model.fields if isinstance(_strip(f.type), ListType)]
            if len(arrays) == 1:
                item = _strip(arrays[0].type)
                assert isinstance(item, ListType)
                return _Page(arrays[0], item.item, model)
            return None
        return None
    return None


def _paths(
    model: ModelDef | None, models: dict[str, ModelDef], depth: int
) -> list[tuple[tuple[str, ...], TypeExpr]]:
    """Every property path of the body up to ``depth`` levels, with its type."""
    if model is None or depth == 0:
        return []
    found: list[tuple[tuple[str, ...], TypeExpr]] = []
    for field in model.fields:
        type_ = _strip(field.type)
        found.append(((field.wire_name.value,), type_))
        if isinstance(type_, ModelType):
            inner = models.get(str(type_.class_name))
            found.extend(
                ((field.wire_name.value, *path), t) for path, t in _paths(inner, models, depth - 1)
            )
    return found


def _is(type_: TypeExpr, kind: str) -> bool:
    return isinstance(type_, PrimitiveType) and type_.kind == kind


def _query(op: OperationDef, normal: set[str] | frozenset[str]) -> list[str]:
    return [
        p.wire_name.value
        for p in op.other_parameters
        if p.location == "query" and _normal(p.wire_name.value) in normal
    ]


def _argument(op: OperationDef, wire: str | None) -> str | None:
    for p in op.other_parameters:
        if p.location == "query" and p.wire_name.value == wire:
            return str(p.attr)
    return None


def _detect(
    view: OperationView, op: OperationDef, page: _Page, models: dict[str, ModelDef]
) -> list[PaginationSettings]:
    found: list[PaginationSettings] = []
    items = page.items.wire_name.value if page.items is not None else None
    strings = [path for path, t in _paths(page.model, models, 3) if _is(t, "str")]
    for param in _query(op, CURSOR_PARAMS):
        wanted = {_normal(param)} | NEXT_CURSORS
        cursors = [path for path in strings if _normal(path[-1]) in wanted]
        if len(cursors) == 1:
            found.append(
                PaginationSettings("cursor", items, cursor_param=param, next_cursor=cursors[0])
            )
    if any(
        _normal(str(name)) == "link"
        for response in view.responses()
        if response.status.startswith("2")
        for name in (response.fields.get("headers") or {})
    ):
        found.append(PaginationSettings("link", items))
    urls = [path for path in strings if len(path) <= 2 and _normal(path[-1]) in NEXT_URLS]
    if len(urls) == 1:
        found.append(PaginationSettings("nextUrl", items, next_url=urls[0]))
    offsets, limits = _query(op, {"offset"}), _query(op, {"limit"})
    totals = [
        path
        for path, t in _paths(page.model, models, 2)
        if _is(t, "int") and _normal(path[-1]) in TOTALS
    ]
    if offsets and limits and len(totals) == 1:
        found.append(PaginationSettings("offset", items, offset_param=offsets[0], total=totals[0]))
    return found


def _shape(view: OperationView, op: OperationDef, models: dict[str, ModelDef]) -> PagingDef | None:
    declared = read_pagination(view.document, view.fields, view.pointer)
    if declared is False:
        return None
    page = _page(op, models)
    where = f"/{PAGINATION}"
    if isinstance(declared, PaginationSettings):
        if page is None:
            raise view.error(f"{PAGINATION}: the success response has no array of items", where)
        settings = declared
        if settings.items is not None and (
            page.model is None
            or not any(f.wire_name.value == settings.items for f in page.model.fields)
        ):
            raise view.error(
                f"{PAGINATION}: the response has no property {settings.items!r}", where
            )
    else:
        if op.http_method != "GET" or page is None:
            return None
        shapes = _detect(view, op, page, models)
        if len(shapes) != 1:
            return None
        settings = shapes[0]
    items_field = page.items
    item_type = page.item_type
    if settings.items is not None and page.model is not None:
        field = next(f for f in page.model.fields if f.wire_name.value == settings.items)
        inner = _strip(field.type)
        if not isinstance(inner, ListType):
            raise view.error(f"{PAGINATION}: property {settings.items!r} is not an array", where)
        items_field, item_type = field, inner.item
    parameter = settings.cursor_param if settings.style == "cursor" else settings.offset_param
    argument = _argument(op, parameter)
    if parameter is not None and argument is None:
        raise view.error(f"{PAGINATION}: the operation has no query parameter {parameter!r}", where)
    return PagingDef(
        method_name=identifier(f"{op.method_name}_all"),
        operation=op,
        style="next_url" if settings.style == "nextUrl" else settings.style,
        items_attr=items_field.model_attr or items_field.attr if items_field is not None else None,
        item_annotation=item_type.annotation(),
        next_path=tuple(SpecText(step) for step in (settings.next_cursor or settings.next_url)),
        total_path=tuple(SpecText(step) for step in settings.total),
        cursor_argument=identifier(argument) if argument is not None else None,
        types=(item_type,),
    )
