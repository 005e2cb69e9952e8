"""The test kit reaches each state through the real services: the trail of audit events shows
every edge taken, and the same call builds the same trip."""

from __future__ import annotations

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.debriefs.models import Debrief, DebriefStatus
from sojourn.debriefs.services import MeetingHeld
from sojourn.people.models import Role
from sojourn.testing import builders
from sojourn.trips.models import TripStatus

EDGES = [
    "trip.created",
    "trip.submitted",
    "trip.approved",
    "trip.departed",
    "trip.returned",
    "trip.debrief_submitted",
    "trip.debrief_accepted",
]


def trail(trip) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="trips.trip", object_id=str(trip.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


@pytest.mark.parametrize(
    ("state", "status", "edges"),
    [
        ("submitted", TripStatus.SUBMITTED, 2),
        ("approved", TripStatus.APPROVED, 3),
        ("under_way", TripStatus.IN_PROGRESS, 4),
        ("returned", TripStatus.RETURNED, 5),
        ("debriefed", TripStatus.DEBRIEFED, 6),
    ],
)
def test_each_state_is_reached_through_its_edges(cast, now, state, status, edges):
    build = getattr(builders, state)
    reviewers = {} if state == "submitted" else {"reviewers": [cast.officer]}

    trip = build(cast.traveller, now, **reviewers)

    assert trip.status == status
    assert trail(trip) == EDGES[:edges]


def test_a_closed_trip_took_every_edge(cast, now):
    trip = builders.closed(cast.traveller, now, reviewers=[cast.officer], accepted_by=cast.officer)

    assert trip.status == TripStatus.CLOSED
    assert trail(trip) == EDGES


def test_a_draft_is_only_created(cast, now):
    trip = builders.draft(cast.traveller, now)

    assert trip.status == TripStatus.DRAFT
    assert trail(trip) == ["trip.created"]


def test_the_plan_decides_the_dates(cast, now):
    plan = builders.Itinerary(title="Tokyo", country="JP", city="Tokyo", starts_in_days=10, days=3)

    trip = builders.draft(cast.traveller, now, plan)

    assert (trip.title, trip.starts_on, trip.ends_on) == (
        "Tokyo",
        now.date() + 10 * builders.DAY,
        now.date() + 13 * builders.DAY,
    )


def test_a_debrief_files_the_meetings_held(cast, now):
    met = MeetingHeld(counterpart="Ms. Li", organisation="Fraunhofer", country="DE")

    trip = builders.debriefed(
        cast.traveller, now, reviewers=[cast.officer], summary="Met Ms. Li.", meetings=[met]
    )

    debrief = Debrief.objects.get(trip=trip)
    assert (debrief.summary, debrief.status) == ("Met Ms. Li.", DebriefStatus.SUBMITTED)
    assert [m.counterpart for m in debrief.meetings.all()] == ["Ms. Li"]


def test_a_trip_made_elsewhere_departs_and_comes_home_through_the_moments(cast, now):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    assert trip.ends_on is not None

    away = builders.departed(trip)
    home = builders.came_home(away, builders.at(trip.ends_on, 18))

    assert (away.status, away.departed_at) == (TripStatus.IN_PROGRESS, builders.at(trip.starts_on))
    assert (home.status, home.returned_at) == (TripStatus.RETURNED, builders.at(trip.ends_on, 18))
    assert trail(home)[-2:] == ["trip.departed", "trip.returned"]


def test_too_few_reviewers_for_the_chain_is_said_plainly(cast, now):
    with pytest.raises(ValueError, match="give a reviewer for every step"):
        builders.approved(cast.traveller, now, reviewers=[])


@pytest.mark.parametrize(
    ("build", "role"),
    [
        (builders.traveller, Role.TRAVELLER),
        (builders.officer, Role.OFFICER),
        (builders.oversight, Role.OVERSIGHT),
        (builders.auditor, Role.AUDITOR),
    ],
)
def test_people_of_each_role(cast, build, role):
    user = build("someone", organisation=cast.lab)

    assert user.person.role == role
    assert user.check_password(builders.PASSWORD)
