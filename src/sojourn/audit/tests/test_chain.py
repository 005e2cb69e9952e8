"""The audit trail is a hash chain: every event is tied to the one before it."""

from __future__ import annotations

import itertools

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from sojourn.audit.models import AppendOnly, AuditEvent
from sojourn.audit.services import GENESIS, verify_chain
from sojourn.audit.tests import tampering
from sojourn.testing import builders
from sojourn.trips import services


def test_each_event_chains_to_the_previous_one(cast, now):
    """(The cast's accounts and people were each made with their events first.)"""
    made = AuditEvent.objects.count()
    builders.approved(cast.traveller, now, reviewers=[cast.officer])

    events = list(AuditEvent.objects.order_by("seq"))

    # The trip's own events (its submission also enters its planned meeting in the contact
    # register, with events of their own).
    trip_events = [e.action for e in events[made:] if e.object_type == "trips.trip"]
    assert trip_events == ["trip.created", "trip.submitted", "trip.approved"]
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert events[-1].actor == cast.officer
    assert events[-1].actor_label == "officer"
    assert verify_chain().ok
    assert verify_chain().checked == len(events)


def test_a_quiet_edit_is_detected_and_named(cast, now):
    """GIVEN a trail WHEN someone edits an event's data in the database
    THEN verification fails at that very event."""
    trip = builders.submitted(cast.traveller, now)
    services.withdraw(trip, actor=cast.traveller, now=now)
    target = AuditEvent.objects.get(action="trip.submitted")
    tampering.set_column(target.pk, "data", '{"route": "auto_approve"}')

    report = verify_chain()

    assert not report.ok
    assert report.first_bad_seq == target.seq
    assert "altered" in report.problem


def test_a_deleted_event_is_detected(cast, now):
    builders.approved(cast.traveller, now, reviewers=[cast.officer])
    submitted = AuditEvent.objects.get(action="trip.submitted")
    tampering.delete_event(submitted.pk)

    report = verify_chain()

    assert not report.ok
    assert report.first_bad_seq == submitted.seq


def test_a_system_actor_is_recorded_as_system(cast, now):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    services.depart(trip, actor=None, now=now)

    event = AuditEvent.objects.get(action="trip.departed")

    assert (event.actor, event.actor_label) == (None, "system")


def test_the_application_refuses_to_change_or_delete_an_event(cast, now):
    builders.approved(cast.traveller, now, reviewers=[cast.officer])
    event = AuditEvent.objects.get(action="trip.submitted")

    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="trip.approved")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.action = "trip.approved"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()

    assert AuditEvent.objects.get(pk=event.pk).action == "trip.submitted"
    assert verify_chain().ok


@pytest.mark.postgres_only
def test_postgres_refuses_update_and_delete_even_in_raw_sql(cast, now):
    """GIVEN the trail on PostgreSQL WHEN a statement bypasses the application
    THEN the database's trigger refuses it."""
    builders.approved(cast.traveller, now, reviewers=[cast.officer])
    event = AuditEvent.objects.get(action="trip.submitted")

    for statement in (
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])

    assert AuditEvent.objects.get(pk=event.pk).action == "trip.submitted"


def test_a_person_with_a_history_cannot_be_deleted(cast, now):
    builders.approved(cast.traveller, now, reviewers=[cast.officer])

    with pytest.raises(ProtectedError):
        cast.officer.delete()
