"""The approval chain: deciding its steps, and reopening it when a trip becomes stricter."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.notify.services import notify
from sojourn.people.access import display_name
from sojourn.policy import Assessment
from sojourn.trips import hooks, permissions
from sojourn.trips.errors import IllegalTransition, InvalidInput
from sojourn.trips.labels import code_label, code_text
from sojourn.trips.models import Review, ReviewDecision, Trip, TripStatus
from sojourn.trips.services.bulk import Reopening, reopen_many
from sojourn.trips.services.core import (
    S,
    _pending_reviews,
    _reviewers_of,
    lock,
    move,
    require,
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
    trip = lock(trip, "decide", version)
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
    require(
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
    hooks.moved(trip, "decided", now=now, actor=actor, detail=decision.value)
    target, action = _outcome(decision, under_way=under_way)
    # Whatever the decision, the chain that was reopened has now been decided.
    trip.needs_reapproval = False
    move(
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
        params={
            "title": trip.title,
            "reviewer": display_name(actor),
            "step": code_text(review.step, "step"),
            "decision": decision.label,
            "conditions": review.conditions,
            "comment": review.comment,
        },
    )
    return trip


def _outcome(decision: ReviewDecision, *, under_way: bool) -> tuple[TripStatus, str]:
    """Where a final decision takes the trip, and the audit action (the notification's kind)."""
    if under_way:
        # The traveller is abroad: the status stays; a denial withdraws the approval.
        if decision == ReviewDecision.APPROVE:
            return S.IN_PROGRESS, "reapproved"
        return S.IN_PROGRESS, "approval_withdrawn"
    return {
        ReviewDecision.APPROVE: (S.APPROVED, "approved"),
        ReviewDecision.DENY: (S.DENIED, "denied"),
        ReviewDecision.REQUEST_CHANGES: (S.DRAFT, "changes_requested"),
    }[decision]


@transaction.atomic
def reopen(
    trip: Trip,
    *,
    assessment: Assessment,
    reason: str | Promise,
    now: datetime.datetime,
    actor: User | None = None,
    cause: Mapping[str, int] | None = None,
) -> Trip:
    """A directive or a deviation made the trip's outcome stricter: store the new assessment,
    set `needs_reapproval` and open the approval chain again in a new round (`bulk.reopen_many`,
    which a re-assessment calls for a chunk of trips at once). `reason` words it for the
    notifications; `cause` names what made it stricter by id, for the audit event.

    An approved trip goes back to submitted; a submitted one starts its chain over; a trip under
    way stays in progress while its reviewers decide again.
    """
    lock(trip, "reopen", None)  # refuses a trip no longer open, as every transition does
    reopening = Reopening(trip.pk, assessment, reason, dict(cause or {}))
    [reopened] = reopen_many([reopening], now=now, actor=actor)
    return reopened


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
        params={
            "title": trip.title,
            "done": code_text(review.step, "step"),
            "step": code_text(following.step, "step"),
        },
    )
