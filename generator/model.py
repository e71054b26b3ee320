"""The typed, immutable intermediate model: every decision the templates print is made here.

Templates receive these objects and print their fields; names in them are already valid Python
identifiers (:class:`~generator.untrusted.Code`), and every string that came from the spec is a
:class:`~generator.untrusted.SpecText` that can only be printed through an escaping filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .canonical import LINE_LENGTH
from .layout import (
    bracketed,
    nested_call,
    one_parameter_def,
    parameter,
    split_at_last_bracket,
)
from .untrusted import Code, SpecText, string_literal

_PRIMITIVES: dict[str, tuple[str, str]] = {
    "str": ("str", "_rt.STR"),
    "int": ("int", "_rt.INT"),
    "float": ("float", "_rt.FLOAT"),
    "bool": ("bool", "_rt.BOOL"),
    "any": ("_t.Any", "_rt.ANY"),
    "datetime": ("_dt.datetime", "_rt.DATETIME"),
    "date": ("_dt.date", "_rt.DATE"),
    "uuid": ("_uuid.UUID", "_rt.UUID"),
    "bytes": ("bytes", "_rt.BYTES"),
    "binary": ("bytes", "_rt.BINARY"),
    "object": ("dict[str, _t.Any]", "_rt.OBJECT"),
}


ParameterLocation = Literal["path", "query", "header", "cookie"]
BodyEncoding = Literal["json", "form", "multipart", "text", "bytes"]
ResponseKind = Literal["json", "text", "bytes", "empty"]
CredentialKind = Literal["bearer", "basic", "header", "query", "cookie"]


class TypeExpr:
    """A type in generated code: its annotation, and the runtime codec that reads/writes it."""

    def annotation(self) -> Code:
        raise NotImplementedError

    def codec(self) -> Code:
        raise NotImplementedError

    def is_nullable(self) -> bool:
        return False


@dataclass(frozen=True)
class PrimitiveType(TypeExpr):
    kind: str

    def annotation(self) -> Code:
        return Code(_PRIMITIVES[self.kind][0])

    def codec(self) -> Code:
        return Code(_PRIMITIVES[self.kind][1])


@dataclass(frozen=True)
class ListType(TypeExpr):
    item: TypeExpr
    max_items: int | None = None

    def annotation(self) -> Code:
        return Code(f"list[{self.item.annotation()}]")

    def codec(self) -> Code:
        return Code(f"_rt.ListCodec({self.item.codec()})")


@dataclass(frozen=True)
class MapType(TypeExpr):
    value: TypeExpr

    def annotation(self) -> Code:
        return Code(f"dict[str, {self.value.annotation()}]")

    def codec(self) -> Code:
        return Code(f"_rt.MapCodec({self.value.codec()})")


@dataclass(frozen=True)
class NullableType(TypeExpr):
    inner: TypeExpr

    def annotation(self) -> Code:
        return Code(f"{self.inner.annotation()} | None")

    def codec(self) -> Code:
        return Code(f"_rt.NullableCodec({self.inner.codec()})")

    def is_nullable(self) -> bool:
        return True


@dataclass(frozen=True)
class ModelType(TypeExpr):
    class_name: Code

    def annotation(self) -> Code:
        return self.class_name

    def codec(self) -> Code:
        return Code(f"_rt.ModelCodec({self.class_name})")


@dataclass(frozen=True)
class EnumType(TypeExpr):
    class_name: Code

    def annotation(self) -> Code:
        return self.class_name

    def codec(self) -> Code:
        return Code(f"_rt.EnumCodec({self.class_name})")


@dataclass(frozen=True)
class UnionType(TypeExpr):
    members: tuple[TypeExpr, ...]
    discriminator: SpecText | None = None
    mapping: tuple[tuple[SpecText, Code], ...] = ()

    def annotation(self) -> Code:
        return Code(" | ".join(member.annotation() for member in self.members))

    def codec(self) -> Code:
        members = _tuple([member.codec() for member in self.members])
        if self.discriminator is None:
            return Code(f"_rt.UnionCodec({members})")
        mapping = ", ".join(f"{string_literal(value)}: {name}" for value, name in self.mapping)
        return Code(
            f"_rt.UnionCodec({members}, discriminator={string_literal(self.discriminator)}, "
            f"mapping={{{mapping}}})"
        )


def _tuple(items: list[str]) -> Code:
    """A tuple display without a trailing comma, which would make black explode it."""
    if len(items) == 1:
        return Code(f"({items[0]},)")
    return Code("(" + ", ".join(items) + ")")


def _optional_annotation(type_: TypeExpr, required: bool, *, sequence: bool = False) -> Code:
    """``T``, ``T | None``, ``T | _rt.Unset`` or ``T | _rt.Unset | None`` (None last)."""
    nullable = isinstance(type_, NullableType)
    inner = type_.inner if isinstance(type_, NullableType) else type_
    if sequence and isinstance(inner, ListType):
        text = f"_t.Sequence[{inner.item.annotation()}]"
    else:
        text = inner.annotation()
    if not required:
        text += " | _rt.Unset"
    if nullable:
        text += " | None"
    return Code(text)


@dataclass(frozen=True)
class FieldDef:
    attr: Code
    wire_name: SpecText
    type: TypeExpr
    required: bool
    description: SpecText | None
    read_only: bool = False
    # As a flattened body argument, the name of the model field it fills, when that differs.
    model_attr: Code | None = None

    def annotation(self) -> Code:
        return _optional_annotation(self.type, self.required)

    def default(self) -> Code | None:
        return None if self.required else Code("_rt.UNSET")

    def declaration(self) -> Code:
        """The field's line in its dataclass (indented 4), split as black splits it when the
        line is too long: the default in parentheses, else the annotation."""
        default = self.default() if not self.required else None
        if default is None:
            return Code(f"{self.attr}: {self.annotation()}")
        line = f"{self.attr}: {self.annotation()} = {default}"
        if 4 + len(line) <= LINE_LENGTH:
            return Code(line)
        head = f"{self.attr}: {self.annotation()} = ("
        if 4 + len(head) <= LINE_LENGTH:
            return Code(f"{head}\n        {default}\n    )")
        if 8 + len(self.annotation()) <= LINE_LENGTH:
            return Code(f"{self.attr}: (\n        {self.annotation()}\n    ) = {default}")
        return Code(line)  # black's to split

    def argument_annotation(self) -> Code:
        """As a method argument, a list field takes any sequence (a tuple, say)."""
        if isinstance(self.type, ListType):
            return _optional_annotation(self.type, self.required, sequence=True)
        return self.annotation()

    def argument_value(self) -> Code:
        """The expression that turns the method argument into the model's field value."""
        if isinstance(self.type, ListType):
            if self.required:
                return Code(f"list({self.attr})")
            return Code(f"{self.attr} if isinstance({self.attr}, _rt.Unset) else list({self.attr})")
        return self.attr


