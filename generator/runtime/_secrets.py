"""Credentials: where each is read from, how a request carries it, and how no message,
repr, pickle or log line shows it.

A credential argument takes the secret itself or a callable (sync or async) returning
the current one, called for every call: a token that expires (HubSpot's OAuth access
tokens last 30 minutes) is refreshed by whatever the callable does. Each secret a
callable returns joins the redactor before it is sent.
"""

from __future__ import annotations

import base64
import inspect
import logging
import os
import weakref
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_plus

from ._exceptions import ConfigurationError, ConfigurationTypeError

__all__ = ["SecretSource"]

SecretSource = Callable[[], str | Awaitable[str]]
"""A callable returning the current secret (or an awaitable of it, for the async
client): what a credential argument takes besides the secret itself."""


class Redactor:
    """Removes a secret from any text the package shows: messages, reprs, logs."""

    def __init__(self, secret: str | None) -> None:
        self._secret = secret

    def __call__(self, text: str) -> str:
        # A very short secret would match by accident and give little away.
        if self._secret and len(self._secret) >= 4 and self._secret in text:
            return text.replace(self._secret, "[redacted]")
        return text

    def __repr__(self) -> str:
        return "Redactor()"

    def __reduce__(self) -> str | tuple[Any, ...]:
        raise TypeError("a redactor holds a secret and is not pickled")


def clean_token(token: str | None) -> str | None:
    """The token without surrounding whitespace, checked to fit in a header.

    A token read from a file or pasted from a console often ends in a newline; inside
    it, anything but visible ASCII cannot be sent, and httpx's complaint would quote
    the whole header, token included. So the error here does not show it.
    """
    if token is None:
        return None
    token = token.strip()
    if not (token.isascii() and token.isprintable()) or " " in token:
        raise ConfigurationError(
            "the access token has characters a header cannot carry (only visible "
            "ASCII is allowed); check how it was copied"
        )
    return token


class Secret:
    """Holds the token so that no repr, str or traceback locals display it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__

    def __reduce__(self) -> str | tuple[Any, ...]:
        # A pickle is a file, a queue message or a cache entry: no place for a token.
        raise TypeError("an access token is not pickled")


@dataclass(frozen=True)
class Credential:
    """One security scheme: the constructor arguments that hold its secret, and where
    a request carries it (``bearer``, ``basic``, or an API key's ``header``,
    ``query`` or ``cookie``).
    """

    scheme: str
    kind: str
    wire: str | None
    arguments: tuple[str, ...]
    env_vars: tuple[str, ...]


class SecretsRedactor(Redactor):
    """Removes every credential the client holds, in each form a request carries it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__(None)
        self._forms: tuple[str, ...] = ()
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        """Redact these too (secrets a source returned); the old ones stay redacted."""
        forms = set(self._forms)
        for secret in secrets:
            forms.update({secret, quote(secret, safe=""), quote_plus(secret)})
        # Longest first, so a secret that contains another is removed whole. One
        # assignment, so a thread redacting meanwhile sees the old or the new tuple.
        self._forms = tuple(
            sorted(
                (form for form in forms if len(form) >= 4), key=lambda f: (-len(f), f)
            )
        )

    def __call__(self, text: str) -> str:
        for form in self._forms:
            if form in text:
                text = text.replace(form, "[redacted]")
        return text


class UrlSecretFilter(logging.Filter):
    """Redacts API keys sent in query strings from httpx's own request log lines."""

    def __init__(self) -> None:
        super().__init__()
        self.redactors: weakref.WeakSet[Redactor] = weakref.WeakSet()

    def filter(self, record: logging.LogRecord) -> bool:
        redactors = list(self.redactors)
        if redactors and isinstance(record.args, tuple):
            cleaned = []
            for arg in record.args:
                if not isinstance(arg, (int, float)):
                    text = str(arg)
                    for redact in redactors:
                        text = redact(text)
                    arg = text
                cleaned.append(arg)
            record.args = tuple(cleaned)
        return True


