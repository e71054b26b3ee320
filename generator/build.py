"""Stage 3: turn the validated document into the intermediate model (``generator.model``).

All naming happens here, through ``generator.naming``: class names are claimed first for the
component schemas in document order, then for inline schemas as they are met, so the result does
not depend on hash order or on which operation happens to mention a schema first.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .bulk import attach_bulk_helpers
from .errors import GeneratorError
from .examples import example_call
from .loader import Document, escape_pointer_token
from .model import (
    CALL_OPTIONS,
    BodyDef,
    ClientDef,
    CredentialDef,
    EnumDef,
    EnumMember,
    EnumType,
    FieldDef,
    GroupDef,
    ListType,
    MapType,
    ModelDef,
    ModelType,
    NullableType,
    OperationDef,
    ParameterDef,
    PrimitiveType,
    RateLimitHeaderNames,
    ResponseDef,
    TypeExpr,
    UnionType,
)
from .naming import (
    PYTHON_KEYWORDS,
    NameRegistry,
    constant_case,
    pascal_case,
    snake_case,
)
from .refs import DocumentSet
from .runtime_files import reserved_names
from .untrusted import Code, SpecText, identifier, string_literal

EXTENSION = "x-apiwright"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

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
# Members every generated model has, plus builtins that annotations in a class body refer to.
MODEL_MEMBER_NAMES = frozenset(
    {
        "to_dict",
        "from_dict",
        "extra_properties",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
    }
)
# Names a method body uses besides its arguments: an argument may not shadow them.
CALL_OPTION_NAMES = frozenset({"self", *CALL_OPTIONS, "isinstance", "list"})
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
RESERVED_HEADERS = frozenset({"accept", "content-type", "authorization"})
CONSTRUCTOR_NAMES = frozenset(
    {"self", "base_url", "timeout", "max_retries", "http_client", "deadline", "max_response_bytes"}
)

_PATH_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_STRING_FORMATS = {
    "date-time": "datetime",
    "date": "date",
    "uuid": "uuid",
    "byte": "bytes",
    "binary": "binary",
}
# Keywords that narrow a schema in ways the generated types do not express; a schema using
# them is generated without them, with a warning.
UNSUPPORTED_KEYWORDS = frozenset(
    {"not", "if", "then", "else", "prefixItems", "patternProperties", "dependentSchemas"}
)
# Beyond this, black cannot keep a line that holds a class name within 88 columns.
LONG_NAME = 70


def _text(value: Any) -> SpecText | None:
    return SpecText(value) if isinstance(value, str) and value else None


@dataclass
class _Pending:
    document: Document
    pointer: str
    node: dict[str, Any]
    class_name: str
    kind: str


@dataclass
class Builder:
    documents: DocumentSet
    package: str
    spec_source: str
    class_names: NameRegistry = field(init=False)
    _component_classes: dict[tuple[str, str], str] = field(default_factory=dict)
    _pending: list[_Pending] = field(default_factory=list)
    _built: dict[str, ModelDef | EnumDef] = field(default_factory=dict)
    _order: list[str] = field(default_factory=list)
    _alias_stack: set[tuple[str, str]] = field(default_factory=set)
    renames: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _sources: dict[str, tuple[Document, str, Any]] = field(default_factory=dict)
    _schemes: set[str] = field(default_factory=set)
    _usable_schemes: set[str] = field(default_factory=set)
    _group_attrs: dict[str, str] = field(default_factory=dict)
    _warned: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.class_names = NameRegistry(RUNTIME_NAMES, casefold=True)

    def schema_sources(self) -> dict[str, tuple[Document, str, Any]]:
        """The schema each generated model or enum class was built from, by class name."""
        return dict(self._sources)

    @property
    def root(self) -> Document:
        return self.documents.root

    # -- schemas -------------------------------------------------------------------------------

    def _class_kind(self, node: Any) -> str | None:
        if not isinstance(node, dict):
            return None
        if "enum" in node and self._enum_base(node) is not None:
            return "enum"
        if "allOf" in node:
            return "model"
        if node.get("properties"):
            return "model"
        return None

    @staticmethod
    def _enum_base(node: dict[str, Any]) -> str | None:
        values = [value for value in node.get("enum") or [] if value is not None]
        if values and all(isinstance(value, str) for value in values):
            return "str"
        if values and all(
            isinstance(value, int) and not isinstance(value, bool) for value in values
        ):
            return "int"
        return None

    def claim_component_names(self) -> None:
        schemas = (self.root.data.get("components") or {}).get("schemas") or {}
        for name, node in schemas.items():
            pointer = f"/components/schemas/{escape_pointer_token(name)}"
            kind = self._class_kind(node)
            if kind is None:
                continue
            class_name = self.class_names.claim(pascal_case(name), original=name)
            self._component_classes[(str(self.root.path), pointer)] = class_name
            self._pending.append(_Pending(self.root, pointer, node, class_name, kind))

    def build_pending(self) -> None:
        while self._pending:
            item = self._pending.pop(0)
            if item.class_name in self._built:
                continue
            self._order.append(item.class_name)
            self._sources[item.class_name] = (item.document, item.pointer, item.node)
            try:
                if item.kind == "enum":
                    self._built[item.class_name] = self._build_enum(item)
                else:
                    self._built[item.class_name] = self._build_model(item)
            except GeneratorError:
                raise
            except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
                raise item.document.error(
                    f"cannot build this schema: {type(exc).__name__}: {exc}", item.pointer
                ) from None

    def _class_for(self, document: Document, pointer: str, node: dict[str, Any], hint: str) -> str:
        key = (str(document.path), pointer)
        existing = self._component_classes.get(key)
        if existing is not None:
            return existing
        wanted = pascal_case(hint)
        if pointer.startswith("/components/schemas/") and pointer.count("/") == 3:
            wanted = pascal_case(pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~"))
        elif pointer == "" and document is not self.root:
            # A whole file is one schema: it is named after the file, as its author named it.
            wanted = pascal_case(document.path.stem.split(".")[0], fallback=wanted)
        class_name = self.class_names.claim(wanted, original=hint)
        self._component_classes[key] = class_name
        kind = self._class_kind(node) or "model"
        self._pending.append(_Pending(document, pointer, node, class_name, kind))
        return class_name

    def type_for(self, document: Document, pointer: str, node: Any, hint: str) -> TypeExpr:
        """The type of the schema ``node`` found at ``pointer``; ``hint`` names inline classes."""
        if isinstance(node, dict) and "$ref" in node:
            key = (str(document.path), pointer)
            if key in self._alias_stack:
                raise document.error(
                    "schema refers to itself without an object in between", pointer
                )
            self._alias_stack.add(key)
            try:
                target_doc, target_pointer, target = self.documents.follow(document, node, pointer)
                return self.type_for(target_doc, target_pointer, target, hint)
            finally:
                self._alias_stack.discard(key)
        if node is True or node == {} or node is None:
            return PrimitiveType("any")
        if not isinstance(node, dict):
            raise document.error("a schema must be an object", pointer)
        self._warn_unsupported_keywords(document, pointer, node)
        nullable = bool(node.get("nullable"))
        types = node.get("type")
        if isinstance(types, list):
            nullable = nullable or "null" in types
            non_null = [t for t in types if t != "null"]
            if len(non_null) > 1:
                members = tuple(
                    self._type_for_type_name(document, pointer, node, t, hint) for t in non_null
                )
                union: TypeExpr = UnionType(members)
                return NullableType(union) if nullable else union
            types = non_null[0] if non_null else "null"
        if types == "null":
            return PrimitiveType("any")
        enum_values = node.get("enum")
        if isinstance(enum_values, list) and None in enum_values:
            nullable = True
        result = self._type_without_null(document, pointer, node, types, hint)
        if nullable and not result.is_nullable():
            return NullableType(result)
        return result

    def _warn_unsupported_keywords(
        self, document: Document, pointer: str, node: dict[str, Any]
    ) -> None:
        key = (str(document.path), pointer)
        if key in self._warned:
            return
        self._warned.add(key)
        ignored = sorted(keyword for keyword in UNSUPPORTED_KEYWORDS if keyword in node)
        if "properties" in node and any(k in node for k in ("oneOf", "anyOf")):
            ignored.append("oneOf/anyOf beside properties")
        if ignored:
            self.warnings.append(
                document.error(
                    f"schema keywords not supported, so the type is looser than the schema: "
                    f"{', '.join(ignored)}",
                    pointer,
                ).one_line()
            )

    def _type_for_type_name(
        self, document: Document, pointer: str, node: dict[str, Any], type_name: str, hint: str
    ) -> TypeExpr:
        narrowed = {key: value for key, value in node.items() if key not in ("type", "nullable")}
        return self._type_without_null(document, pointer, narrowed, type_name, hint)

    def _type_without_null(
        self, document: Document, pointer: str, node: dict[str, Any], type_name: Any, hint: str
    ) -> TypeExpr:
        for keyword in ("oneOf", "anyOf"):
            if isinstance(node.get(keyword), list) and "properties" not in node:
                return self._union(document, pointer, node, keyword, hint)
        kind = self._class_kind(node)
        if kind is not None:
            class_name = self._class_for(document, pointer, node, hint)
            if kind == "enum":
                return EnumType(identifier(class_name))
            discriminator = node.get("discriminator")
            if isinstance(discriminator, dict) and isinstance(
                discriminator.get("propertyName"), str
            ):
                return self._polymorphic(document, pointer, discriminator, class_name)
            return ModelType(identifier(class_name))
        if type_name == "array" or (type_name is None and "items" in node):
            items = node.get("items", True)
            max_items = node.get("maxItems")
            return ListType(
                self.type_for(document, f"{pointer}/items", items, hint + "Item"),
                max_items if isinstance(max_items, int) and max_items > 0 else None,
            )
        if type_name == "object" or (type_name is None and "additionalProperties" in node):
            extra = node.get("additionalProperties", True)
            if extra is True or extra is False or extra == {}:
                return PrimitiveType("object")
            return MapType(
                self.type_for(document, f"{pointer}/additionalProperties", extra, hint + "Value")
            )
        if "const" in node and type_name is None:
            const = node["const"]
            type_name = {str: "string", bool: "boolean", int: "integer", float: "number"}.get(
                type(const)
            )
        fmt = node.get("format")
        if type_name == "string":
            kind = _STRING_FORMATS.get(fmt) if isinstance(fmt, str) else None
            if kind is None and node.get("contentEncoding") == "base64":
                kind = "bytes"
            if kind is None and isinstance(node.get("contentMediaType"), str):
                kind = "binary"
            return PrimitiveType(kind or "str")
        if type_name == "integer":
            return PrimitiveType("int")
        if type_name == "number":
            return PrimitiveType("float")
        if type_name == "boolean":
            return PrimitiveType("bool")
        return PrimitiveType("any")

    def _union(
        self, document: Document, pointer: str, node: dict[str, Any], keyword: str, hint: str
    ) -> TypeExpr:
        members: list[TypeExpr] = []
        nullable = False
        for index, member in enumerate(node[keyword]):
            member_type = self.type_for(
                document, f"{pointer}/{keyword}/{index}", member, f"{hint}Option{index + 1}"
            )
            if isinstance(member_type, NullableType):
                nullable = True
                member_type = member_type.inner
            if (
                member_type == PrimitiveType("any")
                and isinstance(member, dict)
                and member.get("type") == "null"
            ):
                nullable = True
                continue
            if member_type not in members:
                members.append(member_type)
        discriminator = node.get("discriminator")
        result: TypeExpr
        if PrimitiveType("any") in members:
            # A member that allows anything makes the union allow anything.
            return PrimitiveType("any")
        if not members:
            result = PrimitiveType("any")
        elif len(members) == 1:
            result = members[0]
        elif isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
            mapping = self._discriminator_mapping(document, pointer, node, keyword, discriminator)
            result = UnionType(tuple(members), SpecText(discriminator["propertyName"]), mapping)
        else:
            result = UnionType(tuple(members))
        return NullableType(result) if nullable and not result.is_nullable() else result

    def _polymorphic(
        self, document: Document, pointer: str, discriminator: dict[str, Any], class_name: str
    ) -> TypeExpr:
        """A base schema with a discriminator stands for itself or any schema extending it.

        The members are the mapping's targets and the component schemas whose ``allOf``
        refers to the base; the base comes first, so a payload whose tag names no known
        member is still read, as the base, with its other keys kept.
        """
        pairs: list[tuple[SpecText, Code]] = []
        key = (str(document.path), pointer)
        for value, ref in (discriminator.get("mapping") or {}).items():
            target = self.documents.resolve(document, str(ref), f"{pointer}/discriminator/mapping")
            mapped = self._component_classes.get((str(target.document.path), target.pointer))
            if mapped is not None:
                pairs.append((SpecText(str(value)), identifier(mapped)))
        mapped_names = {name for _, name in pairs}
        schemas = (self.root.data.get("components") or {}).get("schemas") or {}
        for name, schema in schemas.items():
            child_pointer = f"/components/schemas/{escape_pointer_token(name)}"
            child = self._component_classes.get((str(self.root.path), child_pointer))
            if child is None or child in mapped_names or child == class_name:
                continue
            for index, part in enumerate((schema or {}).get("allOf") or []):
                if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                    where = f"{child_pointer}/allOf/{index}"
                    target = self.documents.resolve(self.root, part["$ref"], where)
                    if (str(target.document.path), target.pointer) == key:
                        pairs.append((SpecText(name), identifier(child)))
                        break
        if not pairs:
            return ModelType(identifier(class_name))
        if class_name not in {str(name) for _, name in pairs}:
            pairs.append((SpecText(pointer.rsplit("/", 1)[-1]), identifier(class_name)))
        members: list[TypeExpr] = [ModelType(identifier(class_name))]
        for _, name in pairs:
            if ModelType(name) not in members:
                members.append(ModelType(name))
        return UnionType(tuple(members), SpecText(discriminator["propertyName"]), tuple(pairs))

    def _discriminator_mapping(
        self,
        document: Document,
        pointer: str,
        node: dict[str, Any],
        keyword: str,
        discriminator: dict[str, Any],
    ) -> tuple[tuple[SpecText, Code], ...]:
        pairs: list[tuple[SpecText, Code]] = []
        explicit = discriminator.get("mapping") or {}
        for value, ref in explicit.items():
            target = self.documents.resolve(document, str(ref), f"{pointer}/discriminator/mapping")
            class_name = self._component_classes.get((str(target.document.path), target.pointer))
            if class_name is None:
                raise document.error(
                    "discriminator mapping must point at an object schema",
                    f"{pointer}/discriminator",
                )
            pairs.append((SpecText(str(value)), identifier(class_name)))
        mapped = {name for _, name in pairs}
        for member in node[keyword]:
            if isinstance(member, dict) and isinstance(member.get("$ref"), str):
                target = self.documents.resolve(document, member["$ref"], pointer)
                class_name = self._component_classes.get(
                    (str(target.document.path), target.pointer)
                )
                if class_name is not None and class_name not in mapped:
                    implicit = target.pointer.rsplit("/", 1)[-1]
                    pairs.append((SpecText(implicit), identifier(class_name)))
        return tuple(pairs)

    def _merged_object(
        self, document: Document, pointer: str, node: dict[str, Any]
    ) -> tuple[list[tuple[str, Document, str, Any]], set[str], Any]:
        properties: dict[str, tuple[Document, str, Any]] = {}
        required: set[str] = set()
        extra: Any = node.get("additionalProperties", True)
        for index, part in enumerate(node.get("allOf") or []):
            part_doc, part_pointer, part_node = self.documents.follow(
                document, part, f"{pointer}/allOf/{index}"
            )
            if not isinstance(part_node, dict):
                continue
            sub_props, sub_required, _ = self._merged_object(part_doc, part_pointer, part_node)
            for name, sub_doc, sub_pointer, sub_node in sub_props:
                properties[name] = (sub_doc, sub_pointer, sub_node)
            required |= sub_required
        for name, prop in (node.get("properties") or {}).items():
            properties[name] = (
                document,
                f"{pointer}/properties/{escape_pointer_token(name)}",
                prop,
            )
        required |= {name for name in node.get("required") or [] if isinstance(name, str)}
        flat = [(name, doc, where, prop) for name, (doc, where, prop) in properties.items()]
        return flat, required, extra

    def _build_model(self, item: _Pending) -> ModelDef:
        properties, required, extra = self._merged_object(item.document, item.pointer, item.node)
        members = NameRegistry(MODEL_MEMBER_NAMES)
        fields: list[FieldDef] = []
        for wire_name, prop_doc, prop_pointer, prop in properties:
            attr = members.claim(snake_case(wire_name, fallback="field"), original=wire_name)
            prop_type = self.type_for(
                prop_doc, prop_pointer, prop, item.class_name + pascal_case(wire_name)
            )
            target = self.documents.follow(prop_doc, prop, prop_pointer)[2]
            flags = prop if isinstance(prop, dict) else {}
            target_flags = target if isinstance(target, dict) else {}
            read_only = bool(flags.get("readOnly") or target_flags.get("readOnly"))
            write_only = bool(flags.get("writeOnly") or target_flags.get("writeOnly"))
            fields.append(
                FieldDef(
                    attr=identifier(attr),
                    wire_name=SpecText(wire_name),
                    type=prop_type,
                    # A read-only property is never sent and a write-only one never received,
                    # so "required" cannot hold in both directions: neither is required here.
                    required=wire_name in required and not read_only and not write_only,
                    description=_describe_value(flags, target_flags, read_only, write_only),
                    read_only=read_only,
                )
            )
        for original, wanted, chosen in members.renames:
            self.renames.append(f"{item.class_name}.{wanted} -> {chosen} (property {original!r})")
        extra_codec: Code | None = None
        if isinstance(extra, dict) and extra:
            extra_type = self.type_for(
                item.document,
                f"{item.pointer}/additionalProperties",
                extra,
                item.class_name + "Value",
            )
            extra_codec = extra_type.codec()
        return ModelDef(
            class_name=identifier(item.class_name),
            description=_text(item.node.get("description"))
            or _text(item.node.get("title"))
            or SpecText(f"The {item.class_name} schema."),
            fields=tuple(fields),
            extra_codec=extra_codec,
        )

    def _build_enum(self, item: _Pending) -> EnumDef:
        base = self._enum_base(item.node) or "str"
        members = NameRegistry(("mro", "name", "value"))
        built: list[EnumMember] = []
        seen: set[Any] = set()
        for value in item.node.get("enum") or []:
            if value is None or value in seen:
                continue
            seen.add(value)
            if base == "str":
                wanted = constant_case(str(value))
                literal = string_literal(SpecText(str(value)))
            else:
                wanted = constant_case(f"VALUE_{value}".replace("-", "MINUS_"))
                literal = Code(repr(int(value)))
            name = members.claim(wanted, original=str(value))
            built.append(EnumMember(name=identifier(name), value=literal))
        return EnumDef(
            class_name=identifier(item.class_name),
            description=_text(item.node.get("description"))
            or _text(item.node.get("title"))
            or SpecText(
                f"Values of {item.class_name}; values the spec does not list are kept, "
                "not rejected."
            ),
            base=Code("_rt.OpenStrEnum" if base == "str" else "_rt.OpenIntEnum"),
            members=tuple(built),
        )

    # -- operations ----------------------------------------------------------------------------

    def _resolve(self, document: Document, node: Any, pointer: str) -> tuple[Document, str, Any]:
        return self.documents.follow(document, node, pointer)

    def build_operations(self) -> tuple[OperationDef, ...]:
        found = self._find_operations()
        tags = {tag for *_, tag in found if tag is not None}
        grouped = len(tags) > 1
        client_members = NameRegistry(CLIENT_MEMBER_NAMES)
        group_registries: dict[str, NameRegistry] = {}
        group_attrs: dict[str, str] = {}
        descriptor_names = NameRegistry()
        if grouped:
            # Flat (untagged) operations claim their names first; groups come after them.
            ordered = [entry for entry in found if entry[-1] is None]
            ordered += [entry for entry in found if entry[-1] is not None]
        else:
            ordered = found
        group_stems = _group_stems(sorted(tags))
        built: dict[str, OperationDef] = {}
        for item_doc, op_pointer, path, method, path_item, operation, operation_id, tag in ordered:
            if isinstance(operation.get("operationId"), str):
                wanted = snake_case(operation_id, fallback="operation")
            else:
                wanted = snake_case(f"{method}_{path}", fallback="operation")
            group_attr: str | None = None
            registry = client_members
            if grouped and tag is not None:
                if tag not in group_attrs:
                    group_attrs[tag] = client_members.claim(
                        group_stems[tag], original=f"tag {tag!r}"
                    )
                    group_registries[tag] = NameRegistry(GROUP_MEMBER_NAMES)
                group_attr = group_attrs[tag]
                registry = group_registries[tag]
            method_name = registry.claim(wanted, original=operation_id)
            descriptor = descriptor_names.claim(
                # Short names keep the descriptor's first line within black's limit.
                "_OP_" + method_name.upper(),
                original=operation_id,
            )
            try:
                definition = self._build_operation(
                    item_doc,
                    op_pointer,
                    path,
                    method,
                    path_item,
                    operation,
                    operation_id,
                    method_name,
                    descriptor,
                )
            except GeneratorError:
                raise
            except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
                raise item_doc.error(
                    f"cannot build this operation: {type(exc).__name__}: {exc}", op_pointer
                ) from None
            if group_attr is not None:
                definition = dataclasses.replace(definition, group=identifier(group_attr))
            built[op_pointer] = definition
        for registry in (client_members, *group_registries.values()):
            for original, wanted, chosen in registry.renames:
                subject = original if original.startswith("tag ") else f"operation {original!r}"
                self.renames.append(f"{subject}: {wanted} -> {chosen}")
        self._group_attrs = group_attrs
        # Descriptors and docs follow the document's order, whatever the naming order was.
        return tuple(built[entry[1]] for entry in found)

    def _find_operations(
        self,
    ) -> list[tuple[Document, str, str, str, dict[str, Any], dict[str, Any], str, str | None]]:
        # Duplicate operationIds were refused by validate.check_structure before this runs.
        paths = self.root.data.get("paths") or {}
        found = []
        for path, path_item_node in paths.items():
            path_pointer = f"/paths/{escape_pointer_token(path)}"
            item_doc, item_pointer, path_item = self._resolve(
                self.root, path_item_node, path_pointer
            )
            if not isinstance(path_item, dict):
                continue
            for method in HTTP_METHODS:
                operation = path_item.get(method)
                if not isinstance(operation, dict):
                    continue
                op_pointer = f"{item_pointer}/{method}"
                operation_id = operation.get("operationId")
                if not isinstance(operation_id, str):
                    operation_id = f"{method} {path}"
                tags = operation.get("tags")
                tag = str(tags[0]) if isinstance(tags, list) and tags else None
                found.append(
                    (item_doc, op_pointer, path, method, path_item, operation, operation_id, tag)
                )
        return found

    def _parameters(
        self, document: Document, pointer: str, path_item: dict[str, Any], operation: dict[str, Any]
    ) -> list[tuple[Document, str, dict[str, Any]]]:
        merged: dict[tuple[str, str], tuple[Document, str, dict[str, Any]]] = {}
        item_pointer = pointer.rsplit("/", 1)[0]
        for source, source_pointer in ((path_item, item_pointer), (operation, pointer)):
            for index, raw in enumerate(source.get("parameters") or []):
                param_doc, param_pointer, param = self._resolve(
                    document, raw, f"{source_pointer}/parameters/{index}"
                )
                if isinstance(param, dict):
                    merged[(str(param.get("name")), str(param.get("in")))] = (
                        param_doc,
                        param_pointer,
                        param,
                    )
        return list(merged.values())

    def _build_operation(
        self,
        document: Document,
        pointer: str,
        path: str,
        method: str,
        path_item: dict[str, Any],
        operation: dict[str, Any],
        operation_id: str,
        method_name: str,
        descriptor: str,
    ) -> OperationDef:
        argument_names = NameRegistry(CALL_OPTION_NAMES)
        placeholders = _PATH_PLACEHOLDER.findall(path)
        raw_params = self._parameters(document, pointer, path_item, operation)
        by_name = {(param["name"], param["in"]): (d, p, param) for d, p, param in raw_params}
        for name in placeholders:
            if (name, "path") not in by_name:
                raise document.error(f"path placeholder {{{name}}} has no path parameter", pointer)
        path_params: list[ParameterDef] = []
        for name in placeholders:
            param_doc, param_pointer, param = by_name[(name, "path")]
            path_params.append(self._parameter(param_doc, param_pointer, param, argument_names))
        for param_doc, param_pointer, param in raw_params:
            if param["in"] == "path" and param["name"] not in placeholders:
                raise param_doc.error(
                    f"path parameter {param['name']!r} does not appear in the path {path!r}",
                    param_pointer,
                )
        body = self._body(document, pointer, operation, method_name, argument_names)
        others: list[ParameterDef] = []
        for param_doc, param_pointer, param in raw_params:
            # OpenAPI says these header parameters "SHALL be ignored": the client sets them.
            if param["in"] == "header" and str(param["name"]).lower() in RESERVED_HEADERS:
                continue
            if param["in"] != "path":
                others.append(self._parameter(param_doc, param_pointer, param, argument_names))
        others.sort(key=lambda p: not p.required)
        responses, error_response = self._responses(document, pointer, operation, method_name)
        return_types: list[str] = []
        for response in responses:
            annotation = (
                response.type.annotation()
                if response.type is not None
                else (
                    "str"
                    if response.kind == "text"
                    else "bytes" if response.kind == "bytes" else "None"
                )
            )
            if annotation not in return_types:
                return_types.append(annotation)
        idempotent = operation.get(f"{EXTENSION}-idempotent")
        if not isinstance(idempotent, bool):
            idempotent = method in ("get", "head", "options", "put", "delete", "trace")
        for original, wanted, chosen in argument_names.renames:
            self.renames.append(
                f"operation {operation_id!r}: argument {wanted} -> {chosen} (for {original!r})"
            )
        self.build_pending()
        models = {name: m for name, m in self._built.items() if isinstance(m, ModelDef)}
        example, example_runnable = example_call(
            method_name,
            path_params,
            {
                str(parameter.attr): _example_value(by_name[(name, "path")][2])
                for parameter, name in zip(path_params, placeholders, strict=True)
            },
            body.fields if body is not None else (),
            body.argument if body is not None else None,
            body.type if body is not None else None,
            self._body_example(document, pointer, operation),
            models,
        )
        return OperationDef(
            method_name=identifier(method_name),
            descriptor_name=identifier(descriptor),
            operation_id=SpecText(operation_id),
            http_method=method.upper(),
            path=SpecText(path),
            path_parameters=tuple(path_params),
            other_parameters=tuple(others),
            body=body,
            responses=tuple(responses),
            error_response=error_response,
            return_annotation=Code(" | ".join(return_types) or "None"),
            idempotent=idempotent,
            summary=_text(operation.get("summary")),
            description=_text(operation.get("description")),
            deprecated=bool(operation.get("deprecated")),
            example_call=example,
            example_runnable=example_runnable,
            security=self._security_for(document, pointer, operation),
            docstring=self._operation_docstring(operation, path_params, others, body, method, path),
        )

    @staticmethod
    def _operation_docstring(
        operation: dict[str, Any],
        path_params: list[ParameterDef],
        others: list[ParameterDef],
        body: BodyDef | None,
        method: str,
        path: str,
    ) -> SpecText:
        # Spec strings are joined here and escaped once, as a whole, by the docstring filter.
        summary = operation.get("summary")
        sections = [
            summary if isinstance(summary, str) and summary.strip() else f"{method.upper()} {path}"
        ]
        description = operation.get("description")
        if (
            isinstance(description, str)
            and description.strip()
            and " ".join(description.split()) != " ".join(sections[0].split())
        ):
            sections.append(description)
        arguments: list[str] = []
        documented: list[tuple[Code, SpecText | None]] = [
            (p.attr, p.description) for p in path_params
        ]
        if body is not None:
            if body.argument is not None:
                documented.append((body.argument, body.description))
            documented.extend((f.attr, f.description) for f in body.fields)
        documented.extend((p.attr, p.description) for p in others)
        for name, text in documented:
            if text is not None:
                arguments.append(f"    {name}: {' '.join(text.value.split())}")
        if arguments:
            sections.append("Args:\n" + "\n".join(arguments))
        if operation.get("deprecated"):
            sections.append("Deprecated: the spec marks this operation as deprecated.")
        return SpecText("\n\n".join(sections))

    def _body_example(self, document: Document, pointer: str, operation: dict[str, Any]) -> Any:
        """The request body's example: the media type's, else its schema's."""
        raw = operation.get("requestBody")
        if raw is None:
            return None
        _, _, body = self._resolve(document, raw, f"{pointer}/requestBody")
        content = body.get("content") or {} if isinstance(body, dict) else {}
        if not content:
            return None
        _, media = self._pick_media(content)
        if not isinstance(media, dict):
            return None
        found = _example_value(media)
        if found is None and isinstance(media.get("schema"), dict):
            found = media["schema"].get("example")
        return found

    def _parameter(
        self, document: Document, pointer: str, param: dict[str, Any], names: NameRegistry
    ) -> ParameterDef:
        location = param["in"]
        attr = names.claim(snake_case(param["name"], fallback="param"), original=param["name"])
        schema = param.get("schema")
        if schema is None and isinstance(param.get("content"), dict) and param["content"]:
            media = next(iter(param["content"].values()))
            schema = media.get("schema") if isinstance(media, dict) else None
        param_type = self.type_for(
            document, f"{pointer}/schema", schema or {"type": "string"}, pascal_case(param["name"])
        )
        default_style = "simple" if location in ("path", "header") else "form"
        style = param.get("style", default_style)
        if param.get("schema") is None and schema is not None:
            # A parameter given by "content" is serialised as its media type says; the
            # generator supports JSON there (its "json" style), the common case.
            style = "json"
        return ParameterDef(
            attr=identifier(attr),
            wire_name=SpecText(param["name"]),
            location=location,
            type=param_type,
            required=bool(param.get("required")) or location == "path",
            description=_text(param.get("description")),
            style=str(style),
            explode=bool(param.get("explode", style == "form")),
        )

    def _body(
        self,
        document: Document,
        pointer: str,
        operation: dict[str, Any],
        method_name: str,
        names: NameRegistry,
    ) -> BodyDef | None:
        raw = operation.get("requestBody")
        if raw is None:
            return None
        body_doc, body_pointer, body = self._resolve(document, raw, f"{pointer}/requestBody")
        content = body.get("content") or {}
        if not content:
            return None
        media_type, media = self._pick_media(content)
        encoding = self._encoding(media_type)
        media_pointer = f"{body_pointer}/content/{escape_pointer_token(media_type)}"
        schema = (media or {}).get("schema") or {}
        body_type = self.type_for(
            body_doc, f"{media_pointer}/schema", schema, pascal_case(method_name) + "Body"
        )
        required = bool(body.get("required"))
        if isinstance(body_type, ModelType) and required:
            model_name = str(body_type.class_name)
            self.build_pending()
            model = self._built[model_name]
            assert isinstance(model, ModelDef)
            fields = []
            for model_field in model.fields:
                if model_field.read_only:
                    continue
                attr = names.claim(str(model_field.attr), original=model_field.wire_name.value)
                fields.append(
                    FieldDef(
                        attr=identifier(attr),
                        model_attr=model_field.attr,
                        wire_name=model_field.wire_name,
                        type=model_field.type,
                        required=model_field.required,
                        description=model_field.description,
                    )
                )
            return BodyDef(
                media_type=SpecText(media_type),
                encoding=encoding,
                type=body_type,
                required=True,
                flattened_model=body_type.class_name,
                fields=tuple(sorted(fields, key=lambda f: not f.required)),
                argument=None,
                description=_text(body.get("description")),
            )
        argument = names.claim("body", original="requestBody")
        return BodyDef(
            media_type=SpecText(media_type),
            encoding=encoding,
            type=body_type,
            required=required,
            flattened_model=None,
            fields=(),
            argument=identifier(argument),
            description=_text(body.get("description")),
        )

    @staticmethod
    def _pick_media(content: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        for media_type, media in content.items():
            base = media_type.split(";")[0].strip().lower()
            if base == "application/json" or base.endswith("+json"):
                return media_type, media
        media_type = next(iter(content))
        return media_type, content[media_type]

    @staticmethod
    def _encoding(media_type: str) -> str:
        base = media_type.split(";")[0].strip().lower()
        if base == "application/json" or base.endswith("+json") or base == "*/*":
            return "json"
        if base == "application/x-www-form-urlencoded":
            return "form"
        if base.startswith("multipart/"):
            return "multipart"
        if base.startswith("text/"):
            return "text"
        return "bytes"

    def _responses(
        self, document: Document, pointer: str, operation: dict[str, Any], method_name: str
    ) -> tuple[list[ResponseDef], ResponseDef | None]:
        successes: list[ResponseDef] = []
        error: ResponseDef | None = None
        error_types: list[TypeExpr] = []
        for status, raw in (operation.get("responses") or {}).items():
            status = str(status).upper() if str(status).lower() != "default" else "default"
            response_pointer = f"{pointer}/responses/{escape_pointer_token(status)}"
            response_doc, response_pointer, response = self._resolve(
                document, raw, response_pointer
            )
            content = response.get("content") or {}
            kind = "empty"
            response_type: TypeExpr | None = None
            if content:
                media_type, media = self._pick_media(content)
                encoding = self._encoding(media_type)
                kind = {"json": "json", "text": "text"}.get(encoding, "bytes")
                schema = (media or {}).get("schema")
                if kind == "json":
                    hint = pascal_case(method_name) + (
                        "Error" if not status.startswith("2") else "Response"
                    )
                    response_type = self.type_for(
                        response_doc,
                        f"{response_pointer}/content/{escape_pointer_token(media_type)}/schema",
                        schema if schema is not None else {},
                        hint,
                    )
            definition = ResponseDef(
                status=status,
                kind=kind,
                type=response_type,
                description=_text(response.get("description")),
            )
            if status.startswith("2"):
                successes.append(definition)
            elif status == "default":
                error = definition
            elif status[:1] in ("4", "5") and response_type is not None:
                error_types.append(response_type)
        if not successes and error is not None:
            # Only "default" is documented: it describes the successes as well as the errors.
            successes.append(error)
        if (error is None or error.type is None) and error_types:
            # Without a documented default, the error bodies the spec names by status are
            # read with their schemas (tried in order when they differ).
            distinct = list(dict.fromkeys(error_types))
            error_type = distinct[0] if len(distinct) == 1 else UnionType(tuple(distinct))
            error = ResponseDef(status="default", kind="json", type=error_type, description=None)
        return successes, error

    # -- security ------------------------------------------------------------------------------

    def _security_for(
        self, document: Document, pointer: str, operation: dict[str, Any]
    ) -> tuple[tuple[SpecText, ...], ...] | None:
        requirements = operation.get("security", self.root.data.get("security"))
        if not isinstance(requirements, list):
            return None
        alternatives: list[tuple[SpecText, ...]] = []
        for requirement in requirements:
            if not isinstance(requirement, dict):
                continue
            alternative = tuple(SpecText(str(name)) for name in requirement)
            unknown = [name.value for name in alternative if name.value not in self._schemes]
            if unknown:
                raise document.error(
                    f"security requirement names an undefined scheme {unknown[0]!r}",
                    f"{pointer}/security" if "security" in operation else "/security",
                )
            if all(name.value in self._usable_schemes for name in alternative):
                alternatives.append(alternative)
        return tuple(alternatives)

    def _credentials(self) -> tuple[CredentialDef, ...]:
        """Constructor arguments and wire placement for each security scheme we can send."""
        components = self.root.data.get("components") or {}
        schemes = components.get("securitySchemes") or {}
        settings = self.root.data.get(EXTENSION) or {}
        prefix = constant_case(self.package)
        arguments = NameRegistry(CONSTRUCTOR_NAMES)
        bearer_argument: str | None = None
        api_key_count = 0
        credentials: list[CredentialDef] = []
        for name, raw in schemes.items():
            pointer = f"/components/securitySchemes/{escape_pointer_token(name)}"
            doc, pointer, scheme = self._resolve(self.root, raw, pointer)
            self._schemes.add(name)
            if not isinstance(scheme, dict):
                continue
            kind = scheme.get("type")
            http_scheme = str(scheme.get("scheme") or "").lower()
            wire: SpecText | None = None
            names: tuple[str, ...]
            env_vars: tuple[str, ...]
            if kind in ("oauth2", "openIdConnect") or (kind == "http" and http_scheme == "bearer"):
                credential_kind = "bearer"
                if bearer_argument is None:
                    bearer_argument = arguments.claim("access_token", original=name)
                names = (bearer_argument,)
                env_vars = (str(settings.get("tokenEnv") or f"{prefix}_ACCESS_TOKEN"),)
            elif kind == "http" and http_scheme == "basic":
                credential_kind = "basic"
                names = (
                    arguments.claim("username", original=name),
                    arguments.claim("password", original=name),
                )
                env_vars = tuple(f"{prefix}_{constant_case(argument)}" for argument in names)
            elif kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
                credential_kind = str(scheme["in"])
                wire = SpecText(str(scheme.get("name") or ""))
                api_key_count += 1
                wanted = "api_key" if api_key_count == 1 else snake_case(name, fallback="api_key")
                names = (arguments.claim(wanted, original=name),)
                env_vars = (f"{prefix}_{constant_case(names[0])}",)
            else:
                self.warnings.append(
                    doc.error(
                        f"security scheme {name!r} ({kind} {http_scheme}".strip()
                        + ") is not supported; operations that need only it are sent "
                        "without credentials (pass extra_headers= to authenticate them)",
                        pointer,
                    ).one_line()
                )
                continue
            self._usable_schemes.add(name)
            credentials.append(
                CredentialDef(
                    scheme=SpecText(name),
                    kind=credential_kind,
                    wire_name=wire,
                    arguments=tuple(identifier(argument) for argument in names),
                    env_vars=tuple(SpecText(env_var) for env_var in env_vars),
                    description=_text(scheme.get("description")),
                )
            )
        return tuple(credentials)

    def _groups(self, operations: tuple[OperationDef, ...]) -> tuple[GroupDef, ...]:
        descriptions = {
            entry.get("name"): entry.get("description")
            for entry in self.root.data.get("tags") or []
            if isinstance(entry, dict)
        }
        groups = []
        for tag, attr in self._group_attrs.items():
            class_name = self.class_names.claim(
                pascal_case(tag, fallback="Group") + "Resource", original=f"tag {tag!r}"
            )
            async_class_name = self.class_names.claim("Async" + class_name, original=f"tag {tag!r}")
            for name in (class_name, async_class_name):
                self.class_names.reserve(name + "WithRawResponse")
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

    # -- the whole client ----------------------------------------------------------------------

    def _lint_ignores(
        self,
        models: tuple[ModelDef, ...],
        enums: tuple[EnumDef, ...],
        operations: tuple[OperationDef, ...],
    ) -> tuple[str, ...]:
        ignores: list[str] = []
        names = (
            *(m.class_name for m in models),
            *(e.class_name for e in enums),
            *(op.return_annotation for op in operations),
        )
        if any(len(name) > LONG_NAME and name.isidentifier() for name in names):
            ignores.append("E501")
        if any(_has_non_ascii(document.data) for document in self.documents.loaded()):
            # Spec prose and enum values may be in any script; confusable-character rules
            # are about hand-written code.
            ignores.extend(("RUF001", "RUF002", "RUF003"))
        return tuple(ignores)

    def build(self) -> ClientDef:
        data = self.root.data
        settings = data.get(EXTENSION) or {}
        if not isinstance(settings, dict):
            raise self.root.error(f"{EXTENSION} must be a mapping", f"/{EXTENSION}")
        info = data.get("info") or {}
        client_class = (
            settings.get("client") or pascal_case(str(info.get("title") or "Api")) + "Client"
        )
        client_class = pascal_case(str(client_class), fallback="Api")
        if not client_class.endswith("Client"):
            client_class += "Client"
        for name in (client_class, "Async" + client_class):
            self.class_names.reserve(name)
            self.class_names.reserve(name + "WithRawResponse")
        self.claim_component_names()
        credentials = self._credentials()
        operations = self.build_operations()
        self.build_pending()
        operations = attach_bulk_helpers(
            operations,
            {str(m.class_name): m for m in self._built.values() if isinstance(m, ModelDef)},
            self.warnings,
        )
        groups = self._groups(operations)
        for original, wanted, chosen in self.class_names.renames:
            self.renames.append(f"schema {original!r}: class {wanted} -> {chosen}")
        servers = data.get("servers") or [{"url": "/"}]
        base_url = _server_url(servers[0]) if isinstance(servers[0], dict) else "/"
        if "://" not in base_url:
            self.warnings.append(
                self.root.error(
                    f"the first server's URL {base_url!r} is relative, so clients need "
                    "base_url= (relative to what the spec was served from)",
                    "/servers/0/url" if data.get("servers") else "/",
                ).one_line()
            )
        correlation = settings.get("correlationId") or {}
        rate_headers = settings.get("rateLimitHeaders") or {}
        non_retryable = settings.get("nonRetryableRateLimits") or {}
        error_body = settings.get("errorBody") or {}
        models = tuple(m for name in self._order if isinstance(m := self._built[name], ModelDef))
        enums = tuple(e for name in self._order if isinstance(e := self._built[name], EnumDef))
        token_env = settings.get("tokenEnv")
        if token_env is None:
            token_env = constant_case(self.package) + "_ACCESS_TOKEN"
        return ClientDef(
            package=identifier(self.package),
            distribution=Code(self.package.replace("_", "-")),
            version=SpecText(str(info.get("version") or "0.0.0")),
            distribution_version=distribution_version(str(info.get("version") or "0.0.0")),
            generator_version=Code(__version__),
            spec_source=SpecText(self.spec_source),
            title=SpecText(str(info.get("title") or self.package)),
            description=_text(info.get("description")),
            client_class=identifier(client_class),
            async_client_class=identifier("Async" + client_class),
            base_url=SpecText(base_url),
            token_env=_text(token_env),
            correlation_header=_text(correlation.get("header")),
            correlation_field=_text(correlation.get("bodyField")),
            rate_limit_headers=RateLimitHeaderNames(
                max=_text(rate_headers.get("max")),
                remaining=_text(rate_headers.get("remaining")),
                interval_ms=_text(rate_headers.get("intervalMs")),
                daily=_text(rate_headers.get("daily")),
                daily_remaining=_text(rate_headers.get("dailyRemaining")),
            ),
            non_retryable_field=_text(non_retryable.get("bodyField")),
            non_retryable_values=tuple(SpecText(str(v)) for v in non_retryable.get("values") or []),
            error_message_field=_text(error_body.get("messageField")),
            error_category_fields=tuple(map(SpecText, error_body.get("categoryFields") or [])),
            models=models,
            enums=enums,
            operations=operations,
            renames=tuple(self.renames),
            warnings=tuple(self.warnings),
            flat_operations=tuple(op for op in operations if op.group is None),
            groups=groups,
            credentials=credentials,
            credentials_required=_credentials_required(credentials, operations),
            lint_ignores=self._lint_ignores(models, enums, operations),
        )


def _group_stems(tags: list[str]) -> dict[str, str]:
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


def _credentials_required(
    credentials: tuple[CredentialDef, ...], operations: tuple[OperationDef, ...]
) -> bool:
    """Whether a client without any credential is useless: every operation demands one."""
    if not credentials or not operations:
        return False
    for op in operations:
        if op.security is None or not op.security or () in op.security:
            return False
    return True


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


def _describe_value(
    node: dict[str, Any], target: dict[str, Any], read_only: bool, write_only: bool
) -> SpecText | None:
    """A property's or parameter's description, with what the docs should add to it."""
    description = node.get("description") or target.get("description")
    parts = [description] if isinstance(description, str) and description.strip() else []
    default = node.get("default", target.get("default", _NO_DEFAULT))
    if default is not _NO_DEFAULT:
        # Python's own spelling, which a docstring shows without escapes.
        shown = (
            repr(default) if isinstance(default, str) else json.dumps(default, ensure_ascii=False)
        )
        if len(shown) > 60:
            shown = shown[:57] + "..."
        parts.append(f"Default (applied by the server when omitted): ``{shown}``.")
    if read_only:
        parts.append("Read-only: set by the server, never sent.")
    if write_only:
        parts.append("Write-only: sent, never returned.")
    return SpecText(" ".join(parts)) if parts else None


_NO_DEFAULT = object()


_PEP440_RELEASE = re.compile(r"[0-9]+(?:\.[0-9]+)*\Z")


def distribution_version(api_version: str) -> Code:
    """The generated distribution's version: the API's, then the generator's as a local label.

    ``3.0.0`` from apiwright 0.1.0 becomes ``3.0.0+apiwright.0.1.0``, so a regenerated client
    of the same API version is told apart. An ``info.version`` that is not a plain release
    number (``v3``, ``2010-04-01``, ``1.0-beta``) keeps its digits as the release.
    """
    text = api_version.strip().lstrip("vV")
    if not _PEP440_RELEASE.match(text):
        digits = re.findall(r"[0-9]+", text)[:4]
        text = ".".join(str(int(part)) for part in digits) if digits else "0"
    else:
        text = ".".join(str(int(part)) for part in text.split("."))
    return Code(f"{text}+apiwright.{__version__}")


def _example_value(node: dict[str, Any]) -> Any:
    """A parameter's or media type's ``example``, else its first ``examples`` value."""
    if "example" in node:
        return node["example"]
    examples = node.get("examples")
    if isinstance(examples, dict):
        for entry in examples.values():
            if isinstance(entry, dict) and "value" in entry:
                return entry["value"]
    schema = node.get("schema")
    if isinstance(schema, dict) and "example" in schema:
        return schema["example"]
    return None


def _server_url(server: dict[str, Any]) -> str:
    url = str(server.get("url") or "/")
    variables = server.get("variables") or {}
    for name, variable in variables.items():
        if isinstance(variable, dict) and "default" in variable:
            url = url.replace("{" + name + "}", str(variable["default"]))
    return url


def build_client(documents: DocumentSet, *, package: str, spec_source: str) -> ClientDef:
    """Build the intermediate model for one spec and one target package name."""
    return Builder(documents=documents, package=package, spec_source=spec_source).build()
