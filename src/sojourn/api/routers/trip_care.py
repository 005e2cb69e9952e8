"""Duty of care on one trip: the traveller checks in and reports deviations; those who may see
the trip read its check-ins (where they were only if they look after the traveller)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from sojourn.api.description import answers
from sojourn.api.pagination import Page, PageQuery, paginate
from sojourn.api.routers.trip_common import TripId, read_locations, user_of, visible_trip
from sojourn.api.schemas.care import (
    CheckIn,
    CheckInIn,
    Deviation,
    DeviationIn,
)
from sojourn.api.schemas.problem import READ_ONE, WRITE
from sojourn.care import services as care
from sojourn.care.models import CheckIn as CheckInModel
from sojourn.trips.permissions import sees_locations

router = Router()


@router.post(
    "/{trip_id}/checkins",
    response={201: CheckIn, **WRITE},
    operation_id="create_checkin",
    summary="Check in",
    description="The traveller says they are safe (`ok`) or need help (`need_help`, which "
    "alerts the officers and oversight at once), while the trip is approved or under way.",
    openapi_extra=answers("The check-in as recorded.", 201),
)
def check_in(request: HttpRequest, trip_id: TripId, payload: CheckInIn) -> Status[CheckIn]:
    now = timezone.now()
    user = user_of(request)
    trip = visible_trip(request, trip_id)
    recorded = care.check_in(
        trip,
        actor=user,
        status=payload.status,
        now=now,
        country=payload.country,
        city=payload.city,
        note=payload.note,
    )
    return Status(201, CheckIn.of(recorded, locations=sees_locations(user, trip)))


@router.get(
    "/{trip_id}/checkins",
    response={200: Page[CheckIn], **READ_ONE},
    operation_id="list_checkins",
    summary="A trip's check-ins",
    description="Newest first. Where they were (country, city, note) is null unless the caller "
    "is the traveller, an officer of the organisation or oversight.",
    openapi_extra=answers("One page of check-ins; `next` is the `cursor` of the following page."),
)
def list_checkins(
    request: HttpRequest, trip_id: TripId, filters: Query[PageQuery]
) -> dict[str, Any]:
    user = user_of(request)
    trip = visible_trip(request, trip_id)
    locations = sees_locations(user, trip)
    found = CheckInModel.objects.visible_to(user).filter(trip=trip)
    result = paginate(found, filters, order=["-at", "-id"])
    read_locations(user, trip, result["items"], timezone.now())
    result["items"] = [CheckIn.of(item, locations=locations) for item in result["items"]]
    return result


@router.post(
    "/{trip_id}/deviations",
    response={201: Deviation, **WRITE},
    operation_id="report_deviation",
    summary="Report a deviation",
    description="The traveller reports a change of itinerary while under way. It joins the "
    "trip's legs and is re-assessed; a stricter outcome reopens the approval "
    "(`needs_reapproval`) and alerts the officers.",
    openapi_extra=answers("The deviation as recorded.", 201),
)
def report_deviation(
    request: HttpRequest, trip_id: TripId, payload: DeviationIn
) -> Status[Deviation]:
    now = timezone.now()
    user = user_of(request)
    trip = visible_trip(request, trip_id)
    deviation = care.report_deviation(
        trip,
        actor=user,
        data=care.DeviationInput(
            country=payload.country,
            city=payload.city,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            reason=payload.reason,
            transit=payload.transit,
        ),
        now=now,
    )
    return Status(201, Deviation.of(deviation, locations=sees_locations(user, trip)))
