"""Check-ins, deviations and escalations raised by what the traveller reports."""

from __future__ import annotations

import datetime

import pytest

from sojourn.care.errors import EscalationClosed
from sojourn.care.models import Escalation
from sojourn.care.services import DeviationInput, check_in, close_escalation, report_deviation
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.errors import InvalidInput, NotAllowed
from sojourn.trips.models import Trip, TripStatus

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def abroad(cast, now) -> Trip:
    """Reported ten days ahead, in time; leaving now."""
    trip = builders.approved(
        cast.traveller,
        now - 10 * DAY,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(starts_in_days=10, days=6),
    )
    return services.depart(trip, actor=None, now=now)


def test_a_check_in_restarts_the_clock(cast, now, abroad):
    assert abroad.checkin_due_at == now + 24 * HOUR

    check_in(abroad, actor=cast.traveller, status="ok", now=now + 20 * HOUR, country="DE")

    abroad.refresh_from_db()
    assert abroad.checkin_due_at == now + 44 * HOUR


def test_need_help_alerts_officers_and_oversight_at_once(cast, now, abroad):
    check_in(
        abroad,
        actor=cast.traveller,
        status="need_help",
        now=now + 30 * HOUR,
        country="DE",
        city="Berlin",
        note="Stopped at the airport.",
    )

    escalation = Escalation.objects.get(trip=abroad)
    assert (escalation.kind, escalation.urgent) == ("need_help", True)
    told = Notification.objects.filter(kind="escalation.need_help", channel="in_app")
    assert {n.recipient.username for n in told} == {"officer", "oversight"}
    assert all(n.urgent for n in told)
    assert "Stopped at the airport." in told[0].body
    # The place is kept as its parts, so each reader gets the country's name in their language.
    params = told[0].params or {}
    assert (params["city"], params["country"]) == ("Berlin", "DE")
    assert "place" not in params
    assert "Checked in from Berlin, Germany at" in told[0].body

    check_in(abroad, actor=cast.traveller, status="ok", now=now + 40 * HOUR, country="DE")
    escalation.refresh_from_db()
    assert escalation.resolution == "checked in safe"


def test_a_check_in_off_the_itinerary_raises_a_finding(cast, now, abroad):
    check_in(
        abroad, actor=cast.traveller, status="ok", now=now + 30 * HOUR, country="PL", city="Warsaw"
    )

    escalation = Escalation.objects.get(trip=abroad)
    assert escalation.kind == "off_itinerary"
    assert escalation.data["country"] == "PL"
    assert Notification.objects.filter(
        kind="escalation.off_itinerary", recipient=cast.officer
    ).exists()


def test_a_deviation_that_makes_the_trip_stricter_reopens_it(cast, now, abroad):
    """GIVEN a traveller abroad WHEN they report a side trip to a country where an advisory
    prohibits travel THEN the leg joins the itinerary, the trip needs approval again and the
    officer is alerted."""
    from sojourn.directives.services import issue_advisory

    issue_advisory(
        actor=cast.oversight,
        destinations=["BY"],
        starts_on=now.date(),
        ends_on=now.date() + 30 * DAY,
        effect="prohibit",
        text="Belarus closed.",
        now=now,
    )

    deviation = report_deviation(
        abroad,
        actor=cast.traveller,
        now=now + 2 * DAY,
        data=DeviationInput(
            country="BY",
            city="Minsk",
            starts_on=now.date() + 3 * DAY,
            ends_on=now.date() + 4 * DAY,
            reason="Partner moved the meeting.",
        ),
    )

    trip = Trip.objects.get(pk=abroad.pk)
    assert deviation.assessment is not None
    assert deviation.assessment["route"] == "deny"
    assert (trip.status, trip.needs_reapproval) == (TripStatus.IN_PROGRESS, True)
    assert "BY" in trip.countries()
    assert Escalation.objects.get(trip=trip).kind == "deviation"


def test_a_harmless_deviation_only_extends_the_itinerary(cast, now, abroad):
    version = abroad.version

    report_deviation(
        abroad,
        actor=cast.traveller,
        now=now + 2 * DAY,
        data=DeviationInput(
            country="AT",
            city="Vienna",
            starts_on=now.date() + 6 * DAY,
            ends_on=now.date() + 9 * DAY,
            reason="One more meeting.",
        ),
    )

    trip = Trip.objects.get(pk=abroad.pk)
    assert (trip.needs_reapproval, trip.version) == (False, version + 1)
    assert trip.ends_on == now.date() + 9 * DAY
    assert not Escalation.objects.exists()


def test_a_bad_deviation_names_each_field(cast, now, abroad):
    with pytest.raises(InvalidInput) as refused:
        report_deviation(
            abroad,
            actor=cast.traveller,
            now=now,
            data=DeviationInput(
                country="ZZ", starts_on=now.date(), ends_on=now.date() - DAY, reason=""
            ),
        )

    assert set(refused.value.errors) == {"country", "ends_on", "reason"}


def test_only_the_traveller_reports_a_deviation(cast, now, abroad):
    data = DeviationInput(country="AT", starts_on=now.date(), ends_on=now.date(), reason="x")

    with pytest.raises(NotAllowed):
        report_deviation(abroad, actor=cast.officer, now=now, data=data)


def test_the_officer_closes_an_escalation_with_a_note(cast, now, abroad):
    check_in(abroad, actor=cast.traveller, status="need_help", now=now + 30 * HOUR)
    escalation = Escalation.objects.get(trip=abroad)

    with pytest.raises(NotAllowed):
        close_escalation(escalation, actor=cast.other_officer, note="x", now=now)
    with pytest.raises(InvalidInput):
        close_escalation(escalation, actor=cast.officer, note=" ", now=now)
    closed = close_escalation(
        escalation, actor=cast.officer, note="Called; all fine.", now=now + 31 * HOUR
    )

    assert (closed.resolution, closed.resolved_by) == ("Called; all fine.", cast.officer)
    with pytest.raises(EscalationClosed) as refused:
        close_escalation(closed, actor=cast.officer, note="again", now=now)
    assert refused.value.message == "This escalation is already closed."


def test_the_briefing_is_acknowledged_once_by_the_traveller(cast, now):
    from sojourn.people.models import Position

    ceo = builders.traveller("ceo", organisation=cast.robo, position=Position.EXECUTIVE)
    trip = builders.draft(ceo, now, builders.Itinerary(country="US", starts_in_days=40))
    trip = services.submit(trip, actor=ceo, now=now)  # restricted: a briefing is required
    assert trip.assessment is not None
    assert trip.assessment["briefing_required"] is True

    with pytest.raises(NotAllowed):
        services.acknowledge_briefing(trip, actor=cast.traveller, now=now)
    trip = services.acknowledge_briefing(trip, actor=ceo, now=now)

    assert trip.briefing_acknowledged_at == now
