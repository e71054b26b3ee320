"""Every operation of the openapi-python-client zoo specs, Twilio's API and our style table,
called with schema-valid arguments against a real local server; openapi-core (an independent
implementation of OpenAPI) validates each request the server received against the document
(issue #13)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_plus

import pytest

from tests.conformance.conftest import DOCUMENTS, document_path, read_document
from tests.conformance.style_table import CELLS, Cell
from tests.conformance.wire import CallPlan, Document, RecordedRequest, call, call_plans, operations
from tests.generality.echo_server import EchoServer, Recorded
from tests.generality.harness import generate

# (document, METHOD, path) -> why the request does not conform today: none does not.
KNOWN_FAILURES: dict[tuple[str, str, str], str] = {}
UNSATISFIABLE_ONE_OF = (
    "no request is valid: the required nullable_one_of_models is a oneOf of FreeFormModel and "
    "ModelWithUnionProperty (every object matches both), and 3.0's nullable does not admit null "
    "past the oneOf"
)
# Operations no request can pass: openapi-core cannot read them, or the document admits none.
OPENAPI_CORE_OPERATION_GAPS = {
    **{
        (key, "POST", "/defaults"): "openapi-core looks for an exploded form object under its name"
        for key in ("opc_30", "opc_31")
    },
    **{
        (key, "POST", "/tests/upload"): "openapi-core does not cast multipart fields to their types"
        for key in ("opc_30", "opc_31")
    },
    ("opc_31_enums", "POST", "/tests/"): "openapi-core does not cast multipart fields",
    **{
        ("opc_30", "POST", path): UNSATISFIABLE_ONE_OF
        for path in ("/bodies/refs", "/tests/json_body", "/tests/callback")
    },
    **{
        (key, "POST", "/types/unions/duplicate-types"): (
            "no request is valid: the body is oneOf [AModel, AModel], and every value matches both"
        )
        for key in ("opc_30", "opc_31")
    },
    **{
        (key, "GET", "/tests/"): (
            "no request is valid: the required query array an_enum_value_with_only_null can "
            "hold only nulls, which RFC 6570 leaves out (the runtime's encoding test checks that)"
        )
        for key in ("opc_30", "opc_31", "opc_31_enums")
    },
    ("opc_31", "GET", "/location/query/optionality"): (
        "openapi-core fails (TypeError) on a parameter schema whose type is a list"
    ),
}
# style-table cell name -> why the client does not send what the table shows today: none.
TABLE_FAILURES: dict[str, str] = {}
# Cells openapi-core cannot read (the table test above checks them against the table instead):
# it takes label and matrix values only from templates written {.color} and {;color} (RFC 6570
# operators OpenAPI paths do not use), and looks for an exploded form object under its name.
OPENAPI_CORE_GAPS = {
    **{
        f"path_{style}_{value}_{form}": "openapi-core reads label/matrix only from {.x}/{;x}"
        for style in ("label", "matrix")
        for value in ("primitive", "array", "object")
        for form in ("joined", "exploded")
    },
    "query_form_object_exploded": "openapi-core looks for an exploded form object under its name",
    "query_spaceDelimited_object_joined": (
        "openapi-core splits a spaceDelimited value at a literal '%20' after unquoting it"
    ),
    "cookie_form_object_exploded": "openapi-core looks for an exploded form object under its name",
}


# Media types openapi-core has no reader for: JSON under a vendor name, text under a made-up
# one, and raw octets, which its 3.1 validator wants as a string to check against {type: string}.
EXTRA_MEDIA_TYPES: dict[str, Any] = {
    "application/vnd+json": json.loads,
    "openapi/python/client": lambda body: body.decode("utf-8"),
    "application/octet-stream": lambda body: body.decode("latin-1"),
}


class Conformance:
    """One document: its generated client, a server recording requests, openapi-core's view."""

    def __init__(self, key: str, spec: dict[str, Any], directory: Path) -> None:
        self.document = Document(spec)
        generated = generate(document_path(key, directory), directory / "out", f"conformance_{key}")
        self.package = generated.import_package()
        self.echo = EchoServer().__enter__()
        self.base_url = self.echo.url + self.document.server_path()
        self.client = self._client_class()(base_url=self.base_url, **self._credentials())
        self.plans = call_plans(self.client)
        self._openapi: Any = None

    def _client_class(self) -> Any:
        client_module = self.package._client
        for name in client_module.__all__:
            candidate = getattr(client_module, name)
            if hasattr(candidate, "_credentials") and not name.startswith("Async"):
                return candidate
        raise AssertionError("no sync client class")

    def _credentials(self) -> dict[str, str]:
        names = [a for c in self._client_class()._credentials for a in c.arguments]
        return {name: f"conformance-{name}" for name in names}

    @property
    def openapi(self) -> Any:
        from openapi_core import Config, OpenAPI

        if self._openapi is None:
            # The document was validated when generated; openapi-core need not do it again.
            config = Config(
                spec_validator_cls=None,
                extra_media_type_deserializers=EXTRA_MEDIA_TYPES,
            )
            self._openapi = OpenAPI.from_dict(
                self.document.for_server(self.base_url), config=config
            )
        return self._openapi

    def close(self) -> None:
        self.client.close()
        self.echo.__exit__(None, None, None)


