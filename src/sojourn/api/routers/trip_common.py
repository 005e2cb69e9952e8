"""What every trip operation shares: the caller, the trip they may see, and the trip as read.

A trip the caller may not see is a 404 before anything else is looked at; the services then
decide whether the caller's role may act on it (403), whether the edge exists (409) and whether
the caller's copy is current (409 with `current_version`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import P, PathEx

from sojourn.api.schemas.care import CheckIn, Deviation
from sojourn.api.schemas.debriefs import Debrief
from sojourn.api.schemas.trip_fields import MAX_ID
from sojourn.api.schemas.trips import Trip
from sojourn.audit import services as audit
from sojourn.care.models import CheckIn as CheckInModel
from sojourn.care.models import Deviation as DeviationModel
from sojourn.debriefs.models import Debrief as DebriefModel
from sojourn.people.today import today_of
from sojourn.policy import InputError
from sojourn.trips.assessing import assess
from sojourn.trips.models import Trip as TripModel
from sojourn.trips.models import TripStatus
from sojourn.trips.permissions import sees_locations

LATEST_CHECKINS = 50
TripId = PathEx[int, P(ge=1, le=MAX_ID, description="The trip's id.")]


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


def visible_trip(request: HttpRequest, trip_id: int) -> TripModel:
    """The trip, if the caller may see it; else 404."""
    query = TripModel.objects.select_related("traveller", "organisation")
    return query.get_for(user_of(request), pk=trip_id)


def _assessment(trip: TripModel, now: datetime.datetime) -> tuple[dict[str, Any] | None, bool]:
    """The stored snapshot once submitted; a draft's live assessment (None without legs)."""
    if trip.status != TripStatus.DRAFT:
        return trip.assessment, False
    if not trip.starts_on:
        return None, True
    try:
        return assess(trip, today=today_of(trip.organisation, now)).to_dict(), True
    except InputError:
        return None, True


def read_locations(
    user: User, trip: TripModel, checkins: list[CheckInModel], now: datetime.datetime
) -> None:
    """Audits a duty-of-care reader being shown where the traveller checked in from."""
    if checkins and sees_locations(user, trip):
        audit.record_read(
            actor=user, obj=trip, owner_id=trip.traveller_id, what="locations", at=now
        )


def trip_out(request: HttpRequest, trip_id: int, now: datetime.datetime) -> Trip:
    """The whole trip as the caller may read it, fetched afresh (after any change)."""
    user = user_of(request)
    trip = (
        TripModel.objects.select_related("traveller", "organisation")
        .prefetch_related("legs", "meetings")
        .get_for(user, pk=trip_id)
    )
    locations = sees_locations(user, trip)
    checkins = CheckInModel.objects.visible_to(user).filter(trip=trip).order_by("-at", "-id")
    deviations = (
        DeviationModel.objects.visible_to(user).filter(trip=trip).order_by("reported_at", "id")
    )
    debrief = (
        DebriefModel.objects.visible_to(user)
        .filter(trip=trip)
        .select_related("reviewed_by")
        .prefetch_related("meetings", "incidents")
        .first()
    )
    assessment, live = _assessment(trip, now)
    shown = list(checkins[:LATEST_CHECKINS])
    read_locations(user, trip, shown, now)
    if debrief is not None:
        audit.record_read(
            actor=user, obj=debrief, owner_id=trip.traveller_id, what="debrief", at=now
        )
    return Trip.of(
        trip,
        assessment=assessment,
        live=live,
        reviews=trip.reviews.select_related("reviewer").order_by("round", "position"),
        checkins=[CheckIn.of(checkin, locations=locations) for checkin in shown],
        deviations=[Deviation.of(item, locations=locations) for item in deviations],
        debrief=None if debrief is None else Debrief.of(debrief),
    )
