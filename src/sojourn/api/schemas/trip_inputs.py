"""What a client sends to change a trip: the draft's patch and the bodies of its actions.

Input schemas forbid unknown fields, so a client can never set what only the services set
(status, traveller, version where it is not the caller's copy, reviews): such a body is a 422
naming the field.
"""

from __future__ import annotations

from typing import Literal

from ninja import Field

from sojourn.api.schemas.trip_fields import Forbidding, Number
from sojourn.trips.body import (
    MAX_LEGS,
    MAX_MEETINGS,
    TEXT_LIMIT,
    LegIn,
    MeetingIn,
)
from sojourn.trips.models import Purpose


class TripPatch(Forbidding):
    """Fields present replace the draft's; `legs` and `meetings` replace the whole list."""

    version: Number = Field(ge=1, description="The version of the trip the client read.")
    title: str | None = Field(None, max_length=200)
    purpose: Purpose | None = None
    necessity: str | None = Field(None, max_length=TEXT_LIMIT)
    alternatives: str | None = Field(None, max_length=TEXT_LIMIT)
    legs: list[LegIn] | None = Field(None, max_length=MAX_LEGS)
    meetings: list[MeetingIn] | None = Field(None, max_length=MAX_MEETINGS)


class TripVersionIn(Forbidding):
    version: Number = Field(ge=1, description="The version of the trip the client read.")


class TripDecisionIn(Forbidding):
    decision: Literal["approve", "deny", "request_changes"]
    comment: str = Field(
        "", max_length=4000, description="Required to deny or to request changes: say why."
    )
    conditions: str = Field(
        "", max_length=4000, description="What the traveller must do if approved."
    )
    version: Number = Field(ge=1)
    step: str | None = Field(
        None,
        max_length=50,
        description="The approval step the caller means to decide (e.g. `org_security`); "
        "refused with 409 if the trip waits for another step.",
    )


class TripWithdrawIn(Forbidding):
    version: Number = Field(ge=1)
    reason: str = Field("", max_length=2000)


class TripCancelIn(Forbidding):
    version: Number = Field(ge=1)
    reason: str = Field(max_length=2000, description="Required: why the trip is cancelled.")
