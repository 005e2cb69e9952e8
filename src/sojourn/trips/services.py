"""The trip lifecycle: the only place a trip's status changes.

Each transition runs in one transaction with the trip row locked, refuses an edge that does not
exist from the current state, refuses a stale version, bumps the version, and writes the audit
event and the notifications in the same transaction. Web views, the API, the CLI and the worker
all call these functions.

    draft ─submit─▶ submitted ─all approvals─▶ approved ─departure─▶ in_progress ─return─▶ returned
      ▲               │   └─deny─▶ denied          └─withdraw / cancel─▶ withdrawn / cancelled   │
      └─request changes                                      closed ◀─accept─ debriefed ◀─debrief┘
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sojourn.audit import services as audit
from sojourn.care import escalations
from sojourn.debriefs.models import Debrief, DebriefStatus
from sojourn.notify.services import notify
from sojourn.people import directory
from sojourn.people.access import display_name
from sojourn.policy import Assessment, Route
from sojourn.trips import permissions
from sojourn.trips.assessing import assess
from sojourn.trips.errors import IllegalTransition, InvalidInput, NotAllowed, StaleVersion
from sojourn.trips.labels import code_label
from sojourn.trips.models import SYSTEM_STEP, Review, ReviewDecision, Trip, TripStatus

S = TripStatus

# Where each action may start from. Withdrawing is the traveller's own choice until departure.
EDGES: dict[str, frozenset[TripStatus]] = {
    "submit": frozenset({S.DRAFT}),
    # A trip under way is decided again only when a directive or deviation reopened its chain.
    "decide": frozenset({S.SUBMITTED, S.IN_PROGRESS}),
    "withdraw": frozenset({S.DRAFT, S.SUBMITTED, S.APPROVED}),
    "cancel": frozenset({S.SUBMITTED, S.APPROVED}),
    "depart": frozenset({S.APPROVED}),
    "return_home": frozenset({S.IN_PROGRESS}),
    "submit_debrief": frozenset({S.RETURNED}),
    "review_debrief": frozenset({S.DEBRIEFED}),
    "reopen": frozenset({S.SUBMITTED, S.APPROVED, S.IN_PROGRESS}),
}

LATE_REPORT_FOLLOW_UP_DAYS = 3
DEFAULT_DEBRIEF_DAYS = 10


def _lock(trip: Trip, action: str, version: int | None) -> Trip:
    """Re-read the trip under a row lock, then check the edge and the caller's version."""
    locked = (
        Trip.objects.select_for_update().select_related("organisation", "traveller").get(pk=trip.pk)
    )
    if version is not None and locked.version != version:
        raise StaleVersion(expected=version, current=locked.version)
    allowed = EDGES[action]
    if locked.status not in allowed:
        raise IllegalTransition(
            action.replace("_", " "),
            locked.get_status_display(),
            sorted(str(S(state).label) for state in allowed),
        )
    return locked


