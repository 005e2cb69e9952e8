"""Duty of care as the API shows it: check-ins and deviations, with where the traveller was
shown only to those who look after them.

Where someone is (a check-in's country, city and note; a deviation's country, city and reason)
is shown to the traveller themself, the security officers of the trip's organisation and
oversight. Everyone else who may see the trip (the auditor) reads these fields as null.
"""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from sojourn.api.schemas.trip_fields import Flag, Forbidding, IsoDate
from sojourn.care.models import CheckIn as CheckInModel
from sojourn.care.models import Deviation as DeviationModel

COUNTRY = "ISO 3166-1 alpha-2 country code, such as FR or JP."
HIDDEN = "Null unless the caller is the traveller, an officer of the organisation or oversight."


class CheckInIn(Forbidding):
    status: Literal["ok", "need_help"] = Field(
        description="`need_help` alerts the officers and oversight at once."
    )
    country: str = Field("", max_length=2, description=COUNTRY + " Optional.")
    city: str = Field("", max_length=120)
    note: str = Field("", max_length=2000)


class CheckIn(Schema):
    id: int
    trip_id: int
    at: datetime.datetime
    status: Literal["ok", "need_help"]
    country: str | None = Field(description=HIDDEN)
    city: str | None = Field(description=HIDDEN)
    note: str | None = Field(description=HIDDEN)

    @classmethod
    def of(cls, checkin: CheckInModel, *, locations: bool) -> CheckIn:
        return cls(
            id=checkin.pk,
            trip_id=checkin.trip_id,
            at=checkin.at,
            status=checkin.status,  # type: ignore[arg-type]
            country=checkin.country if locations else None,
            city=checkin.city if locations else None,
            note=checkin.note if locations else None,
        )


class DeviationIn(Forbidding):
    country: str = Field(min_length=2, max_length=2, description=COUNTRY)
    city: str = Field("", max_length=120)
    starts_on: IsoDate
    ends_on: IsoDate = Field(description="On or after `starts_on`.")
    reason: str = Field(max_length=2000, description="Why the plan changed.")
    transit: Flag = Field(False, description="A layover, not a stay.")


class Deviation(Schema):
    """A change of itinerary reported while travelling; it also joins the trip's legs, and a
    stricter re-assessment sets the trip's `needs_reapproval`."""

    id: int
    trip_id: int
    reported_at: datetime.datetime
    starts_on: datetime.date
    ends_on: datetime.date
    transit: bool
    country: str | None = Field(description=HIDDEN)
    city: str | None = Field(description=HIDDEN)
    reason: str | None = Field(description=HIDDEN)

    @classmethod
    def of(cls, deviation: DeviationModel, *, locations: bool) -> Deviation:
        return cls(
            id=deviation.pk,
            trip_id=deviation.trip_id,
            reported_at=deviation.reported_at,
            starts_on=deviation.starts_on,
            ends_on=deviation.ends_on,
            transit=deviation.transit,
            country=deviation.country if locations else None,
            city=deviation.city if locations else None,
            reason=deviation.reason if locations else None,
        )
