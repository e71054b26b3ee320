"""The naming pass: every client-level name is claimed here, before anything is translated.

Class names are claimed for the clients first, then for the component schemas in document
order; member names for the operations (untagged ones first when there are tag groups), the
tag groups, the operation descriptors, and last the bulk helpers (``<method>_all``) of every
operation that has a request body, so a derived name never takes a name the spec chose. Names
met only while translating (inline schemas' classes, arguments, model fields) are claimed
through the registries this pass leaves, in translation order. All go through
:class:`~generator.naming.NameRegistry`, so every rename is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..naming import PYTHON_KEYWORDS, NameRegistry, pascal_case, snake_case
from ..openapi import OperationView, SchemaView, Spec
from ..runtime_files import reserved_names
from .kinds import ClassKind, class_kind, wrapped_scalar

# Names that the generated package itself defines or imports; a schema may not take them.
RUNTIME_NAMES = frozenset(
    {
        *reserved_names(),
        "__version__",
        "SyncAPIClient",
        "AsyncAPIClient",
        "Credential",
        "Model",
        "NotGiven",
        "NOT_GIVEN",
        "Client",
        "AsyncClient",
        "Response",
        "Request",
        "Any",
    }
)
# Names a client or group class body refers to (decorators, annotations): a method of the same
# name, defined earlier in the body, would shadow them.
CLASS_BODY_NAMES = frozenset(
    {"cached_property", "httpx", "str", "int", "float", "bool", "bytes", "list", "dict", "object"}
)
# Attributes of a generated client that neither an operation nor a tag group may take.
CLIENT_MEMBER_NAMES = CLASS_BODY_NAMES | {
    "with_options",
    "with_raw_response",
    "close",
    "aclose",
    "base_url",
    "timeout",
    "max_retries",
    "deadline",
    "max_response_bytes",
}
GROUP_MEMBER_NAMES = CLASS_BODY_NAMES | {"with_raw_response"}
BULK_SUFFIX = "_all"


@dataclass(frozen=True)
class OperationNames:
    method: str
    descriptor: str
    # The attribute of the operation's tag group, None for a method on the client itself.
    group: str | None
    # The bulk helper's name, should the operation turn out to have one.
    bulk: str
    bulk_wanted: str


@dataclass(frozen=True)
class ComponentClass:
    class_name: str
    kind: ClassKind
    schema: SchemaView


@dataclass
class NamePlan:
    client_class: str
    classes: NameRegistry
    components: list[ComponentClass]
    # By operation place (document, pointer): an operation may sit in a file of its own.
    operations: dict[tuple[str, str], OperationNames]
    # Tag -> group attribute, in the order the groups were first met.
    group_attrs: dict[str, str]
    # The order operations were named in, which is the order they are translated in.
    order: list[OperationView] = field(default_factory=list)
    members: list[NameRegistry] = field(default_factory=list)

    def member_renames(self) -> list[str]:
        renames = []
        for registry in self.members:
            for original, wanted, chosen in registry.renames:
                subject = original if original.startswith("tag ") else f"operation {original!r}"
                renames.append(f"{subject}: {wanted} -> {chosen}")
        return renames


def client_class_name(spec: Spec) -> str:
    info = spec.data.get("info") or {}
    wanted = spec.settings.client or pascal_case(str(info.get("title") or "Api")) + "Client"
    name = pascal_case(str(wanted), fallback="Api")
    return name if name.endswith("Client") else name + "Client"


def plan_names(spec: Spec) -> NamePlan:
    classes = NameRegistry(RUNTIME_NAMES, casefold=True)
    client_class = client_class_name(spec)
    for name in (client_class, "Async" + client_class):
        classes.reserve(name)
        classes.reserve(name + "WithRawResponse")
    components = []
    for name, schema in spec.component_schemas():
        kind = class_kind(schema.node)
        if kind == "model" and wrapped_scalar(schema) is not None:
            kind = None  # typed as the schema it wraps
        if kind is not None:
            class_name = classes.claim(pascal_case(name), original=name, where=schema)
            components.append(ComponentClass(class_name, kind, schema))
    order, grouped = _naming_order(spec.operations)
    operations, group_attrs, members = _operation_names(order, grouped)
    return NamePlan(client_class, classes, components, operations, group_attrs, order, members)


def _naming_order(operations: tuple[OperationView, ...]) -> tuple[list[OperationView], bool]:
    tags = {op.tag for op in operations if op.tag is not None}
    if len(tags) <= 1:
        return list(operations), False
    # Flat (untagged) operations claim their names first; groups come after them.
    flat = [op for op in operations if op.tag is None]
    return flat + [op for op in operations if op.tag is not None], True


def _operation_names(
    ordered: list[OperationView], grouped: bool
) -> tuple[dict[tuple[str, str], OperationNames], dict[str, str], list[NameRegistry]]:
    client_members = NameRegistry(CLIENT_MEMBER_NAMES)
    groups: dict[str, NameRegistry] = {}
    group_attrs: dict[str, str] = {}
    descriptors = NameRegistry()
    stems = group_stems(sorted({op.tag for op in ordered if op.tag is not None}))
    claimed: list[tuple[OperationView, str, str | None, str]] = []
    for op in ordered:
        if op.has_operation_id:
            wanted = snake_case(op.operation_id, fallback="operation")
        else:
            wanted = snake_case(f"{op.method}_{op.path}", fallback="operation")
        group: str | None = None
        registry = client_members
        if grouped and op.tag is not None:
            if op.tag not in group_attrs:
                group_attrs[op.tag] = client_members.claim(
                    stems[op.tag], original=f"tag {op.tag!r}"
                )
                groups[op.tag] = NameRegistry(GROUP_MEMBER_NAMES)
            group = group_attrs[op.tag]
            registry = groups[op.tag]
        method = registry.claim(wanted, original=op.operation_id)
        # Short names keep the descriptor's first line within black's limit.
        descriptor = descriptors.claim("_OP_" + method.upper(), original=op.operation_id)
        claimed.append((op, method, group, descriptor))
    names = {}
    for op, method, group, descriptor in claimed:
        registry = client_members if group is None else groups[str(op.tag)]
        wanted = method + BULK_SUFFIX
        # Claimed for every operation with a body, whether or not it qualifies for a helper:
        # claimed last, such a name can only give way, never take a name from another.
        bulk = wanted
        if op.fields.get("requestBody") is not None:
            bulk = registry.claim(wanted, original=op.operation_id, record=False)
        names[op.key] = OperationNames(method, descriptor, group, bulk, wanted)
    return names, group_attrs, [client_members, *groups.values()]


def group_stems(tags: list[str]) -> dict[str, str]:
    """Attribute names for tag groups, without the leading words that every tag shares.

    Twilio tags everything ``Api20100401Account``, ``Api20100401Call`` and so on; the groups
    read better as ``client.account`` and ``client.call``. Nothing is dropped unless every
    tag keeps at least one word of its own.
    """
    words = {tag: snake_case(tag, fallback="group").split("_") for tag in tags}
    shared = 0
    if len(tags) > 1:
        shortest = min(len(parts) for parts in words.values())
        while shared < shortest - 1 and len({tuple(p[: shared + 1]) for p in words.values()}) == 1:
            shared += 1
    stems = {}
    for tag, parts in words.items():
        stem = "_".join(parts[shared:])
        if not stem.isidentifier() or stem[0].isdigit():
            stem = "_".join(parts)
        stems[tag] = stem + "_" if stem in PYTHON_KEYWORDS else stem
    return stems


def claim_group_classes(plan: NamePlan, tag: str) -> tuple[str, str]:
    """The sync and async class names of a tag group, claimed after every schema's class."""
    # Named from the group's attribute (its tag without the words every tag shares), so that
    # Twilio's long tags give names that fit a line: Async...ResourceWithRawResponse adds 28.
    stem = plan.group_attrs.get(tag) or tag
    class_name = plan.classes.claim(
        pascal_case(stem, fallback=pascal_case(tag, fallback="Group")) + "Resource",
        original=f"tag {tag!r}",
    )
    async_class_name = plan.classes.claim("Async" + class_name, original=f"tag {tag!r}")
    for name in (class_name, async_class_name):
        plan.classes.reserve(name + "WithRawResponse")
    return class_name, async_class_name
