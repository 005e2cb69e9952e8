"""Optimistic locking: acting on an old copy of a trip is a conflict, never a silent overwrite."""

from __future__ import annotations

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.drafts import TripInput, update_draft
from sojourn.trips.errors import StaleVersion
from sojourn.trips.models import Trip, TripStatus


def test_a_stale_version_conflicts_and_changes_nothing(cast, now):
    """GIVEN two officers who opened the trip at version 2 WHEN one decides THEN the other's
    decision with version 2 is refused as stale, and nothing of theirs is written."""
    trip = builders.submitted(cast.traveller, now)
    assert trip.version == 2
    services.withdraw(trip, actor=cast.traveller, now=now, version=2)
    events = AuditEvent.objects.count()
    notes = Notification.objects.count()

    with pytest.raises(StaleVersion) as conflict:
        services.decide(trip, actor=cast.officer, decision="approve", now=now, version=2)

    assert (conflict.value.expected, conflict.value.current) == (2, 3)
    assert "version 3" in conflict.value.message
    assert Trip.objects.get(pk=trip.pk).status == TripStatus.WITHDRAWN
    assert (AuditEvent.objects.count(), Notification.objects.count()) == (events, notes)


def test_the_current_version_is_accepted(cast, now):
    trip = builders.submitted(cast.traveller, now)

    trip = services.decide(trip, actor=cast.officer, decision="approve", now=now, version=2)

    assert (trip.status, trip.version) == (TripStatus.APPROVED, 3)


def test_editing_a_draft_with_a_stale_version_conflicts(cast, now):
    trip = builders.draft(cast.traveller, now)

    with pytest.raises(StaleVersion):
        update_draft(trip, actor=cast.traveller, data=TripInput(title="New"), now=now, version=7)

    assert Trip.objects.get(pk=trip.pk).title == "Workshop in Berlin"
