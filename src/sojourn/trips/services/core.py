"""The machinery every transition shares: the edges, the row lock, the move itself."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from sojourn.audit import services as audit
from sojourn.people import directory
from sojourn.policy import Assessment
from sojourn.trips import edges
from sojourn.trips.errors import NotAllowed, StaleVersion
from sojourn.trips.models import Review, ReviewDecision, Trip, TripStatus

S = TripStatus

LATE_REPORT_FOLLOW_UP_DAYS = 3
DEFAULT_DEBRIEF_DAYS = 10


def lock(trip: Trip, action: str | None = None, version: int | None = None) -> Trip:
    """Re-read the trip under a row lock, then check the caller's version and, for an `action`,
    that the edge table allows it from the trip's state. Every service that changes a trip
    takes it through here."""
    # Only the trip's row (`of`): PostgreSQL would lock the joined traveller's row too, and a
    # request of theirs that has taken the audit chain's head and inserts an event naming them
    # would then wait for us while we wait for the head: a deadlock.
    locked = (
        Trip.objects.select_for_update(of=("self",))
        .select_related("organisation", "traveller")
        .get(pk=trip.pk)
    )
    if version is not None and locked.version != version:
        raise StaleVersion(expected=version, current=locked.version)
    if action is not None:
        edges.require(action, locked)
    return locked


def move(
    trip: Trip,
    to: TripStatus,
    *,
    actor: User | None,
    action: str,
    now: datetime.datetime,
    data: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> None:
    previous = trip.status
    trip.status = to
    trip.version += 1
    trip.updated_at = now
    trip.save(update_fields=["status", "version", "updated_at", *fields])
    audit.record(
        actor=actor,
        action=f"trip.{action}",
        obj=trip,
        at=now,
        data={"from": previous, "to": str(to), "version": trip.version, **(data or {})},
    )


def require(condition: bool, message: str) -> None:
    if not condition:
        raise NotAllowed(message)


def _pending_reviews(trip: Trip) -> list[Review]:
    return list(
        trip.reviews.filter(round=trip.review_round, decision=ReviewDecision.PENDING).order_by(
            "position"
        )
    )


def _reviewers_of(trip: Trip, step: str) -> list[User]:
    if step == "oversight":
        return list(directory.oversight())
    return list(directory.officers_of(trip.organisation_id))


def _store_assessment(trip: Trip, assessment: Assessment) -> None:
    trip.assessment = assessment.to_dict()
    trip.policy = assessment.policy
    trip.tier = assessment.tier or ""
    trip.route = str(assessment.route)
    trip.risk_score = assessment.risk.score
    trip.report_by = assessment.report_by
    trip.debrief_due = assessment.debrief_due
    trip.checkin_hours = assessment.checkin_hours


def refresh_dates(trip: Trip) -> None:
    """Keep the denormalised departure and return dates in step with the legs."""
    legs = list(trip.legs.all())
    trip.starts_on = min((leg.starts_on for leg in legs), default=None)
    trip.ends_on = max((leg.ends_on for leg in legs), default=None)


ASSESSMENT_FIELDS = (
    "assessment",
    "policy",
    "tier",
    "route",
    "risk_score",
    "report_by",
    "checkin_hours",
)
SUBMIT_FIELDS = (
    *ASSESSMENT_FIELDS,
    "debrief_due",
    "review_round",
    "starts_on",
    "ends_on",
    "submitted_at",
    "decided_at",
    "departed_at",
    "late_report",
    "follow_up_due",
    "checkin_due_at",
)


def _next_checkin(trip: Trip, after: datetime.datetime) -> datetime.datetime | None:
    hours = trip.checkin_hours
    return after + datetime.timedelta(hours=hours) if hours else None
