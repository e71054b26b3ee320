"""The typed, immutable intermediate model: every decision about the client is made here.

Names in it are already valid Python identifiers (:class:`~generator.untrusted.Code`), and every
string that came from the spec is a :class:`~generator.untrusted.SpecText` that can only be
printed through an escaping filter. Types spell their own annotation and codec, and say what
printing them needs (:meth:`TypeExpr.imports`, :meth:`TypeExpr.classes`) as data. Where a
statement goes and how black would lay it out is the printer's business (``generator.emit``),
whose views the templates receive.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

from .untrusted import Code, SpecText, string_literal

PrimitiveKind = Literal[
    "str", "int", "float", "bool", "any", "datetime", "date", "uuid", "bytes", "binary", "object"
]


class Import(enum.Enum):
    """A standard-library module a type's annotation needs, as the generated code imports it."""

    DATETIME = "import datetime as _dt"
    TYPING = "import typing as _t"
    UUID = "import uuid as _uuid"


# Each primitive's annotation, codec and the module its annotation needs.
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


# The keyword arguments every operation method takes besides the operation's own.
CALL_OPTIONS = ("max_retries", "timeout", "extra_headers", "deadline", "max_response_bytes")


_PRIMITIVE_IMPORTS: dict[str, Import] = {
    "any": Import.TYPING,
    "object": Import.TYPING,
    "datetime": Import.DATETIME,
    "date": Import.DATETIME,
    "uuid": Import.UUID,
}


