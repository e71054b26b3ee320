"""``python -m tests.simulator``: the simulator as a consuming team runs it, a real process."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hubspot_associations import (
    AssociationsClient,
    PublicAssociation,
    PublicObjectId,
    RateLimitError,
)

from tests.conftest import ROOT


@contextmanager
def running(*options: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.simulator", *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert banner.startswith("HubSpot simulator on http://127.0.0.1:"), banner
        yield process, banner.split()[3]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def _association() -> PublicAssociation:
    return PublicAssociation(
        from_=PublicObjectId(id="53628"),
        to=PublicObjectId(id="12726"),
        type="contact_to_company",
    )


def test_a_scripted_fault_is_retried_and_the_run_ends_cleanly_on_sigterm() -> None:
    with running("--port", "0", "--fault", "503", "--success-status", "200") as (process, url):
        with AssociationsClient(access_token="test-token", base_url=url) as client:
            raw = client.with_raw_response.batch_create(
                "contacts", "companies", inputs=[_association()]
            )
        assert raw.status_code == 200
        assert raw.retries_taken == 1
        assert len(raw.parse().results) == 1
        process.send_signal(signal.SIGTERM)
        stdout, _ = process.communicate(timeout=10)
        assert process.returncode == 0
        assert "stopped after 2 requests" in stdout


def test_rate_limit_option_is_enforced_with_headers() -> None:
    with running("--rate-limit", "1/60000", "--token", "other") as (process, url):
        with AssociationsClient(access_token="other", base_url=url, max_retries=0) as client:
            first = client.with_raw_response.batch_create("contacts", "companies", inputs=[])
            assert (first.rate_limit.max, first.rate_limit.remaining) == (1, 0)
        # A second client knows nothing of the window yet, so the server itself must refuse.
        with AssociationsClient(access_token="other", base_url=url, max_retries=0) as client:
            with pytest.raises(RateLimitError):
                client.batch_create("contacts", "companies", inputs=[])
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
        assert process.returncode == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--fault", "teapot"], "unknown fault 'teapot'"),
        (["--rate-limit", "ten"], "expected N/MS"),
        (["--port", "70000"], "a port is 0 to 65535"),
    ],
)
def test_bad_options_are_one_line_errors(options: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.simulator", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_in_use_is_reported() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "tests.simulator", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
