"""The printed form of the client module's settings and of the models module's classes."""

from __future__ import annotations

from dataclasses import dataclass

from ..canonical import LINE_LENGTH
from ..model import (
    DIRECT,
    AliasDef,
    ClassReferences,
    ClientDef,
    CredentialDef,
    FieldDef,
    ModelDef,
    TypeExpr,
    tuple_display,
)
from ..untrusted import Code, string_literal
from .layout import bracketed
from .models import alias_declaration, field_declaration
from .modules import GroupView
from .operations import OperationView
from .split import ClientLayout
from .view import View


def credential_expression(credential: CredentialDef) -> Code:
    wire = string_literal(credential.wire_name) if credential.wire_name is not None else "None"
    arguments = tuple_display([string_literal(str(name)) for name in credential.arguments])
    env_vars = tuple_display([string_literal(name) for name in credential.env_vars])
    return Code(
        f"Credential({string_literal(credential.scheme)}, {string_literal(credential.kind)}, "
        f"{wire}, {arguments}, {env_vars})"
    )


def error_model_function(
    models: tuple[Code, ...], refs: ClassReferences = DIRECT
) -> tuple[Code, ...]:
    """``error_model()``, the typed reader of a status error's ``.error``, as the client
    module prints it: its lines at the module's top level, laid out as black leaves them
    (a long union of models becomes a private alias and a tuple, one name a line). Where
    models load on first use (``refs.lazy``), the function imports them when called."""
    union = " | ".join(models)
    head = "def error_model(error: APIStatusError) -> "
    lines: list[str] = []
    body: list[str] = []
    if len(f"{head}{union} | None:") <= LINE_LENGTH:
        annotation = union
    else:
        annotation = "_ErrorModels"
        lines += alias_declaration(AliasDef(Code(annotation), _Names(union), None)).split("\n")
        lines += ["", ""]
    models_import = refs.body_import()
    if models_import is not None:
        body += [f"    {models_import}", ""]
    named = [str(refs.constructor(name)) for name in models]
    if len(named) == 1:
        classes = named[0]
    elif refs.lazy:
        classes = "classes"
        body += ("    " + bracketed("classes = (", named, ")", indent=4)).split("\n")
    else:
        classes = "_ERROR_MODELS"
        lines += bracketed("_ERROR_MODELS = (", named, ")", indent=0).split("\n")
        lines += ["", ""]
    lines += [
        f"{head}{annotation} | None:",
        '    """The error body of ``error`` as the spec\'s error model, typed: its ``.error``',
        '    where that was read as one, else None (no body, or a body of another shape)."""',
        *body,
        "    model = error.error",
        f"    return model if isinstance(model, {classes}) else None",
    ]
    return tuple(Code(line) for line in lines)


@dataclass(frozen=True)
class _Names(TypeExpr):
    """Class names already joined into an annotation."""

    text: str

    def annotation(self) -> Code:
        return Code(self.text)


class FieldView(View[FieldDef]):
    def declaration(self) -> Code:
        return field_declaration(self.ir)


class ModelView(View[ModelDef]):
    @property
    def fields(self) -> tuple[FieldView, ...]:
        return tuple(FieldView(field) for field in self.ir.fields)


class AliasView(View[AliasDef]):
    def declaration(self) -> Code:
        return alias_declaration(self.ir)


class ClientView(View[ClientDef]):
    """The client as every template sees it: the model, with its parts as views; the
    modules it is printed in (``layout``, see :mod:`generator.emit.split`); and ``refs``,
    how its modules name model classes (see :mod:`generator.emit.chunks`)."""

    __slots__ = ("layout", "refs")

    def __init__(
        self, ir: ClientDef, layout: ClientLayout | None = None, refs: ClassReferences = DIRECT
    ) -> None:
        super().__init__(ir)
        self.layout = layout if layout is not None else ClientLayout(split=False)
        self.refs = refs

    @property
    def operations(self) -> tuple[OperationView, ...]:
        return tuple(OperationView(op, self.refs) for op in self.ir.operations)

    @property
    def flat_operations(self) -> tuple[OperationView, ...]:
        return tuple(OperationView(op, self.refs) for op in self.ir.flat_operations)

    @property
    def groups(self) -> tuple[GroupView, ...]:
        if self.layout.split:
            return tuple(
                GroupView(entry.group, entry.module, self.refs) for entry in self.layout.groups
            )
        return tuple(GroupView(group, refs=self.refs) for group in self.ir.groups)

    def error_model_function(self) -> tuple[Code, ...]:
        return error_model_function(self.ir.error_models, self.refs)

    def error_model_annotation(self) -> Code:
        """What ``error_model()`` returns, spelt out."""
        return Code(" | ".join([*self.ir.error_models, "None"]))

    def credentials_expression(self) -> Code:
        return bracketed(
            "(",
            [credential_expression(credential) for credential in self.ir.credentials],
            ")",
            indent=0,
            before=len("_CREDENTIALS: tuple[Credential, ...] = "),
            one_tuple=True,
        )

    def rate_limit_headers_expression(self) -> Code:
        """The ``_policy.RateLimitHeaders(...)`` of the settings, laid out for its place."""
        names = self.ir.rate_limit_headers
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
        values = [string_literal(value) for value in self.ir.error_category_fields]
        return Code("(" + ", ".join(values) + ("," if len(values) == 1 else "") + ")")

    def non_retryable_values_expression(self) -> Code:
        values = [string_literal(value) for value in self.ir.non_retryable_values]
        return Code("frozenset({" + ", ".join(values) + "})" if values else "frozenset()")
