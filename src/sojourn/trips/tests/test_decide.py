"""Deciding the approval chain, step by step."""

from __future__ import annotations

import dataclasses

import pytest

from sojourn.notify.models import Notification
from sojourn.policy import Route
from sojourn.testing import builders
from sojourn.trips import assessing, services
from sojourn.trips.errors import IllegalTransition, InvalidInput, NotAllowed
from sojourn.trips.models import Review, Trip, TripStatus
from sojourn.trips.services import submission


@pytest.fixture
def two_steps(monkeypatch) -> None:
    real = assessing.assess

    def patched(trip, *, today):
        return dataclasses.replace(
            real(trip, today=today), route=Route.REVIEW, approvals=("org_security", "oversight")
        )

    monkeypatch.setattr(submission, "assess", patched)


def test_the_officer_approves_and_the_traveller_is_told(cast, now):
    trip = builders.submitted(cast.traveller, now)

    trip = services.decide(
        trip, actor=cast.officer, decision="approve", conditions="Loaner laptop.", now=now
    )

    assert trip.status == TripStatus.APPROVED
    review = trip.reviews.get()
    assert (review.reviewer, review.decision, review.conditions) == (
        cast.officer,
        "approve",
        "Loaner laptop.",
    )
    note = Notification.objects.get(kind="trip.approved", channel="in_app")
    assert note.recipient == cast.traveller
    assert "Loaner laptop." in note.body


def test_a_two_step_chain_needs_both_steps_in_order(cast, now, two_steps):
    """GIVEN a chain org_security → oversight WHEN the officer approves THEN the trip waits for
    oversight (new version, oversight told); WHEN oversight approves THEN it is approved."""
    trip = builders.submitted(cast.traveller, now)

    with pytest.raises(IllegalTransition):
        services.decide(trip, actor=cast.oversight, step="oversight", decision="approve", now=now)
    with pytest.raises(NotAllowed):
        services.decide(trip, actor=cast.oversight, decision="approve", now=now)

    trip = services.decide(trip, actor=cast.officer, decision="approve", now=now)
    assert (trip.status, trip.version) == (TripStatus.SUBMITTED, 3)
    assert {
        n.recipient.username
        for n in Notification.objects.filter(
            kind="trip.review_needed", channel="in_app", recipient=cast.oversight
        )
    } == {"oversight"}

    with pytest.raises(NotAllowed):
        services.decide(trip, actor=cast.officer, decision="approve", now=now)

    trip = services.decide(trip, actor=cast.oversight, decision="approve", now=now)
    assert trip.status == TripStatus.APPROVED
    assert list(trip.reviews.values_list("step", "decision")) == [
        ("org_security", "approve"),
        ("oversight", "approve"),
    ]


def test_a_denial_ends_the_chain_and_drops_the_steps_left(cast, now, two_steps):
    trip = builders.submitted(cast.traveller, now)

    trip = services.decide(trip, actor=cast.officer, decision="deny", comment="Not now.", now=now)

    assert trip.status == TripStatus.DENIED
    assert list(trip.reviews.values_list("step", "decision")) == [("org_security", "deny")]


@pytest.mark.parametrize("decision", ["deny", "request_changes"])
def test_a_refusal_needs_a_comment(cast, now, decision):
    trip = builders.submitted(cast.traveller, now)

    with pytest.raises(InvalidInput) as refused:
        services.decide(trip, actor=cast.officer, decision=decision, comment="  ", now=now)

    assert "comment" in refused.value.errors
    assert Trip.objects.get(pk=trip.pk).status == TripStatus.SUBMITTED


def test_requested_changes_send_the_trip_back_and_a_resubmission_opens_round_two(cast, now):
    trip = builders.submitted(cast.traveller, now)

    trip = services.decide(
        trip, actor=cast.officer, decision="request_changes", comment="Add meetings.", now=now
    )
    assert trip.status == TripStatus.DRAFT

    trip = services.submit(trip, actor=cast.traveller, now=now)
    assert (trip.status, trip.review_round) == (TripStatus.SUBMITTED, 2)
    assert list(Review.objects.filter(trip=trip).values_list("round", "decision")) == [
        (1, "request_changes"),
        (2, "pending"),
    ]


@pytest.mark.parametrize("who", ["traveller", "colleague", "other_officer", "auditor"])
def test_people_outside_the_step_cannot_decide(cast, now, who):
    trip = builders.submitted(cast.traveller, now)

    with pytest.raises(NotAllowed):
        services.decide(trip, actor=getattr(cast, who), decision="approve", now=now)

    assert Trip.objects.get(pk=trip.pk).status == TripStatus.SUBMITTED
    assert trip.reviews.get().decision == "pending"
