"""Opening and resolving escalations. Each is opened once per occurrence (a unique constraint,
whichever worker or request gets there first), audited, and told to the people who must act;
each resolves when its cause does."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.care.models import Escalation, EscalationKind
from sojourn.notify.services import Message, notify
from sojourn.people import directory
from sojourn.people.access import display_name
from sojourn.trips.models import Trip

K = EscalationKind


def open_once(
    trip: Trip,
    kind: EscalationKind,
    reference: str,
    *,
    now: datetime.datetime,
    recipients: Iterable[User],
    message: Message,
    urgent: bool = False,
    due_at: datetime.datetime | None = None,
    data: dict[str, Any] | None = None,
) -> Escalation | None:
    """Open the escalation unless this occurrence already has one; None when it had."""
    with transaction.atomic():
        # The trip's row first, as every lifecycle service takes it. Our inserts' foreign keys
        # are checked at commit (Django defers them), after we took the audit chain's head: a
        # request or worker holding the trip and waiting for the head would deadlock with us.
        Trip.objects.select_for_update().filter(pk=trip.pk).values_list("pk").first()
        try:
            with transaction.atomic():  # a savepoint: a duplicate rolls back only itself
                escalation = Escalation.objects.create(
                    trip=trip,
                    kind=kind,
                    reference=reference,
                    urgent=urgent,
                    opened_at=now,
                    due_at=due_at,
                    data=data or {},
                )
        except IntegrityError:
            return None
        audit.record(
            actor=None,
            action=f"escalation.{kind}",
            obj=escalation,
            at=now,
            data={"trip": trip.pk, "reference": reference, "urgent": urgent, **(data or {})},
        )
        notify(
            recipients,
            kind=f"escalation.{kind}",
            trip=trip,
            now=now,
            urgent=urgent,
            message=message,
        )
    return escalation


def resolve(
    trip: Trip,
    kinds: Iterable[EscalationKind],
    *,
    now: datetime.datetime,
    resolution: str,
    actor: User | None = None,
) -> int:
    """Close the trip's open escalations of these kinds; returns how many were open."""
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
                data={"trip": trip.pk, "kind": escalation.kind, "resolution": resolution},
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
        message=lambda: (
            (
                _("Reported after departure: %(title)s")
                if under_way
                else _("Reported late: %(title)s")
            )
            % {"title": trip.title},
            _("%(traveller)s reported this trip late. Follow up by %(date)s.")
            % {"traveller": display_name(trip.traveller), "date": trip.follow_up_due},
        ),
    )


ABROAD = (K.MISSED_CHECKIN, K.UNREACHABLE)
DEBRIEF = (K.DEBRIEF_OVERDUE, K.DEBRIEF_OVERDUE_OVERSIGHT)
LATE = (K.LATE_REPORT, K.LATE_REPORT_OVERDUE)
