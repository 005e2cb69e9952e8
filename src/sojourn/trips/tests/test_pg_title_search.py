"""The trip list's title search (`q`) reads the trigram index of migration 0005 on PostgreSQL,
as the query is written (`title__icontains`: UPPER(title) LIKE UPPER(…)). Sequential scans are
priced out: on a table this small the planner would otherwise scan it."""

from __future__ import annotations

import pytest
from django.db import connection

from sojourn.conftest import Cast
from sojourn.trips import filtering
from sojourn.trips.models import Trip

pytestmark = pytest.mark.postgres_only


def test_title_search_reads_the_trigram_index(cast: Cast) -> None:
    """For those who see every organisation (an officer's list is narrowed by the
    organisation's indexes first; the planner weighs the two by the table's statistics)."""
    found = filtering.apply(
        Trip.objects.visible_to(cast.oversight), filtering.TripFilters(q="conference")
    )
    # Unordered: an ordered, limited query may walk an order's index and filter as it goes,
    # which on a table of a few rows costs less than any other plan.
    sql, params = found.order_by()[:51].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "upper((title)::text) ~~" in plan
    assert "trip_title_trgm_idx" in plan
