"""Appending many events at once: the same events, the same chain, one touch of its head."""

from __future__ import annotations

import itertools

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sojourn.audit import services as audit
from sojourn.audit.models import AuditChainHead, AuditEvent
from sojourn.testing import builders


def test_events_appended_together_are_the_events_appended_one_by_one(cast, now):
    """
    GIVEN a trail with events already in it
    WHEN three events are appended one by one, rolled back, and appended together instead
    THEN the two ways give the same events with the same hashes, and the chain verifies
    """
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    entries = [
        audit.Entry(None, "trip.departed", trip, {"from": "approved", "to": "in_progress"}),
        audit.Entry(cast.officer, "escalation.missed_checkin", trip, {"due": now}),
        audit.Entry(cast.traveller, "debrief.read", None),
    ]
    columns = ("seq", "actor", "actor_label", "action", "object_type", "object_id", "data")

    def written(events: list[AuditEvent]) -> list[tuple[object, ...]]:
        return [(*(getattr(e, c) for c in columns), e.prev_hash, e.hash) for e in events]

    with transaction.atomic():
        one_by_one = [
            audit.record(actor=e.actor, action=e.action, obj=e.obj, at=now, data=e.data)
            for e in entries
        ]
        transaction.set_rollback(True)
    together = audit.record_many(entries, at=now)

    assert written(together) == written(one_by_one)
    stored = list(AuditEvent.objects.order_by("seq"))
    assert written(stored[-3:]) == written(together)
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(stored))
    head = AuditChainHead.objects.get()
    assert (head.seq, head.last_hash) == (stored[-1].seq, stored[-1].hash)
    report = audit.verify_chain()
    assert (report.ok, report.checked) == (True, len(stored))


def test_appending_many_events_takes_the_head_once(cast, now):
    """The statements are the same for 2 events as for 40: lock the head, insert, update it."""
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    def statements(count: int) -> int:
        entries = [audit.Entry(None, "test.bulk", trip, {"i": i}) for i in range(count)]
        with CaptureQueriesContext(connection) as captured:
            audit.record_many(entries, at=now)
        return len(captured.captured_queries)

    assert statements(2) == statements(40)
    assert audit.verify_chain().ok


def test_appending_nothing_touches_nothing(db, now):
    with CaptureQueriesContext(connection) as captured:
        assert audit.record_many([], at=now) == []
    assert captured.captured_queries == []
