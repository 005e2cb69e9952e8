"""A small synthetic world, built the way `sojourn synth` builds one, at a fixed `now`.

One year of history instead of five, so that 2,000 trips still leave every live state with
several trips (pending reviews last days, and a five-year world of that size has one or two).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sojourn.synth import world

NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
SMALL: dict[str, Any] = {
    "organisations": 5,
    "people": 200,
    "trips": 2000,
    "seed": 1,
    "years": 1,
    "now": NOW,
}


def build(**changes: Any) -> world.Summary:
    return world.run(world.Options(**{**SMALL, **changes}))


@pytest.fixture
def small_world(db: None) -> world.Summary:
    return build()