@dataclass(frozen=True)
class ModelDef:
    class_name: Code
    description: SpecText | None
    fields: tuple[FieldDef, ...]
    extra_codec: Code | None


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
    """The codec objects the generated code shares, one module-level name each."""

    def __init__(self) -> None:
        self.names: dict[str, Code] = {}

    def __call__(self, type_: TypeExpr, required: bool) -> Code:
        """The name of the codec of a property of ``type_``; a bare ``_rt`` codec is its
        own name. An optional property's codec passes :data:`UNSET` through."""
        expression = type_.codec()
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
        read = split_at_last_bracket(f"{target} = _d_{inner.class_name}(", raw, ")")
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


def model_code(models: tuple[ModelDef, ...]) -> tuple[tuple[Code, ...], tuple[ModelCode, ...]]:
    """The lines that create the codec objects the generated code shares, and each
    model's decoder, encoder and field table."""
    constant = _Constants()
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
                packs=not every_required or model.extra_codec is not None,
            )
        )
    shared = tuple(
        line
        for expression, name in constant.names.items()
        for line in nested_call(f"{name} = ", expression, 0)
    )
    return shared, tuple(codes)


@dataclass(frozen=True)
class EnumMember:
    name: Code
    value: Code


@dataclass(frozen=True)
class EnumDef:
    class_name: Code
    description: SpecText | None
    base: Code
    members: tuple[EnumMember, ...]