class ConformanceClients:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._made: dict[str, Conformance] = {}

    def get(self, key: str, spec: dict[str, Any]) -> Conformance:
        if key not in self._made:
            self._made[key] = Conformance(key, spec, self.root / key)
        return self._made[key]

    def close(self) -> None:
        for made in self._made.values():
            made.close()


@pytest.fixture(scope="session")
def conformance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConformanceClients]:
    clients = ConformanceClients(tmp_path_factory.mktemp("conformance"))
    yield clients
    clients.close()


def _cases() -> list[Any]:
    cases = []
    for key in DOCUMENTS:
        spec = read_document(key)
        if spec is None:
            reason = f"{DOCUMENTS[key]} is absent: ../shared/specs is not beside this clone"
            cases.append(pytest.param(key, "", "", id=key, marks=pytest.mark.skip(reason=reason)))
            continue
        for method, path in operations(spec):
            reason = KNOWN_FAILURES.get((key, method, path))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            gap = OPENAPI_CORE_OPERATION_GAPS.get((key, method, path))
            if key == "style_table" and path.split("/")[1] in OPENAPI_CORE_GAPS:
                gap = OPENAPI_CORE_GAPS[path.split("/")[1]] + (
                    "; test_style_table_cell_is_sent_as_the_table_shows checks it"
                )
            if gap:
                marks = [pytest.mark.skip(reason=gap)]
            cases.append(pytest.param(key, method, path, id=f"{key}:{method} {path}", marks=marks))
    return cases


def _send(
    conformance: ConformanceClients, key: str, method: str, path: str
) -> tuple[Conformance, Recorded]:
    """Call the operation's method with schema-valid arguments; the request the server got."""
    spec = read_document(key)
    assert spec is not None
    made = conformance.get(key, spec)
    plan: CallPlan | None = made.plans.get((method, path))
    assert plan is not None, f"the client has no method for {method} {path}"
    arguments = made.document.arguments(plan, method, path)
    before = len(made.echo.requests)
    error = call(plan, arguments)
    sent = made.echo.requests[before:]
    assert len(sent) == 1, f"{len(sent)} requests were sent: {error!r}"
    return made, sent[0]


@pytest.mark.parametrize(("key", "method", "path"), _cases())
def test_request_conforms_to_the_document(
    conformance: ConformanceClients, key: str, method: str, path: str
) -> None:
    from openapi_core.validation.request.exceptions import RequestValidationError

    made, sent = _send(conformance, key, method, path)
    request = RecordedRequest(sent, made.echo.url)
    try:
        made.openapi.validate_request(request)
    except RequestValidationError as invalid:
        causes = getattr(invalid, "__cause__", None)
        details = [str(invalid), repr(causes)]
        details += [str(e) for e in getattr(causes, "schema_errors", ()) or ()]
        raise AssertionError(
            f"{method} {sent.path}?{sent.raw_query} "
            f"content-type={request.content_type!r} body={sent.body[:500]!r}: " + "; ".join(details)
        ) from None


def _on_the_wire(cell: Cell, sent: Recorded) -> str:
    if cell.location == "path":
        return unquote(sent.path.rsplit("/", 1)[-1])
    if cell.location == "query":
        # As a server reads a query: "+" and %20 are both a space.
        return unquote_plus(sent.raw_query)
    if cell.location == "cookie":
        return unquote(sent.headers.get("cookie", ""))
    return sent.headers.get("color", "")


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param(
            cell,
            id=cell.name,
            marks=(
                [pytest.mark.xfail(strict=True, reason=TABLE_FAILURES[cell.name])]
                if cell.name in TABLE_FAILURES
                else []
            ),
        )
        for cell in CELLS
    ],
)
def test_style_table_cell_is_sent_as_the_table_shows(
    conformance: ConformanceClients, cell: Cell
) -> None:
    _, sent = _send(conformance, "style_table", "GET", cell.path)
    assert _on_the_wire(cell, sent) == cell.expected


def test_a_request_off_the_document_is_rejected(conformance: ConformanceClients) -> None:
    """The check itself can fail: a request missing a required parameter, or with a value of
    the wrong type, does not pass openapi-core."""
    import httpx
    from openapi_core.validation.request.exceptions import RequestValidationError

    made, _ = _send(conformance, "style_table", "GET", "/query_form_object_joined")
    for query in ("", "color=R,red,G,200,B,150"):
        before = len(made.echo.requests)
        httpx.get(f"{made.base_url}/query_form_object_joined?{query}")
        sent = made.echo.requests[before]
        with pytest.raises(RequestValidationError):
            made.openapi.validate_request(RecordedRequest(sent, made.echo.url))
