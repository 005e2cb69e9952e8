"""API reads of debriefs and check-in locations are audited; where is for duty of care only."""

from __future__ import annotations

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.care.services import check_in
from sojourn.testing import builders


@pytest.fixture
def abroad(cast, now):
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Lyon visit", purpose="conference"),
    )
    assert trip.starts_on is not None
    check_in(
        trip,
        actor=cast.traveller,
        status="ok",
        now=builders.at(trip.starts_on, 12),
        country="FR",
        city="Lyon-Part-Dieu",
    )
    return trip


def reads(action: str):
    return list(AuditEvent.objects.filter(action=action).values_list("actor_label", flat=True))


def test_api_reads_of_a_trip_audit_its_debrief_and_locations(cast, now, api_for, api_clock):
    trip = builders.debriefed(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Berlin", days=4),
        summary="Two talks, one lab visit.",
    )
    api_for(cast.officer).get(f"trips/{trip.pk}")
    api_for(cast.auditor).get(f"trips/{trip.pk}/debrief")
    api_for(cast.traveller).get(f"trips/{trip.pk}")
    assert sorted(reads("debrief.read")) == ["auditor", "officer"]


def test_api_check_in_list_hides_where_from_the_auditor_and_audits_the_officer(
    cast, abroad, api_for, api_clock
):
    seen = api_for(cast.officer).get(f"trips/{abroad.pk}/checkins").json["items"]
    hidden = api_for(cast.auditor).get(f"trips/{abroad.pk}/checkins").json["items"]
    assert seen[0]["city"] == "Lyon-Part-Dieu"
    assert hidden[0]["city"] is None
    assert reads("locations.read") == ["officer"]


def test_api_reading_a_need_help_notification_is_a_location_read(cast, now, api_for, api_clock):
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    check_in(
        trip,
        actor=cast.traveller,
        status="need_help",
        now=builders.at(trip.starts_on, 12),
        country="FR",
        city="Lyon-Part-Dieu",
        note="At the station",
    )

    items = api_for(cast.officer).get("notifications").json["items"]

    assert any("Lyon-Part-Dieu" in item["body"] for item in items)
    assert list(
        AuditEvent.objects.filter(action="locations.read").values_list(
            "actor_label", "object_id", "data__via"
        )
    ) == [("officer", str(trip.pk), "api")]