@dataclass(frozen=True)
class ParameterDef:
    attr: Code
    wire_name: SpecText
    location: ParameterLocation
    type: TypeExpr
    required: bool
    description: SpecText | None
    style: str
    explode: bool

    def annotation(self) -> Code:
        return _optional_annotation(self.type, self.required)


@dataclass(frozen=True)
class BodyDef:
    media_type: SpecText
    encoding: BodyEncoding
    type: TypeExpr
    required: bool
    flattened_model: Code | None
    fields: tuple[FieldDef, ...]
    argument: Code | None
    description: SpecText | None


@dataclass(frozen=True)
class ResponseDef:
    status: str
    kind: ResponseKind
    type: TypeExpr | None
    description: SpecText | None

    def codec(self) -> Code:
        if self.kind == "json" and self.type is not None:
            return self.type.codec()
        return Code(
            {"text": "_rt.TEXT_BODY", "bytes": "_rt.BYTES_BODY"}.get(self.kind, "_rt.NO_BODY")
        )


@dataclass(frozen=True)
class OperationDef:
    """One operation; ``signature`` and ``*_expression`` give what its method prints."""

    method_name: Code
    descriptor_name: Code
    operation_id: SpecText
    http_method: str
    path: SpecText
    path_parameters: tuple[ParameterDef, ...]
    other_parameters: tuple[ParameterDef, ...]
    body: BodyDef | None
    responses: tuple[ResponseDef, ...]
    error_response: ResponseDef | None
    return_annotation: Code
    idempotent: bool
    summary: SpecText | None
    description: SpecText | None
    deprecated: bool
    example_call: Code
    docstring: SpecText
    example_runnable: bool = False
    security: tuple[tuple[SpecText, ...], ...] | None = None
    group: Code | None = None
    bulk: BulkDef | None = None
    response_examples: tuple[tuple[str, SpecText], ...] = ()
    """Each success status's example as JSON text, for the package's fake API."""
    paging: PagingDef | None = None

    @property
    def example_arguments(self) -> Code:
        """The parenthesised arguments of :attr:`example_call`."""
        return Code(self.example_call[len(self.method_name) :])

    @property
    def call_name(self) -> Code:
        """How a user reaches the method from a client: ``users.get_user`` or ``get_user``."""
        prefix = f"{self.group}." if self.group is not None else ""
        return Code(prefix + self.method_name)

    def signature(self) -> tuple[Code, ...]:
        """Parameters after ``self``: path parameters positionally, the rest by keyword."""
        parts = [Code(f"{p.attr}: {p.annotation()}") for p in self.path_parameters]
        parts.append(Code("*"))
        keyword_args: list[tuple[bool, Code]] = []
        if self.body is not None:
            if self.body.argument is not None:
                annotation = self.body.type.annotation()
                if self.body.required:
                    keyword_args.append((True, Code(f"{self.body.argument}: {annotation}")))
                else:
                    keyword_args.append(
                        (False, Code(f"{self.body.argument}: {annotation} | _rt.Unset = _rt.UNSET"))
                    )
            for body_field in self.body.fields:
                default = "" if body_field.required else " = _rt.UNSET"
                keyword_args.append(
                    (
                        body_field.required,
                        Code(f"{body_field.attr}: {body_field.argument_annotation()}{default}"),
                    )
                )
        for param in self.other_parameters:
            default = "" if param.required else " = _rt.UNSET"
            keyword_args.append(
                (param.required, Code(f"{param.attr}: {param.annotation()}{default}"))
            )
        parts.extend(text for required, text in keyword_args if required)
        parts.extend(text for required, text in keyword_args if not required)
        parts.extend(
            [
                Code("max_retries: int | _rt.Unset = _rt.UNSET"),
                Code("timeout: float | httpx.Timeout | _rt.Unset = _rt.UNSET"),
                Code("extra_headers: _t.Mapping[str, str] | None = None"),
            ]
        )
        return tuple(parts)

    def arguments_expression(self) -> Code:
        """The argument values in the order of :meth:`params_expression` (a tuple), laid out
        for its place in the method body: ``_call(`` arguments, indented 12."""
        names = [str(p.attr) for p in (*self.path_parameters, *self.other_parameters)]
        return bracketed("(", names, ")", indent=12, after=1, one_tuple=True)

    def security_expression(self) -> Code:
        """Alternatives of scheme names, each a tuple of schemes that must all be sent."""
        if self.security is None:
            return Code("None")
        return bracketed(
            "(",
            [
                _tuple([string_literal(name) for name in alternative])
                for alternative in self.security
            ],
            ")",
            indent=4,
            before=len("security="),
            after=1,
            one_tuple=True,
        )

    def body_expression(self) -> Code:
        if self.body is None:
            return Code("_rt.UNSET")
        if self.body.argument is not None:
            return self.body.argument
        assert self.body.flattened_model is not None
        values = ", ".join(
            f"{f.model_attr or f.attr}={f.argument_value()}" for f in self.body.fields
        )
        return Code(f"{self.body.flattened_model}({values})")

    def body_codec(self) -> Code:
        if self.body is None:
            return Code("None")
        return self.body.type.codec()

    def params_expression(self) -> Code:
        """The parameter table, laid out for ``params=`` in the operation's descriptor."""
        params = [
            bracketed(
                "_policy.Param(",
                [
                    string_literal(p.wire_name),
                    string_literal(p.location),
                    p.type.codec(),
                    string_literal(p.style),
                    str(p.explode),
                ],
                ")",
                indent=8,
                after=1,
            )
            for p in (*self.path_parameters, *self.other_parameters)
        ]
        return bracketed("(", params, ")", indent=4, before=len("params="), after=1, one_tuple=True)

    def descriptor_head(self) -> Code:
        """The first line(s) of the descriptor's assignment, up to its call's parenthesis."""
        head = f"{self.descriptor_name} = _policy.Operation[{self.return_annotation}]("
        if len(head) <= LINE_LENGTH:
            return Code(head)
        # black's own split of a subscript too long for the line.
        return Code(
            f"{self.descriptor_name} = _policy.Operation[\n    {self.return_annotation}\n]("
        )

    def responses_expression(self) -> Code:
        """Status code to reader, laid out for ``responses=`` in the operation's descriptor."""
        entries = [f"{string_literal(r.status)}: {r.codec()}" for r in self.responses]
        return bracketed("{", entries, "}", indent=4, before=len("responses="), after=1)

    def raw_wrapper(self, receiver: str, is_async: bool) -> Code:
        """The statement of a ``WithRawResponse`` constructor that wraps this method."""
        wrapper = "async_raw_response_wrapper" if is_async else "raw_response_wrapper"
        return bracketed(
            f"self.{self.method_name} = {wrapper}(",
            [f"{receiver}.{self.method_name}"],
            ")",
            indent=8,
        )