HttpMethod = Literal["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]
ParameterLocation = Literal["path", "query", "header", "cookie"]
BodyEncoding = Literal["json", "form", "multipart", "text", "bytes"]
ResponseKind = Literal["json", "text", "bytes", "empty"]
CredentialKind = Literal["bearer", "basic", "header", "query", "cookie"]


class ClassReferences:
    """How a module's codec expressions name generated classes: here, directly, as a module
    that has every class in scope does. The printer's lazy variant (``generator.emit.chunks``)
    names classes of other modules without importing them."""

    lazy = False
    """Whether some classes are out of scope at run time (named only in annotations)."""

    def in_scope(self, class_name: str) -> bool:
        """Whether the module names the class itself (it defines or imports it)."""
        return True

    def model_codec(self, class_name: Code) -> Code:
        return Code(f"_rt.ModelCodec({class_name})")

    def enum_codec(self, class_name: Code) -> Code:
        return Code(f"_rt.EnumCodec({class_name})")

    def mapped_model(self, class_name: Code) -> Code:
        """A value of a discriminator's mapping: the class, or a codec of it."""
        return class_name

    def constructor(self, class_name: Code) -> Code:
        """What a method body calls to make an instance of the class."""
        return class_name

    def body_import(self) -> Code | None:
        """What a function body runs before it names classes through :meth:`constructor`
        (nothing: the module has them in scope)."""
        return None


DIRECT = ClassReferences()


class TypeExpr:
    """A type in generated code: its annotation, the runtime codec that reads/writes it, and
    what printing them needs (standard-library imports, generated classes)."""

    def annotation(self) -> Code:
        raise NotImplementedError

    def codec(self, refs: ClassReferences = DIRECT) -> Code:
        raise NotImplementedError

    def is_nullable(self) -> bool:
        return False

    def parts(self) -> tuple[TypeExpr, ...]:
        """The types this one is made of."""
        return ()

    def imports(self) -> frozenset[Import]:
        """The modules :meth:`annotation` refers to."""
        found: frozenset[Import] = frozenset()
        for part in self.parts():
            found |= part.imports()
        return found

    def classes(self) -> frozenset[str]:
        """The generated classes :meth:`annotation` and :meth:`codec` refer to."""
        found: frozenset[str] = frozenset()
        for part in self.parts():
            found |= part.classes()
        return found

    def annotated_classes(self) -> frozenset[str]:
        """The generated classes :meth:`annotation` names (a codec may name more)."""
        found: frozenset[str] = frozenset()
        for part in self.parts():
            found |= part.annotated_classes()
        return found


@dataclass(frozen=True)
class PrimitiveType(TypeExpr):
    kind: PrimitiveKind

    def annotation(self) -> Code:
        return Code(_PRIMITIVES[self.kind][0])

    def codec(self, refs: ClassReferences = DIRECT) -> Code:
        return Code(_PRIMITIVES[self.kind][1])

    def imports(self) -> frozenset[Import]:
        needed = _PRIMITIVE_IMPORTS.get(self.kind)
        return frozenset((needed,)) if needed is not None else frozenset()


@dataclass(frozen=True)
class ListType(TypeExpr):
    item: TypeExpr
    max_items: int | None = None

    def annotation(self) -> Code:
        return Code(f"list[{self.item.annotation()}]")

    def codec(self, refs: ClassReferences = DIRECT) -> Code:
        return Code(f"_rt.ListCodec({self.item.codec(refs)})")

    def parts(self) -> tuple[TypeExpr, ...]:
        return (self.item,)


@dataclass(frozen=True)
class MapType(TypeExpr):
    value: TypeExpr

    def annotation(self) -> Code:
        return Code(f"dict[str, {self.value.annotation()}]")

    def codec(self, refs: ClassReferences = DIRECT) -> Code:
        return Code(f"_rt.MapCodec({self.value.codec(refs)})")

    def parts(self) -> tuple[TypeExpr, ...]:
        return (self.value,)


@dataclass(frozen=True)
class NullableType(TypeExpr):
    inner: TypeExpr

    def annotation(self) -> Code:
        return Code(f"{self.inner.annotation()} | None")

    def codec(self, refs: ClassReferences = DIRECT) -> Code:
        return Code(f"_rt.NullableCodec({self.inner.codec(refs)})")

    def is_nullable(self) -> bool:
        return True

    def parts(self) -> tuple[TypeExpr, ...]:
        return (self.inner,)


@dataclass(frozen=True)
class ModelType(TypeExpr):
    class_name: Code

    def annotation(self) -> Code:
        return self.class_name

    def codec(self, refs: ClassReferences = DIRECT) -> Code:
        return refs.model_codec(self.class_name)

    def classes(self) -> frozenset[str]:
        return frozenset((str(self.class_name),))

    def annotated_classes(self) -> frozenset[str]:
        return self.classes()


@dataclass(frozen=True)
class EnumType(TypeExpr):
    class_name: Code

    def annotation(self) -> Code:
        return self.class_name

    def codec(self, refs: ClassReferences = DIRECT) -> Code:
        return refs.enum_codec(self.class_name)

    def classes(self) -> frozenset[str]:
        return frozenset((str(self.class_name),))

    def annotated_classes(self) -> frozenset[str]:
        return self.classes()


@dataclass(frozen=True)
class UnionType(TypeExpr):
    members: tuple[TypeExpr, ...]
    discriminator: SpecText | None = None
    mapping: tuple[tuple[SpecText, Code], ...] = ()

    def annotation(self) -> Code:
        return Code(" | ".join(member.annotation() for member in self.members))

    def parts(self) -> tuple[TypeExpr, ...]:
        return self.members

    def classes(self) -> frozenset[str]:
        # The discriminator's mapping may name classes that are not members.
        return super().classes() | {str(name) for _, name in self.mapping}

    def codec(self, refs: ClassReferences = DIRECT) -> Code:
        members = tuple_display([member.codec(refs) for member in self.members])
        if self.discriminator is None:
            return Code(f"_rt.UnionCodec({members})")
        mapping = ", ".join(
            f"{string_literal(value)}: {refs.mapped_model(name)}" for value, name in self.mapping
        )
        return Code(
            f"_rt.UnionCodec({members}, discriminator={string_literal(self.discriminator)}, "
            f"mapping={{{mapping}}})"
        )


@dataclass(frozen=True)
class AliasType(TypeExpr):
    """A recursive type: a name the models module declares as a type alias.

    A schema that contains itself through an array, a map or a union (Discord's
    ``ErrorDetails``, a list of lists) is this type. The outermost occurrence carries the
    ``definition``, in which occurrences of the alias itself refer back by name (they
    have none). Its codec is built by a function of itself, whose argument, ``parameter``,
    is what those inner occurrences print as their codec.
    """

    name: Code
    parameter: Code
    definition: TypeExpr | None = None

    def annotation(self) -> Code:
        return self.name

    def codec(self, refs: ClassReferences = DIRECT) -> Code:
        if self.definition is None:
            return self.parameter
        inner = self.definition.codec(refs)
        return Code(f"_rt.RecursiveCodec(lambda {self.parameter}: {inner})")

    def is_nullable(self) -> bool:
        return self.definition is not None and self.definition.is_nullable()

    def parts(self) -> tuple[TypeExpr, ...]:
        return () if self.definition is None else (self.definition,)

    def imports(self) -> frozenset[Import]:
        # The annotation is the alias's name; what its definition needs is the models
        # module's business.
        return frozenset()

    def classes(self) -> frozenset[str]:
        return super().classes() | {str(self.name)}

    def annotated_classes(self) -> frozenset[str]:
        # The annotation is the alias's name alone.
        return frozenset({str(self.name)})

    def unfolded(self) -> TypeExpr:
        """The definition with the inner occurrences replaced by this alias: the type one
        level down, for code that walks a value along its type."""
        assert self.definition is not None, "an inner occurrence has no definition"
        return _replace_inner(self.definition, self)


def _replace_inner(type_: TypeExpr, alias: AliasType) -> TypeExpr:
    if isinstance(type_, AliasType):
        if type_.definition is None:
            return alias if type_.name == alias.name else type_
        return AliasType(type_.name, type_.parameter, _replace_inner(type_.definition, alias))
    if isinstance(type_, ListType):
        return ListType(_replace_inner(type_.item, alias), type_.max_items)
    if isinstance(type_, MapType):
        return MapType(_replace_inner(type_.value, alias))
    if isinstance(type_, NullableType):
        return NullableType(_replace_inner(type_.inner, alias))
    if isinstance(type_, UnionType):
        members = tuple(_replace_inner(member, alias) for member in type_.members)
        return UnionType(members, type_.discriminator, type_.mapping)
    return type_


@dataclass(frozen=True)
class AliasDef:
    """A recursive type's declaration: ``name`` is ``definition`` (see :class:`AliasType`)."""

    name: Code
    definition: TypeExpr
    description: SpecText | None


def _model_members(type_: TypeExpr) -> tuple[Code, ...]:
    """The model classes a value of ``type_`` may be an instance of, at its top."""
    if isinstance(type_, NullableType):
        return _model_members(type_.inner)
    if isinstance(type_, ModelType):
        return (type_.class_name,)
    if isinstance(type_, UnionType):
        return tuple(name for member in type_.members for name in _model_members(member))
    return ()


def tuple_display(items: list[str]) -> Code:
    """A tuple display without a trailing comma, which would make black explode it."""
    if len(items) == 1:
        return Code(f"({items[0]},)")
    return Code("(" + ", ".join(items) + ")")


def optional_annotation(type_: TypeExpr, required: bool, *, sequence: bool = False) -> Code:
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
        return optional_annotation(self.type, self.required)

    def default(self) -> Code | None:
        return None if self.required else Code("_rt.UNSET")

    def argument_annotation(self) -> Code:
        """As a method argument, a list field takes any sequence (a tuple, say)."""
        if isinstance(self.type, ListType):
            return optional_annotation(self.type, self.required, sequence=True)
        return self.annotation()


@dataclass(frozen=True)
class ModelDef:
    class_name: Code
    description: SpecText | None
    fields: tuple[FieldDef, ...]
    extra_type: TypeExpr | None
    """The type of ``additionalProperties``, when the schema gives one."""

    def classes(self) -> frozenset[str]:
        """The generated classes this model's fields (and extra properties) refer to."""
        found: frozenset[str] = frozenset()
        for field in self.fields:
            found |= field.type.classes()
        if self.extra_type is not None:
            found |= self.extra_type.classes()
        return found


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
        return optional_annotation(self.type, self.required)


@dataclass(frozen=True)
class BodyPartDef:
    """How one property of a form or multipart body is sent (its Encoding Object)."""

    wire_name: SpecText
    style: str
    explode: bool
    content_type: SpecText | None


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
    parts: tuple[BodyPartDef, ...] = ()


@dataclass(frozen=True)
class ResponseDef:
    status: str
    kind: ResponseKind
    type: TypeExpr | None
    description: SpecText | None

    def codec(self, refs: ClassReferences = DIRECT) -> Code:
        if self.kind == "json" and self.type is not None:
            return self.type.codec(refs)
        return Code(
            {"text": "_rt.TEXT_BODY", "bytes": "_rt.BYTES_BODY"}.get(self.kind, "_rt.NO_BODY")
        )


@dataclass(frozen=True)
class OperationDef:
    """One operation; ``signature`` and ``*_expression`` give what its method prints."""

    method_name: Code
    descriptor_name: Code
    operation_id: SpecText
    http_method: HttpMethod
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
    # The generated classes example_call names, which the README's example imports.
    example_classes: tuple[Code, ...] = ()
    example_argument_list: tuple[Code, ...] = ()
    """The arguments of :attr:`example_call` one by one: literals, then ``name=literal``."""
    security: tuple[tuple[SpecText, ...], ...] | None = None
    group: Code | None = None
    bulk: BulkDef | None = None
    response_examples: tuple[tuple[str, SpecText], ...] = ()
    """Each success status's example as JSON text, for the package's fake API."""
    paging: PagingDef | None = None
    status_errors: tuple[ResponseDef, ...] = ()
    """The error responses documented by status (or range) with a JSON schema."""

    @property
    def example_arguments(self) -> Code:
        """The parenthesised arguments of :attr:`example_call`."""
        return Code(self.example_call[len(self.method_name) :])

    @property
    def call_name(self) -> Code:
        """How a user reaches the method from a client: ``users.get_user`` or ``get_user``."""
        prefix = f"{self.group}." if self.group is not None else ""
        return Code(prefix + self.method_name)


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
    # The types the annotations above name, for the client module's imports.
    types: tuple[TypeExpr, ...] = ()


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
    aliases: tuple[AliasDef, ...] = ()
    """The recursive types, declared in the models module beside the classes."""

    @property
    def model_module_names(self) -> tuple[str, ...]:
        """What the models module defines: model and enum classes, recursive types."""
        return (
            *(str(model.class_name) for model in self.models),
            *(str(enum.class_name) for enum in self.enums),
            *(str(alias.name) for alias in self.aliases),
        )

    @property
    def error_models(self) -> tuple[Code, ...]:
        """The model classes an error body may be read as (its status's schema, or the
        default response's), in document order: what the package's ``error_model()``
        returns. Only an object body is read as a model."""
        found: dict[str, Code] = {}
        for op in self.operations:
            for response in (op.error_response, *op.status_errors):
                if response is not None and response.type is not None:
                    for name in _model_members(response.type):
                        found.setdefault(str(name), name)
        return tuple(found.values())

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
    # The item type, for the client module's imports.
    types: tuple[TypeExpr, ...] = ()

    @property
    def resumes_by_url(self) -> bool:
        return self.style in ("link", "next_url")

    @property
    def call_name(self) -> Code:
        """How a user reaches the twin from a client."""
        group = self.operation.group
        return Code(f"{group}.{self.method_name}" if group is not None else self.method_name)
