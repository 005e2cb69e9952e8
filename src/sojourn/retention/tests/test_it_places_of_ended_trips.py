"""Every place a trip kept is reduced to its country once the trip has been over for the period:
its deviations' cities and reasons and its legs' cities as well as its check-ins', and in every
state a trip ends in (cancelled, withdrawn, denied), not only closed."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from sojourn.audit.models import AuditEvent
from sojourn.audit.record_check import verify_records
from sojourn.care.models import CheckIn, Deviation
from sojourn.care.services import DeviationInput, check_in, report_deviation
from sojourn.retention.job import run
from sojourn.retention.models import Purge, TripPurge
from sojourn.retention.tests.conftest import CITY, DAY, NOTE
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.edges import ENDED
from sojourn.trips.models import Leg, Trip, TripStatus

DETOUR, WHY = "Potsdam", "The host moved the workshop to Potsdam."


@pytest.fixture(autouse=True)
def _period(settings) -> None:
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90


@pytest.fixture
def detoured(cast, now) -> Trip:
    """Under way, a deviation to Potsdam reported on its first day, then closed."""
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    report_deviation(
        trip,
        actor=cast.traveller,
        now=builders.at(trip.starts_on, 12),
        data=DeviationInput("DE", trip.starts_on, trip.starts_on, WHY, city=DETOUR),
    )
    return builders.close(trip, accepted_by=cast.officer)


def deviations(trip: Trip) -> list[tuple[str, str, str]]:
    return list(Deviation.objects.filter(trip=trip).values_list("country", "city", "reason"))


def leg_cities(trip: Trip) -> set[str]:
    return set(Leg.objects.filter(trip=trip).values_list("city", flat=True))


def test_before_the_period_a_deviation_keeps_its_city_and_reason(detoured):
    assert detoured.closed_at is not None
    run(detoured.closed_at + 89 * DAY, apply=True)

    assert deviations(detoured) == [("DE", DETOUR, WHY)]
    assert DETOUR in leg_cities(detoured)


def test_after_the_period_a_deviation_and_the_legs_keep_only_their_country(cast, detoured):
    assert detoured.closed_at is not None
    moment = detoured.closed_at + 91 * DAY

    run(moment, apply=True)

    assert deviations(detoured) == [("DE", "", "")]
    assert leg_cities(detoured) == {""}
    assert set(Leg.objects.filter(trip=detoured).values_list("country", flat=True)) == {"DE"}
    places = Purge.objects.filter(
        organisation=cast.lab, at=moment, what__in=["deviation_locations", "leg_cities"]
    )
    assert {p.what: p.count for p in places} == {"deviation_locations": 1, "leg_cities": 2}


def test_a_reduced_deviation_is_vouched_for_not_taken_for_an_edit(detoured):
    assert detoured.closed_at is not None
    run(detoured.closed_at + 91 * DAY, apply=True)

    [deviation] = Deviation.objects.filter(trip=detoured)
    [event] = AuditEvent.objects.filter(action="deviation.location_reduced")
    assert (event.object_id, event.data) == (str(deviation.pk), {})
    assert f"care.deviation:{deviation.pk}" not in verify_records().changed
    assert DETOUR not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_a_trip_whose_legs_lost_their_cities_is_vouched_for(detoured):
    """Legs are part of their trip's audited record: the purge vouches for the trip it left."""
    assert detoured.closed_at is not None
    run(detoured.closed_at + 91 * DAY, apply=True)

    [event] = AuditEvent.objects.filter(action="trip.legs_reduced")
    assert (event.object_id, event.data) == (str(detoured.pk), {})
    report = verify_records()
    assert report.ok, report.changed


def test_trips_reduced_before_deviations_were_are_reduced_again(detoured):
    """The migration that added deviations and legs forgets how far earlier passes got."""
    assert detoured.closed_at is not None
    TripPurge.objects.create(trip=detoured, checkins_reduced_at=detoured.closed_at + 91 * DAY)
    migration = importlib.import_module(
        "sojourn.retention.migrations.0002_reduce_deviations_and_legs"
    )
    migration.reduce_again(apps, None)

    run(detoured.closed_at + 92 * DAY, apply=True)

    assert deviations(detoured) == [("DE", "", "")]