@dataclass(frozen=True)
class BulkDef:
    """A helper that sends any number of items through an operation that takes a bounded array.

    The operation's flattened body has one array field limited by ``maxItems``; the helper
    chunks an iterable into requests of at most that many items.
    """

    method_name: Code
    operation: OperationDef
    items: FieldDef
    item_annotation: Code
    max_items: int
    results_attr: Code | None
    errors_attr: Code | None
    result_annotation: Code
    error_annotation: Code
    docstring: SpecText

    @property
    def return_annotation(self) -> Code:
        return Code(
            f"_bulk.BulkResult[{self.item_annotation}, {self.result_annotation}, "
            f"{self.error_annotation}]"
        )

    def signature(self, is_async: bool) -> tuple[Code, ...]:
        """The operation's own parameters with the items field taking any iterable."""
        parts: list[Code] = []
        for part in self.operation.signature():
            if part.startswith(f"{self.items.attr}:"):
                part = Code(f"{self.items.attr}: _t.Iterable[{self.item_annotation}]")
            if part.startswith("max_retries:"):
                parts.append(Code(f"chunk_size: int = {self.max_items}"))
                parts.append(Code("start_at: int = 0"))
                parts.append(Code("keep_results: bool = True"))
                if is_async:
                    parts.append(Code("concurrency: int = 4"))
                callback = (
                    f"_bulk.OnProgress[{self.item_annotation}, {self.result_annotation}, "
                    f"{self.error_annotation}] | None"
                )
                parts.append(parameter("on_progress", callback, "None", indent=8))
            parts.append(part)
        return tuple(parts)

    def chunk_call(self) -> Code:
        """The lambda that sends one chunk, laid out as the first argument of ``run_chunks``."""
        return bracketed(
            f"lambda chunk: self.{self.operation.method_name}(",
            self.call_arguments(),
            ")",
            indent=12,
            after=1,
        )

    def call_arguments(self) -> list[str]:
        """Arguments that pass one chunk, and everything else as given, to the operation."""
        operation = self.operation
        arguments = [str(p.attr) for p in operation.path_parameters]
        names: list[str] = []
        if operation.body is not None:
            if operation.body.argument is not None:
                names.append(str(operation.body.argument))
            names.extend(str(f.attr) for f in operation.body.fields)
        names.extend(str(p.attr) for p in operation.other_parameters)
        names.extend(["max_retries", "timeout", "extra_headers"])
        arguments.extend(
            f"{name}=chunk" if name == self.items.attr else f"{name}={name}" for name in names
        )
        return arguments

    def results_expression(self) -> Code:
        return string_literal(self.results_attr) if self.results_attr else Code("None")

    def errors_expression(self) -> Code:
        return string_literal(self.errors_attr) if self.errors_attr else Code("None")


