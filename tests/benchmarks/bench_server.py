"""A minimal keep-alive HTTP/1.1 server answering every POST with one fixed 201 batch body.

It runs as its own process (``python -m tests.benchmarks.bench_server RESULTS``) so that none of
its CPU time is counted against the client being measured. It prints its port on the first line
of stdout and serves until its stdin is closed.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.benchmarks.bench_bodies import created_body


def make_handler(body: bytes) -> type[BaseHTTPRequestHandler]:
    class FixedAnswer(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in one segment; otherwise Nagle's algorithm and the client's
        # delayed ACK add some 40 ms to every exchange and bury what is being measured.
        disable_nagle_algorithm = True
        wbufsize = -1

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(201)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-HubSpot-Correlation-Id", "4f2071b3-bf52-4e77-8dbe-6f80ad4f3a5f")
            self.send_header("X-HubSpot-RateLimit-Max", "1000000")
            self.send_header("X-HubSpot-RateLimit-Remaining", "999999")
            self.send_header("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return FixedAnswer


def main() -> None:
    results = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(created_body(results)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
