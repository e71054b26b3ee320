"""Runnable example calls for the generated README, built from the spec's own examples.

Example values are spec data: they reach the README only as Python literals made here, with
every string through :func:`~generator.untrusted.string_literal` and every other scalar checked
for its exact type, so an example can no more inject code than a description can.
"""

from __future__ import annotations

import math
from typing import Any

from ..model import (
    AliasType,
    EnumType,
    FieldDef,
    ListType,
    MapType,
    ModelDef,
    ModelType,
    NullableType,
    ParameterDef,
    PrimitiveType,
    TypeExpr,
    UnionType,
)
from ..untrusted import Code, SpecText, string_literal

MAX_DEPTH = 8


def _json_literal(value: Any, depth: int) -> Code | None:
    """A free-form JSON value as a Python literal."""
    if depth > MAX_DEPTH:
        return None
    if value is None or type(value) is bool:
        return Code(repr(value))
    if type(value) is int:
        return Code(repr(value))
    if type(value) is float:
        return Code(repr(value)) if math.isfinite(value) else None
    if type(value) is str:
        return string_literal(SpecText(value))
    if type(value) is list:
        items = [_json_literal(item, depth + 1) for item in value]
        return None if None in items else Code("[" + ", ".join(map(str, items)) + "]")
    if type(value) is dict:
        pairs = []
        for key, item in value.items():
            literal = _json_literal(item, depth + 1)
            if literal is None or type(key) is not str:
                return None
            pairs.append(f"{string_literal(SpecText(key))}: {literal}")
        return Code("{" + ", ".join(pairs) + "}")
    return None


def python_literal(
    type_: TypeExpr,
    value: Any,
    models: dict[str, ModelDef],
    depth: int = 0,
    used: set[str] | None = None,
) -> Code | None:
    """``value`` as an expression of ``type_`` (models as constructor calls), or ``None``.

    The generated classes the expression names are added to ``used`` (only when it is made).
    """
    found: set[str] = set()
    literal = _literal(type_, value, models, depth, found)
    if literal is not None and used is not None:
        used |= found
    return literal


def _literal(
    type_: TypeExpr, value: Any, models: dict[str, ModelDef], depth: int, used: set[str]
) -> Code | None:
    if depth > MAX_DEPTH:
        return None
    if isinstance(type_, NullableType):
        if value is None:
            return Code("None")
        return python_literal(type_.inner, value, models, depth, used)
    if isinstance(type_, ModelType):
        model = models.get(str(type_.class_name))
        if model is None or type(value) is not dict:
            return None
        arguments = _model_arguments(model.fields, value, models, depth, used)
        if arguments is None:
            return None
        used.add(str(type_.class_name))
        return Code(f"{type_.class_name}({arguments})")
    if isinstance(type_, ListType):
        if type(value) is not list:
            return None
        items = [python_literal(type_.item, item, models, depth + 1, used) for item in value]
        return None if None in items else Code("[" + ", ".join(map(str, items)) + "]")
    if isinstance(type_, MapType):
        if type(value) is not dict:
            return None
        pairs = []
        for key, item in value.items():
            literal = python_literal(type_.value, item, models, depth + 1, used)
            if literal is None:
                return None
            pairs.append(f"{string_literal(SpecText(str(key)))}: {literal}")
        return Code("{" + ", ".join(pairs) + "}")
    if isinstance(type_, EnumType):
        return _enum_literal(type_, value, used)
    if isinstance(type_, UnionType):
        for member in type_.members:
            literal = python_literal(member, value, models, depth, used)
            if literal is not None:
                return literal
        return None
    if isinstance(type_, PrimitiveType):
        return _primitive_literal(type_, value, depth)
    if isinstance(type_, AliasType) and type_.definition is not None:
        return python_literal(type_.unfolded(), value, models, depth, used)
    return None


def _enum_literal(type_: EnumType, value: Any, used: set[str]) -> Code | None:
    if type(value) is str:
        literal = string_literal(SpecText(value))
    elif type(value) is int:
        literal = Code(repr(value))
    else:
        return None
    used.add(str(type_.class_name))
    return Code(f"{type_.class_name}({literal})")


def _primitive_literal(type_: PrimitiveType, value: Any, depth: int) -> Code | None:
    expected = {"str": str, "int": int, "bool": bool}.get(type_.kind)
    if expected is not None:
        return _json_literal(value, depth) if type(value) is expected else None
    if type_.kind == "float":
        return _json_literal(value, depth) if type(value) in (int, float) else None
    if type_.kind in ("any", "object"):
        return _json_literal(value, depth)
    return None


def _model_arguments(
    fields: tuple[FieldDef, ...],
    value: dict[str, Any],
    models: dict[str, ModelDef],
    depth: int,
    used: set[str],
) -> str | None:
    arguments = []
    for field in fields:
        wire = field.wire_name.value
        if wire not in value:
            if field.required:
                return None
            continue
        literal = python_literal(field.type, value[wire], models, depth + 1, used)
        if literal is None:
            return None
        arguments.append(f"{field.attr}={literal}")
    return ", ".join(arguments)


def example_call(
    method_name: str,
    path_parameters: list[ParameterDef],
    parameter_examples: dict[str, Any],
    body_fields: tuple[FieldDef, ...],
    body_argument: Code | None,
    body_type: TypeExpr | None,
    body_example: Any,
    models: dict[str, ModelDef],
) -> tuple[Code, bool, frozenset[str], tuple[Code, ...]]:
    """The call, whether it is runnable as written (every value came from an example), the
    generated classes it names, and its arguments one by one (``"contacts"``,
    ``inputs=[...]``)."""
    runnable = True
    arguments: list[str] = []
    used: set[str] = set()
    for parameter in path_parameters:
        example = parameter_examples.get(str(parameter.attr))
        literal = python_literal(parameter.type, example, models, used=used)
        if literal is None:
            runnable = False
            literal = string_literal(SpecText(parameter.wire_name.value))
        arguments.append(literal)
    if body_argument is not None and body_type is not None:
        literal = python_literal(body_type, body_example, models, used=used)
        runnable = runnable and literal is not None
        arguments.append(f"{body_argument}={literal if literal is not None else '...'}")
    elif body_fields:
        example = body_example if type(body_example) is dict else {}
        for field in body_fields:
            wire = field.wire_name.value
            literal = (
                python_literal(field.type, example[wire], models, used=used)
                if wire in example
                else None
            )
            if literal is None:
                if field.required:
                    runnable = False
                    arguments.append(f"{field.attr}=...")
                continue
            arguments.append(f"{field.attr}={literal}")
    call = Code(f"{method_name}({', '.join(arguments)})")
    return call, runnable, frozenset(used), tuple(Code(argument) for argument in arguments)
