"""The typed, immutable intermediate model: every decision the templates print is made here.

Templates receive these objects and print their fields; names in them are already valid Python
identifiers (:class:`~generator.untrusted.Code`), and every string that came from the spec is a
:class:`~generator.untrusted.SpecText` that can only be printed through an escaping filter.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.untrusted import Code, SpecText, string_literal

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


# What every generated package exports besides its clients, models and enums.
RUNTIME_EXPORTS = (
    "APIResponse",
    "RateLimitInfo",
    "UNSET",
    "Unset",
    "DecodeError",
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "APIResponseValidationError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "__version__",
)


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
        # No trailing comma after the last member: black would take it as magic.
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
# Black's line length: the generated decoders and encoders are laid out as black would.
LINE_LENGTH = 88
# The indentation of a decoder's reads and of an encoder's dictionary entries.
_BODY_INDENT = 8


def _bracketed(
    head: str, body: str, tail: str, indent: int = _BODY_INDENT, items: tuple[str, ...] = ()
) -> tuple[Code, ...]:
    """``head + body + tail`` on one line, or split at its last bracket as black does:
    the body on a line of its own if it fits there, else one of ``items`` a line."""
    if indent + len(head) + len(body) + len(tail) <= LINE_LENGTH:
        return (Code(head + body + tail),)
    if not items or indent + 4 + len(body) <= LINE_LENGTH:
        return (Code(head), Code("    " + body), Code(tail))
    return (Code(head), *(Code(f"    {item},") for item in items), Code(tail))


def _signature(name: str, parameter: str, returns: str) -> tuple[Code, ...]:
    """A one-parameter ``def`` line, or black's split of it (with a trailing comma)."""
    line = f"def {name}({parameter}) -> {returns}:"
    if len(line) <= LINE_LENGTH:
        return (Code(line),)
    return (Code(f"def {name}("), Code(f"    {parameter},"), Code(f") -> {returns}:"))


def _sole_argument(expression: str) -> tuple[str, str] | None:
    """``callee(argument)`` split into its callee and its one argument, if it is that."""
    if not expression.endswith(")") or "(" not in expression:
        return None
    opening = expression.index("(")
    depth = 0
    for char in expression[opening:-1]:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 or (depth == 1 and char == ","):
            return None
    return expression[: opening + 1], expression[opening + 1 : -1]


def _nested_call(head: str, expression: str, indent: int) -> tuple[Code, ...]:
    """``head + expression`` as black lays out a call whose one argument is a call:
    split at the outermost brackets, and again inside while a line is too long."""
    if indent + len(head) + len(expression) <= LINE_LENGTH:
        return (Code(head + expression),)
    parts = _sole_argument(expression)
    if parts is None:
        return (Code(head + expression),)
    callee, argument = parts
    inner = _nested_call("", argument, indent + 4)
    return (Code(head + callee), *(Code(f"    {line}") for line in inner), Code(")"))


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
        return _signature(self.decoder, "d: _rt.Wire", "_rt.Wire")

    def encoder_signature(self) -> tuple[Code, ...]:
        return _signature(self.encoder, "o: _rt.Wire", "dict[str, _rt.Wire]")

    def blank(self) -> tuple[Code, ...]:
        return _bracketed("o = _new(", str(self.model.class_name), ")", 4)

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
) -> tuple[tuple[Code, ...], Code | None, tuple[Code, ...], tuple[Code, ...]]:
    """A field's read (the statement), its inline check, its encoder entry and its row
    in the field table."""
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
            read = _bracketed(f"{target} = d[", wire, "]")
        else:
            read = _bracketed(f"{target} = d.get(", f"{wire}, _U", ")")
        value = target
    elif isinstance(inner, ModelType) and field.required and not nullable:
        codec = constant(field.type, True)
        read = _bracketed(f"{target} = _d_{inner.class_name}(", raw, ")")
        value = f"{target}.to_dict()"
    else:
        codec = constant(field.type, field.required)
        read = _bracketed(f"{target} = {codec}.decode(", raw, ")")
        value = f"{codec}.encode({target})"
    arguments = (string_literal(str(field.attr)), wire, codec, str(field.required))
    row = _bracketed("_rt.Field(", ", ".join(arguments), "),", items=arguments)
    write = f"{wire}: {value},"
    if _BODY_INDENT + len(write) <= LINE_LENGTH:
        return read, check, (Code(write),), row
    # Black does not split a long dictionary value; it keeps one in parentheses.
    return read, check, (Code(f"{wire}: ("), Code(f"    {value}"), Code("),")), row


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
        for field in model.fields:
            read, check, write, row = _field_code(field, constant)
            reads.append(read)
            if check is not None:
                checks.append(check)
            writes.append(write)
            rows.extend(row)
        single = "".join(rows) if len(model.fields) == 1 else ""
        if single and len(f"    ({single}),") <= LINE_LENGTH:
            # A one-element tuple's comma is not a magic trailing comma to black.
            table: tuple[Code, ...] = (Code(f"({single})"),)
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
        for line in _nested_call(f"{name} = ", expression, 0)
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
    location: str
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
    encoding: str
    type: TypeExpr
    required: bool
    flattened_model: Code | None
    fields: tuple[FieldDef, ...]
    argument: Code | None
    description: SpecText | None


@dataclass(frozen=True)
class ResponseDef:
    status: str
    kind: str
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
        """The argument values in the order of :meth:`params_expression` (a tuple)."""
        names = [str(p.attr) for p in (*self.path_parameters, *self.other_parameters)]
        return _tuple(names)

    def security_expression(self) -> Code:
        """Alternatives of scheme names, each a tuple of schemes that must all be sent."""
        if self.security is None:
            return Code("None")
        return _tuple(
            [
                _tuple([string_literal(name) for name in alternative])
                for alternative in self.security
            ]
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
        params = [
            f"_policy.Param({string_literal(p.wire_name)}, {string_literal(p.location)}, "
            f"{p.type.codec()}, "
            f"{string_literal(p.style)}, {p.explode})"
            for p in (*self.path_parameters, *self.other_parameters)
        ]
        return Code("(" + "".join(f"{param}, " for param in params) + ")")


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
                outcome = (
                    f"_bulk.ChunkOutcome[{self.item_annotation}, {self.result_annotation}, "
                    f"{self.error_annotation}]"
                )
                parts.append(Code(f"on_progress: _t.Callable[[{outcome}], object] | None = None"))
            parts.append(part)
        return tuple(parts)

    def call_arguments(self) -> Code:
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
        return Code(", ".join(arguments))

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
    kind: str
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
        return _tuple([credential.expression() for credential in self.credentials])
