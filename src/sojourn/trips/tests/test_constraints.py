"""The database itself refuses impossible rows, whatever code tries to write them."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from sojourn.debriefs.models import Debrief
from sojourn.testing import builders
from sojourn.trips.models import Leg, Review

DAY = datetime.timedelta(days=1)


def test_a_leg_cannot_end_before_it_starts(cast, now):
    trip = builders.draft(cast.traveller, now)

    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.create(trip=trip, country="FR", starts_on=now.date(), ends_on=now.date() - DAY)


def test_a_trip_has_one_debrief_at_most(cast, now):
    trip = builders.returned(cast.traveller, now, reviewers=[cast.officer])
    Debrief.objects.create(trip=trip)

    with pytest.raises(IntegrityError), transaction.atomic():
        Debrief.objects.create(trip=trip)


def test_a_step_is_reviewed_once_per_round(cast, now):
    trip = builders.submitted(cast.traveller, now)

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            trip=trip, step="org_security", round=trip.review_round, created_at=now
        )
    Review.objects.create(
        trip=trip, step="org_security", round=trip.review_round + 1, created_at=now
    )
