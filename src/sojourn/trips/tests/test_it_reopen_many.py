"""Reopening trips together (`bulk.reopen_many`, what a re-assessment does per chunk) leaves each
trip exactly as reopening it alone (`services.reopen`) does, at a cost that does not grow with
the number of trips."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.audit.models import AuditEvent
from sojourn.conftest import TEST_PACK
from sojourn.directives.models import PolicyVersion
from sojourn.notify.models import Notification
from sojourn.people.models import Person
from sojourn.people.today import today_of
from sojourn.policy import Assessment
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.assessing import assess
from sojourn.trips.models import Trip, TripStatus
from sojourn.trips.services import bulk

DAY = datetime.timedelta(days=1)
REASON = "Directive #7 (advisory): Germany needs oversight's approval too."
TRIP_FIELDS = (
    "status",
    "version",
    "review_round",
    "needs_reapproval",
    "assessment",
    "policy",
    "tier",
    "route",
    "risk_score",
    "report_by",
    "debrief_due",
    "checkin_hours",
    "updated_at",
)


def _stricter_pack() -> None:
    """Version 2 of the lab's pack: oversight approves after the officer."""
    PolicyVersion.objects.create(
        pack_id="lifecycle-test",
        version=2,
        title="Lifecycle test pack, two steps",
        source=TEST_PACK.read_text()
        .replace("version: 1", "version: 2")
        .replace("approvals: [org_security]", "approvals: [org_security, oversight]"),
        effective_from=datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC),
    )


def _stricter(trip: Trip, now: datetime.datetime) -> Assessment:
    assessment = assess(trip, today=today_of(trip.organisation, now))
    assert list(assessment.approvals) == ["org_security", "oversight"]
    return assessment


def _open_trips(cast, now: datetime.datetime) -> list[Trip]:
    """One trip in each state a reopening starts from."""
    return [
        builders.approved(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(title="Approved"),
        ),
        builders.submitted(cast.traveller, now, builders.Itinerary(title="Submitted")),
        builders.under_way(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(title="Under way"),
            departed_at=now + 31 * DAY,
            by_worker=True,
        ),
    ]


def _state(trip: Trip) -> dict[str, Any]:
    """Everything a reopening leaves behind for `trip`, without its id."""
    fresh = Trip.objects.get(pk=trip.pk)
    return {
        "trip": {name: getattr(fresh, name) for name in TRIP_FIELDS},
        "reviews": list(
            fresh.reviews.order_by("round", "position").values_list(
                "step", "round", "position", "decision", "reviewer_id", "created_at"
            )
        ),
        "audit": [
            (event.action, event.actor_label, event.at, event.data)
            for event in AuditEvent.objects.filter(
                object_type="trips.trip", object_id=str(trip.pk)
            ).order_by("seq")
        ],
        "notifications": sorted(
            Notification.objects.filter(trip=fresh).values_list(
                "recipient_id", "channel", "kind", "subject", "body", "urgent", "created_at",
                "sent_at",
            )
        ),
    }  # fmt: skip


def test_reopening_together_leaves_each_trip_as_reopening_it_alone(cast, now):
    """GIVEN two identical sets of trips (approved, submitted, under way) in an organisation
    with two officers, one reading Chinese, and a pack version that adds oversight's approval
    WHEN one set is reopened in one `reopen_many` and the other a trip at a time with `reopen`
    THEN each trip of the one ends exactly as its twin: status, round, reviews, assessment,
    audit events and notifications (same people, same text in each reader's language)."""
    Person.objects.filter(user=cast.officer).update(language="zh-hans")
    builders.officer("second_officer", organisation=cast.lab)
    together, alone = _open_trips(cast, now), _open_trips(cast, now)
    _stricter_pack()
    later = now + 32 * DAY

    reopened = bulk.reopen_many(
        [bulk.Reopening(trip.pk, _stricter(trip, later), REASON) for trip in together], now=later
    )
    for trip in alone:
        services.reopen(trip, assessment=_stricter(trip, later), reason=REASON, now=later)

    assert [trip.pk for trip in reopened] == [trip.pk for trip in together]
    for mine, twin in zip(together, alone, strict=True):
        assert _state(mine) == _state(twin), mine.title
    approved, submitted, under_way = (_state(trip) for trip in together)
    assert [s["trip"]["status"] for s in (approved, submitted, under_way)] == [
        TripStatus.SUBMITTED,
        TripStatus.SUBMITTED,
        TripStatus.IN_PROGRESS,
    ]
    assert approved["reviews"][-2:] == [
        ("org_security", 2, 0, "pending", None, later),
        ("oversight", 2, 1, "pending", None, later),
    ]
    subjects = {
        (recipient, subject, urgent)
        for recipient, channel, kind, subject, _body, urgent, *_ in under_way["notifications"]
        if kind == "trip.reopened" and channel == "in_app"
    }
    assert (cast.officer.pk, "需重新审批：Under way", True) in subjects
    assert (cast.traveller.pk, "Approval needed again: Under way", True) in subjects
    assert len(subjects) == 3  # the traveller and both officers


def test_reopen_many_leaves_out_a_trip_no_longer_open(cast, now):
    """GIVEN an approved trip and a withdrawn one WHEN both are reopened together THEN only the
    approved one is, and the withdrawn one is untouched."""
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    gone = builders.approved(
        cast.traveller, now, reviewers=[cast.officer], itinerary=builders.Itinerary(title="Gone")
    )
    gone = services.withdraw(gone, actor=cast.traveller, now=now, reason="Ill.")
    _stricter_pack()
    before = _state(gone)
    assessment = _stricter(trip, now)

    reopened = bulk.reopen_many(
        [bulk.Reopening(t.pk, assessment, REASON) for t in (trip, gone)], now=now
    )

    assert [t.pk for t in reopened] == [trip.pk]
    assert _state(gone) == before


def test_reopening_six_trips_costs_the_queries_of_two(cast, now):
    """GIVEN eight approved trips of two travellers WHEN two are reopened together, then six
    THEN both cost the same number of queries."""
    trips = [
        builders.approved(
            traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(title=f"Trip {i}"),
        )
        for i, traveller in enumerate([cast.traveller, cast.colleague] * 4)
    ]
    _stricter_pack()
    assessment = _stricter(trips[0], now)

    counted = {}
    for chosen in (trips[:2], trips[2:]):
        with CaptureQueriesContext(connection) as queries:
            reopened = bulk.reopen_many(
                [bulk.Reopening(trip.pk, assessment, REASON) for trip in chosen], now=now
            )
        assert len(reopened) == len(chosen)
        counted[len(chosen)] = len(queries)

    assert counted[2] == counted[6], counted
