"""The query of `GET /trips` and its CSV export: the filters and the page."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from sojourn.api.pagination import PageQuery
from sojourn.api.schemas.trip_fields import MAX_ID, IsoDate, QueryFlag
from sojourn.api.schemas.trips import RouteName, StatusName

OrderName = Literal["newest", "departure", "departure_desc", "risk"]


class TripFilters(Schema):
    """The filters of `GET /trips` and its CSV export; all optional, all combined."""

    status: list[StatusName] = Field(
        default_factory=list, description="Repeat to match any of several statuses."
    )
    tier: str | None = Field(
        None, max_length=200, description="The assessed tier, e.g. restricted."
    )
    route: RouteName | None = Field(None, description="The route the assessment chose.")
    traveller_id: int | None = Field(None, ge=1, le=MAX_ID, description="The traveller's user id.")
    organisation: str | None = Field(None, max_length=200, description="The organisation's slug.")
    departs_from: IsoDate | None = Field(None, description="Departing on or after.")
    departs_to: IsoDate | None = Field(None, description="Departing on or before.")
    returns_from: IsoDate | None = Field(None, description="Returning on or after.")
    returns_to: IsoDate | None = Field(None, description="Returning on or before.")
    needs_reapproval: QueryFlag | None = Field(
        None, description="A directive or a deviation reopened the approval (or did not)."
    )
    has_findings: QueryFlag | None = Field(None, description="The stored assessment has findings.")
    q: str | None = Field(None, max_length=200, description="The title contains this text.")
    order: OrderName = Field(
        "newest",
        description="`newest` (reported first, the default), `departure` (soonest first), "
        "`departure_desc` (latest first), or `risk` (highest first); trips without a date or "
        "score come last.",
    )


class TripListFilters(TripFilters, PageQuery):
    """The filters, and the page."""
