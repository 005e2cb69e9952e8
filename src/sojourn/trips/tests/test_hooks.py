"""The domains above trips hear each move through a listener they register; trips import none
of them."""

from __future__ import annotations

import pytest

from sojourn.care.escalations import on_trip_moved
from sojourn.testing import builders
from sojourn.trips import hooks, services


@pytest.fixture
def heard(monkeypatch):
    events: list[hooks.Moved] = []
    monkeypatch.setattr(hooks, "_listeners", [events.append])
    return events


def test_care_listens_from_start_up():
    assert on_trip_moved in hooks._listeners


def test_a_listener_hears_the_move_with_its_actor(cast, now, heard):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    heard.clear()  # building the trip moved it too

    services.cancel(trip, actor=cast.officer, reason="Instruction 12/2026", now=now)

    assert [(event.action, event.trip.pk, event.actor) for event in heard] == [
        ("cancelled", trip.pk, cast.officer)
    ]


def test_a_refused_move_tells_nobody(cast, now, heard):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    heard.clear()

    with pytest.raises(Exception, match="traveller"):
        services.withdraw(trip, actor=cast.officer, now=now)

    assert heard == []