URL_SECRET_FILTER = UrlSecretFilter()


class Source:
    """A callable that returns the current secret; neither shown nor pickled."""

    __slots__ = ("_call",)

    def __init__(self, call: SecretSource) -> None:
        self._call = call

    def __call__(self) -> str | Awaitable[str]:
        return self._call()

    def __repr__(self) -> str:
        return "<secret source>"

    def __reduce__(self) -> str | tuple[Any, ...]:
        raise TypeError("a credential source is not pickled")


def _clean(kind: str, value: str | None) -> str | None:
    # Basic-auth passwords may hold spaces; every other credential travels in a
    # header or URL as it is, so it must be visible ASCII.
    if kind == "basic" and value:
        return value.strip()
    return clean_token(value)


def _forms(values: Sequence[str]) -> list[str]:
    """The secrets and, for a basic-auth pair, the base64 form it travels in."""
    if len(values) == 2:
        return [*values, base64.b64encode(":".join(values).encode()).decode()]
    return list(values)


# The secrets of every scheme, by scheme, as one request sends them.
Resolved = dict[str, tuple[str, ...]]


class Secrets:
    """The credentials one client holds, by security scheme, and what a request of an
    operation carries of them.
    """

    __slots__ = ("_by_scheme", "_held", "redact", "refreshable")

    def __init__(
        self,
        declared: tuple[Credential, ...],
        given: Mapping[str, str | SecretSource | None],
    ) -> None:
        self._by_scheme = {credential.scheme: credential for credential in declared}
        self._held: dict[str, tuple[Secret | Source, ...]] = {}
        for credential in declared:
            values: list[Secret | Source | None] = []
            for argument, env_var in zip(
                credential.arguments, credential.env_vars, strict=True
            ):
                value = given.get(argument)
                if callable(value):
                    values.append(Source(value))
                    continue
                if value is None and env_var:
                    value = os.environ.get(env_var)
                text = _clean(credential.kind, value)
                values.append(Secret(text) if text else None)
            if all(values):
                self._held[credential.scheme] = tuple(v for v in values if v)
        self.refreshable = any(
            isinstance(value, Source)
            for values in self._held.values()
            for value in values
        )
        self.redact = SecretsRedactor(
            form
            for values in self._held.values()
            if not any(isinstance(value, Source) for value in values)
            for form in _forms([v.reveal() for v in values if isinstance(v, Secret)])
        )
        if any(
            credential.kind == "query" and credential.scheme in self._held
            for credential in declared
        ):
            httpx_logger = logging.getLogger("httpx")
            if URL_SECRET_FILTER not in httpx_logger.filters:
                httpx_logger.addFilter(URL_SECRET_FILTER)
            URL_SECRET_FILTER.redactors.add(self.redact)

    def __bool__(self) -> bool:
        return bool(self._held)

    def _settle(self, found: dict[str, list[str | None]]) -> Resolved:
        resolved: Resolved = {}
        for scheme, values in found.items():
            kind = self._by_scheme[scheme].kind
            cleaned = [_clean(kind, value) for value in values]
            if not all(cleaned):
                raise ConfigurationError(
                    f"the credential source for {scheme!r} returned no secret"
                )
            resolved[scheme] = tuple(value for value in cleaned if value)
        self.redact.add(form for values in resolved.values() for form in _forms(values))
        return resolved

    def resolve(self) -> Resolved:
        """Every secret, its sources called now (the sync client's way)."""
        found: dict[str, list[str | None]] = {}
        for scheme, values in self._held.items():
            found[scheme] = []
            for value in values:
                if isinstance(value, Secret):
                    found[scheme].append(value.reveal())
                    continue
                result = value()
                if inspect.isawaitable(result):
                    if inspect.iscoroutine(result):
                        result.close()
                    raise ConfigurationTypeError(
                        f"the credential source for {scheme!r} is async: use the "
                        "async client, or pass a function that returns the secret"
                    )
                found[scheme].append(result if isinstance(result, str) else None)
        return self._settle(found)

    async def resolve_async(self) -> Resolved:
        """Every secret, its sources called (and awaited, if async) now."""
        found: dict[str, list[str | None]] = {}
        for scheme, values in self._held.items():
            found[scheme] = []
            for value in values:
                if isinstance(value, Secret):
                    found[scheme].append(value.reveal())
                    continue
                result = value()
                if inspect.isawaitable(result):
                    result = await result
                found[scheme].append(result if isinstance(result, str) else None)
        return self._settle(found)

    def __repr__(self) -> str:
        return f"<secrets for {sorted(self._held)}>"

    def __reduce__(self) -> str | tuple[Any, ...]:
        raise TypeError("credentials are not pickled")

    def apply(
        self,
        security: tuple[tuple[str, ...], ...] | None,
        headers: dict[str, str],
        query: list[tuple[str, str | int | float | bool | None]],
        cookies: list[str],
        resolved: Resolved | None = None,
    ) -> None:
        """Add the first of ``security``'s alternatives this client holds (every
        credential it holds when the spec is silent): the secrets as ``resolved`` for
        this request, else as held (a client with sources sends nothing without them).
        """
        alternatives = (tuple(self._held),) if security is None else security
        held, by_scheme = self._held, self._by_scheme
        for alternative in alternatives:
            if not all(
                scheme in held and scheme in by_scheme for scheme in alternative
            ):
                continue
            for scheme in alternative:
                credential = by_scheme[scheme]
                if resolved is not None:
                    values = list(resolved[scheme])
                elif self.refreshable:
                    return
                else:
                    values = [v.reveal() for v in held[scheme] if isinstance(v, Secret)]
                # Set per request, not on the http client: httpx drops Authorization
                # when a redirect leaves the origin.
                if credential.kind == "bearer":
                    headers["Authorization"] = f"Bearer {values[0]}"
                elif credential.kind == "basic":
                    pair = f"{values[0]}:{values[1]}".encode()
                    headers["Authorization"] = "Basic " + base64.b64encode(pair).decode(
                        "ascii"
                    )
                elif credential.kind == "header" and credential.wire:
                    headers[credential.wire] = values[0]
                elif credential.kind == "query" and credential.wire:
                    query.append((credential.wire, values[0]))
                elif credential.kind == "cookie" and credential.wire:
                    cookies.append(f"{credential.wire}={quote(values[0], safe='')}")
            return


