"""The stored sort keys of the lists (Trip.sort_departure, sort_departure_desc, sort_risk;
Invitation.sort_pending) are never null and always agree with the columns they are computed
from, whatever wrote the row: a service, a bulk update, a migration's rewrite. And both databases
read each order's page from its index, without sorting the list."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet

from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips import filtering, invitations, services
from sojourn.trips.models import Invitation, Trip
from sojourn.trips.views.common import INVITATION_ORDER

DAY = datetime.timedelta(days=1)
FAR = datetime.date.max
NEVER = datetime.date.min


def keys(trip: Trip) -> tuple[datetime.date, datetime.date, int]:
    row = Trip.objects.values_list("sort_departure", "sort_departure_desc", "sort_risk").get(
        pk=trip.pk
    )
    return row


def test_a_trips_keys_follow_its_departure_and_risk_through_every_write(
    cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.draft(cast.traveller, now)
    departs = trip.starts_on
    assert departs is not None
    # A draft has a departure and no risk score yet: unscored trips sort last by risk.
    assert keys(trip) == (departs, departs, -1)

    trip = services.submit(trip, actor=cast.traveller, now=now)
    assert trip.risk_score is not None
    assert keys(trip) == (departs, departs, trip.risk_score)

    # A write that bypasses every service (a bulk update) is computed by the database too.
    Trip.objects.filter(pk=trip.pk).update(starts_on=None, ends_on=None, risk_score=None)
    assert keys(trip) == (FAR, NEVER, -1)  # last in both departure orders, last by risk
    Trip.objects.filter(pk=trip.pk).update(starts_on=departs + DAY, ends_on=departs + DAY)
    assert keys(trip) == (departs + DAY, departs + DAY, -1)


def test_an_invitation_is_pending_first_until_decided(cast: Cast, now: datetime.datetime) -> None:
    invitation = invitations.record(
        actor=cast.traveller,
        data=invitations.InvitationInput(
            event="Summit",
            host_organisation="Host",
            country="FR",
            city="Paris",
            starts_on=now.date() + 40 * DAY,
            ends_on=now.date() + 41 * DAY,
            paid_by="host",
            received_on=now.date(),
        ),
        now=now,
    )
    assert Invitation.objects.get(pk=invitation.pk).sort_pending == 0
    invitations.decline(invitation, actor=cast.traveller, reason="No time.", now=now)
    assert Invitation.objects.get(pk=invitation.pk).sort_pending == 1


def _sqlite_plan(queryset: QuerySet[Any]) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's planner; PostgreSQL's: test_pg_list_indexes.py"
)
@pytest.mark.parametrize(
    ("order", "everyone", "organisation"),
    [
        ("departure", "trip_departure_idx", "trip_org_departure_idx"),
        ("departure_desc", "trip_departure_desc_idx", "trip_org_departure_desc_idx"),
        ("risk", "trip_risk_idx", "trip_org_risk_idx"),
    ],
)
def test_sqlite_reads_each_order_from_its_index(
    cast: Cast, order: str, everyone: str, organisation: str
) -> None:
    for user, index in ((cast.oversight, everyone), (cast.officer, organisation)):
        listed = filtering.apply(Trip.objects.visible_to(user), filtering.TripFilters(order=order))
        found = _sqlite_plan(listed[:51])
        assert index in found, found
        assert "TEMP B-TREE" not in found, found


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
@pytest.mark.parametrize(
    ("user", "index"),
    [("oversight", "invitation_pending_idx"), ("officer", "invitation_org_pending_idx")],
)
def test_sqlite_reads_the_invitations_pending_first_from_its_index(
    cast: Cast, user: str, index: str
) -> None:
    listed = Invitation.objects.visible_to(getattr(cast, user)).order_by(*INVITATION_ORDER)
    found = _sqlite_plan(listed[:26])
    assert index in found, found
    assert "TEMP B-TREE" not in found, found
