"""Withdrawing (the traveller) and cancelling (an officer or oversight, with a reason)."""

from __future__ import annotations

import pytest

from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.errors import InvalidInput, NotAllowed
from sojourn.trips.models import Trip, TripStatus


def test_withdrawing_a_submitted_trip_clears_the_queue_and_tells_the_officer(cast, now):
    trip = builders.submitted(cast.traveller, now)

    trip = services.withdraw(trip, actor=cast.traveller, reason="Event moved online", now=now)

    assert trip.status == TripStatus.WITHDRAWN
    assert not trip.reviews.filter(decision="pending").exists()
    assert Notification.objects.filter(kind="trip.withdrawn", recipient=cast.officer).exists()


@pytest.mark.parametrize("who", ["colleague", "officer", "oversight"])
def test_only_the_traveller_withdraws(cast, now, who):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    with pytest.raises(NotAllowed):
        services.withdraw(trip, actor=getattr(cast, who), now=now)


@pytest.mark.parametrize("who", ["officer", "oversight"])
def test_an_officer_or_oversight_cancels_with_a_reason(cast, now, who):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    trip = services.cancel(trip, actor=getattr(cast, who), reason="Instruction 12/2026", now=now)

    assert trip.status == TripStatus.CANCELLED
    assert trip.cancel_reason == "Instruction 12/2026"
    note = Notification.objects.get(
        kind="trip.cancelled", recipient=cast.traveller, channel="in_app"
    )
    assert "Instruction 12/2026" in note.body


def test_a_cancellation_without_a_reason_is_refused(cast, now):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    with pytest.raises(InvalidInput) as refused:
        services.cancel(trip, actor=cast.officer, reason=" ", now=now)

    assert "reason" in refused.value.errors
    assert Trip.objects.get(pk=trip.pk).status == TripStatus.APPROVED


@pytest.mark.parametrize("who", ["traveller", "colleague", "other_officer", "auditor"])
def test_others_cannot_cancel(cast, now, who):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    with pytest.raises(NotAllowed):
        services.cancel(trip, actor=getattr(cast, who), reason="r", now=now)
