"""The generated classes: a model per object schema, an enum per enum of strings or integers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import EnumDef, EnumMember, FieldDef, ModelDef, TypeExpr
from ..naming import NameRegistry, constant_case, pascal_case, snake_case
from ..openapi import SchemaView
from ..untrusted import Code, SpecText, identifier, string_literal
from .docs import describe_value
from .kinds import enum_base
from .schemas import PendingClass, SchemaTranslator

# Members every generated model has, plus builtins that annotations in a class body refer to.
MODEL_MEMBER_NAMES = frozenset(
    {
        "to_dict",
        "from_dict",
        "extra_properties",
        "schema_mismatches",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
    }
)
ENUM_MEMBER_NAMES = ("mro", "name", "value")


@dataclass
class ClassTranslator:
    """Builds the queued classes, in the order they were queued."""

    schemas: SchemaTranslator
    built: dict[str, ModelDef | EnumDef] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    sources: dict[str, SchemaView] = field(default_factory=dict)
    _models: dict[str, ModelDef] = field(default_factory=dict)

    def build_pending(self) -> None:
        pending = self.schemas.pending
        while pending:
            item = pending.pop(0)
            if item.class_name in self.built:
                continue
            self.order.append(item.class_name)
            self.sources[item.class_name] = item.schema
            if item.kind == "enum":
                self.built[item.class_name] = build_enum(item)
            else:
                model = self.built[item.class_name] = self._build_model(item)
                self._models[item.class_name] = model

    def model(self, class_name: str) -> ModelDef:
        """A model class, built now if it is still queued."""
        self.build_pending()
        model = self.built[class_name]
        if not isinstance(model, ModelDef):
            raise TypeError(f"{class_name} is an enum, not a model")
        return model

    def models(self) -> dict[str, ModelDef]:
        """The models built so far, by class name (kept up to date: read, never change it)."""
        return self._models

    def in_order(self) -> tuple[tuple[ModelDef, ...], tuple[EnumDef, ...]]:
        models = tuple(m for name in self.order if isinstance(m := self.built[name], ModelDef))
        enums = tuple(e for name in self.order if isinstance(e := self.built[name], EnumDef))
        return models, enums

    def _build_model(self, item: PendingClass) -> ModelDef:
        properties, required, extra = merged_object(item.schema)
        members = NameRegistry(MODEL_MEMBER_NAMES)
        fields: list[FieldDef] = []
        for wire_name, prop in properties:
            attr = members.claim(snake_case(wire_name, fallback="field"), original=wire_name)
            prop_type = self.schemas.type_for(prop, item.class_name + pascal_case(wire_name))
            target = prop.target()
            read_only = prop.read_only or target.read_only
            write_only = prop.write_only or target.write_only
            fields.append(
                FieldDef(
                    attr=identifier(attr),
                    wire_name=SpecText(wire_name),
                    type=prop_type,
                    # A read-only property is never sent and a write-only one never received,
                    # so "required" cannot hold in both directions: neither is required here.
                    required=wire_name in required and not read_only and not write_only,
                    description=describe_value(prop.fields, target.fields, read_only, write_only),
                    read_only=read_only,
                )
            )
        for original, wanted, chosen in members.renames:
            self.schemas.diagnostics.renames.append(
                f"{item.class_name}.{wanted} -> {chosen} (property {original!r})"
            )
        extra_type: TypeExpr | None = None
        if isinstance(extra.node, dict) and extra.node:
            extra_type = self.schemas.type_for(extra, item.class_name + "Value")
        return ModelDef(
            class_name=identifier(item.class_name),
            description=_class_description(item.schema)
            or SpecText(f"The {item.class_name} schema."),
            fields=tuple(fields),
            extra_type=extra_type,
        )


def _class_description(schema: SchemaView) -> SpecText | None:
    text = schema.text("description") or schema.text("title")
    return SpecText(text) if text is not None else None


def merged_object(schema: SchemaView) -> tuple[list[tuple[str, SchemaView]], set[str], SchemaView]:
    """An object schema's properties (``allOf`` parts' first), required names and
    ``additionalProperties`` (its own, not its parts')."""
    properties: dict[str, SchemaView] = {}
    required: set[str] = set()
    for part in schema.members("allOf") or []:
        target = part.target()
        if not isinstance(target.node, dict):
            continue
        sub_properties, sub_required, _ = merged_object(target)
        properties.update(sub_properties)
        required |= sub_required
    properties.update(schema.properties())
    required |= schema.required
    return list(properties.items()), required, schema.additional_properties()


def build_enum(item: PendingClass) -> EnumDef:
    node: dict[str, Any] = item.schema.fields
    base = enum_base(node) or "str"
    members = NameRegistry(ENUM_MEMBER_NAMES)
    built: list[EnumMember] = []
    seen: set[Any] = set()
    for value in item.schema.enum or []:
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
        description=_class_description(item.schema)
        or SpecText(
            f"Values of {item.class_name}; values the spec does not list are kept, not rejected."
        ),
        base=Code("_rt.OpenStrEnum" if base == "str" else "_rt.OpenIntEnum"),
        members=tuple(built),
    )
