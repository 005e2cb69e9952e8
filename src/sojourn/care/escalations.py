"""Opening and resolving escalations. Each is opened once per occurrence (a unique constraint,
whichever worker or request gets there first), audited, and told to the people who must act;
each resolves when its cause does."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.care.models import Escalation, EscalationKind
from sojourn.care.once import insert_new
from sojourn.notify.services import Notice, notify_many
from sojourn.notify.texts import Params
from sojourn.people import directory
from sojourn.people.access import display_name
from sojourn.trips import permissions
from sojourn.trips.errors import InvalidInput, NotAllowed
from sojourn.trips.hooks import Moved
from sojourn.trips.models import Trip
from sojourn.trips.services.core import lock

K = EscalationKind


@dataclass(frozen=True)
class Opening:
    """An escalation to open once: `open_once`'s arguments, for opening many at once."""

    trip: Trip
    kind: EscalationKind
    reference: str
    recipients: Sequence[User]
    # What notify/texts/escalation.<kind>.txt words the escalation's notification from.
    params: Params
    urgent: bool = False
    due_at: datetime.datetime | None = None
    data: dict[str, Any] | None = None


def open_once(
    trip: Trip,
    kind: EscalationKind,
    reference: str,
    *,
    now: datetime.datetime,
    recipients: Iterable[User],
    params: Params,
    urgent: bool = False,
    due_at: datetime.datetime | None = None,
    data: dict[str, Any] | None = None,
) -> Escalation | None:
    """Open the escalation unless this occurrence already has one; None when it had."""
    opening = Opening(trip, kind, reference, list(recipients), params, urgent, due_at, data)
    opened = open_many([opening], now=now)
    return opened[0] if opened else None


def open_many(openings: Sequence[Opening], *, now: datetime.datetime) -> list[Escalation]:
    """Open those of the escalations whose occurrence has none yet, in one transaction: their
    rows, audit events and notifications each written together. Returns the ones opened."""
    if not openings:
        return []
    with transaction.atomic():
        # The trips' rows first, in id order, as every lifecycle service takes them. Our
        # inserts' foreign keys are checked at commit (Django defers them), after we took the
        # audit chain's head: a request or worker holding a trip and waiting for the head would
        # deadlock with us. Holding the trips, we also know no one else opens theirs meanwhile.
        trip_ids = sorted({opening.trip.pk for opening in openings})
        list(Trip.objects.select_for_update().filter(pk__in=trip_ids).order_by("pk").values("pk"))
        fresh = _not_yet_open(openings, trip_ids)
        opened = _insert(fresh, now=now)
        audit.record_many(
            [
                audit.Entry(
                    actor=None,
                    action=f"escalation.{opening.kind}",
                    obj=escalation,
                    data={
                        "trip_id": opening.trip.pk,
                        "reference": opening.reference,
                        "urgent": opening.urgent,
                        **(opening.data or {}),
                    },
                )
                for opening, escalation in opened
            ],
            at=now,
        )
        notify_many(
            [
                Notice(
                    opening.recipients,
                    kind=f"escalation.{opening.kind}",
                    params=opening.params,
                    trip=opening.trip,
                    urgent=opening.urgent,
                )
                for opening, _escalation in opened
            ],
            now=now,
        )
    return [escalation for _opening, escalation in opened]


def _not_yet_open(openings: Sequence[Opening], trip_ids: list[int]) -> list[Opening]:
    kinds = {str(opening.kind) for opening in openings}
    on_record = set(
        Escalation.objects.filter(trip_id__in=trip_ids, kind__in=kinds).values_list(
            "trip_id", "kind", "reference"
        )
    )
    fresh: list[Opening] = []
    for opening in openings:
        key = (opening.trip.pk, str(opening.kind), opening.reference)
        if key not in on_record:
            on_record.add(key)  # the same occurrence twice in one call opens once
            fresh.append(opening)
    return fresh


def _insert(openings: list[Opening], *, now: datetime.datetime) -> list[tuple[Opening, Escalation]]:
    pairs = [
        (
            opening,
            Escalation(
                trip=opening.trip,
                kind=opening.kind,
                reference=opening.reference,
                urgent=opening.urgent,
                opened_at=now,
                due_at=opening.due_at,
                data=opening.data or {},
            ),
        )
        for opening in openings
    ]
    inserted = {id(row) for row in insert_new([row for _opening, row in pairs])}
    return [(opening, row) for opening, row in pairs if id(row) in inserted]


