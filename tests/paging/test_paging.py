"""Auto-pagination over real HTTP: HubSpot's v4 association lists against the simulator
(cursor in ``paging.next.after``), and a widget API paged by a ``Link`` header, a next-page
URI in the body, offset and total, and a shape only the ``x-apiwright`` extension declares."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hubspot_associations import AssociationsClient, PublicAssociation, PublicObjectId

from tests.conftest import TOKEN
from tests.generality.harness import generate, write_spec
from tests.paging.conftest import SPECS
from tests.paging.server import WidgetServer
from tests.simulator import Fault, HubSpotSimulator, RateLimit


def _associate(simulator: HubSpotSimulator, count: int) -> None:
    """``count`` companies associated with contact 53628, created through the v3 client."""
    with AssociationsClient(access_token=TOKEN, base_url=simulator.base_url) as client:
        outcome = client.batch_create_all(
            "contacts",
            "companies",
            inputs=(
                PublicAssociation(
                    from_=PublicObjectId(id="53628"),
                    to=PublicObjectId(id=str(1000 + n)),
                    type="contact_to_company",
                )
                for n in range(count)
            ),
        )
    assert outcome.ok and len(outcome.results) == count


def _v4(v4: ModuleType, simulator: HubSpotSimulator, **options: Any) -> Any:
    return v4.AssociationsV4Client(access_token=TOKEN, base_url=simulator.base_url, **options)


def _list_requests(simulator: HubSpotSimulator) -> list[Any]:
    return [r for r in simulator.requests if r.method == "GET"]


def test_only_the_paged_operation_gets_a_twin(v4: ModuleType) -> None:
    client = v4.AssociationsV4Client(access_token=TOKEN)
    assert hasattr(client.basic, "get_page_all")
    assert not hasattr(client.definitions, "get_all_labels_all")


def test_every_association_is_listed_lazily_one_page_at_a_time(
    v4: ModuleType, simulator: HubSpotSimulator
) -> None:
    _associate(simulator, 25)
    simulator.clear_requests()
    with _v4(v4, simulator) as client:
        pager = client.basic.get_page_all("contacts", "53628", "companies", limit=10)
        assert not _list_requests(simulator)  # nothing sent before the first item is read
        iterator = iter(pager)
        first = next(iterator)
        assert len(_list_requests(simulator)) == 1
        rest = list(iterator)
    ids = [first.to_object_id, *(item.to_object_id for item in rest)]
    assert ids == list(range(1000, 1025))
    cursors = [r.query.get("after") for r in _list_requests(simulator)]
    assert cursors[0] is None and len(cursors) == 3 and None not in cursors[1:]
    assert pager.cursor is None and pager.pages == 3


def test_an_interrupted_walk_resumes_from_its_cursor(
    v4: ModuleType, simulator: HubSpotSimulator
) -> None:
    _associate(simulator, 25)
    with _v4(v4, simulator) as client:
        pager = client.basic.get_page_all("contacts", "53628", "companies", limit=10)
        read = [item.to_object_id for item in itertools.islice(pager, 12)]
        resumed = client.basic.get_page_all(
            "contacts", "53628", "companies", limit=10, after=pager.cursor
        )
        rest = [item.to_object_id for item in resumed]
    assert read == list(range(1000, 1012))
    # The last item read came from the second page: the walk resumes there, and hands
    # out its first two items again rather than skip any.
    assert rest == list(range(1010, 1025))


def test_pages_go_through_the_retries_and_the_rate_governor(
    v4: ModuleType, simulator: HubSpotSimulator
) -> None:
    _associate(simulator, 25)
    simulator.clear_requests()
    simulator.rate_limit = RateLimit(max_requests=4, interval_ms=400)
    simulator.script(Fault.status(503))
    with _v4(v4, simulator) as client:
        started = time.monotonic()
        ids = [
            item.to_object_id
            for item in client.basic.get_page_all("contacts", "53628", "companies", limit=3)
        ]
        elapsed = time.monotonic() - started
    assert ids == list(range(1000, 1025))
    statuses = [r.response_status for r in _list_requests(simulator)]
    assert statuses == [503] + [200] * 9  # the 503 retried; no 429: paced instead
    assert elapsed >= 0.8  # 10 requests at 4 per 400 ms


def test_the_async_twin_iterates_with_async_for(
    v4: ModuleType, simulator: HubSpotSimulator
) -> None:
    _associate(simulator, 7)

    async def run() -> list[int]:
        async with v4.AsyncAssociationsV4Client(
            access_token=TOKEN, base_url=simulator.base_url
        ) as client:
            return [
                item.to_object_id
                async for item in client.basic.get_page_all(
                    "contacts", "53628", "companies", limit=2
                )
            ]

    assert asyncio.run(run()) == list(range(1000, 1007))
    assert len(_list_requests(simulator)) == 4


def _widgets(package: ModuleType, server: WidgetServer) -> Any:
    return package.WidgetsClient(access_token="widget-token", base_url=server.url)


def test_a_link_header_is_followed_with_the_credentials_on_the_same_origin(
    widgets_package: ModuleType, widgets: WidgetServer
) -> None:
    with _widgets(widgets_package, widgets) as client:
        names = [w.name for w in client.list_widgets_all(per_page=10)]
    assert names == [f"widget {n}" for n in range(23)]
    assert [r.query.get("page") for r in widgets.requests] == [None, "2", "3"]
    assert {r.authorization for r in widgets.requests} == {"Bearer widget-token"}


def test_a_next_page_on_another_origin_is_refused_before_anything_is_sent(
    widgets_package: ModuleType, widgets: WidgetServer
) -> None:
    widgets.next_origin = widgets.url.replace("127.0.0.1", "localhost")
    with _widgets(widgets_package, widgets) as client:
        pager = client.list_widgets_all(per_page=10)
        with pytest.raises(widgets_package.APIResponseValidationError, match="another origin"):
            list(pager)
    assert len(widgets.requests) == 1


def test_a_next_page_uri_in_the_body_is_followed_and_resumable(
    widgets_package: ModuleType, widgets: WidgetServer
) -> None:
    with _widgets(widgets_package, widgets) as client:
        pager = client.list_widgets_by_uri_all(page_size=10)
        first = [w.id for w in itertools.islice(pager, 15)]
        assert pager.cursor is not None
        resumed = client.list_widgets_by_uri_all(resume_from=str(pager.cursor))
        rest = [w.id for w in resumed]
        finished = client.list_widgets_by_uri_all(page_size=10)
        assert len(list(finished)) == 23 and finished.cursor is None
    assert first == list(range(15))
    assert rest == list(range(10, 23))
    resumed_from = widgets.requests[2]  # after the first walk's two pages
    assert resumed_from.query == {"Page": "1", "PageSize": "10", "PageToken": "PT1"}


def test_offset_pages_stop_at_the_total(widgets_package: ModuleType, widgets: WidgetServer) -> None:
    widgets.fail_next = [502]
    with _widgets(widgets_package, widgets) as client:
        ids = [w.id for w in client.list_widgets_by_offset_all(limit=10)]
    assert ids == list(range(23))
    # The 502 retried (the first page as the caller asked: no offset), then offsets 10 and
    # 20: none past the total.
    assert [r.query.get("offset") for r in widgets.requests] == [None, None, "10", "20"]


def test_a_shape_declared_by_the_extension_is_followed(
    widgets_package: ModuleType, widgets: WidgetServer
) -> None:
    with _widgets(widgets_package, widgets) as client:
        ids = [w.id for w in client.list_declared_all()]
    assert ids == list(range(23))
    assert [r.query.get("from") for r in widgets.requests] == [None, "10", "20"]


def test_the_async_twin_follows_links_too(
    widgets_package: ModuleType, widgets: WidgetServer
) -> None:
    async def run() -> list[int]:
        async with widgets_package.AsyncWidgetsClient(
            access_token="widget-token", base_url=widgets.url
        ) as client:
            return [w.id async for w in client.list_widgets_all(per_page=5)]

    assert asyncio.run(run()) == list(range(23))
    assert len(widgets.requests) == 5


def test_each_page_request_gets_the_calls_max_response_bytes(
    widgets_package: ModuleType, widgets: WidgetServer
) -> None:
    # The first page's body exactly: the second ("widget 10" onwards) is longer.
    first_page = len(json.dumps([{"id": n, "name": f"widget {n}"} for n in range(10)]))
    with _widgets(widgets_package, widgets) as client:
        pager = iter(client.list_widgets_all(per_page=10, max_response_bytes=first_page))
        assert [next(pager).id for _ in range(10)] == list(range(10))
        with pytest.raises(widgets_package.ResponseTooLargeError):
            next(pager)
        # Without the bound, the same walk reads every page.
        assert len(list(client.list_widgets_all(per_page=10))) == 23
    assert [r.query.get("page") for r in widgets.requests] == [None, "2", None, "2", "3"]


def test_each_page_request_gets_the_calls_deadline(
    widgets_package: ModuleType, widgets: WidgetServer
) -> None:
    with _widgets(widgets_package, widgets) as client:
        pager = iter(client.list_widgets_by_offset_all(limit=10, deadline=0.2))
        assert [next(pager).id for _ in range(10)] == list(range(10))
        # The second page fails once: its retry would wait at least 0.25 s, past the
        # deadline of its request, so it fails at once instead.
        widgets.fail_next = [503]
        with pytest.raises(widgets_package.APIDeadlineExceededError):
            next(pager)
        widgets.fail_next = [503]
        # Without a deadline the retry is made and the walk goes on.
        assert len(list(client.list_widgets_by_offset_all(limit=10))) == 23
    assert [r.query.get("offset") for r in widgets.requests] == [None, "10", None, None, "10", "20"]


def test_both_packages_pass_mypy_strict(
    v4: ModuleType, widgets_package: ModuleType, tmp_path: Path
) -> None:
    roots = [Path(v4.__file__).parent.parent, Path(widgets_package.__file__).parent.parent]
    usage = tmp_path / "paging_usage.py"
    usage.write_text(
        "from paging_widgets import WidgetsClient, Widget\n"
        "def names(client: WidgetsClient) -> list[str]:\n"
        "    return [w.name for w in client.list_widgets_all(per_page=5)]\n"
        "def first(client: WidgetsClient) -> Widget:\n"
        "    return next(iter(client.list_widgets_by_offset_all()))\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            "-p",
            "paging_v4",
            "-p",
            "paging_widgets",
            "-m",
            "paging_usage",
        ],
        env={**os.environ, "MYPYPATH": os.pathsep.join(map(str, [*roots, tmp_path]))},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("extension", "message"),
    [
        ("{style: pages}", "style must be one of"),
        ("{style: cursor, cursorParam: from}", "needs nextCursor"),
        ("{style: link, itemz: data}", "unknown key 'itemz'"),
        (
            "{style: cursor, cursorParam: nope, nextCursor: meta.continue_from}",
            "no query parameter",
        ),
        ("[cursor]", "must be false or a mapping"),
    ],
)
def test_a_malformed_extension_is_a_located_error(
    tmp_path: Path, extension: str, message: str
) -> None:
    text = (SPECS / "widgets.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "x-apiwright-pagination: {style: cursor, cursorParam: from, "
        "nextCursor: meta.continue_from, items: data}",
        f"x-apiwright-pagination: {extension}",
    )
    spec = write_spec(tmp_path, text, "widgets.yaml")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            str(spec),
            "--output",
            str(tmp_path / "out"),
            "--package",
            "bad_paging",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert run.returncode == 2, run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert message in line and "widgets.yaml:" in line and "x-apiwright-pagination" in line
    assert not (tmp_path / "out").exists()


def test_false_turns_detection_off(tmp_path: Path) -> None:
    text = (SPECS / "widgets.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      operationId: listWidgets\n",
        "      operationId: listWidgets\n      x-apiwright-pagination: false\n",
    )
    generated = generate(write_spec(tmp_path / "spec", text), tmp_path / "out", "paging_off")
    client = generated.import_package().WidgetsClient(access_token="t")
    assert not hasattr(client, "list_widgets_all")
    assert hasattr(client, "list_widgets_by_offset_all")


def test_both_packages_pass_their_own_ruff_configuration(
    v4: ModuleType, widgets_package: ModuleType
) -> None:
    for package in (v4, widgets_package):
        root = Path(package.__file__).parent.parent
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ruff",
                "check",
                "--no-cache",
                "--config",
                str(root / "pyproject.toml"),
                str(root),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout
