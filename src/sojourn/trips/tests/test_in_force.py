"""Trips assess against the policy store directives registers at start-up; without one, an
assessment refuses plainly instead of judging a trip against nothing."""

import pytest

from sojourn.directives import registry
from sojourn.testing import builders
from sojourn.trips import assessing, in_force


def test_directives_registers_the_store_at_start_up():
    assert in_force.store() is registry


def test_without_a_store_assessing_refuses(cast, now, monkeypatch):
    trip = builders.draft(cast.traveller, now)
    monkeypatch.setattr(in_force, "_store", None)

    with pytest.raises(LookupError, match="No policy store"):
        assessing.assess(trip, today=now.date())
