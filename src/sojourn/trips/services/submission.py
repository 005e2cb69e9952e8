"""Reporting a trip: draft → submitted (or approved, denied, in progress) by its assessment."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.notify.services import notify
from sojourn.people import directory
from sojourn.people.access import display_name
from sojourn.people.today import today_of
from sojourn.policy import Assessment, Route
from sojourn.trips import hooks, permissions
from sojourn.trips.assessing import assess
from sojourn.trips.errors import InvalidInput
from sojourn.trips.labels import code_text
from sojourn.trips.models import SYSTEM_STEP, Review, ReviewDecision, Trip
from sojourn.trips.services.core import (
    LATE_REPORT_FOLLOW_UP_DAYS,
    SUBMIT_FIELDS,
    S,
    _next_checkin,
    _reviewers_of,
    _store_assessment,
    lock,
    move,
    refresh_dates,
    require,
)

SYSTEM_COMMENT = "Decided by policy {policy}: route {route}."


@transaction.atomic
def submit(trip: Trip, *, actor: User, now: datetime.datetime, version: int | None = None) -> Trip:
    trip = lock(trip, "submit", version)
    require(permissions.is_traveller(actor, trip), _("Only the traveller can submit their trip."))
    errors: dict[str, str] = {}
    if not trip.title.strip():
        errors["title"] = _("Give the trip a title.")
    if not trip.legs.exists():
        errors["legs"] = _("Add at least one leg: where you go and when.")
    if errors:
        raise InvalidInput(errors)
    refresh_dates(trip)
    # The organisation's date, as its traveller counts: by the UTC date a New York evening is
    # already tomorrow, and a trip leaving tomorrow would skip its approval as "under way".
    today = today_of(trip.organisation, now)
    assessment = assess(trip, today=today)
    _store_assessment(trip, assessment)
    trip.review_round += 1
    trip.submitted_at = now
    trip.late_report = assessment.has("late_report")
    if trip.late_report:
        trip.follow_up_due = today + datetime.timedelta(days=assessment.follow_up_days)
    data = {
        "policy": assessment.policy,
        "tier": assessment.tier,
        "route": str(assessment.route),
        "approvals": list(assessment.approvals),
        "findings": [finding.code for finding in assessment.findings],
    }
    assert trip.starts_on is not None
    if trip.starts_on <= today:
        _submit_after_departure(trip, actor=actor, now=now, today=today, data=data)
    elif assessment.route in (Route.NOT_REQUIRED, Route.AUTO_APPROVE):
        _record_system_review(trip, ReviewDecision.APPROVE, assessment, now)
        trip.decided_at = now
        move(
            trip,
            S.APPROVED,
            actor=actor,
            action="submitted",
            now=now,
            data=data,
            fields=SUBMIT_FIELDS,
        )
        notify(
            [trip.traveller],
            kind="trip.approved",
            trip=trip,
            now=now,
            params={"title": trip.title, "route": assessment.route.value},
        )
    elif assessment.route == Route.DENY:
        _record_system_review(trip, ReviewDecision.DENY, assessment, now)
        trip.decided_at = now
        move(
            trip,
            S.DENIED,
            actor=actor,
            action="submitted",
            now=now,
            data=data,
            fields=SUBMIT_FIELDS,
        )
        notify(
            [trip.traveller, *directory.officers_of(trip.organisation_id)],
            kind="trip.denied",
            trip=trip,
            now=now,
            params={"title": trip.title},
        )
    else:
        Review.objects.bulk_create(
            Review(trip=trip, step=step, round=trip.review_round, position=index, created_at=now)
            for index, step in enumerate(assessment.approvals)
        )
        move(
            trip,
            S.SUBMITTED,
            actor=actor,
            action="submitted",
            now=now,
            data=data,
            fields=SUBMIT_FIELDS,
        )
        first = assessment.approvals[0]
        notify(
            _reviewers_of(trip, first),
            kind="trip.review_needed",
            trip=trip,
            now=now,
            params={
                "title": trip.title,
                "traveller": display_name(trip.traveller),
                "date": trip.starts_on,
                "step": code_text(first, "step"),
            },
        )
    hooks.moved(trip, "submitted", now=now, actor=actor)
    return trip


def _submit_after_departure(
    trip: Trip,
    *,
    actor: User,
    now: datetime.datetime,
    today: datetime.date,
    data: dict[str, Any],
) -> None:
    """Emergency travel: reported once already under way. The trip is live at once; the officer
    follows up by a deadline instead of approving in advance."""
    trip.late_report = True
    days = (trip.assessment or {}).get("follow_up_days", LATE_REPORT_FOLLOW_UP_DAYS)
    trip.follow_up_due = today + datetime.timedelta(days=days)
    trip.departed_at = now
    trip.checkin_due_at = _next_checkin(trip, now)
    findings = list((trip.assessment or {}).get("findings", []))
    if not any(finding["code"] == "late_report" for finding in findings):
        findings.append(
            {
                "code": "late_report",
                "params": {"after_departure": True},
                "severity": "warning",
                "message": "Reported after departure (emergency travel).",
                "rule": "lifecycle.reported_after_departure",
            }
        )
        trip.assessment = {**(trip.assessment or {}), "findings": findings}
    data = {**data, "late_report": True, "follow_up_due": trip.follow_up_due.isoformat()}
    move(
        trip,
        S.IN_PROGRESS,
        actor=actor,
        action="submitted",
        now=now,
        data=data,
        fields=SUBMIT_FIELDS,
    )


def _record_system_review(
    trip: Trip, decision: ReviewDecision, assessment: Assessment, now: datetime.datetime
) -> None:
    Review.objects.create(
        trip=trip,
        step=SYSTEM_STEP,
        round=trip.review_round,
        decision=decision,
        # In English whoever submits: the pages word it in each reader's language
        # (trips.wording.review_comment).
        comment=SYSTEM_COMMENT.format(policy=assessment.policy, route=assessment.route.value),
        created_at=now,
        decided_at=now,
    )
