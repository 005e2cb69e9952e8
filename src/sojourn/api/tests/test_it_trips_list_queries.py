"""`GET /trips` costs the same queries for every filter and every order, on its first page and
on a page reached by its cursor, however many trips match."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.testing.builders import HOUR
from sojourn.trips import filtering

FILTERS = [
    "",
    "status=submitted",
    "tier=reviewed",
    "route=review",
    "organisation=lab",
    "departs_from=2026-03-01",
    "departs_to=2027-03-01",
    "returns_from=2026-03-01",
    "returns_to=2027-03-01",
    "needs_reapproval=false",
    "has_findings=false",
    "q=Trip",
    *(f"order={order}" for order in filtering.ORDERINGS),
]


def queries(api: Any, path: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        answer = api.get(path)
    assert answer.status == 200
    return len(captured), answer.json


@pytest.mark.parametrize("query", FILTERS)
def test_every_filter_and_order_pages_at_a_constant_cost(
    cast: Cast, api_for: Any, api_clock: Any, now: datetime.datetime, query: str
) -> None:
    """GIVEN 3 trips, then 9 more, WHEN oversight lists them 2 at a time and follows the cursor,
    THEN every page costs the queries the first page of the 3 did."""
    for index in range(3):
        builders.submitted(
            cast.traveller, now + index * HOUR, builders.Itinerary(title=f"Trip {index}", days=4)
        )
    api = api_for(cast.oversight)
    api.get("me")  # the token's first use is recorded once
    separator = "&" if query else ""
    few, _page = queries(api, f"trips?{query}{separator}limit=2")

    for index in range(3, 12):
        traveller = cast.traveller if index % 2 else cast.colleague
        builders.submitted(
            traveller, now + index * HOUR, builders.Itinerary(title=f"Trip {index}", days=4)
        )
    many, page = queries(api, f"trips?{query}{separator}limit=2")
    assert many == few
    assert len(page["items"]) == 2
    deeper, second = queries(api, f"trips?{query}{separator}limit=2&cursor={page['next']}")
    assert deeper == few
    assert second["items"]
    assert {item["id"] for item in second["items"]}.isdisjoint(item["id"] for item in page["items"])
