"""Which operations get a bulk helper, decided on the intermediate model.

The helper's name (``<operation>_all``) was claimed in the naming pass. An operation
qualifies when its flattened request body has exactly one required array field with
``maxItems``: the helper chunks any iterable into requests of at most that many items.
Results and per-item errors are read from the success models' array fields named ``results``
and ``errors``, the convention of batch APIs such as HubSpot's.
"""

from __future__ import annotations

import dataclasses

from ..model import (
    BulkDef,
    FieldDef,
    ListType,
    ModelDef,
    ModelType,
    NullableType,
    OperationDef,
    TypeExpr,
)
from ..untrusted import Code, SpecText, identifier

RESULTS_WIRE_NAME = "results"
ERRORS_WIRE_NAME = "errors"


def _unwrap(type_: TypeExpr) -> TypeExpr:
    return type_.inner if isinstance(type_, NullableType) else type_


def _bounded_array(fields: tuple[FieldDef, ...]) -> tuple[FieldDef, ListType] | None:
    arrays = [
        (f, t)
        for f in fields
        if isinstance(t := _unwrap(f.type), ListType) and t.max_items is not None
    ]
    if len(arrays) != 1 or not arrays[0][0].required:
        return None
    return arrays[0]


def _list_field(
    models: list[ModelDef], wire: str
) -> tuple[Code | None, Code, tuple[TypeExpr, ...]]:
    """The attribute holding array ``wire`` in any of ``models``, its item annotation, and
    the type that annotation names (none for ``_t.Any``)."""
    annotations: list[str] = []
    types: list[TypeExpr] = []
    attr: Code | None = None
    for model in models:
        for field in model.fields:
            field_type = _unwrap(field.type)
            if field.wire_name.value == wire and isinstance(field_type, ListType):
                if attr is not None and field.attr != attr:
                    return None, Code("_t.Any"), ()
                attr = field.attr
                annotation = field_type.item.annotation()
                if annotation not in annotations:
                    annotations.append(annotation)
                    types.append(field_type.item)
    if attr is None or len(annotations) != 1:
        return attr, Code("_t.Any"), ()
    return attr, Code(annotations[0]), (types[0],)


def attach_bulk_helpers(
    operations: tuple[OperationDef, ...], models: dict[str, ModelDef], names: dict[str, str]
) -> tuple[OperationDef, ...]:
    """The operations, each bulk-capable one carrying the :class:`BulkDef` of its helper.

    ``names`` holds the claimed helper name of each operation with a request body, by the
    operation's descriptor name.
    """
    result = []
    for operation in operations:
        body = operation.body
        bounded = _bounded_array(body.fields) if body is not None and body.fields else None
        if bounded is None:
            result.append(operation)
            continue
        items, array = bounded
        method_name = names[str(operation.descriptor_name)]
        success_models = [
            models[str(response.type.class_name)]
            for response in operation.responses
            if isinstance(response.type, ModelType) and str(response.type.class_name) in models
        ]
        results_attr, result_annotation, result_types = _list_field(
            success_models, RESULTS_WIRE_NAME
        )
        errors_attr, error_annotation, error_types = _list_field(success_models, ERRORS_WIRE_NAME)
        assert array.max_items is not None
        bulk = BulkDef(
            method_name=identifier(method_name),
            operation=operation,
            items=items,
            item_annotation=array.item.annotation(),
            max_items=array.max_items,
            results_attr=results_attr,
            errors_attr=errors_attr,
            result_annotation=result_annotation,
            error_annotation=error_annotation,
            types=(array.item, *result_types, *error_types),
            docstring=SpecText(
                f"Call {operation.method_name} for any number of {items.attr}, "
                f"{array.max_items} per request at most.\n\n"
                f"{items.attr} may be any iterable, read lazily one chunk at a time. Every "
                "item ends up in exactly one chunk outcome: the result's results and errors "
                "(per-item errors the server reported), or failed (chunks whose request "
                "failed for good, with their items, their indexes and the exception). "
                "on_progress is called once per finished chunk; its resume_from is a safe "
                "start_at for resuming an interrupted run. With keep_results=False the "
                "result only counts results and errors, which then reach the caller through "
                "on_progress alone, so memory stays bounded however many items there are. "
                "Requests are paced by the client's rate governor and retried as the "
                "operation itself is."
            ),
        )
        result.append(dataclasses.replace(operation, bulk=bulk))
    return tuple(result)
