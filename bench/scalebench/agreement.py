"""A sample of the world's reported trips assessed afresh by the app's own `assess_facts`, and
compared with the stored snapshot: reused assessments must be exactly the engine's."""

from __future__ import annotations

import random

from sojourn.trips.assessing import assess_facts, facts_of
from sojourn.trips.models import Trip

EMERGENCY = "lifecycle.reported_after_departure"


def check(sample: int, *, seed: int) -> int:
    """How many trips were compared; stops the run at the first disagreement."""
    ids = list(Trip.objects.filter(review_round__gte=1).values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(sample, len(ids)))  # noqa: S311
    trips = (
        Trip.objects.filter(pk__in=chosen)
        .select_related("traveller__person", "organisation")
        .prefetch_related("legs", "meetings")
    )
    compared = 0
    for trip in trips:
        assert trip.submitted_at is not None
        assert trip.assessment is not None
        reported = trip.submitted_at.date()
        expected = assess_facts(
            facts_of(trip, reported_on=reported),
            organisation=trip.organisation,
            traveller_id=trip.traveller_id,
            today=reported,
        ).to_dict()
        stored = dict(trip.assessment)
        # Emergency travel: `submit` adds its own late-report finding when the engine had none.
        stored["findings"] = [f for f in stored["findings"] if f["rule"] != EMERGENCY]
        if stored != expected:
            raise SystemExit(
                f"trip {trip.pk}: the stored assessment is not the engine's\n"
                f"stored:   {stored}\nexpected: {expected}"
            )
        compared += 1
    return compared
