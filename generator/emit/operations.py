"""The printed form of operations: signatures, call arguments and descriptors.

Each expression is laid out for its place in ``_client.py.jinja`` / ``_client_class.py.jinja``
(``indent`` and ``before`` name the columns the template puts before it), as black prints it.
"""

from __future__ import annotations

from ..canonical import LINE_LENGTH
from ..model import (
    CALL_OPTIONS,
    DIRECT,
    BulkDef,
    ClassReferences,
    FieldDef,
    ListType,
    OperationDef,
    PagingDef,
    optional_annotation,
    tuple_display,
)
from ..untrusted import Code, SpecText, string_literal
from .layout import bracketed, parameter
from .view import View


def argument_value(field: FieldDef) -> Code:
    """The expression that turns the method argument into the model's field value."""
    if isinstance(field.type, ListType):
        if field.required:
            return Code(f"list({field.attr})")
        return Code(f"{field.attr} if isinstance({field.attr}, _rt.Unset) else list({field.attr})")
    return field.attr


class OperationView(View[OperationDef]):
    """An operation as the client templates print it; ``refs`` says how its codecs and
    body name model classes (see :mod:`generator.emit.chunks`)."""

    __slots__ = ("refs",)

    def __init__(self, ir: OperationDef, refs: ClassReferences = DIRECT) -> None:
        super().__init__(ir)
        self.refs = refs

    @property
    def bulk(self) -> BulkView | None:
        return BulkView(self.ir.bulk) if self.ir.bulk is not None else None

    @property
    def paging(self) -> PagingView | None:
        return PagingView(self.ir.paging) if self.ir.paging is not None else None

    def signature(self) -> tuple[Code, ...]:
        """Parameters after ``self``: path parameters positionally, the rest by keyword."""
        parts = [Code(f"{p.attr}: {p.annotation()}") for p in self.ir.path_parameters]
        parts.append(Code("*"))
        keyword_args: list[tuple[bool, Code]] = []
        if self.ir.body is not None:
            if self.ir.body.argument is not None:
                annotation = optional_annotation(self.ir.body.type, self.ir.body.required)
                if self.ir.body.required:
                    keyword_args.append((True, Code(f"{self.ir.body.argument}: {annotation}")))
                else:
                    keyword_args.append(
                        (False, Code(f"{self.ir.body.argument}: {annotation} = _rt.UNSET"))
                    )
            for body_field in self.ir.body.fields:
                default = "" if body_field.required else " = _rt.UNSET"
                keyword_args.append(
                    (
                        body_field.required,
                        Code(f"{body_field.attr}: {body_field.argument_annotation()}{default}"),
                    )
                )
        for param in self.ir.other_parameters:
            default = "" if param.required else " = _rt.UNSET"
            keyword_args.append(
                (param.required, Code(f"{param.attr}: {param.annotation()}{default}"))
            )
        parts.extend(text for required, text in keyword_args if required)
        parts.extend(text for required, text in keyword_args if not required)
        parts.extend(
            [
                Code("max_retries: int | _rt.Unset = _rt.UNSET"),
                Code("timeout: float | httpx.Timeout | _rt.Unset = _rt.UNSET"),
                Code("extra_headers: _t.Mapping[str, str] | None = None"),
                Code("deadline: float | _rt.Unset | None = _rt.UNSET"),
                Code("max_response_bytes: int | _rt.Unset | None = _rt.UNSET"),
            ]
        )
        return tuple(parts)

    def arguments_expression(self) -> Code:
        """The argument values in the order of :meth:`params_expression` (a tuple), laid out
        for its place in the method body: ``_call(`` arguments, indented 12."""
        names = [str(p.attr) for p in (*self.ir.path_parameters, *self.ir.other_parameters)]
        return bracketed("(", names, ")", indent=12, after=1, one_tuple=True)

    def security_expression(self) -> Code:
        """Alternatives of scheme names, each a tuple of schemes that must all be sent."""
        if self.ir.security is None:
            return Code("None")
        return bracketed(
            "(",
            [
                tuple_display([string_literal(name) for name in alternative])
                for alternative in self.ir.security
            ],
            ")",
            indent=4,
            before=len("security="),
            after=1,
            one_tuple=True,
        )

    def body_expression(self) -> Code:
        if self.ir.body is None:
            return Code("_rt.UNSET")
        if self.ir.body.argument is not None:
            return self.ir.body.argument
        assert self.ir.body.flattened_model is not None
        values = ", ".join(
            f"{f.model_attr or f.attr}={argument_value(f)}" for f in self.ir.body.fields
        )
        return Code(f"{self.refs.constructor(self.ir.body.flattened_model)}({values})")

    def body_import(self) -> Code | None:
        """What the method body runs before it makes its body model: the import of the
        models module where models load on first use and the model is not in scope (see
        :mod:`generator.emit.chunks`), else nothing."""
        body = self.ir.body
        if body is None or body.flattened_model is None:
            return None
        if self.refs.in_scope(body.flattened_model):
            return None
        return self.refs.body_import()

    def body_codec(self) -> Code:
        if self.ir.body is None:
            return Code("None")
        return self.ir.body.type.codec(self.refs)

    def error_codec(self) -> Code:
        """The reader of an error body no status documents, for ``error=``."""
        response = self.ir.error_response
        if response is None or response.type is None:
            return Code("None")
        return response.codec(self.refs)

    def params_expression(self) -> Code:
        """The parameter table, laid out for ``params=`` in the operation's descriptor."""
        params = [
            bracketed(
                "_policy.Param(",
                [
                    string_literal(p.wire_name),
                    string_literal(p.location),
                    p.type.codec(self.refs),
                    string_literal(p.style),
                    str(p.explode),
                ],
                ")",
                indent=8,
                after=1,
            )
            for p in (*self.ir.path_parameters, *self.ir.other_parameters)
        ]
        return bracketed("(", params, ")", indent=4, before=len("params="), after=1, one_tuple=True)

    def body_parts_expression(self) -> Code:
        """The body's part encodings, for ``body_parts=``; empty when the spec gives none."""
        if self.ir.body is None or not self.ir.body.parts:
            return Code("")
        parts = [
            bracketed(
                "_policy.BodyPart(",
                [
                    string_literal(part.wire_name),
                    string_literal(part.style),
                    str(part.explode),
                    "None" if part.content_type is None else string_literal(part.content_type),
                ],
                ")",
                indent=8,
                after=1,
            )
            for part in self.ir.body.parts
        ]
        return bracketed(
            "(", parts, ")", indent=4, before=len("body_parts="), after=1, one_tuple=True
        )

    def descriptor_head(self) -> Code:
        """The first line(s) of the descriptor's assignment, up to its call's parenthesis.

        Where models load on first use, the result type is a string: the client does not
        import the classes it names (``Operation[...]`` ignores it at run time).
        """
        result = self.ir.return_annotation
        if self.refs.lazy:
            result = Code("\n    ".join(_string_pieces(result, LINE_LENGTH - 4)))
        head = f"{self.ir.descriptor_name} = _policy.Operation[{result}]("
        if len(head) <= LINE_LENGTH:
            return Code(head)
        # black's own split of a subscript too long for the line.
        return Code(f"{self.ir.descriptor_name} = _policy.Operation[\n    {result}\n](")

    def responses_expression(self) -> Code:
        """Status code to reader, laid out for ``responses=`` in the operation's descriptor."""
        entries = [f"{string_literal(r.status)}: {r.codec(self.refs)}" for r in self.ir.responses]
        return bracketed("{", entries, "}", indent=4, before=len("responses="), after=1)

    def errors_expression(self) -> Code:
        """Status code to error reader, for ``errors=``: the body of a documented error
        status is read with that status's schema."""
        entries = [
            f"{string_literal(r.status)}: {r.codec(self.refs)}" for r in self.ir.status_errors
        ]
        return bracketed("{", entries, "}", indent=4, before=len("errors="), after=1)

    def raw_wrapper(self, receiver: str, is_async: bool) -> Code:
        """The statement of a ``WithRawResponse`` constructor that wraps this method."""
        wrapper = "async_raw_response_wrapper" if is_async else "raw_response_wrapper"
        return bracketed(
            f"self.{self.ir.method_name} = {wrapper}(",
            [f"{receiver}.{self.ir.method_name}"],
            ")",
            indent=8,
        )


