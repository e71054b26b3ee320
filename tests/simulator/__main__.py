"""Run the HubSpot simulator from the command line, so code using the client can be tried offline.

    python -m tests.simulator --port 8080 --rate-limit 10/1000

Point the client at it with ``base_url="http://127.0.0.1:8080"`` and the token ``test-token``
(or the ones given with ``--token``). It serves until interrupted (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from .faults import Fault, RateLimit
from .server import HubSpotSimulator

FAULT_HELP = """\
faults answer the first requests, in the order given:
  429         a rate-limit answer (HubSpot's body and headers)
  429-daily   the daily limit exhausted
  5xx         that status with a JSON error body (e.g. 503)
  html-5xx    that status with an HTML page, as a proxy sends
  reset       the connection reset before any answer
  close       the connection closed before any answer
  sleep:S     the answer delayed by S seconds (e.g. sleep:2.5)
"""


def parse_fault(text: str) -> Fault:
    """One ``--fault`` value as a scripted answer; ValueError with the reason otherwise."""
    if text == "429":
        return Fault.rate_limited()
    if text == "429-daily":
        return Fault.rate_limited(daily=True)
    if text == "reset":
        return Fault.reset_connection()
    if text == "close":
        return Fault.close_connection()
    if text.startswith("sleep:"):
        seconds = float(text.removeprefix("sleep:"))
        if not 0 <= seconds <= 3600:
            raise ValueError("sleep takes 0 to 3600 seconds")
        return Fault.sleep(seconds)
    html = text.startswith("html-")
    code = text.removeprefix("html-")
    if code.isdigit() and 500 <= int(code) <= 599:
        return Fault.html(int(code)) if html else Fault.status(int(code))
    raise ValueError(f"unknown fault {text!r}")


def parse_rate_limit(text: str) -> RateLimit:
    """``N/MS``: at most N requests in any rolling window of MS milliseconds."""
    count, _, interval = text.partition("/")
    if not (count.isdigit() and interval.isdigit()):
        raise ValueError("expected N/MS, for example 10/1000 (HubSpot's burst limit is 100/10000)")
    return RateLimit(max_requests=int(count), interval_ms=int(interval))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.simulator",
        description="A local simulator of HubSpot's CRM v3 batch-create associations endpoint.",
        epilog=FAULT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument(
        "--token",
        action="append",
        help="an accepted access token (repeatable; default: test-token)",
    )
    parser.add_argument(
        "--expired-token", action="append", default=[], help="a token answered as expired"
    )
    parser.add_argument(
        "--success-status", type=int, default=201, choices=(200, 201), help="status of a success"
    )
    parser.add_argument(
        "--max-batch-size", type=int, default=100, help="inputs accepted per request"
    )
    parser.add_argument("--rate-limit", type=str, help="N/MS: N requests per MS milliseconds")
    parser.add_argument("--daily-limit", type=int, help="requests allowed per day")
    parser.add_argument(
        "--no-rate-limit-headers",
        action="store_true",
        help="omit the X-HubSpot-RateLimit-* headers",
    )
    parser.add_argument(
        "--retry-after", action="store_true", help="send Retry-After with every 429"
    )
    parser.add_argument(
        "--missing-scopes", action="store_true", help="answer 403 for a missing scope"
    )
    parser.add_argument("--include-inverse", action="store_true", help="report inverse pairs")
    parser.add_argument(
        "--fault", action="append", default=[], metavar="FAULT", help="see the list below"
    )
    return parser


def simulator_from(args: argparse.Namespace) -> HubSpotSimulator:
    """The configured simulator (not started); ValueError names the option that is wrong."""
    rate_limit = None
    if args.rate_limit is not None or args.daily_limit is not None:
        rate_limit = parse_rate_limit(args.rate_limit or "100/10000")
        rate_limit = RateLimit(rate_limit.max_requests, rate_limit.interval_ms, args.daily_limit)
    if not 0 <= args.port <= 65535:
        raise ValueError(f"--port {args.port}: a port is 0 to 65535")
    simulator = HubSpotSimulator(
        tokens=args.token or ["test-token"],
        success_status=args.success_status,
        max_batch_size=args.max_batch_size,
        rate_limit=rate_limit,
        send_rate_limit_headers=not args.no_rate_limit_headers,
        rate_limit_retry_after=args.retry_after,
        include_inverse=args.include_inverse,
        missing_scopes=args.missing_scopes,
        expired_tokens=args.expired_token,
        port=args.port,
    )
    simulator.script(*(parse_fault(text) for text in args.fault))
    return simulator


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        simulator = simulator_from(args)
    except ValueError as exc:
        parser.error(str(exc))
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        simulator.start()
    except OSError as exc:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    tokens = ", ".join(args.token or ["test-token"])
    print(f"HubSpot simulator on {simulator.base_url} (tokens: {tokens})", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        simulator.stop()
    print(f"stopped after {len(simulator.requests)} requests", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
