"""The caller's in-app notifications: listed newest first (unread ones on request), marked read
once; nobody reads anyone else's."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.conftest import Cast
from sojourn.notify.models import Channel, Notification
from sojourn.notify.services import notify

MINUTE = datetime.timedelta(minutes=1)
CAST = ["traveller", "colleague", "officer", "other_officer", "oversight", "auditor"]


def tell(
    user: User, now: datetime.datetime, subject: str = "Your trip is approved"
) -> Notification:
    """One in-app row (and, the user having an address, one email row); the in-app one back."""
    params = {"title": subject, "actor": "Officer", "reason": "Body."}
    rows = notify([user], kind="trip.cancelled", params=params, now=now)
    return next(row for row in rows if row.channel == Channel.IN_APP)


@pytest.fixture
def approved_note(cast: Cast, now: datetime.datetime) -> Notification:
    return tell(cast.traveller, now)


def test_the_list_is_the_callers_inbox_newest_first(cast, api_for, api_clock, now):
    older = tell(cast.traveller, now - MINUTE, "Older")
    newer = tell(cast.traveller, now, "Newer")
    tell(cast.colleague, now, "Not yours")

    answer = api_for(cast.traveller).get("notifications")

    assert answer.status == 200
    items = answer.json["items"]
    assert [item["id"] for item in items] == [newer.pk, older.pk]
    assert items[0]["subject"] == "Trip cancelled: Newer"
    assert items[0]["kind"] == "trip.cancelled"
    assert items[0]["read_at"] is None
    assert Notification.objects.filter(recipient=cast.traveller).count() == 4  # email rows too


@pytest.mark.parametrize("who", CAST)
def test_nobody_lists_or_reads_anyone_elses(cast, api_for, api_clock, approved_note, who):
    client = api_for(getattr(cast, who))
    listed = client.get("notifications").json["items"]
    marked = client.post(f"notifications/{approved_note.pk}/read")
    if who == "traveller":
        assert [item["id"] for item in listed] == [approved_note.pk]
        assert marked.status == 200
    else:
        assert listed == []
        assert marked.status == 404
        assert "approved" not in marked.raw.decode()
        approved_note.refresh_from_db()
        assert approved_note.read_at is None


def test_marking_read_records_the_first_reading_only(cast, api_for, api_clock, approved_note, now):
    """GIVEN an unread notification WHEN it is marked read, then marked again an hour later
    THEN both answers say it was read at the first time: marking again changes nothing."""
    client = api_for(cast.traveller)
    first = client.post(f"notifications/{approved_note.pk}/read")
    api_clock(now + 60 * MINUTE)
    again = client.post(f"notifications/{approved_note.pk}/read")

    assert (first.status, again.status) == (200, 200)
    assert first.json["read_at"] == again.json["read_at"] == now.isoformat().replace("+00:00", "Z")
    approved_note.refresh_from_db()
    assert approved_note.read_at == now


def test_the_unread_filter(cast, api_for, api_clock, now):
    read = tell(cast.traveller, now - MINUTE, "Read")
    unread = tell(cast.traveller, now, "Unread")
    client = api_for(cast.traveller)
    client.post(f"notifications/{read.pk}/read")

    assert [i["id"] for i in client.get("notifications", unread="true").json["items"]] == [
        unread.pk
    ]
    assert [i["id"] for i in client.get("notifications", unread="false").json["items"]] == [read.pk]
    refused = client.get("notifications", unread="perhaps")
    assert refused.status == 422
    assert "unread" in refused.problem_fields


def test_an_email_row_or_a_missing_one_is_a_404(cast, api_for, api_clock, approved_note):
    email = Notification.objects.get(recipient=cast.traveller, channel=Channel.EMAIL)
    client = api_for(cast.traveller)
    assert client.post(f"notifications/{email.pk}/read").status == 404
    assert client.post("notifications/999999/read").status == 404


def test_reading_needs_a_token_and_marking_a_write_token(cast, api_for, api_clock, approved_note):
    assert api_for(None).get("notifications").status == 401
    assert api_for(None).post(f"notifications/{approved_note.pk}/read").status == 401
    read_only = api_for(cast.traveller, scope="read")
    assert read_only.get("notifications").status == 200
    assert read_only.post(f"notifications/{approved_note.pk}/read").status == 403


def test_pages_follow_one_another_without_repeats(cast, api_for, api_clock, now):
    made = [tell(cast.traveller, now + i * MINUTE, f"Note {i}") for i in range(5)]
    client = api_for(cast.traveller)
    seen: list[int] = []
    page = client.get("notifications", limit=2).json
    while True:
        seen.extend(item["id"] for item in page["items"])
        if not page["next"]:
            break
        page = client.get("notifications", limit=2, cursor=page["next"]).json
    assert seen == [note.pk for note in reversed(made)]
    assert client.get("notifications", cursor="not-a-cursor").status == 422


def test_a_list_page_costs_the_same_queries_however_long(
    cast, api_for, api_clock, now, django_assert_max_num_queries
):
    client = api_for(cast.traveller)
    tell(cast.traveller, now)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("notifications").json["items"]) == 1
    for i in range(10):
        tell(cast.traveller, now, f"Note {i}")
    with django_assert_max_num_queries(len(one)):
        assert len(client.get("notifications").json["items"]) == 11
