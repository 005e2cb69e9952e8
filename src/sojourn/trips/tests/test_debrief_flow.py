"""Travel, return and the debrief: filed by the traveller, accepted or sent back by the officer."""

from __future__ import annotations

import datetime

import pytest

from sojourn.debriefs import filing
from sojourn.debriefs.models import Debrief
from sojourn.debriefs.services import IncidentInput, MeetingHeld, save_draft
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.errors import InvalidInput, NotAllowed
from sojourn.trips.models import TripStatus

DAY = datetime.timedelta(days=1)


def test_returning_sets_the_debrief_deadline_from_the_assessment(cast, now):
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])

    trip = services.return_home(trip, actor=cast.traveller, now=now + 36 * DAY)

    assert trip.status == TripStatus.RETURNED
    assert trip.ends_on is not None
    assert trip.debrief_due == trip.ends_on + 10 * DAY
    assert Notification.objects.filter(kind="debrief.due", recipient=cast.traveller).exists()


def test_a_debrief_without_a_summary_cannot_be_filed(cast, now):
    trip = builders.returned(cast.traveller, now, reviewers=[cast.officer])

    with pytest.raises(InvalidInput) as refused:
        filing.submit_debrief(trip, actor=cast.traveller, now=now + 37 * DAY)

    assert "summary" in refused.value.errors


def test_the_full_debrief_is_kept_and_the_officer_is_told(cast, now):
    trip = builders.returned(cast.traveller, now, reviewers=[cast.officer])
    save_draft(
        trip,
        actor=cast.traveller,
        now=now + 37 * DAY,
        summary="Keynote and two meetings.",
        meetings=[
            MeetingHeld(
                counterpart="Dr. Weber",
                organisation="TU Berlin",
                country="DE",
                topics="grasping",
                sensitive_topics=True,
                future_contact_requested=True,
            )
        ],
        incidents=[
            IncidentInput(
                kind="device_inspection", description="Laptop searched at FRA.", country="DE"
            )
        ],
    )

    trip = filing.submit_debrief(trip, actor=cast.traveller, now=now + 37 * DAY)

    debrief = Debrief.objects.get(trip=trip)
    assert (trip.status, debrief.status) == (TripStatus.DEBRIEFED, "submitted")
    assert debrief.meetings.get().sensitive_topics is True
    assert debrief.incidents.get().kind == "device_inspection"
    assert Notification.objects.filter(kind="debrief.submitted", recipient=cast.officer).exists()


def test_asking_for_more_sends_it_back_and_a_second_filing_closes_it(cast, now):
    """GIVEN a filed debrief WHEN the officer asks for more THEN the trip is returned and the
    debrief editable; WHEN the traveller re-files and the officer accepts THEN the trip closes."""
    trip = builders.debriefed(cast.traveller, now, reviewers=[cast.officer])

    trip = filing.review_debrief(
        trip,
        actor=cast.officer,
        decision="request_info",
        comment="Who else attended?",
        now=now + 38 * DAY,
    )
    assert trip.status == TripStatus.RETURNED
    assert Debrief.objects.get(trip=trip).status == "info_requested"

    save_draft(trip, actor=cast.traveller, now=now + 39 * DAY, summary="Also met Prof. Lang.")
    trip = filing.submit_debrief(trip, actor=cast.traveller, now=now + 39 * DAY)
    trip = filing.review_debrief(trip, actor=cast.officer, decision="accept", now=now + 40 * DAY)

    assert trip.status == TripStatus.CLOSED
    assert trip.closed_at == now + 40 * DAY
    assert Debrief.objects.get(trip=trip).status == "accepted"


def test_asking_for_more_needs_a_comment(cast, now):
    trip = builders.debriefed(cast.traveller, now, reviewers=[cast.officer])

    with pytest.raises(InvalidInput):
        filing.review_debrief(trip, actor=cast.officer, decision="request_info", now=now)


@pytest.mark.parametrize("who", ["traveller", "colleague", "other_officer", "auditor"])
def test_only_the_officer_or_oversight_reviews_a_debrief(cast, now, who):
    trip = builders.debriefed(cast.traveller, now, reviewers=[cast.officer])

    with pytest.raises(NotAllowed):
        filing.review_debrief(trip, actor=getattr(cast, who), decision="accept", now=now)


def test_only_the_traveller_departs_or_returns_besides_the_system(cast, now):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    with pytest.raises(NotAllowed):
        services.depart(trip, actor=cast.officer, now=now)
