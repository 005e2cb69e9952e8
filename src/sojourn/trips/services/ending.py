"""Ending a trip before it begins: withdrawn by the traveller, cancelled by an officer."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.notify.services import notify
from sojourn.people import directory
from sojourn.people.access import display_name
from sojourn.trips import hooks, permissions
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import ReviewDecision, Trip
from sojourn.trips.services.core import (
    S,
    lock,
    move,
    require,
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
    trip = lock(trip, "withdraw", version)
    require(permissions.is_traveller(actor, trip), _("Only the traveller can withdraw a trip."))
    was = trip.status
    trip.withdraw_reason = reason.strip()
    trip.reviews.filter(decision=ReviewDecision.PENDING).delete()
    move(
        trip,
        S.WITHDRAWN,
        actor=actor,
        action="withdrawn",
        now=now,
        # The reason stays on the trip: the trail carries no one's words.
        data={"has_reason": bool(trip.withdraw_reason)},
        fields=("withdraw_reason",),
    )
    hooks.moved(trip, "withdrawn", now=now, actor=actor)
    if was != S.DRAFT:
        notify(
            directory.officers_of(trip.organisation_id),
            kind="trip.withdrawn",
            trip=trip,
            now=now,
            params={
                "title": trip.title,
                "traveller": display_name(trip.traveller),
                "reason": trip.withdraw_reason,
            },
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
    trip = lock(trip, "cancel", version)
    require(
        permissions.may_cancel(actor, trip),
        _("Only a security officer of this organisation or oversight can cancel a trip."),
    )
    if not reason.strip():
        raise InvalidInput({"reason": _("Give the reason for the cancellation.")})
    trip.cancel_reason = reason.strip()
    trip.reviews.filter(decision=ReviewDecision.PENDING).delete()
    move(
        trip,
        S.CANCELLED,
        actor=actor,
        action="cancelled",
        now=now,
        data={"has_reason": True},
        fields=("cancel_reason",),
    )
    hooks.moved(trip, "cancelled", now=now, actor=actor)
    notify(
        [trip.traveller, *directory.officers_of(trip.organisation_id)],
        kind="trip.cancelled",
        trip=trip,
        now=now,
        exclude=actor,
        params={"title": trip.title, "actor": display_name(actor), "reason": trip.cancel_reason},
    )
    return trip
