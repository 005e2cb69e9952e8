"""The trip every retention test starts from: closed after a need-help check-in from a city."""

from __future__ import annotations

import datetime

import pytest

from sojourn.testing import builders
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)
CITY, NOTE = "Kreuzberg-Nord", "Held at the hotel desk"
SUMMARY = "Met Dr. Weber at the Adlon."


@pytest.fixture
def closed(cast, now) -> Trip:
    """Under way, a need-help check-in at noon on its first day, then closed (`closed_at`)."""
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    builders.asked_for_help(trip, country="DE", city=CITY, note=NOTE)
    return builders.close(trip, accepted_by=cast.officer, summary=SUMMARY)
