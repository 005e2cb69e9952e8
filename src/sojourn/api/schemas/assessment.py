"""The hypothetical trip `POST /assess` takes, and its answer.

The legs, the meetings and the assessment have the shapes a trip has (`schemas/trips.py`), so a
client can send the body it would create a trip with and read the answer the same way.
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from sojourn.api.schemas.people import UserRef
from sojourn.api.schemas.trip_fields import Forbidding, Number
from sojourn.api.schemas.trips import (
    MAX_LEGS,
    MAX_MEETINGS,
    TEXT_LIMIT,
    Assessment,
    LegIn,
    MeetingIn,
)
from sojourn.policy import Assessment as EngineAssessment
from sojourn.trips.models import Purpose


def assessment_out(assessment: EngineAssessment) -> Assessment:
    return Assessment.of(assessment.to_dict())


class AssessIn(Forbidding):
    """A trip as it would be reported today. Nothing is stored."""

    traveller_id: Number | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="The user id of the person to assess the trip for: officers may name one "
        "of their organisation's people, oversight anyone. Absent: the caller.",
    )
    title: str = Field(
        "", max_length=200, description="Accepted so a trip body can be sent as is; not used."
    )
    purpose: Purpose = Purpose.BUSINESS
    necessity: str = Field("", max_length=TEXT_LIMIT)
    alternatives: str = Field("", max_length=TEXT_LIMIT)
    legs: list[LegIn] = Field(min_length=1, max_length=MAX_LEGS)
    meetings: list[MeetingIn] = Field(default_factory=list, max_length=MAX_MEETINGS)


class AssessmentResult(Schema):
    traveller: UserRef
    assessed_on: datetime.date = Field(description="The day the trip is assessed as reported.")
    assessment: Assessment
