"""The printed form of models: field lines, and each model's generated decoder and encoder.

Every statement is laid out as black would print it (``LINE_LENGTH``, the indentation of its
place in ``models.py.jinja``), so formatting can leave it alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..canonical import LINE_LENGTH
from ..model import (
    DIRECT,
    AliasDef,
    ClassReferences,
    FieldDef,
    ModelDef,
    ModelType,
    NullableType,
    PrimitiveType,
    TypeExpr,
)
from ..untrusted import Code, string_literal
from .layout import nested_call, one_parameter_def, split_at_last_bracket


def field_declaration(field: FieldDef) -> Code:
    """The field's line in its dataclass (indented 4), split as black splits it when the
    line is too long: the default in parentheses, else the annotation."""
    default = field.default() if not field.required else None
    if default is None:
        return Code(f"{field.attr}: {field.annotation()}")
    line = f"{field.attr}: {field.annotation()} = {default}"
    if 4 + len(line) <= LINE_LENGTH:
        return Code(line)
    head = f"{field.attr}: {field.annotation()} = ("
    if 4 + len(head) <= LINE_LENGTH:
        return Code(f"{head}\n        {default}\n    )")
    if 8 + len(field.annotation()) <= LINE_LENGTH:
        return Code(f"{field.attr}: (\n        {field.annotation()}\n    ) = {default}")
    return Code(line)  # black's to split


def alias_declaration(alias: AliasDef) -> Code:
    """``Name: _t.TypeAlias = "definition"``: a string, so that the alias may name itself
    and classes defined after it, at no cost at import. A definition too long for one
    line is cut before its ``|`` and after its commas, into strings black keeps one a
    line in parentheses (Python joins them into one before any type checker reads it)."""
    definition = str(alias.definition.annotation())
    head = f"{alias.name}: _t.TypeAlias = "
    if len(head) + len(definition) + 2 <= LINE_LENGTH:
        return Code(f'{head}"{definition}"')
    pieces: list[str] = []
    for token in re.split(r"(?<=, )|(?= \| )", definition):
        if pieces and 4 + len(pieces[-1]) + len(token) + 2 <= LINE_LENGTH:
            pieces[-1] += token
        else:
            pieces.append(token)
    lines = "".join(f'\n    "{piece}"' for piece in pieces)
    return Code(f"{head}({lines}\n)")


# Scalars the generated decoder checks inline: the kind's type check for a required,
# non-null value, and the stem of the ``_rt`` tuples of types for the other cases.
_INLINE_CHECKS: dict[str, tuple[str, str]] = {
    "str": ("type({v}) is str", "STR"),
    "int": ("type({v}) is int", "INT"),
    "float": ("type({v}) in _rt.NUM", "NUM"),
    "bool": ("type({v}) is bool", "BOOL"),
    "object": ("type({v}) is dict", "DICT"),
}
# The indentation of a decoder's reads and of an encoder's dictionary entries.
_BODY_INDENT = 8


@dataclass(frozen=True)
class ModelCode:
    """One model's generated decoder and encoder, statement by statement.

    The decoder reads every property at once and checks the scalars in one condition;
    a payload it does not take (a bad value, a missing property, anything raising)
    goes to the runtime's field-by-field decoder, which gives the exact result or the
    :class:`DecodeError` naming the spot. Each statement is one line, or the lines
    black would split it into.
    """

    model: ModelDef
    decoder: Code
    encoder: Code
    extra_codec: Code | None
    reads: tuple[tuple[Code, ...], ...]
    table: tuple[Code, ...]
    extras_test: Code
    checks: tuple[Code, ...]
    writes: tuple[tuple[Code, ...], ...]
    packs: bool

    def decoder_signature(self) -> tuple[Code, ...]:
        return one_parameter_def(self.decoder, "d: _rt.Wire", "_rt.Wire")

    def encoder_signature(self) -> tuple[Code, ...]:
        return one_parameter_def(self.encoder, "o: _rt.Wire", "dict[str, _rt.Wire]")

    def blank(self) -> tuple[Code, ...]:
        return split_at_last_bracket("o = _new(", str(self.model.class_name), ")", 4)

    def condition(self) -> tuple[Code, ...]:
        """``if <checks>:`` inside the decoder's ``try``, laid out as black does."""
        checks = ("type(d) is dict", *self.checks)
        joined = " and ".join(checks)
        if len(f"        if {joined}:") <= LINE_LENGTH:
            return (Code(f"if {joined}:"),)
        if len(f"            {joined}") <= LINE_LENGTH:
            return (Code("if ("), Code(f"    {joined}"), Code("):"))
        first, *rest = checks
        return (
            Code("if ("),
            Code(f"    {first}"),
            *(Code(f"    and {check}") for check in rest),
            Code("):"),
        )


def _scalar_check(kind: str, value: str, required: bool, nullable: bool) -> Code | None:
    inline = _INLINE_CHECKS.get(kind)
    if inline is None:
        return None
    single, stem = inline
    if required and not nullable:
        return Code(single.format(v=value))
    suffix = ("N" if nullable else "") + ("" if required else "U")
    return Code(f"type({value}) in _rt.{stem}_{suffix}")


