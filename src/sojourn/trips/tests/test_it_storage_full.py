"""SQLite on a full disk (issue 15, §4): writes fail with a clear error, reads go on, and
writing works again once there is space, without a restart.

The disk is filled with SQLite's own `PRAGMA max_page_count`, set to the pages the database
has: every write that needs a new page then fails inside SQLite with SQLITE_FULL, the very
error a full filesystem gives, and raising the cap is space coming back. It needs no root, no
loop device and no filesystem of a fixed size, so it runs wherever the suite runs; what it does
not exercise is the operating system's ENOSPC path into SQLite, which SQLite reports as the
same SQLITE_FULL.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from sojourn.api.pagination import DEFAULT_LIMIT
from sojourn.api.tests.conftest import ApiClient
from sojourn.conftest import Cast
from sojourn.security.tokens import create_token
from sojourn.testing.bodies import trip_body
from sojourn.trips.models import Trip
from sojourn.trips.tests.test_it_web_trip_form import trip_post

pytestmark = pytest.mark.django_db(transaction=True)
UNCAPPED = 1073741823  # SQLite's default max_page_count


def pragma(sql: str) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.fixture
def full_disk(transactional_db: None) -> Iterator[None]:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's page cap stands in for a full disk")
    pragma(f"PRAGMA max_page_count = {pragma('PRAGMA page_count')}")
    yield
    pragma(f"PRAGMA max_page_count = {UNCAPPED}")


@pytest.fixture
def api(cast: Cast) -> ApiClient:
    user = cast.traveller
    return ApiClient(
        create_token(actor=user, user=user, name="t", scope="write", now=timezone.now()).secret
    )


def report_until_refused(api: ApiClient, now: datetime.datetime) -> Any:
    """Trips, one after another, until the database has no page left for one."""
    for _attempt in range(500):
        answer = api.post("trips", trip_body(now))
        if answer.status != 201:
            return answer
    raise AssertionError("500 trips fitted in a database capped at its size")


def test_the_api_refuses_writes_with_507_reads_go_on_and_writes_return(api, full_disk):
    answer = report_until_refused(api, timezone.now())
    assert answer.status == 507
    assert answer.content_type == "application/problem+json"
    assert "storage is full" in answer.json["detail"]
    kept = Trip.objects.count()

    listed = api.get("trips")
    assert listed.status == 200, listed.raw
    assert len(listed.json["items"]) == min(kept, DEFAULT_LIMIT)  # the list's first page
    assert Trip.objects.count() == kept

    pragma(f"PRAGMA max_page_count = {UNCAPPED}")
    assert api.post("trips", trip_body(timezone.now())).status == 201


def test_the_trip_form_keeps_what_was_typed_and_saves_once_there_is_space(api, cast, full_disk):
    client = Client()
    client.force_login(cast.traveller)
    now = timezone.now()
    report_until_refused(api, now)
    typed = trip_post(now, title="Typed while the disk was full")

    page = client.post("/trips/new/", typed)
    assert page.status_code == 507
    content = page.content.decode()
    assert "storage is full" in content
    assert 'value="Typed while the disk was full"' in content
    assert not Trip.objects.filter(title="Typed while the disk was full").exists()

    pragma(f"PRAGMA max_page_count = {UNCAPPED}")
    saved = client.post("/trips/new/", typed)
    assert saved.status_code == 302
    assert Trip.objects.filter(title="Typed while the disk was full").exists()
