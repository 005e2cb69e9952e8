"""The debrief of one trip: the traveller writes it (as often as needed) and files it; a
security officer of the organisation (or oversight) accepts it or asks for more."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router

from sojourn.api.description import answers
from sojourn.api.routers.trip_common import TripId, trip_out, user_of, visible_trip
from sojourn.api.schemas.debriefs import Debrief, DebriefIn, DebriefReviewIn
from sojourn.api.schemas.problem import READ_ONE, WRITE
from sojourn.api.schemas.trip_inputs import TripVersionIn
from sojourn.api.schemas.trips import Trip
from sojourn.audit import services as audit
from sojourn.debriefs import filing
from sojourn.debriefs import services as debriefs
from sojourn.debriefs.models import Debrief as DebriefModel

router = Router()


def _debrief(request: HttpRequest, trip_id: int) -> Debrief:
    user = user_of(request)
    found = (
        DebriefModel.objects.visible_to(user)
        .filter(trip_id=trip_id)
        .select_related("reviewed_by", "trip")
        .prefetch_related("meetings", "incidents")
        .first()
    )
    if found is None:
        raise Http404("No debrief yet.")
    audit.record_read(
        actor=user, obj=found, owner_id=found.trip.traveller_id, what="debrief", at=timezone.now()
    )
    return Debrief.of(found)


@router.get(
    "/{trip_id}/debrief",
    response={200: Debrief, **READ_ONE},
    operation_id="get_debrief",
    summary="A trip's debrief",
    description="The debrief with its meetings held and incidents, and its review. 404 until "
    "the traveller has saved one. Reading another person's debrief is audited.",
    openapi_extra=answers("The debrief."),
)
def get_debrief(request: HttpRequest, trip_id: TripId) -> Debrief:
    visible_trip(request, trip_id)
    return _debrief(request, trip_id)


@router.put(
    "/{trip_id}/debrief",
    response={200: Debrief, **WRITE},
    operation_id="save_debrief",
    summary="Write the debrief (a draft)",
    description="The traveller writes their debrief while under way or once back, until it is "
    "filed (again after the officer asks for more). What is sent replaces the draft, rows "
    "included. Submitting it is `POST …/debrief/submit`.",
    openapi_extra=answers("The debrief as saved."),
)
def put_debrief(request: HttpRequest, trip_id: TripId, payload: DebriefIn) -> Debrief:
    now = timezone.now()
    trip = visible_trip(request, trip_id)
    debriefs.save_draft(
        trip,
        actor=user_of(request),
        now=now,
        summary=payload.summary,
        materials=payload.materials,
        no_meetings=payload.no_meetings,
        meetings=[meeting.to_input() for meeting in payload.meetings],
        incidents=[incident.to_input() for incident in payload.incidents],
    )
    return _debrief(request, trip_id)


@router.post(
    "/{trip_id}/debrief/submit",
    response={200: Trip, **WRITE},
    operation_id="submit_debrief",
    summary="File the debrief",
    description="The traveller files the saved debrief once back: it needs a summary, and a "
    "detailed debrief needs a meeting held or `no_meetings` (422 naming the field).",
    openapi_extra=answers("The trip, debriefed."),
)
def submit_debrief(request: HttpRequest, trip_id: TripId, payload: TripVersionIn) -> Trip:
    now = timezone.now()
    trip = visible_trip(request, trip_id)
    filing.submit_debrief(trip, actor=user_of(request), now=now, version=payload.version)
    return trip_out(request, trip_id, now)


@router.post(
    "/{trip_id}/debrief/review",
    response={200: Trip, **WRITE},
    operation_id="review_debrief",
    summary="Review the debrief",
    description="A security officer of the organisation, or oversight, accepts the debrief "
    "(the trip closes) or asks for more information (`comment` required; the traveller edits "
    "and files again).",
    openapi_extra=answers("The trip as it is after the review."),
)
def review_debrief(request: HttpRequest, trip_id: TripId, payload: DebriefReviewIn) -> Trip:
    now = timezone.now()
    trip = visible_trip(request, trip_id)
    filing.review_debrief(
        trip,
        actor=user_of(request),
        decision=payload.decision,
        now=now,
        comment=payload.comment,
        version=payload.version,
    )
    return trip_out(request, trip_id, now)