@dataclass(frozen=True)
class RateLimitHeaderNames:
    max: SpecText | None
    remaining: SpecText | None
    interval_ms: SpecText | None
    daily: SpecText | None
    daily_remaining: SpecText | None


@dataclass(frozen=True)
class GroupDef:
    """The operations of one tag, reached as ``client.<attr>.<method>``."""

    attr: Code
    class_name: Code
    async_class_name: Code
    tag: SpecText
    description: SpecText | None
    operations: tuple[OperationDef, ...]

    def property_doc(self) -> SpecText:
        return SpecText(f"Operations tagged {self.tag.value!r}.")

    def docstring(self) -> SpecText:
        parts = [f"Operations tagged {self.tag.value!r}, reached as ``client.{self.attr}``."]
        if self.description is not None:
            parts.append(self.description.value)
        parts.append("The group shares its client's connection pool and options.")
        return SpecText("\n\n".join(parts))


@dataclass(frozen=True)
class CredentialDef:
    """One security scheme: how the client takes its secret and where the secret is sent.

    ``kind`` is ``bearer`` (HTTP bearer, OAuth2, OpenID Connect), ``basic``, or the location
    of an API key (``header``, ``query``, ``cookie``); ``arguments`` are the constructor
    arguments that carry the secret, with the environment variables read when they are None.
    """

    scheme: SpecText
    kind: CredentialKind
    wire_name: SpecText | None
    arguments: tuple[Code, ...]
    env_vars: tuple[SpecText, ...]
    description: SpecText | None

    def argument_docs(self) -> tuple[tuple[Code, SpecText], ...]:
        """Each constructor argument with the text that documents it."""
        where = {
            "bearer": "sent as ``Authorization: Bearer``",
            "basic": "sent with HTTP basic authentication",
        }.get(self.kind)
        if where is None and self.wire_name is not None:
            where = f"sent in the {self.kind} ``{self.wire_name.value}``"
        docs = []
        for argument, env_var in zip(self.arguments, self.env_vars, strict=True):
            text = f"Security scheme {self.scheme.value!r}, {where}; read from ``{env_var.value}``"
            docs.append((argument, SpecText(text + " when None.")))
        return tuple(docs)

    def expression(self) -> Code:
        wire = string_literal(self.wire_name) if self.wire_name is not None else "None"
        arguments = _tuple([string_literal(str(name)) for name in self.arguments])
        env_vars = _tuple([string_literal(name) for name in self.env_vars])
        return Code(
            f"Credential({string_literal(self.scheme)}, {string_literal(self.kind)}, "
            f"{wire}, {arguments}, {env_vars})"
        )


