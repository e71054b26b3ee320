"""The printed form of the client module's settings and of the models module's classes."""

from __future__ import annotations

from dataclasses import dataclass

from ..canonical import LINE_LENGTH
from ..model import (
    AliasDef,
    ClientDef,
    CredentialDef,
    FieldDef,
    ModelDef,
    TypeExpr,
    tuple_display,
)
from ..untrusted import Code, string_literal
from .layout import bracketed
from .models import ModelCode, alias_declaration, field_declaration, model_code
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


def error_model_function(models: tuple[Code, ...]) -> tuple[Code, ...]:
    """``error_model()``, the typed reader of a status error's ``.error``, as the client
    module prints it: its lines at the module's top level, laid out as black leaves them
    (a long union of models becomes a private alias and a tuple, one name a line)."""
    union = " | ".join(models)
    head = "def error_model(error: APIStatusError) -> "
    lines: list[str] = []
    if len(f"{head}{union} | None:") <= LINE_LENGTH:
        annotation = union
    else:
        annotation = "_ErrorModels"
        lines += alias_declaration(AliasDef(Code(annotation), _Names(union), None)).split("\n")
        lines += ["", ""]
    if len(models) == 1:
        classes = str(models[0])
    else:
        classes = "_ERROR_MODELS"
        lines += bracketed("_ERROR_MODELS = (", list(models), ")", indent=0).split("\n")
        lines += ["", ""]
    lines += [
        f"{head}{annotation} | None:",
        '    """The error body of ``error`` as the spec\'s error model, typed: its ``.error``',
        '    where that was read as one, else None (no body, or a body of another shape)."""',
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
    """The client as every template sees it: the model, with its parts as views, and the
    modules it is printed in (``layout``)."""

    __slots__ = ("layout",)

    def __init__(self, ir: ClientDef, layout: ClientLayout | None = None) -> None:
        super().__init__(ir)
        self.layout = layout if layout is not None else ClientLayout(split=False)

    @property
    def operations(self) -> tuple[OperationView, ...]:
        return tuple(OperationView(op) for op in self.ir.operations)

    @property
    def flat_operations(self) -> tuple[OperationView, ...]:
        return tuple(OperationView(op) for op in self.ir.flat_operations)

    @property
    def groups(self) -> tuple[GroupView, ...]:
        if self.layout.split:
            return tuple(GroupView(entry.group, entry.module) for entry in self.layout.groups)
        return tuple(GroupView(group) for group in self.ir.groups)

    @property
    def models(self) -> tuple[ModelView, ...]:
        return tuple(ModelView(model) for model in self.ir.models)

    @property
    def aliases(self) -> tuple[AliasView, ...]:
        return tuple(AliasView(alias) for alias in self.ir.aliases)

    def model_code(self) -> tuple[tuple[Code, ...], tuple[ModelCode, ...]]:
        """The shared codec objects and every model's generated decoder and encoder."""
        return model_code(self.ir.models)

    def error_model_function(self) -> tuple[Code, ...]:
        return error_model_function(self.ir.error_models)

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
