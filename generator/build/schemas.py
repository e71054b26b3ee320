"""Schema translation: the type of any schema, and the classes (models, enums) it needs.

Component schemas got their class names in the naming pass; an inline schema that needs a
class is named from a hint (its place: ``<Operation>Body``, ``<Model><Property>``...) when it
is first met, and queued; :meth:`SchemaTranslator.build_pending` builds the queue in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import (
    AliasDef,
    AliasType,
    EnumType,
    ListType,
    MapType,
    ModelType,
    NullableType,
    PrimitiveKind,
    PrimitiveType,
    TypeExpr,
    UnionType,
)
from ..naming import BUILTIN_NAMES, NameRegistry, pascal_case, snake_case
from ..openapi import SchemaView
from ..openapi.documents import DanglingReference
from ..openapi.views import Discriminator
from ..untrusted import Code, SpecText, identifier
from .diagnostics import Diagnostics
from .kinds import ClassKind, class_kind, wrapped_scalar
from .names import ComponentClass

_STRING_FORMATS: dict[str, PrimitiveKind] = {
    "date-time": "datetime",
    "date": "date",
    "uuid": "uuid",
    "byte": "bytes",
    "binary": "binary",
}
_CONST_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number"}
_SCALAR_TYPES: dict[str, PrimitiveKind] = {"integer": "int", "number": "float", "boolean": "bool"}
# Keywords that narrow a schema in ways the generated types do not express; a schema using
# them is generated without them, with a warning.
UNSUPPORTED_KEYWORDS = frozenset(
    {"not", "if", "then", "else", "prefixItems", "patternProperties", "dependentSchemas"}
)
_ANY = PrimitiveType("any")

Key = tuple[str, str]


class _Nothing(TypeExpr):
    """What a schema adds as a member of its own union with no array or map in between
    (``U: {oneOf: [{$ref: U}, {type: string}]}``): no values. Unions leave it out; it is
    never printed."""


_NOTHING = _Nothing()


@dataclass(frozen=True)
class _Entered:
    """A referenced schema being translated: the container depth and the hint at entry."""

    containers: int
    hint: str


@dataclass
class PendingClass:
    schema: SchemaView
    class_name: str
    kind: ClassKind


@dataclass
class SchemaTranslator:
    classes: NameRegistry
    diagnostics: Diagnostics
    root_path: str
    _classes_by_place: dict[Key, str] = field(default_factory=dict)
    _components: list[tuple[str, SchemaView]] = field(default_factory=list)
    pending: list[PendingClass] = field(default_factory=list)
    # The referenced schemas being translated, and how many arrays and maps are open.
    _entered: dict[Key, _Entered] = field(default_factory=dict)
    _containers: int = 0
    # Those met again inside themselves (through an array or map): recursive types.
    _recursive: set[Key] = field(default_factory=set)
    _alias_names: dict[Key, AliasType] = field(default_factory=dict)
    _alias_parameters: NameRegistry = field(
        default_factory=lambda: NameRegistry((*BUILTIN_NAMES, "_rt"))
    )
    aliases: dict[str, AliasDef] = field(default_factory=dict)
    _classes_by_shape: dict[str, str] = field(default_factory=dict)
    _warned: set[Key] = field(default_factory=set)

    def add_components(self, components: list[ComponentClass]) -> None:
        for component in components:
            self._classes_by_place[component.schema.key] = component.class_name
            self._components.append((component.class_name, component.schema))
            self.pending.append(
                PendingClass(component.schema, component.class_name, component.kind)
            )

    def _class_for(self, schema: SchemaView, hint: str) -> str:
        existing = self._classes_by_place.get(schema.key)
        if existing is not None:
            return existing
        pointer = schema.pointer
        inline = not (
            (pointer.startswith("/components/schemas/") and pointer.count("/") == 3)
            or (pointer == "" and str(schema.document.path) != self.root_path)
        )
        shape = _shape(schema) if inline else None
        if shape is not None and shape in self._classes_by_shape:
            # The same inline schema written again (Asana's opt_fields items, once per
            # operation) is the same class, not a rename per use.
            class_name = self._classes_by_shape[shape]
            self._classes_by_place[schema.key] = class_name
            return class_name
        class_name = self.classes.claim(
            self._wanted_name(schema, hint), original=hint, where=schema
        )
        self._classes_by_place[schema.key] = class_name
        if shape is not None:
            self._classes_by_shape[shape] = class_name
        kind = class_kind(schema.node) or "model"
        self.pending.append(PendingClass(schema, class_name, kind))
        return class_name

    def _wanted_name(self, schema: SchemaView, hint: str) -> str:
        pointer = schema.pointer
        if pointer.startswith("/components/schemas/") and pointer.count("/") == 3:
            return pascal_case(pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~"))
        if pointer == "" and str(schema.document.path) != self.root_path:
            # A whole file is one schema: it is named after the file, as its author named it.
            return pascal_case(schema.document.path.stem.split(".")[0], fallback=pascal_case(hint))
        return pascal_case(hint)

    def type_for(self, schema: SchemaView, hint: str) -> TypeExpr:
        """The type of ``schema``; ``hint`` names the classes of inline schemas."""
        if schema.has("$ref"):
            try:
                target = schema.target()
            except DanglingReference as dangling:
                # A published spec may name a schema it does not define (HubSpot's
                # HubDbTableRowV3Wrapper): what it holds is then unknown, not invalid.
                self.diagnostics.warn(
                    schema, f"{dangling.message}; the value is typed Any", "/$ref"
                )
                return _ANY
            return self._referenced(schema, target, hint)
        if schema.is_free_form:
            return _ANY
        if not isinstance(schema.node, dict):
            raise schema.error("a schema must be an object")
        self._warn_unsupported_keywords(schema)
        nullable = schema.nullable
        types = schema.type
        if isinstance(types, list):
            nullable = nullable or "null" in types
            non_null = [t for t in types if t != "null"]
            if len(non_null) > 1:
                narrowed = schema.narrowed(
                    {k: v for k, v in schema.fields.items() if k not in ("type", "nullable")}
                )
                union: TypeExpr = UnionType(
                    tuple(self._type_without_null(narrowed, t, hint) for t in non_null)
                )
                return NullableType(union) if nullable else union
            types = non_null[0] if non_null else "null"
        if types == "null":
            return _ANY
        if schema.enum is not None and None in schema.enum:
            nullable = True
        result = self._type_without_null(schema, types, hint)
        if nullable and not result.is_nullable():
            return NullableType(result)
        return result

    def _referenced(self, schema: SchemaView, target: SchemaView, hint: str) -> TypeExpr:
        """The type of ``target``, reached through the reference ``schema``.

        A schema met again inside itself is a recursive type (a pure reference loop is
        refused earlier, and a class is a name, never entered): through an array or a
        map, the inner occurrence refers back to the alias the outer one declares; as a
        member of its own union with nothing in between, it adds nothing.
        """
        entered = self._entered.get(target.key)
        if entered is not None:
            if entered.containers == self._containers:
                return _NOTHING
            self._recursive.add(target.key)
            return self._alias(target, entered.hint)
        self._entered[target.key] = _Entered(self._containers, hint)
        try:
            result = self.type_for(target, hint)
        finally:
            del self._entered[target.key]
        if target.key not in self._recursive:
            return result
        self._recursive.discard(target.key)
        alias = self._alias(target, hint)
        if str(alias.name) not in self.aliases:
            description = target.text("description") or target.text("title")
            self.aliases[str(alias.name)] = AliasDef(
                alias.name, result, SpecText(description) if description is not None else None
            )
        return AliasType(alias.name, alias.parameter, result)

    def _alias(self, target: SchemaView, hint: str) -> AliasType:
        """The name of the recursive type ``target`` (claimed the first time), as an inner
        occurrence refers to it."""
        alias = self._alias_names.get(target.key)
        if alias is None:
            name = self.classes.claim(self._wanted_name(target, hint), original=hint, where=target)
            parameter = self._alias_parameters.claim(snake_case(name), original=name)
            alias = self._alias_names[target.key] = AliasType(
                identifier(name), identifier(parameter)
            )
        return alias

    def _warn_unsupported_keywords(self, schema: SchemaView) -> None:
        if schema.key in self._warned:
            return
        self._warned.add(schema.key)
        node = schema.fields
        ignored = sorted(keyword for keyword in UNSUPPORTED_KEYWORDS if keyword in node)
        if "properties" in node and ("oneOf" in node or "anyOf" in node):
            ignored.append("oneOf/anyOf beside properties")
        if ignored:
            self.diagnostics.warn(
                schema,
                "schema keywords not supported, so the type is looser than the schema: "
                + ", ".join(ignored),
            )

    def _type_without_null(self, schema: SchemaView, type_name: Any, hint: str) -> TypeExpr:
        for keyword in ("oneOf", "anyOf"):
            members = schema.members(keyword)
            if members is not None and not schema.has("properties"):
                return self._union(schema, members, hint)
        wrapped = wrapped_scalar(schema)
        if wrapped is not None:
            return self.type_for(wrapped, hint)
        kind = class_kind(schema.node)
        if kind is not None:
            class_name = self._class_for(schema, hint)
            if kind == "enum":
                return EnumType(identifier(class_name))
            discriminator = schema.discriminator
            if discriminator is not None:
                return self._polymorphic(schema, discriminator, class_name)
            return ModelType(identifier(class_name))
        if type_name == "array" or (type_name is None and schema.has("items")):
            return ListType(self._item_type(schema, hint + "Item"), schema.max_items)
        if type_name == "object" or (type_name is None and schema.has("additionalProperties")):
            extra = schema.additional_properties()
            if extra.node is True or extra.node is False or extra.node == {}:
                return PrimitiveType("object")
            return MapType(self._contained(extra, hint + "Value"))
        if schema.has("const") and type_name is None:
            type_name = _CONST_TYPES.get(type(schema.fields["const"]))
        if type_name == "string":
            return PrimitiveType(_string_kind(schema))
        return PrimitiveType(_SCALAR_TYPES.get(str(type_name), "any"))

    def _item_type(self, schema: SchemaView, hint: str) -> TypeExpr:
        """The type of an array's items. With ``prefixItems`` (JSON Schema 2020-12), an item
        is one of the positions' types or, past them, of ``items``; where ``items`` is absent
        and ``maxItems`` allows more, anything."""
        prefix = schema.members("prefixItems")
        if not prefix:
            return self._contained(schema.items(), hint)
        options = list(prefix)
        if schema.has("items"):
            if schema.fields["items"] is not False:
                options.append(schema.items())
        elif schema.max_items is None or schema.max_items > len(prefix):
            return _ANY
        self._containers += 1
        try:
            return self._union(schema, options, hint)
        finally:
            self._containers -= 1

    def _contained(self, schema: SchemaView, hint: str) -> TypeExpr:
        """The type of an array's items or a map's values."""
        self._containers += 1
        try:
            return self.type_for(schema, hint)
        finally:
            self._containers -= 1

    def _union(self, schema: SchemaView, options: list[SchemaView], hint: str) -> TypeExpr:
        members: list[TypeExpr] = []
        nullable = False
        itself_left_out = False
        for index, option in enumerate(options):
            member_type = self.type_for(option, f"{hint}Option{index + 1}")
            if isinstance(member_type, NullableType):
                nullable = True
                member_type = member_type.inner
            if member_type is _NOTHING:
                itself_left_out = True
                continue
            if member_type == _ANY and option.type == "null":
                nullable = True
                continue
            if member_type not in members:
                members.append(member_type)
        if _ANY in members:
            # A member that allows anything makes the union allow anything.
            return _ANY
        result: TypeExpr
        discriminator = schema.discriminator
        if not members:
            if itself_left_out:
                self.diagnostics.warn(
                    schema,
                    "a union whose only member is the schema itself says nothing of its "
                    "values; typed Any",
                )
            result = _ANY
        elif len(members) == 1:
            result = members[0]
        elif discriminator is not None:
            mapping = self._discriminator_mapping(schema, options, discriminator)
            result = UnionType(tuple(members), SpecText(discriminator.property_name), mapping)
        else:
            result = UnionType(tuple(members))
        return NullableType(result) if nullable and not result.is_nullable() else result

    def _mapped_class(self, schema: SchemaView, ref: str) -> str | None:
        where = f"{schema.pointer}/discriminator/mapping"
        target = schema.documents.resolve(schema.document, ref, where)
        return self._classes_by_place.get((str(target.document.path), target.pointer))

    def _polymorphic(
        self, schema: SchemaView, discriminator: Discriminator, class_name: str
    ) -> TypeExpr:
        """A base schema with a discriminator stands for itself or any schema extending it.

        The members are the mapping's targets and the component schemas whose ``allOf``
        refers to the base; the base comes first, so a payload whose tag names no known
        member is still read, as the base, with its other keys kept.
        """
        pairs: list[tuple[SpecText, Code]] = []
        for value, ref in discriminator.mapping:
            mapped = self._mapped_class(schema, ref)
            if mapped is not None:
                pairs.append((SpecText(value), identifier(mapped)))
        mapped_names = {name for _, name in pairs}
        for child_class, child in self._components:
            if child_class in mapped_names or child_class == class_name:
                continue
            if self._extends(child, schema):
                pairs.append((SpecText(_component_name(child)), identifier(child_class)))
        if not pairs:
            return ModelType(identifier(class_name))
        if class_name not in {str(name) for _, name in pairs}:
            pairs.append((SpecText(schema.pointer.rsplit("/", 1)[-1]), identifier(class_name)))
        members: list[TypeExpr] = [ModelType(identifier(class_name))]
        for _, name in pairs:
            if ModelType(name) not in members:
                members.append(ModelType(name))
        return UnionType(tuple(members), SpecText(discriminator.property_name), tuple(pairs))

    @staticmethod
    def _extends(child: SchemaView, base: SchemaView) -> bool:
        """Whether the component schema ``child`` names ``base`` in its ``allOf``."""
        for part in child.members("allOf") or []:
            if part.ref is not None:
                target = child.documents.resolve(child.document, part.ref, part.pointer)
                if (str(target.document.path), target.pointer) == base.key:
                    return True
        return False

    def _discriminator_mapping(
        self, schema: SchemaView, options: list[SchemaView], discriminator: Discriminator
    ) -> tuple[tuple[SpecText, Code], ...]:
        pairs: list[tuple[SpecText, Code]] = []
        for value, ref in discriminator.mapping:
            class_name = self._mapped_class(schema, ref)
            if class_name is None:
                raise schema.error(
                    "discriminator mapping must point at an object schema", "/discriminator"
                )
            pairs.append((SpecText(value), identifier(class_name)))
        mapped = {name for _, name in pairs}
        for option in options:
            if option.ref is not None:
                target = schema.documents.resolve(schema.document, option.ref, schema.pointer)
                class_name = self._classes_by_place.get((str(target.document.path), target.pointer))
                if class_name is not None and class_name not in mapped:
                    implicit = target.pointer.rsplit("/", 1)[-1]
                    pairs.append((SpecText(implicit), identifier(class_name)))
        return tuple(pairs)


def _shape(schema: SchemaView) -> str | None:
    """What makes two inline schemas the same class: their whole text, and the file their
    references are relative to when they have any; None for one that cannot be compared."""
    import json

    try:
        text = json.dumps(schema.node, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return None
    return f"{schema.document.path}\n{text}" if '"$ref"' in text else text


def _string_kind(schema: SchemaView) -> PrimitiveKind:
    fmt = schema.format
    kind = _STRING_FORMATS.get(fmt) if fmt is not None else None
    if kind is None and schema.fields.get("contentEncoding") == "base64":
        kind = "bytes"
    if kind is None and isinstance(schema.fields.get("contentMediaType"), str):
        kind = "binary"
    return kind or "str"


def _component_name(schema: SchemaView) -> str:
    token = schema.pointer.rsplit("/", 1)[-1]
    return token.replace("~1", "/").replace("~0", "~")
