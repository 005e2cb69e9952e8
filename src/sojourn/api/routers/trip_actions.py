"""The lifecycle actions on one trip: submit, decide, withdraw, cancel, acknowledge the briefing.

Each is one call of the lifecycle service the web's buttons call; each takes the `version` the
client read and answers the trip as it is afterwards.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from sojourn.api.description import answers
from sojourn.api.routers.trip_common import TripId, trip_out, user_of, visible_trip
from sojourn.api.schemas.problem import WRITE
from sojourn.api.schemas.trip_inputs import (
    TripCancelIn,
    TripDecisionIn,
    TripVersionIn,
    TripWithdrawIn,
)
from sojourn.api.schemas.trips import Trip
from sojourn.trips import services

router = Router()


@router.post(
    "/{trip_id}/submit",
    response={200: Trip, **WRITE},
    operation_id="submit_trip",
    summary="Submit a draft",
    description="The traveller submits their draft. It is assessed under the policy in force "
    "and answers with that `assessment`: approved or denied at once by the policy, waiting for "
    "its approval steps, or in progress if it was reported after departure.",
    openapi_extra=answers("The trip as submitted, with its assessment."),
)
def submit(request: HttpRequest, trip_id: TripId, payload: TripVersionIn) -> Trip:
    now = timezone.now()
    trip = visible_trip(request, trip_id)
    services.submit(trip, actor=user_of(request), now=now, version=payload.version)
    return trip_out(request, trip_id, now)


@router.post(
    "/{trip_id}/decisions",
    response={200: Trip, **WRITE},
    operation_id="decide_trip",
    summary="Decide the current approval step",
    description="The reviewer of the step the trip waits for (a security officer of its "
    "organisation for `org_security`, oversight for `oversight`) approves, denies or requests "
    "changes; a denial or a request for changes needs a `comment`.",
    openapi_extra=answers("The trip as it is after the decision."),
)
def decide(request: HttpRequest, trip_id: TripId, payload: TripDecisionIn) -> Trip:
    now = timezone.now()
    trip = visible_trip(request, trip_id)
    services.decide(
        trip,
        actor=user_of(request),
        decision=payload.decision,
        now=now,
        step=payload.step,
        comment=payload.comment,
        conditions=payload.conditions,
        version=payload.version,
    )
    return trip_out(request, trip_id, now)


@router.post(
    "/{trip_id}/withdraw",
    response={200: Trip, **WRITE},
    operation_id="withdraw_trip",
    summary="Withdraw a trip",
    description="The traveller withdraws their trip before departure, with an optional reason.",
    openapi_extra=answers("The trip, withdrawn."),
)
def withdraw(request: HttpRequest, trip_id: TripId, payload: TripWithdrawIn) -> Trip:
    now = timezone.now()
    trip = visible_trip(request, trip_id)
    services.withdraw(
        trip, actor=user_of(request), now=now, reason=payload.reason, version=payload.version
    )
    return trip_out(request, trip_id, now)


@router.post(
    "/{trip_id}/cancel",
    response={200: Trip, **WRITE},
    operation_id="cancel_trip",
    summary="Cancel a trip",
    description="A security officer of the trip's organisation, or oversight, cancels a "
    "submitted or approved trip; the `reason` is required and the traveller is told.",
    openapi_extra=answers("The trip, cancelled."),
)
def cancel(request: HttpRequest, trip_id: TripId, payload: TripCancelIn) -> Trip:
    now = timezone.now()
    trip = visible_trip(request, trip_id)
    services.cancel(
        trip, actor=user_of(request), reason=payload.reason, now=now, version=payload.version
    )
    return trip_out(request, trip_id, now)


@router.post(
    "/{trip_id}/briefing-ack",
    response={200: Trip, **WRITE},
    operation_id="acknowledge_briefing",
    summary="Acknowledge the pre-travel briefing",
    description="The traveller confirms they have read the briefing the assessment asks for "
    "(`assessment.briefing_required`); 422 if the trip needs none.",
    openapi_extra=answers("The trip, with the time the briefing was acknowledged."),
)
def acknowledge_briefing(request: HttpRequest, trip_id: TripId, payload: TripVersionIn) -> Trip:
    now = timezone.now()
    trip = visible_trip(request, trip_id)
    services.acknowledge_briefing(trip, actor=user_of(request), now=now, version=payload.version)
    return trip_out(request, trip_id, now)
