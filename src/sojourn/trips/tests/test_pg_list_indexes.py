"""Every order and every selective filter of a list of trips has an index PostgreSQL uses.

With sequential scans priced out (enable_seqscan off), a plan still reads a whole table where
no index can serve the query; so a plan that reads the order's index, or narrows with an index
on the filtered column, shows the index is there and matches the query as written (the
stored sort keys included; SQLite's plans: test_sort_keys.py). On a table this small the
planner would otherwise scan it.

`has_findings` (inside the assessment's JSON) has no index of its own: it narrows what an
order's index or another filter's reads. The title search `q` has its trigram index
(test_pg_title_search.py)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet

from sojourn.conftest import Cast
from sojourn.trips import filtering
from sojourn.trips.models import Invitation, Trip
from sojourn.trips.views.common import INVITATION_ORDER

pytestmark = pytest.mark.postgres_only


def plan(queryset: QuerySet[Any], *, sorting: bool = True) -> str:
    """The plan with sequential scans priced out (and sorts too, with `sorting=False`: on a
    table of a few rows a sort is otherwise cheaper than any index, whatever the statistics
    that earlier tests left behind; a sort still appears where no index gives the order)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if not sorting:
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def trips(user: Any, *, ordered: bool = True, **filters: Any) -> QuerySet[Trip]:
    listed = filtering.apply(Trip.objects.visible_to(user), filtering.TripFilters(**filters))
    return (listed if ordered else listed.order_by())[:51]


@pytest.mark.parametrize(
    ("order", "everyone", "organisation"),
    [
        ("newest", "trip_created_idx", "trip_org_created_idx"),
        ("departure", "trip_departure_idx", "trip_org_departure_idx"),
        ("departure_desc", "trip_departure_desc_idx", "trip_org_departure_desc_idx"),
        ("risk", "trip_risk_idx", "trip_org_risk_idx"),
    ],
)
def test_each_order_reads_its_index_without_sorting(
    cast: Cast, order: str, everyone: str, organisation: str
) -> None:
    for user, index in ((cast.oversight, everyone), (cast.officer, organisation)):
        found = plan(trips(user, order=order), sorting=False)
        assert index in found
        assert "Sort" not in found


@pytest.mark.parametrize(
    ("filters", "column"),
    [
        ({"status": ("submitted",)}, "status"),
        ({"tier": "restricted"}, "tier"),
        ({"route": "review"}, "route"),
        ({"traveller_id": 1}, "traveller_id"),
        ({"departs_from": datetime.date(2026, 3, 1)}, "starts_on"),
        ({"departs_to": datetime.date(2026, 3, 1)}, "starts_on"),
        ({"returns_from": datetime.date(2026, 3, 1)}, "ends_on"),
        ({"returns_to": datetime.date(2026, 3, 1)}, "ends_on"),
        ({"needs_reapproval": True}, "trip_reapproval_idx"),
        ({"organisation": "lab"}, "organisation_id"),
    ],
)
def test_each_selective_filter_narrows_with_an_index(
    cast: Cast, filters: dict[str, Any], column: str
) -> None:
    """Unordered, so the plan cannot walk an order's index instead: it must find the rows with
    an index on the filtered column (or the partial index of the rare flag)."""
    found = plan(trips(cast.oversight, ordered=False, **filters))
    by_index = [
        line
        for line in found.splitlines()
        if any(words in line for words in ("Index Cond", "Recheck Cond", "Index Scan"))
    ]
    assert any(column in line for line in by_index), found


@pytest.mark.parametrize(
    ("user", "index"),
    [("oversight", "invitation_pending_idx"), ("officer", "invitation_org_pending_idx")],
)
def test_the_invitation_list_reads_pending_first_from_its_index(
    cast: Cast, user: str, index: str
) -> None:
    listed = Invitation.objects.visible_to(getattr(cast, user)).order_by(*INVITATION_ORDER)[:25]
    found = plan(listed)
    assert index in found
    assert "Sort" not in found


def test_an_organisation_filter_reads_that_organisations_index_in_order(cast: Cast) -> None:
    """The organisation is looked up first and filtered by id: joined by its slug, the planner
    could not know which one and read all of a big organisation's trips to sort them."""
    found = plan(trips(cast.oversight, organisation="lab"), sorting=False)
    assert "trip_org_created_idx" in found
    assert "people_organisation" not in found
    assert "Sort" not in found