def _move(
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


def _require(condition: bool, message: str) -> None:
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
    trip.starts_on = min((leg.start_date for leg in legs), default=None)
    trip.ends_on = max((leg.end_date for leg in legs), default=None)


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


@transaction.atomic
def submit(trip: Trip, *, actor: User, now: datetime.datetime, version: int | None = None) -> Trip:
    trip = _lock(trip, "submit", version)
    _require(permissions.is_traveller(actor, trip), _("Only the traveller can submit their trip."))
    errors: dict[str, str] = {}
    if not trip.title.strip():
        errors["title"] = _("Give the trip a title.")
    if not trip.legs.exists():
        errors["legs"] = _("Add at least one leg: where you go and when.")
    if errors:
        raise InvalidInput(errors)
    refresh_dates(trip)
    today = now.date()
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
        _submit_after_departure(trip, actor=actor, now=now, data=data)
    elif assessment.route in (Route.NOT_REQUIRED, Route.AUTO_APPROVE):
        _record_system_review(trip, ReviewDecision.APPROVE, assessment, now)
        trip.decided_at = now
        _move(
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
            message=lambda: (
                _("Trip approved: %(title)s") % {"title": trip.title},
                _("No review was needed (%(route)s). Safe travels.")
                % {"route": assessment.route.value.replace("_", " ")},
            ),
        )
    elif assessment.route == Route.DENY:
        _record_system_review(trip, ReviewDecision.DENY, assessment, now)
        trip.decided_at = now
        _move(
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
            message=lambda: (
                _("Trip refused by policy: %(title)s") % {"title": trip.title},
                _("The policy does not allow this trip. See its assessment for the reasons."),
            ),
        )
    else:
        Review.objects.bulk_create(
            Review(trip=trip, step=step, round=trip.review_round, position=index, created_at=now)
            for index, step in enumerate(assessment.approvals)
        )
        _move(
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
            message=lambda: (
                _("Trip to review: %(title)s") % {"title": trip.title},
                _("%(traveller)s submitted a trip departing %(date)s. Your step: %(step)s.")
                % {
                    "traveller": display_name(trip.traveller),
                    "date": trip.starts_on,
                    "step": code_label(first, "step"),
                },
            ),
        )
    if trip.late_report:
        escalations.open_late_report(trip, now=now)
    return trip


def _submit_after_departure(
    trip: Trip, *, actor: User, now: datetime.datetime, data: dict[str, Any]
) -> None:
    """Emergency travel: reported once already under way. The trip is live at once; the officer
    follows up by a deadline instead of approving in advance."""
    trip.late_report = True
    days = (trip.assessment or {}).get("follow_up_days", LATE_REPORT_FOLLOW_UP_DAYS)
    trip.follow_up_due = now.date() + datetime.timedelta(days=days)
    trip.departed_at = now
    trip.checkin_due_at = _next_checkin(trip, now)
    findings = list((trip.assessment or {}).get("findings", []))
    if not any(finding["code"] == "late_report" for finding in findings):
        findings.append(
            {
                "code": "late_report",
                "severity": "warning",
                "message": _("Reported after departure (emergency travel)."),
                "rule": "lifecycle.reported_after_departure",
            }
        )
        trip.assessment = {**(trip.assessment or {}), "findings": findings}
    data = {**data, "late_report": True, "follow_up_due": trip.follow_up_due.isoformat()}
    _move(
        trip,
        S.IN_PROGRESS,
        actor=actor,
        action="submitted",
        now=now,
        data=data,
        fields=SUBMIT_FIELDS,
    )


def _next_checkin(trip: Trip, after: datetime.datetime) -> datetime.datetime | None:
    hours = trip.checkin_hours
    return after + datetime.timedelta(hours=hours) if hours else None


def _record_system_review(
    trip: Trip, decision: ReviewDecision, assessment: Assessment, now: datetime.datetime
) -> None:
    Review.objects.create(
        trip=trip,
        step=SYSTEM_STEP,
        round=trip.review_round,
        decision=decision,
        comment=_("Decided by policy %(policy)s: route %(route)s.")
        % {"policy": assessment.policy, "route": assessment.route.value},
        created_at=now,
        decided_at=now,
    )


@transaction.atomic
def decide(
    trip: Trip,
    *,
    actor: User,
    decision: ReviewDecision | str,
    now: datetime.datetime,
    step: str | None = None,
    comment: str = "",
    conditions: str = "",
    version: int | None = None,
) -> Trip:
    """Decide the current step of the approval chain: approve, deny or request changes."""
    trip = _lock(trip, "decide", version)
    decision = ReviewDecision(decision)
    if decision == ReviewDecision.PENDING:
        raise InvalidInput({"decision": _("Choose approve, deny or request changes.")})
    pending = _pending_reviews(trip)
    if not pending:
        raise IllegalTransition(_("decide"), trip.get_status_display())
    review = pending[0]
    if step is not None and step != review.step:
        raise IllegalTransition(
            _("decide the %(step)s step of") % {"step": step},
            _("waiting for the %(step)s step") % {"step": code_label(review.step, "step")},
        )
    _require(
        permissions.may_decide_step(actor, trip, review.step),
        _("You cannot decide the %(step)s step of this trip.")
        % {"step": code_label(review.step, "step")},
    )
    if decision != ReviewDecision.APPROVE and not comment.strip():
        raise InvalidInput({"comment": _("Say why, so the traveller knows what to do next.")})
    under_way = trip.status == S.IN_PROGRESS
    if under_way and decision == ReviewDecision.REQUEST_CHANGES:
        raise InvalidInput(
            {"decision": _("A trip under way cannot go back to draft: approve it or deny it.")}
        )
    review.reviewer = actor
    review.decision = decision
    review.comment = comment.strip()
    review.conditions = conditions.strip()
    review.decided_at = now
    review.save()
    data = {"step": review.step, "round": review.round, "decision": str(decision)}
    if decision == ReviewDecision.APPROVE and len(pending) > 1:
        _advance_chain(trip, review, pending[1], actor=actor, now=now, data=data)
        return trip
    # The chain ends here: drop the steps nobody will decide now.
    Review.objects.filter(pk__in=[later.pk for later in pending[1:]]).delete()
    trip.decided_at = now
    # A decision on a trip reported late is the officer's follow-up.
    escalations.resolve(
        trip, escalations.LATE, now=now, actor=actor, resolution=f"decided: {decision.value}"
    )
    target, action, subject = _outcome(decision, under_way=under_way)
    # Whatever the decision, the chain that was reopened has now been decided.
    trip.needs_reapproval = False
    _move(
        trip,
        target,
        actor=actor,
        action=action,
        now=now,
        data=data,
        fields=("decided_at", "needs_reapproval"),
    )
    notify(
        [trip.traveller],
        kind=f"trip.{action}",
        trip=trip,
        now=now,
        urgent=under_way and decision == ReviewDecision.DENY,
        message=lambda: (
            subject % {"title": trip.title},
            "\n\n".join(
                part
                for part in (
                    _("%(reviewer)s (%(step)s): %(decision)s.")
                    % {
                        "reviewer": display_name(actor),
                        "step": code_label(review.step, "step"),
                        "decision": decision.label,
                    },
                    review.conditions and _("Conditions: %(c)s") % {"c": review.conditions},
                    review.comment,
                )
                if part
            ),
        ),
    )
    return trip


def _outcome(decision: ReviewDecision, *, under_way: bool) -> tuple[TripStatus, str, Promise]:
    """Where a final decision takes the trip, the audit action, and the traveller's subject."""
    if under_way:
        # The traveller is abroad: the status stays; a denial withdraws the approval.
        if decision == ReviewDecision.APPROVE:
            return S.IN_PROGRESS, "reapproved", gettext_lazy("Trip approved again: %(title)s")
        return (
            S.IN_PROGRESS,
            "approval_withdrawn",
            gettext_lazy(
                "Approval withdrawn while you travel: %(title)s. Contact your security officer."
            ),
        )
    return {
        ReviewDecision.APPROVE: (S.APPROVED, "approved", gettext_lazy("Trip approved: %(title)s")),
        ReviewDecision.DENY: (S.DENIED, "denied", gettext_lazy("Trip denied: %(title)s")),
        ReviewDecision.REQUEST_CHANGES: (
            S.DRAFT,
            "changes_requested",
            gettext_lazy("Changes requested: %(title)s"),
        ),
    }[decision]


@transaction.atomic
def reopen(
    trip: Trip,
    *,
    assessment: Assessment,
    reason: str | Promise,
    now: datetime.datetime,
    actor: User | None = None,
) -> Trip:
    """A directive or a deviation made the trip's outcome stricter: store the new assessment,
    set `needs_reapproval` and open the approval chain again in a new round.

    An approved trip goes back to submitted; a submitted one starts its chain over; a trip under
    way stays in progress while its reviewers decide again.
    """
    trip = _lock(trip, "reopen", None)
    previous = {"tier": trip.tier, "route": trip.route, "policy": trip.policy}
    _store_assessment(trip, assessment)
    trip.needs_reapproval = True
    trip.reviews.filter(decision=ReviewDecision.PENDING).delete()
    trip.review_round += 1
    # A refusal by policy still goes to the people who can act on it.
    steps = assessment.approvals or ("org_security",)
    Review.objects.bulk_create(
        Review(trip=trip, step=step, round=trip.review_round, position=index, created_at=now)
        for index, step in enumerate(steps)
    )
    target = S.SUBMITTED if trip.status == S.APPROVED else S(trip.status)
    under_way = target == S.IN_PROGRESS
    _move(
        trip,
        target,
        actor=actor,
        action="reopened",
        now=now,
        data={
            "reason": str(reason),
            "previous": previous,
            "tier": assessment.tier,
            "route": str(assessment.route),
            "approvals": list(steps),
            "findings": [finding.code for finding in assessment.findings],
        },
        fields=(*ASSESSMENT_FIELDS, "debrief_due", "needs_reapproval", "review_round"),
    )
    notify(
        [trip.traveller, *_reviewers_of(trip, steps[0])],
        kind="trip.reopened",
        trip=trip,
        now=now,
        urgent=under_way,
        message=lambda: (
            _("Approval needed again: %(title)s") % {"title": trip.title},
            _("%(reason)s The trip is now %(tier)s (%(route)s) and must be approved again.")
            % {
                "reason": reason,
                "tier": assessment.tier or "—",
                "route": code_label(assessment.route.value, "route"),
            },
        ),
    )
    return trip


def _advance_chain(
    trip: Trip,
    review: Review,
    following: Review,
    *,
    actor: User,
    now: datetime.datetime,
    data: dict[str, Any],
) -> None:
    """One step approved and another to come: the trip stays submitted at a new version."""
    trip.version += 1
    trip.updated_at = now
    trip.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor,
        action="trip.step_approved",
        obj=trip,
        at=now,
        data={**data, "next_step": following.step, "version": trip.version},
    )
    notify(
        _reviewers_of(trip, following.step),
        kind="trip.review_needed",
        trip=trip,
        now=now,
        exclude=actor,
        message=lambda: (
            _("Trip to review: %(title)s") % {"title": trip.title},
            _("The %(done)s step approved this trip. Your step: %(step)s.")
            % {
                "done": code_label(review.step, "step"),
                "step": code_label(following.step, "step"),
            },
        ),
    )


