"""The trip `POST /assess` takes, and its answer.

The body is the trip body of `POST /trips` (trips/body.py), with whom to assess it for; the
answer's assessment has the shape a trip's has, so a client reads both the same way.
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from sojourn.api.schemas.people import PersonName
from sojourn.api.schemas.trips import Assessment
from sojourn.policy import Assessment as EngineAssessment
from sojourn.trips.body import MAX_ID, Number, TripIn


def assessment_out(assessment: EngineAssessment) -> Assessment:
    return Assessment.of(assessment.to_dict())


class AssessIn(TripIn):
    """A trip as it would be reported today. Nothing is stored."""

    traveller_id: Number | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="The user id of the person to assess the trip for: officers may name one "
        "of their organisation's people, oversight anyone. Absent: the caller.",
    )


class AssessmentResult(Schema):
    traveller: PersonName
    assessed_on: datetime.date = Field(description="The day the trip is assessed as reported.")
    assessment: Assessment
