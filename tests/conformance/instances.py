"""Schema-valid JSON values for request parameters and bodies, derived from the spec itself.

The value is the simplest one a schema admits, checked against the schema by an independent
validator (openapi-schema-validator): for ``oneOf`` the first branch whose value matches exactly
one branch is taken. ``pattern`` strings come from hypothesis' regex strategy (derandomized, so
runs are deterministic).
"""

from __future__ import annotations

import copy
import functools
from typing import Any

BINARY = b"conformance-bytes"
MAX_DEPTH = 4

_STRING_FORMATS = {
    "date": "2024-01-02",
    "date-time": "2024-01-02T03:04:05Z",
    "time": "03:04:05Z",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "someone@example.com",
    "uri": "https://example.com/a",
    "url": "https://example.com/a",
    "uri-reference": "https://example.com/a",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "Ynl0ZXM=",
    "phone-number": "+15555550100",
}


@functools.cache
def _matching(pattern: str, min_length: int, max_length: int | None) -> str:
    from hypothesis import HealthCheck, Phase, find, settings
    from hypothesis import strategies as st

    strategy = st.from_regex(pattern, fullmatch=False).filter(
        lambda text: min_length <= len(text) and (max_length is None or len(text) <= max_length)
    )
    return find(
        strategy,
        lambda _: True,
        settings=settings(
            database=None,
            derandomize=True,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )


class Instances:
    """Values for the schemas of one document (a resolved-on-demand dict of the spec)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.is_31 = str(spec.get("openapi", "")).startswith("3.1")

    def resolve(self, schema: Any) -> Any:
        seen = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            target: Any = self.spec
            for token in schema["$ref"].lstrip("#/").split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            # 3.0 ignores a reference's siblings; 3.1 applies both, as allOf would.
            schema = {"allOf": [target, siblings]} if siblings and self.is_31 else target
            seen += 1
            assert seen < 50, "reference loop"
        return schema

    def value(self, schema: Any, depth: int = 0) -> Any:
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            return "any"
        if "allOf" in schema:
            return self.value(self.merged(schema), depth)
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        if "enum" in schema:
            values = [v for v in schema["enum"] if v is not None]
            return copy.deepcopy(values[0] if values else None)
        for keyword in ("oneOf", "anyOf"):
            if keyword in schema:
                return self.branch_value(schema, keyword, depth)
        kind = self.kind(schema)
        if kind == "object":
            return self.object_value(schema, depth)
        if kind == "array":
            return self.array_value(schema, depth)
        if kind == "string":
            return self.string_value(schema)
        if kind in ("integer", "number"):
            return self.number_value(schema, kind)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return "any"

    def kind(self, schema: dict[str, Any]) -> str | None:
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if kinds else "null"
        if kind is None:
            if "properties" in schema or "additionalProperties" in schema:
                return "object"
            if "items" in schema:
                return "array"
        return kind if isinstance(kind, str) else None

    def merged(self, schema: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            part = self.resolve(part)
            if "allOf" in part:
                part = self.merged(part)
            for key, value in part.items():
                if key == "properties":
                    result["properties"] = {**value, **result.get("properties", {})}
                elif key == "required":
                    result["required"] = [*result.get("required", []), *value]
                else:
                    result.setdefault(key, value)
        return result

    def branch_value(self, schema: dict[str, Any], keyword: str, depth: int) -> Any:
        branches = schema[keyword]
        rest = {k: v for k, v in schema.items() if k not in (keyword, "discriminator")}
        candidates = []
        for branch in branches:
            branch = self.resolve(branch)
            combined = {"allOf": [rest, branch]} if rest else branch
            candidate = self.value(combined, depth)
            if candidate is None and len(branches) > 1:
                continue
            candidates.append(candidate)
        discriminator = schema.get("discriminator")
        for candidate in candidates:
            if isinstance(discriminator, dict) and isinstance(candidate, dict):
                self.fill_discriminator(schema, keyword, discriminator, candidate)
            if self.is_valid(candidate, schema):
                return candidate
        if self.is_valid(None, schema):
            return None  # no branch has a value of its own (overlapping oneOf), but null fits
        return candidates[0] if candidates else None

    def fill_discriminator(
        self, schema: dict[str, Any], keyword: str, discriminator: dict[str, Any], value: Any
    ) -> None:
        name = discriminator.get("propertyName")
        mapping = discriminator.get("mapping") or {}
        if not name or (name in value and value[name] in mapping):
            return
        for branch in schema[keyword]:
            ref = branch.get("$ref") if isinstance(branch, dict) else None
            if ref is None:
                continue
            tags = [tag for tag, target in mapping.items() if target == ref]
            if tags or not mapping:
                value[name] = tags[0] if tags else ref.rsplit("/", 1)[-1]
                return

    def is_valid(self, value: Any, schema: dict[str, Any]) -> bool:
        from openapi_schema_validator import OAS30Validator, OAS31Validator

        validator_class: Any = OAS31Validator if self.is_31 else OAS30Validator
        # The schema rides inside a copy of the document's root, so its "#/components/..."
        # references resolve.
        root = {**{k: v for k, v in self.spec.items() if k == "components"}, **schema}
        return bool(validator_class(root).is_valid(value))

    def object_value(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        required = set(schema.get("required", []))
        value: dict[str, Any] = {}
        for name, prop in (schema.get("properties") or {}).items():
            resolved = self.resolve(prop)
            if isinstance(resolved, dict) and resolved.get("readOnly"):
                continue
            if name in required:
                value[name] = self.value(prop, depth + 1)
            elif depth < MAX_DEPTH:
                candidate = self.value(prop, depth + 1)
                # An optional property no value can satisfy (a oneOf whose branches overlap)
                # is left out.
                if self.is_valid(candidate, self.resolve(prop)):
                    value[name] = candidate
        extra = schema.get("additionalProperties")
        if not value and isinstance(extra, dict) and depth < MAX_DEPTH:
            value["key"] = self.value(extra, depth + 1)
        return value

    def array_value(self, schema: dict[str, Any], depth: int) -> list[Any]:
        prefix = [self.value(item, depth + 1) for item in schema.get("prefixItems", [])]
        if prefix:
            return prefix
        minimum = schema.get("minItems", 0)
        count = max(1, minimum) if depth < MAX_DEPTH else minimum
        return [self.value(schema.get("items", {}), depth + 1) for _ in range(count)]

    def string_value(self, schema: dict[str, Any]) -> Any:
        if schema.get("format") == "binary":
            return BINARY
        min_length = schema.get("minLength", 0)
        max_length = schema.get("maxLength")
        if isinstance(schema.get("pattern"), str):
            return _matching(schema["pattern"], min_length, max_length)
        text = _STRING_FORMATS.get(schema.get("format", ""), "text")
        if len(text) < min_length:
            text += "x" * (min_length - len(text))
        return text if max_length is None else text[:max_length]

    def number_value(self, schema: dict[str, Any], kind: str) -> int | float:
        low = schema.get("minimum")
        high = schema.get("maximum")
        value: float = 1
        if isinstance(low, (int, float)):
            value = max(value, low + (1 if schema.get("exclusiveMinimum") is True else 0))
        if isinstance(schema.get("exclusiveMinimum"), (int, float)):
            value = max(value, schema["exclusiveMinimum"] + 1)
        if isinstance(high, (int, float)) and value > high:
            value = high
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and value % step:
            value = step * max(1, round(value / step))
        return int(value) if kind == "integer" else value