@transaction.atomic
def withdraw(
    trip: Trip,
    *,
    actor: User,
    now: datetime.datetime,
    reason: str = "",
    version: int | None = None,
) -> Trip:
    trip = _lock(trip, "withdraw", version)
    _require(permissions.is_traveller(actor, trip), _("Only the traveller can withdraw a trip."))
    was = trip.status
    trip.reviews.filter(decision=ReviewDecision.PENDING).delete()
    _move(
        trip, S.WITHDRAWN, actor=actor, action="withdrawn", now=now, data={"reason": reason.strip()}
    )
    escalations.resolve_all(trip, now=now, actor=actor, resolution="withdrawn")
    if was != S.DRAFT:
        notify(
            directory.officers_of(trip.organisation_id),
            kind="trip.withdrawn",
            trip=trip,
            now=now,
            message=lambda: (
                _("Trip withdrawn: %(title)s") % {"title": trip.title},
                _("%(traveller)s withdrew this trip. %(reason)s")
                % {"traveller": display_name(trip.traveller), "reason": reason.strip()},
            ),
        )
    return trip


@transaction.atomic
def cancel(
    trip: Trip,
    *,
    actor: User,
    reason: str,
    now: datetime.datetime,
    version: int | None = None,
) -> Trip:
    """An officer or oversight cancels a trip (an instruction); the reason is required."""
    trip = _lock(trip, "cancel", version)
    _require(
        permissions.may_cancel(actor, trip),
        _("Only a security officer of this organisation or oversight can cancel a trip."),
    )
    if not reason.strip():
        raise InvalidInput({"reason": _("Give the reason for the cancellation.")})
    trip.cancel_reason = reason.strip()
    trip.reviews.filter(decision=ReviewDecision.PENDING).delete()
    _move(
        trip,
        S.CANCELLED,
        actor=actor,
        action="cancelled",
        now=now,
        data={"reason": trip.cancel_reason},
        fields=("cancel_reason",),
    )
    escalations.resolve_all(trip, now=now, actor=actor, resolution="cancelled")
    notify(
        [trip.traveller, *directory.officers_of(trip.organisation_id)],
        kind="trip.cancelled",
        trip=trip,
        now=now,
        exclude=actor,
        message=lambda: (
            _("Trip cancelled: %(title)s") % {"title": trip.title},
            _("Cancelled by %(actor)s. Reason: %(reason)s")
            % {"actor": display_name(actor), "reason": trip.cancel_reason},
        ),
    )
    return trip