@dataclass(frozen=True)
class ClientDef:
    """Everything that the templates need to print one generated distribution."""

    package: Code
    distribution: Code
    version: SpecText
    generator_version: Code
    distribution_version: Code
    spec_source: SpecText
    title: SpecText
    description: SpecText | None
    client_class: Code
    async_client_class: Code
    base_url: SpecText
    token_env: SpecText | None
    correlation_header: SpecText | None
    correlation_field: SpecText | None
    rate_limit_headers: RateLimitHeaderNames
    non_retryable_field: SpecText | None
    non_retryable_values: tuple[SpecText, ...]
    models: tuple[ModelDef, ...]
    enums: tuple[EnumDef, ...]
    operations: tuple[OperationDef, ...]
    renames: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    flat_operations: tuple[OperationDef, ...] = ()
    groups: tuple[GroupDef, ...] = ()
    credentials: tuple[CredentialDef, ...] = ()
    credentials_required: bool = False
    lint_ignores: tuple[str, ...] = ()
    """Lint rules the spec's own names or prose make unavoidable in the output."""
    error_message_field: SpecText | None = None
    error_category_fields: tuple[SpecText, ...] = ()
    """Where an error body holds its message and category (``x-apiwright`` errorBody)."""

    @property
    def lint_ignore_reason(self) -> Code:
        reasons = []
        if "E501" in self.lint_ignores:
            reasons.append("some names in the spec are too long for any 88-column layout")
        if "RUF001" in self.lint_ignores:
            reasons.append("the spec's text has non-ASCII characters that ruff finds ambiguous")
        return Code("; ".join(reasons).capitalize() + ".")

    @property
    def credential_arguments(self) -> tuple[Code, ...]:
        """The client constructor's secret-bearing arguments, each once, in spec order."""
        seen: dict[str, Code] = {}
        for credential in self.credentials:
            for argument in credential.arguments:
                seen.setdefault(str(argument), argument)
        return tuple(seen.values())

    @property
    def single_bearer(self) -> bool:
        """One bearer scheme: documented as "the access token", as most APIs do."""
        return len(self.credentials) == 1 and self.credentials[0].kind == "bearer"

    def credentials_doc(self) -> SpecText:
        """The constructor's credential arguments, as an ``Args:`` docstring section."""
        lines = ["Args:"]
        for credential in self.credentials:
            lines.extend(
                f"    {argument}: {text.value}" for argument, text in credential.argument_docs()
            )
        return SpecText("\n".join(lines))

    def model_code(self) -> tuple[tuple[Code, ...], tuple[ModelCode, ...]]:
        """The shared codec objects and every model's generated decoder and encoder."""
        return model_code(self.models)

    def credentials_expression(self) -> Code:
        return bracketed(
            "(",
            [credential.expression() for credential in self.credentials],
            ")",
            indent=0,
            before=len("_CREDENTIALS: tuple[Credential, ...] = "),
            one_tuple=True,
        )

    def rate_limit_headers_expression(self) -> Code:
        """The ``_policy.RateLimitHeaders(...)`` of the settings, laid out for its place."""
        names = self.rate_limit_headers
        pairs = [
            ("max", names.max),
            ("remaining", names.remaining),
            ("interval_ms", names.interval_ms),
            ("daily", names.daily),
            ("daily_remaining", names.daily_remaining),
        ]
        return bracketed(
            "_policy.RateLimitHeaders(",
            [f"{attr}={string_literal(name)}" for attr, name in pairs if name is not None],
            ")",
            indent=4,
            before=len("rate_limit_headers="),
            after=1,
        )

    def error_category_fields_expression(self) -> Code:
        values = [string_literal(value) for value in self.error_category_fields]
        return Code("(" + ", ".join(values) + ("," if len(values) == 1 else "") + ")")

    def non_retryable_values_expression(self) -> Code:
        values = [string_literal(value) for value in self.non_retryable_values]
        return Code("frozenset({" + ", ".join(values) + "})" if values else "frozenset()")