def resolve(
    trip: Trip,
    kinds: Iterable[EscalationKind],
    *,
    now: datetime.datetime,
    resolution: str,
    actor: User | None = None,
    typed: bool = False,
) -> int:
    """Close the trip's open escalations of these kinds; returns how many were open.

    A `typed` resolution is an officer's own words (what they found, where the traveller was):
    it stays on the escalation and its event says only that one was written.
    """
    closed = 0
    with transaction.atomic():
        for escalation in (
            Escalation.objects.select_for_update().open().filter(trip=trip, kind__in=list(kinds))
        ):
            escalation.resolved_at = now
            escalation.resolution = resolution
            escalation.resolved_by = actor
            escalation.save(update_fields=["resolved_at", "resolution", "resolved_by"])
            audit.record(
                actor=actor,
                action="escalation.resolved",
                obj=escalation,
                at=now,
                data={
                    "trip_id": trip.pk,
                    "kind": escalation.kind,
                    **({"noted": True} if typed else {"resolution": resolution}),
                },
            )
            closed += 1
    return closed


def resolve_all(
    trip: Trip, *, now: datetime.datetime, resolution: str, actor: User | None = None
) -> int:
    """The trip ended (withdrawn, cancelled): nothing about it needs anyone any more."""
    return resolve(trip, list(EscalationKind), now=now, resolution=resolution, actor=actor)


def open_late_report(trip: Trip, *, now: datetime.datetime) -> Escalation | None:
    """A trip reported after its report-by date, or after departure: the officer follows up."""
    assert trip.follow_up_due is not None
    due = datetime.datetime.combine(trip.follow_up_due, datetime.time.max, tzinfo=datetime.UTC)
    under_way = trip.departed_at is not None
    return open_once(
        trip,
        K.LATE_REPORT,
        f"submitted:{trip.review_round}",
        now=now,
        recipients=directory.officers_of(trip.organisation_id),
        urgent=under_way,
        due_at=due,
        data={"follow_up_due": trip.follow_up_due.isoformat(), "under_way": under_way},
        params={
            "title": trip.title,
            "under_way": under_way,
            "traveller": display_name(trip.traveller),
            "date": trip.follow_up_due,
        },
    )


ABROAD = (K.MISSED_CHECKIN, K.UNREACHABLE)
DEBRIEF = (K.DEBRIEF_OVERDUE, K.DEBRIEF_OVERDUE_OVERSIGHT)
LATE = (K.LATE_REPORT, K.LATE_REPORT_OVERDUE)


def on_trip_moved(event: Moved) -> None:
    """Care's part of a trip's move (registered in CareConfig.ready)."""
    trip, now, actor = event.trip, event.now, event.actor
    match event.action:
        case "submitted" if trip.late_report:
            open_late_report(trip, now=now)
        case "decided":
            # A decision on a trip reported late is the officer's follow-up.
            resolve(trip, LATE, now=now, actor=actor, resolution=f"decided: {event.detail}")
        case "withdrawn" | "cancelled":
            resolve_all(trip, now=now, actor=actor, resolution=event.action)
        case "returned" if actor is not None:
            # The traveller says they are home. A return the worker infers from the calendar
            # says nothing about a silent traveller's safety: their escalations stay open.
            resolve(trip, ABROAD, now=now, actor=actor, resolution="back home")
        case "debrief_submitted":
            resolve(trip, DEBRIEF, now=now, actor=actor, resolution="debrief submitted")


@transaction.atomic
def follow_up(trip: Trip, *, actor: User, note: str, now: datetime.datetime) -> int:
    """The officer records the follow-up of a late report; returns the escalations closed."""
    trip = lock(trip)
    if not permissions.may_cancel(actor, trip):
        raise NotAllowed(_("Only a security officer of this organisation or oversight follows up."))
    if not note.strip():
        raise InvalidInput({"note": _("Say what the follow-up found.")})
    return resolve(trip, LATE, now=now, actor=actor, resolution=note.strip(), typed=True)