@transaction.atomic
def depart(
    trip: Trip,
    *,
    actor: User | None,
    now: datetime.datetime,
    version: int | None = None,
) -> Trip:
    """Approved → in progress: by the traveller, or by the worker (actor None) on the start date."""
    trip = _lock(trip, "depart", version)
    _require(
        actor is None or permissions.is_traveller(actor, trip),
        _("Only the traveller (or the system on the departure date) marks a departure."),
    )
    trip.departed_at = now
    trip.checkin_due_at = _next_checkin(trip, now)
    _move(
        trip,
        S.IN_PROGRESS,
        actor=actor,
        action="departed",
        now=now,
        fields=("departed_at", "checkin_due_at"),
    )
    hours = (trip.assessment or {}).get("checkin_hours")
    notify(
        [trip.traveller],
        kind="trip.departed",
        trip=trip,
        now=now,
        message=lambda: (
            _("Safe travels: %(title)s") % {"title": trip.title},
            _("Check in every %(hours)s hours while you are away.") % {"hours": hours}
            if hours
            else _("Your trip has begun."),
        ),
    )
    return trip


@transaction.atomic
def return_home(
    trip: Trip,
    *,
    actor: User | None,
    now: datetime.datetime,
    version: int | None = None,
) -> Trip:
    trip = _lock(trip, "return_home", version)
    _require(
        actor is None or permissions.is_traveller(actor, trip),
        _("Only the traveller (or the system after the last leg) marks a return."),
    )
    trip.returned_at = now
    trip.checkin_due_at = None
    if trip.debrief_due is None:
        trip.debrief_due = now.date() + datetime.timedelta(days=DEFAULT_DEBRIEF_DAYS)
    _move(
        trip,
        S.RETURNED,
        actor=actor,
        action="returned",
        now=now,
        fields=("returned_at", "debrief_due", "checkin_due_at"),
    )
    if actor is not None:
        # The traveller says they are home. A return the worker infers from the calendar says
        # nothing about a silent traveller's safety: their escalations stay open.
        escalations.resolve(trip, escalations.ABROAD, now=now, actor=actor, resolution="back home")
    notify(
        [trip.traveller],
        kind="debrief.due",
        trip=trip,
        now=now,
        message=lambda: (
            _("Welcome back: your debrief is due by %(date)s") % {"date": trip.debrief_due},
            _("Tell us about your activities and meetings on %(title)s.") % {"title": trip.title},
        ),
    )
    return trip