@dataclass(frozen=True)
class PagingDef:
    """A twin that iterates over every item of an operation that answers page by page.

    ``style`` is ``cursor``, ``link``, ``next_url`` or ``offset``; ``next_path`` is where the
    body holds the next cursor or URL, ``total_path`` where it holds the item count, both as
    wire names; ``cursor_argument`` is the method argument a cursor or offset goes to.
    """

    method_name: Code
    operation: OperationDef
    style: str
    items_attr: Code | None
    item_annotation: Code
    next_path: tuple[SpecText, ...]
    total_path: tuple[SpecText, ...]
    cursor_argument: Code | None

    def return_annotation(self, is_async: bool) -> Code:
        pager = "AsyncPager" if is_async else "Pager"
        return Code(f"_paging.{pager}[{self.item_annotation}]")

    @property
    def resumes_by_url(self) -> bool:
        return self.style in ("link", "next_url")

    def signature(self) -> tuple[Code, ...]:
        """The operation's own parameters; a twin that follows URLs also takes the URL to
        resume from."""
        parts: list[Code] = []
        for part in self.operation.signature():
            if part.startswith("max_retries:") and self.resumes_by_url:
                parts.append(Code("resume_from: str | None = None"))
            parts.append(part)
        return tuple(parts)

    def fetch_call(self, is_async: bool) -> Code:
        """The lambda that fetches one page, as the first argument of the pager."""
        wrapper = "async_raw_response_wrapper" if is_async else "raw_response_wrapper"
        operation = self.operation
        arguments = [str(p.attr) for p in operation.path_parameters]
        names: list[str] = []
        if operation.body is not None:
            if operation.body.argument is not None:
                names.append(str(operation.body.argument))
            names.extend(str(f.attr) for f in operation.body.fields)
        names.extend(str(p.attr) for p in operation.other_parameters)
        names.extend(["max_retries", "timeout", "extra_headers"])
        arguments.extend(
            f"{name}=page" if name == self.cursor_argument else f"{name}={name}"
            for name in names
        )
        return bracketed(
            f"lambda page: {wrapper}(self.{operation.method_name})(",
            arguments,
            ")",
            indent=12,
            after=1,
        )

    def walk_arguments(self) -> tuple[Code, ...]:
        """The pager's keyword arguments after the fetch function, one a line."""
        items = string_literal(str(self.items_attr)) if self.items_attr else "None"
        start = "resume_from" if self.resumes_by_url else str(self.cursor_argument)
        parts = [f"style={string_literal(self.style)}", f"items={items}"]
        if self.next_path:
            parts.append(
                "next=" + _tuple([string_literal(step) for step in self.next_path])
            )
        if self.total_path:
            parts.append(
                "total=" + _tuple([string_literal(step) for step in self.total_path])
            )
        parts.append(f"start={start}")
        return tuple(Code(part) for part in parts)

    @property
    def docstring(self) -> SpecText:
        how = {
            "cursor": f"the cursor each page names for ``{self.cursor_argument}``",
            "offset": f"``{self.cursor_argument}``, advanced by each page until the total",
            "link": 'the ``Link: <...>; rel="next"`` header',
            "next_url": "the next-page URL each page names",
        }[self.style]
        resume = (
            "``resume_from=pager.cursor``"
            if self.resumes_by_url
            else f"``{self.cursor_argument}=pager.cursor``"
        )
        return SpecText(
            f"Every item of {self.operation.method_name}, fetched one page at a time.\n\n"
            f"Pages follow {how}. Nothing is sent until the first item is read, and each "
            "page goes through the client's retries and rate governor like a single call. "
            f"To resume an interrupted walk, pass {resume}: it starts at the first page not "
            "yet fetched."
        )

    @property
    def call_name(self) -> Code:
        """How a user reaches the twin from a client."""
        group = self.operation.group
        return Code(f"{group}.{self.method_name}" if group is not None else self.method_name)

    @property
    def readme_shape(self) -> Code:
        return Code(
            {
                "cursor": "a cursor in the body",
                "link": "the `Link` header",
                "next_url": "a next-page URL in the body",
                "offset": "offset, until the total",
            }[self.style]
        )

    @property
    def readme_resume(self) -> Code:
        argument = "resume_from" if self.resumes_by_url else self.cursor_argument
        return Code(f"`{argument}=pager.cursor`")
