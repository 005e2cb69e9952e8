"""The audit page's Verify button checks what `sojourn audit verify --records` checks: the chain,
the trail against every anchor published outside the database, and every audited record against
its last audited write; each finding is named on the page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client

from sojourn.audit.anchors import publish_due
from sojourn.audit.models import AuditChainHead, AuditEvent
from sojourn.audit.services import chain_head
from sojourn.audit.tests import tampering
from sojourn.care.models import CheckIn
from sojourn.care.services import check_in
from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips.models import Trip

VERIFY = "/audit/verify/"


@pytest.fixture
def trip(client: Client, cast: Cast, now: datetime.datetime) -> Trip:
    """GIVEN a trip under way with one check-in from Berlin, all through the services, and an
    auditor signed in (which is audited too)."""
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    check_in(
        trip, actor=cast.traveller, status="ok", now=builders.at(trip.starts_on, 12), city="Mitte"
    )
    client.force_login(cast.auditor)
    return trip


def verify(client: Client, language: str = "en") -> str:
    response = client.post(VERIFY, headers={"HX-Request": "true", "Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_a_clean_trail_says_so(client: Client, cast: Cast, trip: Trip, now: datetime.datetime):
    publish_due(now)
    count = AuditEvent.objects.count()

    content = verify(client)

    assert "The chain is intact." in content
    assert f"{count} events checked." in content
    assert "The published anchor holds." in content
    assert "Every audited record is as its last audited write left it." in content
    assert "ov-verify--bad" not in content


def test_a_clean_trail_says_so_in_chinese(client: Client, cast: Cast, trip: Trip):
    content = verify(client, "zh-hans")

    assert "尚未发布任何锚点。" in content
    assert "每条受审计的记录都与其最后一次受审计写入时一致。" in content


def test_a_row_edited_by_sql_is_named(client: Client, cast: Cast, trip: Trip):
    """GIVEN a check-in's city changed by SQL, past Sojourn WHEN an auditor presses Verify THEN
    the check-in is named, with a link to its events in the log."""
    checkin = CheckIn.objects.get(trip=trip)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE care_checkin SET status = %s WHERE id = %s", ["need_help", checkin.pk]
        )

    content = verify(client)

    assert "The chain is intact." in content
    assert "Audited records were changed, deleted or inserted outside Sojourn:" in content
    assert f"<code>care.checkin:{checkin.pk}</code></a>" in content
    assert "changed since its last audited write" in content
    assert f"?object_type=care.checkin&amp;object_id={checkin.pk}" in content
    assert "已被改动、删除或插入" in verify(client, "zh-hans")


def test_a_truncated_trail_names_the_anchor_it_breaks(
    client: Client, cast: Cast, trip: Trip, now: datetime.datetime
):
    """GIVEN a published head WHEN the newest events are deleted by SQL (and the head row set
    back to match, so the chain itself links up) THEN the page names the anchor and the cut."""
    publish_due(now)
    published = chain_head().seq
    for event in AuditEvent.objects.filter(seq__gt=published - 2):
        tampering.delete_event(event.pk)
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    AuditChainHead.objects.filter(id=1).update(seq=last.seq, last_hash=last.hash)

    content = verify(client)

    assert "The chain is intact." in content
    assert (
        f"The anchor published at {now.isoformat()} says the trail reached event {published}, "
        f"but it now ends at event {last.seq}: its newest events were removed."
    ) in content
    assert "最新的事件已被删除" in verify(client, "zh-hans")
