"""Two taps on the same check-in link at the same moment record one check-in. This needs real
row locks shared between threads: PostgreSQL (`make test-postgres` runs it)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections

from sojourn.care import links, reminding
from sojourn.care.models import CheckIn, CheckInLink
from sojourn.testing import builders
from sojourn.trips import services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="CHECK-IN LINK RACE RUNS ON POSTGRESQL ONLY (make test-postgres runs it)",
    ),
]
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def test_two_taps_at_once_record_one_check_in(cast, now):
    """GIVEN a check-in reminder's "I am safe" link WHEN two requests use it at the same moment
    THEN one records the check-in and the other is refused as used."""
    trip = builders.approved(
        cast.traveller,
        now - 10 * DAY,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(starts_in_days=10, days=6),
    )
    services.depart(trip, actor=None, now=now)
    reminding.remind(now + 23 * HOUR)
    token = links.token_for(CheckInLink.objects.get(intent="ok"))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def tap() -> None:
        try:
            link = links.find(token)
            barrier.wait()
            links.use(link, now=now + 23 * HOUR)
            outcomes.append("recorded")
        except links.Refused as refusal:
            outcomes.append(refusal.reason)
        except BaseException as error:
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["recorded", "used"]
    assert CheckIn.objects.count() == 1