def _string_pieces(text: str, width: int) -> list[str]:
    """``text`` as string literals of at most ``width`` characters each, cut before a
    `` | `` (black leaves implicitly concatenated strings as they are, and cannot split one
    string that is too long)."""
    parts = text.split(" | ")
    pieces = [parts[0]]
    for part in parts[1:]:
        if len(string_literal(f"{pieces[-1]} | {part}")) <= width:
            pieces[-1] = f"{pieces[-1]} | {part}"
        else:
            pieces.append(f" | {part}")
    return [string_literal(piece) for piece in pieces]


class BulkView(View[BulkDef]):
    """A bulk helper as the client templates print it."""

    @property
    def return_annotation(self) -> Code:
        return Code(
            f"_bulk.BulkResult[{self.ir.item_annotation}, {self.ir.result_annotation}, "
            f"{self.ir.error_annotation}]"
        )

    def signature(self, is_async: bool) -> tuple[Code, ...]:
        """The operation's own parameters with the items field taking any iterable."""
        parts: list[Code] = []
        for part in OperationView(self.ir.operation).signature():
            if part.startswith(f"{self.ir.items.attr}:"):
                part = Code(f"{self.ir.items.attr}: _t.Iterable[{self.ir.item_annotation}]")
            if part.startswith("max_retries:"):
                parts.append(Code(f"chunk_size: int = {self.ir.max_items}"))
                parts.append(Code("start_at: int = 0"))
                parts.append(Code("keep_results: bool = True"))
                if is_async:
                    parts.append(Code("concurrency: int = 4"))
                callback = (
                    f"_bulk.OnProgress[{self.ir.item_annotation}, {self.ir.result_annotation}, "
                    f"{self.ir.error_annotation}] | None"
                )
                parts.append(parameter("on_progress", callback, "None", indent=8))
            parts.append(part)
        return tuple(parts)

    def chunk_call(self) -> Code:
        """The lambda that sends one chunk, laid out as the first argument of ``run_chunks``."""
        return bracketed(
            f"lambda chunk: self.{self.ir.operation.method_name}(",
            self.call_arguments(),
            ")",
            indent=12,
            after=1,
        )

    def call_arguments(self) -> list[str]:
        """Arguments that pass one chunk, and everything else as given, to the operation."""
        return forwarded_arguments(self.ir.operation, str(self.ir.items.attr), "chunk")

    def results_expression(self) -> Code:
        return string_literal(self.ir.results_attr) if self.ir.results_attr else Code("None")

    def errors_expression(self) -> Code:
        return string_literal(self.ir.errors_attr) if self.ir.errors_attr else Code("None")


