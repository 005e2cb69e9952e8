"""Legal holds as the API shows them, the list's filters, and the bodies that set and clear one."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from sojourn.api.pagination import PageQuery
from sojourn.api.schemas.people import PersonName
from sojourn.api.schemas.trip_fields import Forbidding, Number
from sojourn.retention.models import LegalHold as LegalHoldModel

MAX_ID = 2**63 - 1  # the database's range: a bigger id is refused, never looked up
REASON_MAX = 2000


class LegalHold(Schema):
    """A hold on one trip's debrief, or on every debrief of one person, while it is in force
    (`cleared_at` is null)."""

    id: int
    trip_id: int | None = Field(description="The trip held; null for a hold on a person.")
    person_id: int | None = Field(description="The person held; null for a hold on a trip.")
    reason: str
    set_by: PersonName
    set_at: datetime.datetime
    cleared_by: PersonName | None
    cleared_at: datetime.datetime | None
    clear_reason: str

    @classmethod
    def of(cls, hold: LegalHoldModel) -> LegalHold:
        """Reads `set_by` and `cleared_by` (select them)."""
        return cls(
            id=hold.pk,
            trip_id=hold.trip_id,
            person_id=hold.person_id,
            reason=hold.reason,
            set_by=PersonName.of(hold.set_by),
            set_at=hold.set_at,
            cleared_by=PersonName.maybe(hold.cleared_by),
            cleared_at=hold.cleared_at,
            clear_reason=hold.clear_reason,
        )


class LegalHoldFilters(PageQuery):
    trip_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only the holds set on this trip itself."
    )
    person_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only the holds set on this person."
    )
    in_force: bool | None = Field(
        None, description="`true`: only the holds in force; `false`: only those cleared."
    )


class LegalHoldIn(Forbidding):
    """Name the trip (`trip_id`) or the person (`person_id`, all their trips), not both."""

    trip_id: Number | None = Field(None, ge=1, le=MAX_ID, description="The trip to hold.")
    person_id: Number | None = Field(None, ge=1, le=MAX_ID, description="The person to hold.")
    reason: str = Field(max_length=REASON_MAX, description="Required: why the records are kept.")


class LegalHoldClearIn(Forbidding):
    reason: str = Field(max_length=REASON_MAX, description="Required: why the hold can end.")
