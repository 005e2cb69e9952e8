"""Two people acting on the same trip at the same moment: the row lock lets exactly one win.

These tests need real row locks (SELECT … FOR UPDATE), so they run on PostgreSQL; SQLite takes
a database-wide write lock at BEGIN IMMEDIATE instead, which the settings tests cover.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from sojourn.audit.services import verify_chain
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.errors import LifecycleError, StaleVersion
from sojourn.trips.models import Review, Trip, TripStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="ROW-LOCK RACES RUN ON POSTGRESQL ONLY (make test-postgres runs them)",
    ),
]


def race(*calls: Callable[[], object]) -> list[object]:
    """Start every call at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        from django.db import connections

        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_officers_deciding_at_once_one_wins_the_other_conflicts(cast, now):
    trip = builders.submitted(cast.traveller, now)
    second = builders.officer("second_officer", organisation=cast.lab)

    outcomes = race(
        lambda: services.decide(trip, actor=cast.officer, decision="approve", now=now, version=2),
        lambda: services.decide(
            trip, actor=second, decision="deny", comment="No", now=now, version=2
        ),
    )

    winners = [o for o in outcomes if isinstance(o, Trip)]
    losers = [o for o in outcomes if isinstance(o, StaleVersion)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    fresh = Trip.objects.get(pk=trip.pk)
    assert fresh.version == 3
    assert fresh.status == winners[0].status
    assert Review.objects.filter(trip=trip).exclude(decision="pending").count() == 1
    assert verify_chain().ok


def test_a_cancel_racing_a_withdraw_leaves_one_outcome(cast, now):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    outcomes = race(
        lambda: services.cancel(trip, actor=cast.oversight, reason="Instruction", now=now),
        lambda: services.withdraw(trip, actor=cast.traveller, now=now),
    )

    assert sum(isinstance(o, Trip) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, LifecycleError) for o in outcomes) == 1, outcomes
    fresh = Trip.objects.get(pk=trip.pk)
    assert fresh.status in {TripStatus.CANCELLED, TripStatus.WITHDRAWN}
    assert fresh.version == 4
    assert verify_chain().ok
