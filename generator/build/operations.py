"""Operation translation: arguments, request body, responses, docs and example of each method.

The method, descriptor and group names come from the naming pass; argument names are claimed
here, per operation, in signature order (path parameters, body, the others).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from ..model import (
    CALL_OPTIONS,
    BodyDef,
    BodyPartDef,
    FieldDef,
    HttpMethod,
    ModelType,
    OperationDef,
    ParameterDef,
    ParameterLocation,
    ResponseDef,
    ResponseKind,
    TypeExpr,
    UnionType,
)
from ..naming import NameRegistry, pascal_case, snake_case
from ..openapi import MediaTypeView, OperationView, ParameterView, SchemaView
from ..untrusted import Code, SpecText, identifier
from .classes import ClassTranslator
from .docs import operation_docstring
from .examples import example_call
from .names import OperationNames
from .security import SecurityTranslator

# Names a method body uses besides its arguments: an argument may not shadow them.
CALL_OPTION_NAMES = frozenset({"self", *CALL_OPTIONS, "isinstance", "list"})
# OpenAPI says header parameters of these names "SHALL be ignored": the client sets them.
RESERVED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_RESPONSE_KINDS: dict[str, ResponseKind] = {"json": "json", "text": "text"}
_HTTP_METHODS: dict[str, HttpMethod] = {name.lower(): name for name in get_args(HttpMethod)}
_RAW_ANNOTATIONS = {"text": "str", "bytes": "bytes"}


# The characters of an HTTP token (RFC 9110 section 5.6.2): header and cookie names.
_TOKEN_CHARACTERS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


def _is_token(name: str) -> bool:
    return bool(name) and _TOKEN_CHARACTERS.issuperset(name)


def _text(value: str | None) -> SpecText | None:
    return SpecText(value) if value is not None else None


@dataclass
class OperationTranslator:
    classes: ClassTranslator
    security: SecurityTranslator

    @property
    def _renames(self) -> list[str]:
        return self.classes.schemas.diagnostics.renames

    def _type(self, schema: SchemaView, hint: str) -> TypeExpr:
        return self.classes.schemas.type_for(schema, hint)

    def translate(self, operation: OperationView, names: OperationNames) -> OperationDef:
        arguments = NameRegistry(CALL_OPTION_NAMES)
        path_views = {p.name: p for p in operation.parameters if p.location == "path"}
        path_params = [
            self._parameter(path_views[name], arguments) for name in operation.placeholders
        ]
        body = self._body(operation, names.method, arguments)
        others = [
            self._parameter(parameter, arguments)
            for parameter in operation.parameters
            if parameter.location != "path"
            and not (parameter.location == "header" and parameter.name.lower() in RESERVED_HEADERS)
            and self._can_be_named(parameter)
        ]
        others.sort(key=lambda p: not p.required)
        responses, error_response, status_errors = self._responses(operation, names.method)
        for original, wanted, chosen in arguments.renames:
            self._renames.append(
                f"operation {operation.operation_id!r}: argument {wanted} -> {chosen} "
                f"(for {original!r})"
            )
        self.classes.build_pending()
        example, example_runnable, example_classes, example_arguments = example_call(
            names.method,
            path_params,
            {
                str(parameter.attr): path_views[name].example
                for parameter, name in zip(path_params, operation.placeholders, strict=True)
            },
            body.fields if body is not None else (),
            body.argument if body is not None else None,
            body.type if body is not None else None,
            _body_example(operation),
            self.classes.models(),
        )
        return OperationDef(
            method_name=identifier(names.method),
            descriptor_name=identifier(names.descriptor),
            operation_id=SpecText(operation.operation_id),
            http_method=_HTTP_METHODS[operation.method],
            path=SpecText(operation.path),
            path_parameters=tuple(path_params),
            other_parameters=tuple(others),
            body=body,
            responses=tuple(responses),
            error_response=error_response,
            status_errors=tuple(status_errors),
            return_annotation=_return_annotation(responses),
            idempotent=operation.idempotent,
            summary=_text(operation.summary),
            description=_text(operation.description),
            deprecated=operation.deprecated,
            example_call=example,
            example_runnable=example_runnable,
            example_classes=tuple(identifier(name) for name in sorted(example_classes)),
            example_argument_list=example_arguments,
            security=self.security.requirements(operation),
            docstring=operation_docstring(operation, path_params, others, body),
            group=identifier(names.group) if names.group is not None else None,
        )

    def _can_be_named(self, parameter: ParameterView) -> bool:
        """Whether a request can carry the parameter's name: a header's or a cookie's must be
        an RFC 9110 token (no spaces, ``header param`` in openapi-python-client's specs).
        An optional one that cannot is left out, with a warning; a required one is kept, and
        the warning says that every call is refused (it would be sent incomplete)."""
        if parameter.location not in ("header", "cookie") or _is_token(parameter.name):
            return True
        what = f"{parameter.location} name {parameter.name!r} is not an RFC 9110 token"
        if parameter.required:
            message = f"{what}, so no request can carry it; every call raises ConfigurationError"
        else:
            message = f"{what}, so no request can carry it; the optional parameter is left out"
        self.classes.schemas.diagnostics.warn(parameter, message, "/name")
        return parameter.required

    def _parameter(self, parameter: ParameterView, names: NameRegistry) -> ParameterDef:
        location = parameter.location
        attr = names.claim(snake_case(parameter.name, fallback="param"), original=parameter.name)
        schema, from_content = parameter.schema()
        if schema is None or not schema.node:
            schema = SchemaView(
                parameter.documents,
                parameter.document,
                parameter.child_pointer("schema"),
                {"type": "string"},
            )
        param_type = self._type(schema, pascal_case(parameter.name))
        default_style = "simple" if location in ("path", "header") else "form"
        style = parameter.style if parameter.style is not None else default_style
        if from_content:
            # A parameter given by "content" is serialised as its media type says; the
            # generator supports JSON there (its "json" style), the common case.
            style = "json"
        explode = parameter.explode
        return ParameterDef(
            attr=identifier(attr),
            wire_name=SpecText(parameter.name),
            location=_location(location),
            type=param_type,
            required=parameter.required,
            description=_text(parameter.text("description")),
            style=str(style),
            explode=bool(explode if explode is not None else style == "form"),
        )

    def _body(
        self, operation: OperationView, method_name: str, names: NameRegistry
    ) -> BodyDef | None:
        body = operation.request_body()
        media = body.media() if body is not None else None
        if body is None or media is None:
            return None
        schema = media.schema()
        if schema is None or not schema.node:
            schema = SchemaView(media.documents, media.document, media.child_pointer("schema"), {})
        body_type = self._type(schema, pascal_case(method_name) + "Body")
        description = _text(body.text("description"))
        if isinstance(body_type, ModelType) and body.required:
            model = self.classes.model(str(body_type.class_name))
            fields = [
                FieldDef(
                    attr=identifier(names.claim(str(field.attr), original=field.wire_name.value)),
                    model_attr=field.attr,
                    wire_name=field.wire_name,
                    type=field.type,
                    required=field.required,
                    description=field.description,
                )
                for field in model.fields
                if not field.read_only
            ]
            return BodyDef(
                media_type=SpecText(media.media_type),
                encoding=media.encoding,
                type=body_type,
                required=True,
                flattened_model=body_type.class_name,
                fields=tuple(sorted(fields, key=lambda f: not f.required)),
                argument=None,
                description=description,
                parts=_body_parts(media),
            )
        argument = names.claim("body", original="requestBody")
        return BodyDef(
            media_type=SpecText(media.media_type),
            encoding=media.encoding,
            type=body_type,
            required=body.required,
            flattened_model=None,
            fields=(),
            argument=identifier(argument),
            description=description,
            parts=_body_parts(media),
        )

    def _responses(
        self, operation: OperationView, method_name: str
    ) -> tuple[list[ResponseDef], ResponseDef | None, list[ResponseDef]]:
        successes: list[ResponseDef] = []
        redirects: list[ResponseDef] = []
        error: ResponseDef | None = None
        error_types: list[TypeExpr] = []
        status_errors: list[ResponseDef] = []
        for response in operation.responses():
            status = response.status
            kind: ResponseKind = "empty"
            response_type: TypeExpr | None = None
            media = response.media()
            if media is not None:
                kind = _RESPONSE_KINDS.get(media.encoding, "bytes")
                if kind == "json":
                    suffix = "Response" if status[:1] in ("2", "3") else "Error"
                    schema = media.schema() or SchemaView(
                        media.documents, media.document, media.child_pointer("schema"), {}
                    )
                    response_type = self._type(schema, pascal_case(method_name) + suffix)
            definition = ResponseDef(
                status=status,
                kind=kind,
                type=response_type,
                description=_text(response.text("description")),
            )
            if status.startswith("2"):
                successes.append(definition)
            elif status.startswith("3"):
                redirects.append(definition)
            elif status == "default":
                error = definition
            elif status[:1] in ("4", "5") and response_type is not None:
                error_types.append(response_type)
                status_errors.append(definition)
        if not successes and redirects:
            # No 2xx documented: the documented redirect is the result (Twilio's 307s
            # carry the address in their body); the client then does not follow it.
            successes.extend(redirects)
        if not successes and error is not None:
            # Only "default" is documented: it describes the successes as well as the errors.
            successes.append(error)
        if (error is None or error.type is None) and error_types:
            # Without a documented default, the error bodies the spec names by status are
            # read with their schemas (tried in order when they differ).
            distinct = list(dict.fromkeys(error_types))
            error_type = distinct[0] if len(distinct) == 1 else UnionType(tuple(distinct))
            error = ResponseDef(status="default", kind="json", type=error_type, description=None)
        return successes, error, status_errors


def _body_parts(media: MediaTypeView) -> tuple[BodyPartDef, ...]:
    """The Encoding Object of each property, where it changes how the property is sent:
    style and explode in a form body, the part's content type in a multipart one."""
    encoding = media.encoding
    if encoding not in ("form", "multipart"):
        return ()
    parts = []
    for entry in media.part_encodings():
        if encoding == "form":
            if entry.style is None and entry.explode is None:
                continue
            style = entry.style or "form"
            explode = entry.explode if entry.explode is not None else style == "form"
            parts.append(BodyPartDef(SpecText(entry.name), style, explode, None))
            continue
        # A list of types, or a wildcard, says what the server takes; a part is sent as
        # the first concrete one, else as the runtime's default for its value.
        first = (entry.content_type or "").split(",")[0].strip()
        if first and "*" not in first:
            parts.append(BodyPartDef(SpecText(entry.name), "form", True, SpecText(first)))
    return tuple(parts)


def _location(location: str) -> ParameterLocation:
    for known in ("path", "query", "header", "cookie"):
        if location == known:
            return known
    raise ValueError(f"unknown parameter location {location!r}")


def _return_annotation(responses: list[ResponseDef]) -> Code:
    return_types: list[str] = []
    for response in responses:
        if response.type is not None:
            annotation = str(response.type.annotation())
        else:
            annotation = _RAW_ANNOTATIONS.get(response.kind, "None")
        if annotation not in return_types:
            return_types.append(annotation)
    return Code(" | ".join(return_types) or "None")


def _body_example(operation: OperationView) -> Any:
    """The request body's example: the media type's, else its schema's."""
    body = operation.request_body()
    media = body.media() if body is not None else None
    if media is None or not isinstance(media.node, dict):
        return None
    return media.example
