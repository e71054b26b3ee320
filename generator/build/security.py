"""Security translation: constructor arguments per scheme, and each operation's alternatives."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import CredentialDef, CredentialKind, OperationDef
from ..naming import NameRegistry, constant_case, snake_case
from ..openapi import OperationView, SecuritySchemeView, Spec
from ..untrusted import SpecText, identifier
from .diagnostics import Diagnostics

CONSTRUCTOR_NAMES = frozenset(
    {"self", "base_url", "timeout", "max_retries", "http_client", "deadline", "max_response_bytes"}
)
_API_KEY_PLACES: tuple[CredentialKind, ...] = ("header", "query", "cookie")

Requirements = tuple[tuple[SpecText, ...], ...]


@dataclass
class SecurityTranslator:
    spec: Spec
    package: str
    diagnostics: Diagnostics
    schemes: set[str] = field(default_factory=set)
    usable: set[str] = field(default_factory=set)

    def credentials(self) -> tuple[CredentialDef, ...]:
        """Constructor arguments and wire placement for each security scheme we can send."""
        prefix = constant_case(self.package)
        arguments = NameRegistry(CONSTRUCTOR_NAMES)
        bearer_argument: str | None = None
        api_key_count = 0
        credentials: list[CredentialDef] = []
        for scheme in self.spec.security_schemes():
            self.schemes.add(scheme.name)
            if not isinstance(scheme.node, dict):
                continue
            wire: SpecText | None = None
            names: tuple[str, ...]
            env_vars: tuple[str, ...]
            kind = _credential_kind(scheme)
            if kind == "bearer":
                if bearer_argument is None:
                    bearer_argument = arguments.claim("access_token", original=scheme.name)
                names = (bearer_argument,)
                env_vars = (self.spec.settings.token_env or f"{prefix}_ACCESS_TOKEN",)
            elif kind == "basic":
                names = (
                    arguments.claim("username", original=scheme.name),
                    arguments.claim("password", original=scheme.name),
                )
                env_vars = tuple(f"{prefix}_{constant_case(argument)}" for argument in names)
            elif kind is not None:
                wire = SpecText(scheme.wire_name)
                api_key_count += 1
                wanted = (
                    "api_key" if api_key_count == 1 else snake_case(scheme.name, fallback="api_key")
                )
                names = (arguments.claim(wanted, original=scheme.name),)
                env_vars = (f"{prefix}_{constant_case(names[0])}",)
            else:
                self.diagnostics.warn(
                    scheme,
                    f"security scheme {scheme.name!r} ({scheme.type} {scheme.http_scheme}".strip()
                    + ") is not supported; operations that need only it are sent "
                    "without credentials (pass extra_headers= to authenticate them)",
                )
                continue
            self.usable.add(scheme.name)
            description = scheme.text("description")
            credentials.append(
                CredentialDef(
                    scheme=SpecText(scheme.name),
                    kind=kind,
                    wire_name=wire,
                    arguments=tuple(identifier(argument) for argument in names),
                    env_vars=tuple(SpecText(env_var) for env_var in env_vars),
                    description=SpecText(description) if description is not None else None,
                )
            )
        return tuple(credentials)

    def requirements(self, operation: OperationView) -> Requirements | None:
        """The alternatives of scheme names, each of which the client can send in full;
        None when neither the operation nor the spec says anything about security."""
        requirements, where = operation.security(self.spec.data.get("security"))
        if not isinstance(requirements, list):
            return None
        alternatives: list[tuple[SpecText, ...]] = []
        for requirement in requirements:
            if not isinstance(requirement, dict):
                continue
            alternative = tuple(SpecText(str(name)) for name in requirement)
            unknown = [name.value for name in alternative if name.value not in self.schemes]
            if unknown:
                raise operation.document.error(
                    f"security requirement names an undefined scheme {unknown[0]!r}", where
                )
            if all(name.value in self.usable for name in alternative):
                alternatives.append(alternative)
        return tuple(alternatives)


def _credential_kind(scheme: SecuritySchemeView) -> CredentialKind | None:
    kind = scheme.type
    if kind in ("oauth2", "openIdConnect") or (kind == "http" and scheme.http_scheme == "bearer"):
        return "bearer"
    if kind == "http" and scheme.http_scheme == "basic":
        return "basic"
    if kind == "apiKey":
        for place in _API_KEY_PLACES:
            if scheme.location == place:
                return place
    return None


def credentials_required(
    credentials: tuple[CredentialDef, ...], operations: tuple[OperationDef, ...]
) -> bool:
    """Whether a client without any credential is useless: every operation demands one."""
    if not credentials or not operations:
        return False
    for op in operations:
        if op.security is None or not op.security or () in op.security:
            return False
    return True
