"""A local server of numbered widgets, paged three ways: a GitHub-style ``Link`` header,
a Twilio-style next-page URI in the body, and offset/limit with a total."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Seen:
    path: str
    query: dict[str, str]
    authorization: str | None


class WidgetServer:
    """``count`` widgets ``{"id": n, "name": "widget n"}``, served a page at a time.

    ``fail_next`` answers the next requests with that status first (to show that pages are
    retried); ``next_origin`` puts another origin in the next-page links.
    """

    def __init__(self, count: int = 23) -> None:
        self.count = count
        self.requests: list[Seen] = []
        self.fail_next: list[int] = []
        self.next_origin: str | None = None
        self._lock = threading.Lock()
        routes: dict[str, Callable[[dict[str, str]], tuple[Any, dict[str, str]]]] = {
            "/widgets": self._link_page,
            "/2010/Widgets.json": self._uri_page,
            "/offset/widgets": self._offset_page,
            "/declared/widgets": self._declared_page,
        }
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                with owner._lock:
                    owner.requests.append(
                        Seen(parts.path, query, self.headers.get("Authorization"))
                    )
                    failure = owner.fail_next.pop(0) if owner.fail_next else None
                route = routes.get(parts.path)
                status, headers = 200, {}
                if failure is not None:
                    status, body = failure, {"message": "try again"}
                elif route is None:
                    status, body = 404, {"message": "no such route"}
                else:
                    body, headers = route(query)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _widgets(self, start: int, size: int) -> list[dict[str, Any]]:
        return [
            {"id": n, "name": f"widget {n}"} for n in range(start, min(start + size, self.count))
        ]

    def _link_page(self, query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        page, size = int(query.get("page", "1")), int(query.get("per_page", "10"))
        origin = self.next_origin or self.url
        links = []
        if page * size < self.count:
            links.append(f'<{origin}/widgets?page={page + 1}&per_page={size}>; rel="next"')
        last = max(1, -(-self.count // size))
        links.append(f'<{origin}/widgets?page={last}&per_page={size}>; rel="last"')
        return self._widgets((page - 1) * size, size), {"Link": ", ".join(links)}

    def _uri_page(self, query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        page, size = int(query.get("Page", "0")), int(query.get("PageSize", "10"))
        more = (page + 1) * size < self.count
        body = {
            "widgets": self._widgets(page * size, size),
            "page": page,
            "page_size": size,
            "next_page_uri": (
                f"/2010/Widgets.json?Page={page + 1}&PageSize={size}&PageToken=PT{page + 1}"
                if more
                else None
            ),
        }
        return body, {}

    def _offset_page(self, query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        offset, limit = int(query.get("offset", "0")), int(query.get("limit", "10"))
        return {"items": self._widgets(offset, limit), "total": self.count}, {}

    def _declared_page(self, query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        start = int(query.get("from", "0"))
        meta = {"continue_from": str(start + 10)} if start + 10 < self.count else {}
        return {"data": self._widgets(start, 10), "meta": meta}, {}

    def __enter__(self) -> WidgetServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
