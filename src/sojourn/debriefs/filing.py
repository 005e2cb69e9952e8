"""Filing and reviewing a debrief: the traveller files it (the trip is debriefed), the officer
accepts it (the trip closes) or sends it back. They are edges of the trip's lifecycle, taken
through the trips' own machinery (the row lock, the edge table, the move and its audit event)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.debriefs.models import Debrief, DebriefStatus
from sojourn.debriefs.requirements import Requirements
from sojourn.notify.services import notify
from sojourn.people import directory
from sojourn.people.access import display_name
from sojourn.people.today import today_of
from sojourn.trips import hooks, permissions
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import Trip
from sojourn.trips.services.core import (
    S,
    lock,
    move,
    require,
)


@transaction.atomic
def submit_debrief(
    trip: Trip, *, actor: User, now: datetime.datetime, version: int | None = None
) -> Trip:
    trip = lock(trip, "submit_debrief", version)
    require(permissions.is_traveller(actor, trip), _("Only the traveller files their debrief."))
    debrief = Debrief.objects.select_for_update().filter(trip=trip).first()
    if debrief is None or not debrief.summary.strip():
        raise InvalidInput({"summary": _("Write a summary of your activities before submitting.")})
    if (
        Requirements.of(trip.assessment).meetings_required
        and not debrief.no_meetings
        and not debrief.meetings.exists()
    ):
        raise InvalidInput(
            {
                "no_meetings": _(
                    "This trip needs a detailed debrief: list at least one meeting you held, "
                    "or say explicitly that you held none."
                )
            }
        )
    debrief.status = DebriefStatus.SUBMITTED
    debrief.submitted_at = now
    debrief.updated_at = now
    debrief.save(update_fields=["status", "submitted_at", "updated_at"])
    hooks.moved(trip, "debrief_submitted", now=now, actor=actor)
    move(
        trip,
        S.DEBRIEFED,
        actor=actor,
        action="debrief_submitted",
        now=now,
        data={
            "debrief": debrief.pk,
            "late": bool(trip.debrief_due and today_of(trip.organisation, now) > trip.debrief_due),
        },
    )
    notify(
        directory.officers_of(trip.organisation_id),
        kind="debrief.submitted",
        trip=trip,
        now=now,
        params={"title": trip.title, "traveller": display_name(trip.traveller)},
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
    trip = lock(trip, "review_debrief", version)
    require(
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
    # The comment stays on the debrief (read with an audit event); its event says one was made.
    data = {"debrief": debrief.pk, "decision": decision, "commented": bool(comment.strip())}
    if decision == "accept":
        trip.closed_at = now
        move(
            trip,
            S.CLOSED,
            actor=actor,
            action="debrief_accepted",
            now=now,
            data=data,
            fields=("closed_at",),
        )
    else:
        move(trip, S.RETURNED, actor=actor, action="debrief_info_requested", now=now, data=data)
    notify(
        [trip.traveller],
        kind=f"debrief.{decision}",
        trip=trip,
        now=now,
        params={"title": trip.title, "comment": comment.strip()},
    )
    return trip