def forwarded_arguments(operation: OperationDef, replaced: str, value: str) -> list[str]:
    """A twin's call of ``operation``: path parameters positionally, then every other argument
    and call option by keyword as the twin received it, except ``replaced``, which is
    ``value`` (the chunk of a bulk helper, the page cursor of a pager)."""
    arguments = [str(p.attr) for p in operation.path_parameters]
    names: list[str] = []
    if operation.body is not None:
        if operation.body.argument is not None:
            names.append(str(operation.body.argument))
        names.extend(str(f.attr) for f in operation.body.fields)
    names.extend(str(p.attr) for p in operation.other_parameters)
    names.extend(CALL_OPTIONS)
    arguments.extend(f"{name}={value}" if name == replaced else f"{name}={name}" for name in names)
    return arguments


class PagingView(View[PagingDef]):
    """A pagination twin as the client templates and the README print it."""

    def return_annotation(self, is_async: bool) -> Code:
        pager = "AsyncPager" if is_async else "Pager"
        return Code(f"_paging.{pager}[{self.ir.item_annotation}]")

    def signature(self) -> tuple[Code, ...]:
        """The operation's own parameters; a twin that follows URLs also takes the URL to
        resume from."""
        parts: list[Code] = []
        for part in OperationView(self.ir.operation).signature():
            if part.startswith("max_retries:") and self.ir.resumes_by_url:
                parts.append(Code("resume_from: str | None = None"))
            parts.append(part)
        return tuple(parts)

    def fetch_call(self, is_async: bool) -> Code:
        """The lambda that fetches one page, as the first argument of the pager."""
        wrapper = "async_raw_response_wrapper" if is_async else "raw_response_wrapper"
        operation = self.ir.operation
        arguments = forwarded_arguments(operation, str(self.ir.cursor_argument), "page")
        return bracketed(
            f"lambda page: {wrapper}(self.{operation.method_name})(",
            arguments,
            ")",
            indent=12,
            after=1,
        )

    def walk_arguments(self) -> tuple[Code, ...]:
        """The pager's keyword arguments after the fetch function, one a line."""
        items = string_literal(str(self.ir.items_attr)) if self.ir.items_attr else "None"
        start = "resume_from" if self.ir.resumes_by_url else str(self.ir.cursor_argument)
        parts = [f"style={string_literal(self.ir.style)}", f"items={items}"]
        if self.ir.next_path:
            steps: list[str] = [string_literal(step) for step in self.ir.next_path]
            parts.append("next=" + tuple_display(steps))
        if self.ir.total_path:
            steps = [string_literal(step) for step in self.ir.total_path]
            parts.append("total=" + tuple_display(steps))
        parts.append(f"start={start}")
        return tuple(Code(part) for part in parts)

    @property
    def docstring(self) -> SpecText:
        argument = self.ir.cursor_argument
        how = {
            "cursor": f"the cursor each page names for ``{argument}``",
            "offset": f"``{argument}``, advanced by each page until the total",
            "link": 'the ``Link: <...>; rel="next"`` header',
            "next_url": "the next-page URL each page names",
        }[self.ir.style]
        resume = "resume_from" if self.ir.resumes_by_url else argument
        return SpecText(
            f"Every item of {self.ir.operation.method_name}, fetched one page at a time.\n\n"
            f"Pages follow {how}. Nothing is sent until the first item is read, and each "
            "page goes through the client's retries and rate governor like a single call. "
            f"To resume an interrupted walk, pass ``{resume}=pager.cursor``: it starts at "
            "the page of the last item handed out, whose items may come again."
        )

    @property
    def readme_shape(self) -> Code:
        return Code(
            {
                "cursor": "a cursor in the body",
                "link": "the `Link` header",
                "next_url": "a next-page URL in the body",
                "offset": "offset, until the total",
            }[self.ir.style]
        )

    @property
    def readme_resume(self) -> Code:
        argument = "resume_from" if self.ir.resumes_by_url else self.ir.cursor_argument
        return Code(f"`{argument}=pager.cursor`")
