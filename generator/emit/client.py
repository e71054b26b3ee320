"""The printed form of the client module's settings and of the models module's classes."""

from __future__ import annotations

from ..model import (
    DIRECT,
    ClassReferences,
    ClientDef,
    CredentialDef,
    FieldDef,
    GroupDef,
    ModelDef,
    tuple_display,
)
from ..untrusted import Code, string_literal
from .layout import bracketed
from .models import field_declaration
from .operations import OperationView
from .view import View


def credential_expression(credential: CredentialDef) -> Code:
    wire = string_literal(credential.wire_name) if credential.wire_name is not None else "None"
    arguments = tuple_display([string_literal(str(name)) for name in credential.arguments])
    env_vars = tuple_display([string_literal(name) for name in credential.env_vars])
    return Code(
        f"Credential({string_literal(credential.scheme)}, {string_literal(credential.kind)}, "
        f"{wire}, {arguments}, {env_vars})"
    )


class FieldView(View[FieldDef]):
    def declaration(self) -> Code:
        return field_declaration(self.ir)


class ModelView(View[ModelDef]):
    @property
    def fields(self) -> tuple[FieldView, ...]:
        return tuple(FieldView(field) for field in self.ir.fields)


class GroupView(View[GroupDef]):
    __slots__ = ("refs",)

    def __init__(self, ir: GroupDef, refs: ClassReferences = DIRECT) -> None:
        super().__init__(ir)
        self.refs = refs

    @property
    def operations(self) -> tuple[OperationView, ...]:
        return tuple(OperationView(op, self.refs) for op in self.ir.operations)


class ClientView(View[ClientDef]):
    """The client as every template sees it: the model, with its parts as views; ``refs``
    says how the client module names model classes (see :mod:`generator.emit.chunks`)."""

    __slots__ = ("refs",)

    def __init__(self, ir: ClientDef, refs: ClassReferences = DIRECT) -> None:
        super().__init__(ir)
        self.refs = refs

    @property
    def operations(self) -> tuple[OperationView, ...]:
        return tuple(OperationView(op, self.refs) for op in self.ir.operations)

    @property
    def flat_operations(self) -> tuple[OperationView, ...]:
        return tuple(OperationView(op, self.refs) for op in self.ir.flat_operations)

    @property
    def groups(self) -> tuple[GroupView, ...]:
        return tuple(GroupView(group, self.refs) for group in self.ir.groups)

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
