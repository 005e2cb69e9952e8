"""Reads of debriefs and of check-in locations are audit events; locations are shown to the
duty-of-care roles only (the traveller, their organisation's officers, oversight)."""

from __future__ import annotations

import pytest
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.care.services import check_in
from sojourn.testing import builders


@pytest.fixture
def abroad(cast, now):
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Lyon visit"),
    )
    assert trip.starts_on is not None
    check_in(
        trip,
        actor=cast.traveller,
        status="ok",
        now=builders.at(trip.starts_on, 12),
        country="FR",
        city="Lyon-Part-Dieu",
        note="Hotel near the station",
    )
    return trip


def page_as(user, path: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def reads(action: str):
    return list(AuditEvent.objects.filter(action=action).values_list("actor_label", flat=True))


@pytest.mark.parametrize("who", ["officer", "oversight"])
def test_duty_of_care_roles_see_where_and_their_look_is_audited(cast, abroad, who):
    content = page_as(getattr(cast, who), f"/trips/{abroad.pk}/")
    assert "Lyon-Part-Dieu" in content
    assert "Hotel near the station" in content
    assert reads("locations.read") == [who]


def test_the_auditor_sees_the_check_ins_but_not_where(cast, abroad):
    content = page_as(cast.auditor, f"/trips/{abroad.pk}/")
    assert "Check-ins" in content
    assert "Lyon-Part-Dieu" not in content
    assert "Hotel near the station" not in content
    assert reads("locations.read") == []


def test_the_traveller_reading_their_own_trip_leaves_no_read_event(cast, abroad):
    assert "Lyon-Part-Dieu" in page_as(cast.traveller, f"/trips/{abroad.pk}/")
    assert reads("locations.read") == []


@pytest.mark.parametrize("who", ["officer", "oversight", "auditor"])
def test_reading_a_debrief_in_the_console_is_audited(cast, now, who):
    trip = builders.debriefed(
        cast.traveller, now, reviewers=[cast.officer], summary="Two talks, one lab visit."
    )
    content = page_as(getattr(cast, who), f"/debriefs/{trip.pk}/")
    assert "Two talks, one lab visit." in content
    assert reads("debrief.read") == [who]