def test_the_states_a_trip_ends_in_are_every_state_no_transition_leaves():
    ended = {TripStatus.CLOSED, TripStatus.CANCELLED, TripStatus.WITHDRAWN, TripStatus.DENIED}
    assert set(ENDED) == ended


def end(trip: Trip, how: str, cast, moment: datetime.datetime) -> Trip:
    if how == "withdrawn":
        return services.withdraw(trip, actor=cast.traveller, now=moment, reason="Plans changed")
    if how == "cancelled":
        return services.cancel(trip, actor=cast.officer, now=moment, reason="Instruction")
    trip = builders.reopened(trip, moment)
    return services.decide(trip, actor=cast.officer, decision="deny", comment="No.", now=moment)


@pytest.mark.parametrize("how", ["cancelled", "withdrawn", "denied"])
def test_a_check_in_of_a_trip_that_ended_otherwise_keeps_only_its_country(cast, now, how):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    check_in(trip, actor=cast.traveller, status="ok", now=now, country="DE", city=CITY, note=NOTE)
    ended = end(trip, how, cast, now + DAY)
    assert ended.status == how

    run(now + DAY + 89 * DAY, apply=True)
    kept = list(CheckIn.objects.filter(trip=trip).values_list("country", "city", "note"))
    run(now + DAY + 91 * DAY, apply=True)

    assert kept == [("DE", CITY, NOTE)]
    assert list(CheckIn.objects.filter(trip=trip).values_list("country", "city", "note")) == [
        ("DE", "", "")
    ]
    assert leg_cities(trip) == {""}


def quoting(city: str) -> dict[str, object]:
    """A saved assessment whose finding quotes a leg, as the engine words a prohibited
    destination or an advisory in force (`sojourn.policy.findings`)."""
    leg = {"country": "DE", "city": city, "starts_on": "2026-04-01", "ends_on": "2026-04-01"}
    return {
        "tier": "reviewed",
        "findings": [
            {
                "code": "advisory_in_force",
                "message": f"An advisory covers Germany, {city} on 2026-04-01: review.",
                "params": {"legs": [leg]},
            }
        ],
    }


def test_the_saved_assessments_lose_the_cities_they_quoted(detoured):
    """The trip's and the deviation's assessments quote the itinerary they assessed: its cities
    go with the legs', in their facts and in their words."""
    assert detoured.closed_at is not None
    [city] = leg_cities(detoured) - {"", DETOUR}
    Trip.objects.filter(pk=detoured.pk).update(assessment=quoting(city))
    Deviation.objects.filter(trip=detoured).update(assessment=quoting(DETOUR))

    run(detoured.closed_at + 91 * DAY, apply=True)

    detoured.refresh_from_db()
    [deviation] = Deviation.objects.filter(trip=detoured)
    for saved in (detoured.assessment, deviation.assessment):
        assert saved is not None
        [finding] = saved["findings"]
        assert finding["message"] == "An advisory covers Germany on 2026-04-01: review."
        assert finding["params"]["legs"][0] == {
            "country": "DE",
            "city": "",
            "starts_on": "2026-04-01",
            "ends_on": "2026-04-01",
        }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Germany, Potsdam on 2026-03-05", "Germany on 2026-03-05"),
        ("德国，波茨坦 2026-03-05", "德国 2026-03-05"),
        ("Potsdamer Platz stays", "Potsdamer Platz stays"),
    ],
)
def test_a_city_is_taken_out_of_an_assessments_words(text, expected):
    from sojourn.retention.places import without_cities

    assert without_cities({"message": text, "city": "Potsdam"}, {"Potsdam", "波茨坦"}) == {
        "message": expected,
        "city": "",
    }