@transaction.atomic
def submit_debrief(
    trip: Trip, *, actor: User, now: datetime.datetime, version: int | None = None
) -> Trip:
    trip = _lock(trip, "submit_debrief", version)
    _require(permissions.is_traveller(actor, trip), _("Only the traveller files their debrief."))
    debrief = Debrief.objects.select_for_update().filter(trip=trip).first()
    if debrief is None or not debrief.summary.strip():
        raise InvalidInput({"summary": _("Write a summary of your activities before submitting.")})
    debrief.status = DebriefStatus.SUBMITTED
    debrief.submitted_at = now
    debrief.updated_at = now
    debrief.save(update_fields=["status", "submitted_at", "updated_at"])
    escalations.resolve(
        trip, escalations.DEBRIEF, now=now, actor=actor, resolution="debrief submitted"
    )
    _move(
        trip,
        S.DEBRIEFED,
        actor=actor,
        action="debrief_submitted",
        now=now,
        data={
            "debrief": debrief.pk,
            "late": bool(trip.debrief_due and now.date() > trip.debrief_due),
        },
    )
    notify(
        directory.officers_of(trip.organisation_id),
        kind="debrief.submitted",
        trip=trip,
        now=now,
        message=lambda: (
            _("Debrief to review: %(title)s") % {"title": trip.title},
            _("%(traveller)s filed their debrief.") % {"traveller": display_name(trip.traveller)},
        ),
    )
    return trip


