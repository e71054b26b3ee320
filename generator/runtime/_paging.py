"""Auto-pagination: every item of an operation that answers one page at a time.

A pager asks the generated method for one page at a time (so every page goes through
the same retries and rate governor as a plain call), yields the page's items, and reads
where the next page is in the way the spec says: a cursor in the body for the next
request's cursor parameter, a ``Link: <...>; rel="next"`` header, a next-page URL in the
body, or an offset to advance until a total is reached. Nothing is fetched before the
first item is asked for, and never more than one page ahead.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar

from ._core import PAGE_URL
from ._response import APIResponse

__all__ = ["AsyncPager", "Pager"]

T = TypeVar("T")

# A page is fetched given its cursor: the cursor parameter's value, an offset, or the
# URL of the next page (None for the first page of the link and next-URL styles).
Fetch = Callable[[Any], APIResponse[Any]]
AsyncFetch = Callable[[Any], Awaitable[APIResponse[Any]]]

_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")
_REL_NEXT = re.compile(r"""(?:^|;)\s*rel\s*=\s*"?([^";]*)"?""")


def next_link(header: str | None) -> str | None:
    """The ``rel="next"`` target of a ``Link`` header (RFC 8288), if it has one."""
    if not header:
        return None
    for match in _LINK.finditer(header):
        target, params = match.group(1), match.group(2)
        for rel in _REL_NEXT.finditer(params):
            if "next" in rel.group(1).lower().split():
                return target.strip()
    return None


def _at(value: object, path: tuple[str, ...]) -> object:
    for step in path:
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value


class _Walk:
    """What the sync and async pagers share: reading one page, and where the next is."""

    def __init__(
        self,
        *,
        style: str,
        items: str | None,
        next: tuple[str, ...] = (),
        total: tuple[str, ...] = (),
        start: object = None,
    ) -> None:
        self.style = style
        self.items_attr = items
        self.next_path = next
        self.total_path = total
        # The first page is fetched with what the caller gave (which may be UNSET).
        self.cursor: object = start
        self.done = False
        self.pages = 0

    def read(self, response: APIResponse[Any]) -> list[Any]:
        """The page's items; afterwards :attr:`cursor` is the next page's, or
        :attr:`done` is set."""
        page = response.parse()
        items_attr = self.items_attr
        found = page if items_attr is None else getattr(page, items_attr, None)
        items = list(found) if isinstance(found, list) else []
        self.pages += 1
        following: object
        if self.style == "link":
            following = next_link(response.headers.get("link"))
        elif self.style == "offset":
            offset = int(self.cursor) if isinstance(self.cursor, int) else 0
            total = _at(_body(response), self.total_path)
            following = offset + len(items)
            if not items or (isinstance(total, int) and following >= total):
                following = None
        else:
            following = _at(_body(response), self.next_path)
            if following == "" or not isinstance(following, (str, int)):
                following = None
        if following is None or following == self.cursor:
            # A server that hands back the cursor it was given would loop for ever.
            self.done = True
        else:
            self.cursor = following
        return items

    def resume_point(self) -> str | int | None:
        if self.done or not isinstance(self.cursor, (str, int)):
            return None
        return self.cursor

    def url(self) -> str | None:
        """The URL to send the next request to, for the styles that are given one."""
        if self.style in ("link", "next_url") and isinstance(self.cursor, str):
            return self.cursor
        return None

    def argument(self) -> object:
        """What the fetch function is given for the next page."""
        return None if self.style in ("link", "next_url") else self.cursor


def _body(response: APIResponse[Any]) -> object:
    try:
        return response.http_response.json()
    except ValueError:
        return None


class Pager(Generic[T]):
    """Every item of a paged operation, fetched lazily one page at a time.

    ``cursor`` is where the next page starts: pass it back (as the cursor or offset
    argument, or ``resume_from=``) to resume an interrupted walk from the first page
    not yet fetched.
    """

    def __init__(self, fetch: Fetch, **walk: Any) -> None:
        self._fetch = fetch
        self._walk = _Walk(**walk)

    @property
    def cursor(self) -> str | int | None:
        """Where the next page starts (``None`` when the walk is over, or has not
        started from a cursor of its own)."""
        return self._walk.resume_point()

    @property
    def pages(self) -> int:
        """How many pages have been fetched."""
        return self._walk.pages

    def __iter__(self) -> Iterator[T]:
        walk = self._walk
        while not walk.done:
            token = PAGE_URL.set(walk.url())
            try:
                response = self._fetch(walk.argument())
            finally:
                PAGE_URL.reset(token)
            yield from walk.read(response)

    def __repr__(self) -> str:
        return f"<Pager {self._walk.style}, {self._walk.pages} pages read>"


class AsyncPager(Generic[T]):
    """The asynchronous :class:`Pager`.

    ``async for item in client.<operation>_all()``.
    """

    def __init__(self, fetch: AsyncFetch, **walk: Any) -> None:
        self._fetch = fetch
        self._walk = _Walk(**walk)

    @property
    def cursor(self) -> str | int | None:
        """Where the next page starts (``None`` when the walk is over, or has not
        started from a cursor of its own)."""
        return self._walk.resume_point()

    @property
    def pages(self) -> int:
        return self._walk.pages

    async def __aiter__(self) -> AsyncIterator[T]:
        walk = self._walk
        while not walk.done:
            token = PAGE_URL.set(walk.url())
            try:
                response = await self._fetch(walk.argument())
            finally:
                PAGE_URL.reset(token)
            for item in walk.read(response):
                yield item

    def __repr__(self) -> str:
        return f"<AsyncPager {self._walk.style}, {self._walk.pages} pages read>"
