"""Directives: advisories, holds and instructions, and the trips they re-assess."""

from __future__ import annotations

import datetime

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.audit.services import verify_chain
from sojourn.directives import reassess, services
from sojourn.directives.models import Directive, ReassessmentChange, ReassessmentRun, RunStatus
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.trips import services as lifecycle
from sojourn.trips.errors import InvalidInput, NotAllowed
from sojourn.trips.models import Trip, TripStatus

DAY = datetime.timedelta(days=1)


def prohibit(cast, now, country="DE", **kwargs) -> tuple[Directive, ReassessmentRun]:
    directive, run = services.issue_advisory(
        actor=cast.oversight,
        destinations=[country],
        starts_on=now.date(),
        ends_on=now.date() + 90 * DAY,
        effect="prohibit",
        text=kwargs.pop("text", "Travel to Germany is suspended."),
        now=now,
        **kwargs,
    )
    return directive, reassess.resume(run, now=now)


def test_a_prohibiting_advisory_reopens_an_approved_trip(cast, now):
    """GIVEN an approved trip to Germany WHEN oversight prohibits travel to Germany
    THEN the run reopens its approval: back to submitted, needs re-approval, a new round with
    the officer's step pending, the change recorded, traveller and officer told."""
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    directive, run = prohibit(cast, now)

    trip.refresh_from_db()
    assert (run.status, run.total, run.processed, run.changed) == (RunStatus.DONE, 1, 1, 1)
    assert trip.status == TripStatus.SUBMITTED
    assert trip.needs_reapproval is True
    assert trip.route == "deny"
    assert "prohibited_destination" in [f["code"] for f in trip.findings]
    assert list(trip.reviews.filter(round=2).values_list("step", "decision")) == [
        ("org_security", "pending")
    ]
    change = ReassessmentChange.objects.get(run=run)
    assert (change.trip, change.old_route, change.new_route, change.action) == (
        trip,
        "review",
        "deny",
        "reopened",
    )
    told = Notification.objects.filter(kind="trip.reopened", channel="in_app")
    assert {n.recipient.username for n in told} == {"traveller", "officer"}
    event = AuditEvent.objects.get(action="trip.reopened")
    # The event names the directive and the run by id, never the directive's words.
    assert (event.data["directive_id"], event.data["run_id"]) == (directive.pk, run.pk)
    assert "reason" not in event.data
    assert verify_chain().ok


def test_the_officer_decides_the_reopened_trip_again(cast, now):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    prohibit(cast, now)

    trip = lifecycle.decide(
        Trip.objects.get(pk=trip.pk),
        actor=cast.officer,
        decision="deny",
        comment="Germany is off limits until March.",
        now=now,
    )

    assert (trip.status, trip.needs_reapproval) == (TripStatus.DENIED, False)


def test_an_advisory_elsewhere_changes_nothing(cast, now):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    _directive, run = prohibit(cast, now, country="BR", text="Brazil suspended.")

    trip.refresh_from_db()
    assert (run.processed, run.changed) == (1, 0)
    assert (trip.status, trip.needs_reapproval, trip.version) == (TripStatus.APPROVED, False, 3)


def test_an_advisory_outside_the_trip_dates_changes_nothing(cast, now):
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(starts_in_days=120),
    )

    _directive, run = prohibit(cast, now)

    trip.refresh_from_db()
    assert run.changed == 0
    assert trip.status == TripStatus.APPROVED


def test_a_trip_under_way_stays_in_progress_and_is_decided_again(cast, now):
    """GIVEN a traveller abroad in Germany WHEN Germany is prohibited THEN the trip stays in
    progress, flagged, the officer is alerted urgently; WHEN the officer approves again THEN the
    flag clears and the trip is still in progress."""
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(starts_in_days=1),
        departed_at=now + DAY,
        by_worker=True,
    )
    later = now + 2 * DAY

    _directive, run = prohibit(cast, later)

    trip.refresh_from_db()
    assert (trip.status, trip.needs_reapproval, run.changed) == (TripStatus.IN_PROGRESS, True, 1)
    assert Notification.objects.get(
        kind="trip.reopened", recipient=cast.officer, channel="in_app"
    ).urgent
    with pytest.raises(InvalidInput):
        lifecycle.decide(
            trip, actor=cast.officer, decision="request_changes", comment="x", now=later
        )

    trip = lifecycle.decide(
        trip,
        actor=cast.officer,
        decision="approve",
        now=later,
        conditions="Leave Germany by Friday.",
    )

    assert (trip.status, trip.needs_reapproval) == (TripStatus.IN_PROGRESS, False)
    assert AuditEvent.objects.filter(action="trip.reapproved").exists()


def test_a_hold_concerns_only_the_person_held(cast, now):
    mine = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    theirs = builders.approved(
        cast.colleague,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Colleague's trip"),
    )

    _directive, run = services.instruct_hold(
        actor=cast.oversight,
        person=cast.traveller,
        hold_until=now.date() + 60 * DAY,
        text="Hold pending review of a security incident.",
        now=now,
    )
    run = reassess.resume(run, now=now)

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (run.total, run.changed) == (1, 1)
    assert mine.needs_reapproval
    assert "travel_hold" in [f["code"] for f in mine.findings]
    assert (theirs.status, theirs.needs_reapproval) == (TripStatus.APPROVED, False)


def test_a_cancel_instruction_cancels_with_the_directive_as_reason(cast, now):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    directive = services.instruct_cancel(
        actor=cast.oversight, trip=trip, text="Explicit instruction: do not travel.", now=now
    )

    trip.refresh_from_db()
    assert trip.status == TripStatus.CANCELLED
    assert trip.cancel_reason == "Explicit instruction: do not travel."
    assert AuditEvent.objects.filter(
        action="directive.cancel_trip", object_id=str(directive.pk)
    ).exists()


@pytest.mark.parametrize("who", ["traveller", "officer", "auditor"])
def test_only_oversight_issues_directives(cast, now, who):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    actor = getattr(cast, who)

    with pytest.raises(NotAllowed):
        services.instruct_cancel(actor=actor, trip=trip, text="No.", now=now)
    with pytest.raises(NotAllowed):
        prohibit(cast.__class__(**{**cast.__dict__, "oversight": actor}), now)

    assert Trip.objects.get(pk=trip.pk).status == TripStatus.APPROVED


def test_a_bad_advisory_names_each_field(cast, now):
    with pytest.raises(InvalidInput) as refused:
        services.issue_advisory(
            actor=cast.oversight,
            destinations=["XX"],
            starts_on=now.date(),
            ends_on=now.date() - DAY,
            effect="raise_tier",
            text="",
            now=now,
        )

    assert set(refused.value.errors) == {"destinations", "ends_on", "tier", "text"}
