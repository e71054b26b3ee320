"""One fresh HubSpot simulator in its own process, for the bulk benchmark.

    python -m tests.benchmarks.bench_bulk_server TOKEN MAX_REQUESTS INTERVAL_MS SUCCESS_STATUS

It prints its base URL on the first line of stdout and serves until its stdin is closed, then
prints one JSON line: the requests it received, their statuses, and every association it
created. Running the simulator apart keeps its threads off the measured process's GIL and its
request log (every body, parsed) out of the measured process's heap.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from tests.simulator import HubSpotSimulator, RateLimit


def main() -> None:
    token, max_requests, interval_ms, success_status = sys.argv[1:5]
    simulator = HubSpotSimulator(
        tokens=frozenset({token}),
        success_status=int(success_status),
        rate_limit=RateLimit(max_requests=int(max_requests), interval_ms=int(interval_ms)),
    )
    with simulator:
        print(simulator.base_url, flush=True)
        sys.stdin.read()
        requests = simulator.requests
        statuses = Counter(str(request.response_status) for request in requests)
        report = {
            "requests": len(requests),
            "statuses": dict(statuses),
            "associations": sorted(
                [from_id, to_id, kind] for _, from_id, _, to_id, kind in simulator.associations
            ),
            "handler_errors": [repr(error) for error in simulator.handler_errors],
        }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