def missing_credentials_message(
    client_name: str, declared: tuple[Credential, ...]
) -> str:
    """What to pass (or set) when a client that needs credentials got none."""
    if len(declared) == 1 and declared[0].kind == "bearer":
        env_var = declared[0].env_vars[0]
        where = f" or set {env_var}" if env_var else ""
        return f"{client_name} needs an access token: pass access_token={where}"
    options = []
    for credential in declared:
        arguments = " and ".join(f"{argument}=" for argument in credential.arguments)
        env_vars = " and ".join(env_var for env_var in credential.env_vars if env_var)
        options.append(f"{arguments} (or set {env_vars})" if env_vars else arguments)
    return f"{client_name} needs credentials: pass " + ", or ".join(options)


def says_token_expired(
    body: object, headers: Mapping[str, str], fields: Sequence[str]
) -> bool:
    """Whether a 401 says the token expired (not that it is wrong): RFC 6750's
    ``WWW-Authenticate`` error description, or an error body's message or category
    (HubSpot: ``EXPIRED_AUTHENTICATION``, "The OAuth token used to make this call
    expired")."""
    if "expired" in headers.get("www-authenticate", "").lower():
        return True
    if isinstance(body, dict):
        texts = [body.get(field) for field in (*fields, "error", "error_description")]
        return any(isinstance(text, str) and "expire" in text.lower() for text in texts)
    return isinstance(body, str) and "expired" in body.lower()