DEBRIEF_DECISIONS = {"accept", "request_info"}


@transaction.atomic
def review_debrief(
    trip: Trip,
    *,
    actor: User,
    decision: str,
    now: datetime.datetime,
    comment: str = "",
    version: int | None = None,
) -> Trip:
    """Accept the debrief (the trip closes) or ask for more (the traveller edits and re-files)."""
    trip = _lock(trip, "review_debrief", version)
    _require(
        permissions.may_review_debrief(actor, trip),
        _("Only a security officer of this organisation or oversight reviews debriefs."),
    )
    if decision not in DEBRIEF_DECISIONS:
        raise InvalidInput({"decision": _("Choose accept or request_info.")})
    if decision == "request_info" and not comment.strip():
        raise InvalidInput({"comment": _("Say what information is missing.")})
    debrief = Debrief.objects.select_for_update().get(trip=trip)
    debrief.status = (
        DebriefStatus.ACCEPTED if decision == "accept" else DebriefStatus.INFO_REQUESTED
    )
    debrief.reviewed_by = actor
    debrief.reviewed_at = now
    debrief.review_comment = comment.strip()
    debrief.updated_at = now
    debrief.save()
    data = {"debrief": debrief.pk, "decision": decision, "comment": comment.strip()}
    if decision == "accept":
        trip.closed_at = now
        _move(
            trip,
            S.CLOSED,
            actor=actor,
            action="debrief_accepted",
            now=now,
            data=data,
            fields=("closed_at",),
        )
        subject = gettext_lazy("Debrief accepted: %(title)s")
    else:
        _move(trip, S.RETURNED, actor=actor, action="debrief_info_requested", now=now, data=data)
        subject = gettext_lazy("More information needed for your debrief: %(title)s")
    notify(
        [trip.traveller],
        kind=f"debrief.{decision}",
        trip=trip,
        now=now,
        message=lambda: (
            subject % {"title": trip.title},
            comment.strip() or subject % {"title": trip.title},
        ),
    )
    return trip


BRIEFING_STATES = frozenset({S.SUBMITTED, S.APPROVED})


@transaction.atomic
def acknowledge_briefing(
    trip: Trip, *, actor: User, now: datetime.datetime, version: int | None = None
) -> Trip:
    """The traveller confirms they have read the pre-travel briefing the policy asks for."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if version is not None and trip.version != version:
        raise StaleVersion(expected=version, current=trip.version)
    _require(permissions.is_traveller(actor, trip), _("Only the traveller acknowledges it."))
    if trip.status not in BRIEFING_STATES:
        raise IllegalTransition(_("acknowledge the briefing of"), trip.get_status_display())
    if not (trip.assessment or {}).get("briefing_required"):
        raise InvalidInput({"briefing": _("This trip needs no pre-travel briefing.")})
    if trip.briefing_acknowledged_at is None:
        trip.briefing_acknowledged_at = now
        trip.updated_at = now
        trip.version += 1
        trip.save(update_fields=["briefing_acknowledged_at", "version", "updated_at"])
        audit.record(
            actor=actor,
            action="trip.briefing_acknowledged",
            obj=trip,
            at=now,
            data={"version": trip.version},
        )
    return trip


@transaction.atomic
def follow_up(trip: Trip, *, actor: User, note: str, now: datetime.datetime) -> int:
    """The officer records the follow-up of a late report; returns the escalations closed."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    _require(
        permissions.may_cancel(actor, trip),
        _("Only a security officer of this organisation or oversight follows up."),
    )
    if not note.strip():
        raise InvalidInput({"note": _("Say what the follow-up found.")})
    return escalations.resolve(
        trip, escalations.LATE, now=now, actor=actor, resolution=note.strip()
    )


def itinerary_changed(trip: Trip, *, now: datetime.datetime) -> None:
    """Legs were added while travelling (a deviation): dates follow, the version moves on.
    The caller holds the row lock."""
    refresh_dates(trip)
    trip.version += 1
    trip.updated_at = now
    trip.save(update_fields=["starts_on", "ends_on", "version", "updated_at"])
