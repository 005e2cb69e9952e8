"""Submitting a trip: the assessment snapshot decides where it goes."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from sojourn.notify.models import Notification
from sojourn.people.models import Organisation, Position
from sojourn.policy import Route
from sojourn.testing import builders
from sojourn.trips import assessing, services
from sojourn.trips.errors import InvalidInput, NotAllowed
from sojourn.trips.models import Review, Trip, TripStatus
from sojourn.trips.services import submission

DAY = datetime.timedelta(days=1)


def recipients(trip: Trip, kind: str) -> set[str]:
    return {
        n.recipient.username
        for n in Notification.objects.filter(trip=trip, kind=kind, channel="in_app")
    }


def test_it_routes_a_covered_trip_to_the_officer_and_stores_the_snapshot(cast, now):
    trip = builders.draft(cast.traveller, now)

    trip = services.submit(trip, actor=cast.traveller, now=now)

    assert trip.status == TripStatus.SUBMITTED
    assert trip.assessment is not None
    assert trip.assessment["route"] == "review"
    assert trip.assessment["approvals"] == ["org_security"]
    assert (trip.policy, trip.route, trip.review_round) == ("lifecycle-test@1", "review", 1)
    assert trip.submitted_at == now
    assert list(trip.reviews.values_list("step", "decision")) == [("org_security", "pending")]
    # The officer of the lab is told; the robotics officer is not.
    assert recipients(trip, "trip.review_needed") == {"officer"}
    assert Notification.objects.filter(trip=trip, channel="email").count() == 1


def test_an_uncovered_traveller_is_approved_without_review_and_it_is_recorded(cast, now):
    bank = Organisation.objects.create(name="Bank", slug="bank", sectors=["finance"])
    banker = builders.traveller("banker", organisation=bank, position=Position.STAFF)
    trip = builders.draft(banker, now)

    trip = services.submit(trip, actor=banker, now=now)

    assert trip.status == TripStatus.APPROVED
    assert trip.route == Route.NOT_REQUIRED
    review = trip.reviews.get()
    assert (review.step, review.decision, review.reviewer) == ("system", "approve", None)
    assert recipients(trip, "trip.approved") == {"banker"}


def test_travel_within_the_home_country_is_not_covered(cast, now):
    trip = builders.draft(cast.traveller, now, builders.Itinerary(country="CN"))

    trip = services.submit(trip, actor=cast.traveller, now=now)

    assert (trip.status, trip.route) == (TripStatus.APPROVED, "not_required")


def _with_route(monkeypatch, route: Route, approvals: tuple[str, ...] = ()) -> None:
    real = assessing.assess

    def patched(trip, *, today):
        return dataclasses.replace(real(trip, today=today), route=route, approvals=approvals)

    monkeypatch.setattr(submission, "assess", patched)


def test_an_auto_approve_route_approves_at_submission(cast, now, monkeypatch):
    _with_route(monkeypatch, Route.AUTO_APPROVE)

    trip = services.submit(builders.draft(cast.traveller, now), actor=cast.traveller, now=now)

    assert trip.status == TripStatus.APPROVED
    assert trip.decided_at == now
    assert trip.reviews.get().step == "system"


def test_a_deny_route_denies_at_submission_and_tells_the_officer(cast, now, monkeypatch):
    _with_route(monkeypatch, Route.DENY)

    trip = services.submit(builders.draft(cast.traveller, now), actor=cast.traveller, now=now)

    assert trip.status == TripStatus.DENIED
    assert trip.reviews.get().decision == "deny"
    assert recipients(trip, "trip.denied") == {"traveller", "officer"}


def test_a_report_after_the_report_by_date_is_flagged_late_but_still_reviewed(cast, now):
    trip = builders.draft(cast.traveller, now, builders.Itinerary(starts_in_days=3))

    trip = services.submit(trip, actor=cast.traveller, now=now)

    assert trip.status == TripStatus.SUBMITTED
    assert trip.late_report is True
    assert [f["code"] for f in trip.findings] == ["late_report"]
    assert trip.escalations.get().kind == "late_report"


def test_a_trip_reported_after_departure_is_live_at_once_with_a_follow_up(cast, now):
    """GIVEN a trip that began yesterday (emergency travel) WHEN it is reported
    THEN it is in progress, flagged late, with a follow-up deadline, and officers are alerted."""
    trip = builders.draft(cast.traveller, now, builders.Itinerary(starts_in_days=-1))

    trip = services.submit(trip, actor=cast.traveller, now=now)

    assert trip.status == TripStatus.IN_PROGRESS
    assert trip.late_report is True
    assert trip.follow_up_due == now.date() + 3 * DAY
    assert "late_report" in [f["code"] for f in trip.findings]
    assert recipients(trip, "escalation.late_report") == {"officer"}
    assert Notification.objects.get(kind="escalation.late_report", channel="in_app").urgent
    follow_up = trip.escalations.get()
    assert (follow_up.kind, follow_up.resolved_at) == ("late_report", None)
    assert follow_up.due_at is not None
    assert follow_up.due_at.date() == trip.follow_up_due


def test_only_the_traveller_submits(cast, now):
    trip = builders.draft(cast.traveller, now)

    for actor in (cast.colleague, cast.officer, cast.oversight):
        with pytest.raises(NotAllowed):
            services.submit(trip, actor=actor, now=now)

    assert Trip.objects.get(pk=trip.pk).status == TripStatus.DRAFT


def test_a_trip_without_legs_cannot_be_submitted(cast, now):
    trip = builders.draft(cast.traveller, now)
    trip.legs.all().delete()

    with pytest.raises(InvalidInput) as refused:
        services.submit(trip, actor=cast.traveller, now=now)

    assert "legs" in refused.value.errors
    assert Trip.objects.get(pk=trip.pk).status == TripStatus.DRAFT
    assert not Review.objects.exists()
