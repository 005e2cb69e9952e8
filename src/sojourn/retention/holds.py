"""Legal holds: a person's or a trip's debriefs are kept whole while one is in force.

An officer of the organisation or oversight sets a hold with a reason and clears it with
another; both are audited (by ids: the reasons stay on the hold).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.conf.errors import Conflict, InvalidInput, NotAllowed
from sojourn.people.access import organisation_id_of, role_of
from sojourn.people.models import Role
from sojourn.retention.models import LegalHold
from sojourn.trips.models import Trip


class HoldCleared(Conflict):
    def __init__(self) -> None:
        super().__init__(_("This legal hold is already cleared."))


class HoldInForce(Conflict):
    def __init__(self) -> None:
        super().__init__(_("A legal hold is already in force here."))


class NoHold(Conflict):
    def __init__(self) -> None:
        super().__init__(_("No legal hold is in force here."))


def may_hold(actor: User, organisation_id: int | None) -> bool:
    """Oversight, or an officer of the organisation the trip or the person belongs to."""
    role = role_of(actor)
    if role == Role.OVERSIGHT:
        return True
    return (
        role == Role.OFFICER
        and organisation_id is not None
        and organisation_id_of(actor) == organisation_id
    )


def held_trip_ids() -> QuerySet[Trip, int]:
    """The trips under a hold in force: their own, or one on their traveller."""
    active = LegalHold.objects.active()
    return Trip.objects.filter(
        Q(pk__in=active.filter(trip__isnull=False).values("trip_id"))
        | Q(traveller_id__in=active.filter(person__isnull=False).values("person_id"))
    ).values_list("pk", flat=True)


def holds_on(*, trip: Trip | None = None, person: User | None = None) -> list[LegalHold]:
    """The holds in force on a trip (its own and its traveller's), or on a person."""
    active = LegalHold.objects.active().select_related("set_by")
    if trip is not None:
        return list(active.filter(Q(trip=trip) | Q(person_id=trip.traveller_id)))
    return list(active.filter(person=person))


def active_hold(*, trip: Trip | None = None, person: User | None = None) -> LegalHold | None:
    """The hold in force set on this trip itself, or on this person (one at a time)."""
    active = LegalHold.objects.active()
    found = active.filter(trip=trip) if trip is not None else active.filter(person=person)
    return found.first()


def _organisation_of(*, trip: Trip | None, person: User | None) -> int | None:
    if trip is not None:
        return trip.organisation_id
    return None if person is None else organisation_id_of(person)


@transaction.atomic
def set_hold(
    *,
    actor: User,
    reason: str,
    now: datetime.datetime,
    trip: Trip | None = None,
    person: User | None = None,
) -> LegalHold:
    """Put a trip, or a person (all their trips), under a legal hold."""
    if (trip is None) == (person is None):
        raise ValueError("a legal hold is on a trip or on a person")
    if not may_hold(actor, _organisation_of(trip=trip, person=person)):
        raise NotAllowed(_("Only a security officer of this organisation or oversight sets it."))
    if not reason.strip():
        raise InvalidInput({"reason": _("Say why the records must be kept.")})
    if active_hold(trip=trip, person=person) is not None:
        raise HoldInForce
    hold = LegalHold.objects.create(
        trip=trip, person=person, reason=reason.strip(), set_by=actor, set_at=now
    )
    target: dict[str, int | None] = (
        {"trip_id": hold.trip_id} if trip is not None else {"person_id": hold.person_id}
    )
    audit.record(actor=actor, action="legal_hold.set", obj=hold, at=now, data=target)
    return hold


@transaction.atomic
def clear_hold(hold: LegalHold, *, actor: User, reason: str, now: datetime.datetime) -> LegalHold:
    """End a legal hold; retention may anonymise what it kept once its period has passed."""
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not may_hold(actor, _organisation_of(trip=hold.trip, person=hold.person)):
        raise NotAllowed(_("Only a security officer of this organisation or oversight clears it."))
    if hold.cleared_at is not None:
        raise HoldCleared
    if not reason.strip():
        raise InvalidInput({"reason": _("Say why the hold can end.")})
    hold.cleared_at, hold.cleared_by, hold.clear_reason = now, actor, reason.strip()
    hold.save(update_fields=["cleared_at", "cleared_by", "clear_reason"])
    target: dict[str, int | None] = (
        {"trip_id": hold.trip_id} if hold.trip_id else {"person_id": hold.person_id}
    )
    audit.record(actor=actor, action="legal_hold.cleared", obj=hold, at=now, data=target)
    return hold


def clear_hold_on(
    *,
    actor: User,
    reason: str,
    now: datetime.datetime,
    trip: Trip | None = None,
    person: User | None = None,
) -> LegalHold:
    """End the hold in force set on this trip itself, or on this person: refused to a role
    that may not (before saying whether there is one), a conflict when there is none."""
    if not may_hold(actor, _organisation_of(trip=trip, person=person)):
        raise NotAllowed(_("Only a security officer of this organisation or oversight clears it."))
    hold = active_hold(trip=trip, person=person)
    if hold is None:
        raise NoHold
    return clear_hold(hold, actor=actor, reason=reason, now=now)


@dataclass(frozen=True)
class Panel:
    """What a trip's or a person's page shows of legal holds: those in force, whether the
    viewer may set or clear the page's own, and which one that is."""

    holds: list[LegalHold]
    may_change: bool
    own: LegalHold | None


def panel(viewer: User, *, trip: Trip | None = None, person: User | None = None) -> Panel | None:
    """None for a viewer who does not read holds (the traveller, travellers)."""
    if role_of(viewer) not in (Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR):
        return None
    return Panel(
        holds=holds_on(trip=trip, person=person),
        may_change=may_hold(viewer, _organisation_of(trip=trip, person=person)),
        own=active_hold(trip=trip, person=person),
    )