class _Constants:
    """The codec objects the generated code shares, one module-level name each; ``refs``
    says how they name classes (see :class:`~generator.model.ClassReferences`)."""

    def __init__(self, refs: ClassReferences) -> None:
        self.names: dict[str, Code] = {}
        self.refs = refs

    def __call__(self, type_: TypeExpr, required: bool) -> Code:
        """The name of the codec of a property of ``type_``; a bare ``_rt`` codec is its
        own name. An optional property's codec passes :data:`UNSET` through."""
        expression = type_.codec(self.refs)
        if required and expression.startswith("_rt.") and expression[4:].isidentifier():
            return expression
        if not required:
            expression = Code(f"_rt.OptionalCodec({expression})")
        name = self.names.get(expression)
        if name is None:
            name = self.names[expression] = Code(f"_c{len(self.names)}")
        return name


def _field_code(
    field: FieldDef, constant: _Constants
) -> tuple[tuple[Code, ...], Code | None, tuple[Code, ...], tuple[Code, ...], str]:
    """A field's read (the statement), its inline check, its encoder entry, and its row
    in the field table laid out and on one line."""
    target = f"o.{field.attr}"
    wire = string_literal(field.wire_name)
    raw = f"d[{wire}]" if field.required else f"d.get({wire}, _U)"
    nullable = isinstance(field.type, NullableType)
    inner = field.type.inner if isinstance(field.type, NullableType) else field.type
    kind = inner.kind if isinstance(inner, PrimitiveType) else None
    check = None if kind is None else _scalar_check(kind, target, field.required, nullable)
    if check is not None:
        # The field table keeps the plain codec: the field-by-field decoder skips UNSET.
        codec = constant(field.type, True)
        if field.required:
            read = split_at_last_bracket(f"{target} = d[", wire, "]")
        else:
            read = split_at_last_bracket(f"{target} = d.get(", f"{wire}, _U", ")")
        value = target
    elif isinstance(inner, ModelType) and field.required and not nullable:
        codec = constant(field.type, True)
        # A model of this module is decoded by its decoder; one of another module's, by
        # the codec that imports that module on first use.
        decode = (
            f"_d_{inner.class_name}"
            if constant.refs.in_scope(inner.class_name)
            else f"{codec}.decode"
        )
        read = split_at_last_bracket(f"{target} = {decode}(", raw, ")")
        value = f"{target}.to_dict()"
    else:
        codec = constant(field.type, field.required)
        read = split_at_last_bracket(f"{target} = {codec}.decode(", raw, ")")
        value = f"{codec}.encode({target})"
    arguments = (string_literal(str(field.attr)), wire, codec, str(field.required))
    inline_row = f"_rt.Field({', '.join(arguments)})"
    row = split_at_last_bracket("_rt.Field(", ", ".join(arguments), "),", items=arguments)
    write = f"{wire}: {value},"
    if _BODY_INDENT + len(write) <= LINE_LENGTH:
        return read, check, (Code(write),), row, inline_row
    # Black does not split a long dictionary value; it keeps one in parentheses.
    return read, check, (Code(f"{wire}: ("), Code(f"    {value}"), Code("),")), row, inline_row


def model_code(
    models: tuple[ModelDef, ...], refs: ClassReferences = DIRECT
) -> tuple[tuple[Code, ...], tuple[ModelCode, ...]]:
    """The lines that create the codec objects the generated code shares, and each
    model's decoder, encoder and field table; ``refs`` names the classes of other modules."""
    constant = _Constants(refs)
    codes = []
    for model in models:
        reads = []
        checks = []
        writes = []
        rows: list[Code] = []
        inline_rows: list[str] = []
        for field in model.fields:
            read, check, write, row, inline_row = _field_code(field, constant)
            reads.append(read)
            if check is not None:
                checks.append(check)
            writes.append(write)
            rows.extend(row)
            inline_rows.append(inline_row)
        single = f"({inline_rows[0]},)" if len(inline_rows) == 1 else ""
        if not rows:
            table: tuple[Code, ...] = (Code("()"),)
        elif single and len(f"    {single},") <= LINE_LENGTH:
            # A one-element tuple's comma is not a magic trailing comma to black.
            table = (Code(single),)
        else:
            table = (Code("("), *(Code(f"    {row}") for row in rows), Code(")"))
        every_required = all(field.required for field in model.fields)
        codes.append(
            ModelCode(
                model=model,
                decoder=Code(f"_d_{model.class_name}"),
                extra_codec=(
                    model.extra_type.codec(refs) if model.extra_type is not None else None
                ),
                encoder=Code(f"_e_{model.class_name}"),
                reads=tuple(reads),
                table=table,
                # With every property required, a count tells whether there are others.
                extras_test=Code(
                    f"len(d) != {len(model.fields)}"
                    if every_required
                    else "not d.keys() <= o.__wire_names__"
                ),
                checks=tuple(checks),
                writes=tuple(writes),
                packs=not every_required or model.extra_type is not None,
            )
        )
    shared = tuple(
        line
        for expression, name in constant.names.items()
        for line in nested_call(f"{name} = ", expression, 0)
    )
    return shared, tuple(codes)
