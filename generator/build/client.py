"""Stage 3: turn the checked spec into the intermediate model (:class:`~generator.model.ClientDef`).

The steps, in order: the naming pass (:mod:`.names`), security schemes (:mod:`.security`),
operations in naming order (:mod:`.operations`, which translates schemas through
:mod:`.schemas` and :mod:`.classes`), the classes still queued, bulk helpers (:mod:`.bulk`),
tag groups, and the client's own settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..model import (
    AliasDef,
    ClientDef,
    CredentialDef,
    EnumDef,
    GroupDef,
    ModelDef,
    OperationDef,
    RateLimitHeaderNames,
)
from ..naming import constant_case
from ..openapi import Spec
from ..untrusted import Code, SpecText, identifier
from .bulk import attach_bulk_helpers
from .classes import ClassTranslator
from .diagnostics import Diagnostics
from .fakes import with_response_examples
from .names import NamePlan, claim_group_classes, plan_names
from .operations import OperationTranslator
from .pagination import attach_paging
from .schemas import SchemaTranslator
from .security import SecurityTranslator, credentials_required

# Beyond this, black cannot keep a line that holds a class name within 88 columns.
LONG_NAME = 70
_PEP440_RELEASE = re.compile(r"[0-9]+(?:\.[0-9]+)*\Z")


def _text(value: Any) -> SpecText | None:
    return SpecText(value) if isinstance(value, str) and value else None


@dataclass(frozen=True)
class Built:
    client: ClientDef
    # The schema each generated model or enum class was built from, by class name.
    schema_sources: dict[str, tuple[Any, str, Any]]


def build(spec: Spec, *, package: str, spec_source: str) -> Built:
    """Build the intermediate model for one spec and one target package name."""
    diagnostics = Diagnostics()
    plan = plan_names(spec)
    schemas = SchemaTranslator(plan.classes, diagnostics, str(spec.root.path))
    schemas.add_components(plan.components)
    classes = ClassTranslator(schemas)
    security = SecurityTranslator(spec, package, diagnostics)
    credentials = security.credentials()
    translator = OperationTranslator(classes, security)
    by_pointer = {
        op.key: translator.translate(op, plan.operations[op.key]) for op in plan.order
    }
    diagnostics.renames.extend(plan.member_renames())
    # Descriptors and docs follow the document's order, whatever the naming order was.
    operations = tuple(by_pointer[op.key] for op in spec.operations)
    operations = with_response_examples(spec.operations, operations)
    classes.build_pending()
    operations = _with_bulk_helpers(operations, classes, plan, diagnostics)
    operations = attach_paging(spec.operations, operations, classes.models())
    groups = _groups(spec, plan, operations)
    for original, wanted, chosen in plan.classes.renames:
        message = f"schema {original!r}: class {wanted} -> {chosen}"
        where = plan.classes.places.get(chosen)
        if where is not None:
            diagnostics.warn(where, f"renamed {message}")
        else:
            diagnostics.renames.append(message)
    base_url = _base_url(spec, diagnostics)
    models, enums = classes.in_order()
    client = _client_def(
        spec,
        package,
        spec_source,
        plan.client_class,
        diagnostics,
        base_url=SpecText(base_url),
        models=models,
        enums=enums,
        operations=operations,
        groups=groups,
        credentials=credentials,
        aliases=tuple(schemas.aliases.values()),
    )
    sources = {
        name: (view.document, view.pointer, view.node) for name, view in classes.sources.items()
    }
    return Built(client=client, schema_sources=sources)


def build_client(spec: Spec, *, package: str, spec_source: str) -> ClientDef:
    return build(spec, package=package, spec_source=spec_source).client


def _with_bulk_helpers(
    operations: tuple[OperationDef, ...],
    classes: ClassTranslator,
    plan: NamePlan,
    diagnostics: Diagnostics,
) -> tuple[OperationDef, ...]:
    names = {entry.descriptor: entry for entry in plan.operations.values()}
    operations = attach_bulk_helpers(
        operations, classes.models(), {key: entry.bulk for key, entry in names.items()}
    )
    for op in operations:
        entry = names[str(op.descriptor_name)]
        if op.bulk is not None and entry.bulk != entry.bulk_wanted:
            diagnostics.renames.append(
                f"operation {op.operation_id.value!r}: bulk helper {entry.bulk_wanted} -> "
                f"{entry.bulk}"
            )
    return operations


def _groups(
    spec: Spec, plan: NamePlan, operations: tuple[OperationDef, ...]
) -> tuple[GroupDef, ...]:
    descriptions = spec.tag_descriptions()
    groups = []
    for tag, attr in plan.group_attrs.items():
        class_name, async_class_name = claim_group_classes(plan, tag)
        groups.append(
            GroupDef(
                attr=identifier(attr),
                class_name=identifier(class_name),
                async_class_name=identifier(async_class_name),
                tag=SpecText(tag),
                description=_text(descriptions.get(tag)),
                operations=tuple(op for op in operations if op.group == attr),
            )
        )
    return tuple(groups)


def _base_url(spec: Spec, diagnostics: Diagnostics) -> str:
    servers = spec.data.get("servers") or [{"url": "/"}]
    base_url = _server_url(servers[0]) if isinstance(servers[0], dict) else "/"
    if "://" not in base_url:
        diagnostics.warnings.append(
            spec.root.error(
                f"the first server's URL {base_url!r} is relative, so clients need "
                "base_url= (relative to what the spec was served from)",
                "/servers/0/url" if spec.data.get("servers") else "/",
            ).one_line()
        )
    return base_url


def _server_url(server: dict[str, Any]) -> str:
    url = str(server.get("url") or "/")
    variables = server.get("variables") or {}
    for name, variable in variables.items():
        if isinstance(variable, dict) and "default" in variable:
            url = url.replace("{" + name + "}", str(variable["default"]))
    return url


def _client_def(
    spec: Spec,
    package: str,
    spec_source: str,
    client_class: str,
    diagnostics: Diagnostics,
    *,
    base_url: SpecText,
    models: tuple[ModelDef, ...],
    enums: tuple[EnumDef, ...],
    operations: tuple[OperationDef, ...],
    groups: tuple[GroupDef, ...],
    credentials: tuple[CredentialDef, ...],
    aliases: tuple[AliasDef, ...],
) -> ClientDef:
    info = spec.data.get("info") or {}
    settings = spec.settings
    token_env = settings.token_env
    if token_env is None:
        token_env = constant_case(package) + "_ACCESS_TOKEN"
    headers = settings.rate_limit_headers
    return ClientDef(
        package=identifier(package),
        distribution=Code(package.replace("_", "-")),
        version=SpecText(str(info.get("version") or "0.0.0")),
        distribution_version=distribution_version(str(info.get("version") or "0.0.0")),
        generator_version=Code(__version__),
        spec_source=SpecText(spec_source),
        title=SpecText(str(info.get("title") or package)),
        description=_text(info.get("description")),
        client_class=identifier(client_class),
        async_client_class=identifier("Async" + client_class),
        base_url=base_url,
        token_env=_text(token_env),
        correlation_header=_text(settings.correlation_header),
        correlation_field=_text(settings.correlation_field),
        rate_limit_headers=RateLimitHeaderNames(
            max=_text(headers.max),
            remaining=_text(headers.remaining),
            interval_ms=_text(headers.interval_ms),
            daily=_text(headers.daily),
            daily_remaining=_text(headers.daily_remaining),
        ),
        non_retryable_field=_text(settings.non_retryable_field),
        non_retryable_values=tuple(SpecText(v) for v in settings.non_retryable_values),
        error_message_field=_text(settings.error_message_field),
        error_category_fields=tuple(SpecText(v) for v in settings.error_category_fields),
        models=models,
        enums=enums,
        operations=operations,
        renames=tuple(diagnostics.renames),
        warnings=tuple(diagnostics.warnings),
        flat_operations=tuple(op for op in operations if op.group is None),
        groups=groups,
        credentials=credentials,
        credentials_required=credentials_required(credentials, operations),
        lint_ignores=_lint_ignores(spec, models, enums, operations, groups, aliases),
        aliases=aliases,
    )


def _lint_ignores(
    spec: Spec,
    models: tuple[ModelDef, ...],
    enums: tuple[EnumDef, ...],
    operations: tuple[OperationDef, ...],
    groups: tuple[GroupDef, ...],
    aliases: tuple[AliasDef, ...],
) -> tuple[str, ...]:
    ignores: list[str] = []
    names = (
        *(m.class_name for m in models),
        *(e.class_name for e in enums),
        *(a.name for a in aliases),
        *(op.return_annotation for op in operations),
        # A tag group's raw-response class is printed in a return annotation and a call.
        *(f"{g.async_class_name}WithRawResponse" for g in groups),
    )
    if any(len(name) > LONG_NAME and name.isidentifier() for name in names):
        ignores.append("E501")
    if any(_has_non_ascii(document.data) for document in spec.documents.loaded()):
        # Spec prose and enum values may be in any script; confusable-character rules
        # are about hand-written code.
        ignores.extend(("RUF001", "RUF002", "RUF003"))
    return tuple(ignores)


def _has_non_ascii(data: Any) -> bool:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if not node.isascii():
                return True
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def distribution_version(api_version: str) -> Code:
    """The generated distribution's version: the API's, as a plain PEP 440 release.

    No local label (``+apiwright.0.1.0``): package indexes refuse one on upload. The
    generator's version is recorded in the package instead (``__generator_version__``).
    An ``info.version`` that is not a plain release number (``v3``, ``2010-04-01``,
    ``1.0-beta``) keeps its digits as the release.
    """
    text = api_version.strip().lstrip("vV")
    if not _PEP440_RELEASE.match(text):
        digits = re.findall(r"[0-9]+", text)[:4]
        text = ".".join(str(int(part)) for part in digits) if digits else "0"
    else:
        text = ".".join(str(int(part)) for part in text.split("."))
    return Code(text)
