"""The audit trail is a hash chain: every event is tied to the one before it."""

from __future__ import annotations

import itertools

from sojourn.audit.models import AuditEvent
from sojourn.audit.services import GENESIS, verify_chain
from sojourn.trips import services
from sojourn.trips.tests import factories


def test_each_event_chains_to_the_previous_one(cast, now):
    factories.approved(cast, now)

    events = list(AuditEvent.objects.order_by("seq"))

    assert [e.action for e in events] == ["trip.created", "trip.submitted", "trip.approved"]
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert events[2].actor == cast.officer
    assert events[2].actor_label == "officer"
    assert verify_chain().ok
    assert verify_chain().checked == 3


def test_a_quiet_edit_is_detected_and_named(cast, now):
    """GIVEN a trail WHEN someone edits an event's data in the database
    THEN verification fails at that very event."""
    trip = factories.submitted(cast, now)
    services.withdraw(trip, actor=cast.traveller, now=now)
    target = AuditEvent.objects.get(action="trip.submitted")
    AuditEvent.objects.filter(pk=target.pk).update(data={"route": "auto_approve"})

    report = verify_chain()

    assert not report.ok
    assert report.first_bad_seq == target.seq
    assert "altered" in report.problem


def test_a_deleted_event_is_detected(cast, now):
    factories.approved(cast, now)
    AuditEvent.objects.filter(action="trip.submitted").delete()

    report = verify_chain()

    assert not report.ok
    assert report.first_bad_seq == 2


def test_a_system_actor_is_recorded_as_system(cast, now):
    trip = factories.approved(cast, now)
    services.depart(trip, actor=None, now=now)

    event = AuditEvent.objects.get(action="trip.departed")

    assert (event.actor, event.actor_label) == (None, "system")
