"""The worker does its work a chunk of trips at a time: the statements a pass costs do not grow
with the trips that fall due, each chunk is all or nothing, and a trip moved, reminded or
escalated in a chunk gets exactly what the one-trip path gives it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.audit.models import AuditEvent
from sojourn.audit.services import verify_chain
from sojourn.care import escalating, links, passes, reminding
from sojourn.care.models import Escalation, EscalationKind, Reminder
from sojourn.care.once import insert_new
from sojourn.notify.messages import build_message
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.models import Trip, TripStatus
from sojourn.trips.services import bulk

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def statements(job: Callable[[], int]) -> tuple[int, int]:
    """What the job did, and the statements it took."""
    with CaptureQueriesContext(connection) as captured:
        done = job()
    return done, len(captured.captured_queries)


def test_a_whole_pass_costs_the_same_statements_for_2_due_trips_and_for_6_but_its_emails(
    cast, now, monkeypatch, settings
):
    """
    GIVEN 2 trips approved to leave today, then 6 more
    WHEN a worker pass runs for each lot
    THEN each pass starts its trips and sends their emails, in the same number of statements
         but for those that record each email as it is sent (its attempt and its row, together:
         one statement on PostgreSQL, a transaction of their own on SQLite)
    """
    from sojourn.care import worker

    # The delivery's leases are timed on a clock standing still: no renewal, no second look
    # for urgent rows, however long the pass takes here.
    monkeypatch.setattr(worker, "running_from", lambda at: lambda: at)
    # Both passes sweep for retention (the second comes at the same moment as the first).
    settings.SOJOURN_RETENTION_SWEEP_MINUTES = 0
    moment = now.replace(hour=12)

    def lot(count: int) -> tuple[int, int, int]:
        for i in range(count):
            builders.approved(
                cast.traveller,
                now - 20 * DAY,
                reviewers=[cast.officer],
                itinerary=builders.Itinerary(title=f"Leave {i}", starts_in_days=20),
            )
        with CaptureQueriesContext(connection) as captured:
            result = worker.run_pass(moment)
        assert result.counts["delivery"] >= count
        return (
            result.counts["start_trips"],
            result.counts["delivery"],
            len(captured.captured_queries),
        )

    (few, few_emails, few_statements), (many, many_emails, many_statements) = lot(2), lot(6)

    assert (few, many) == (2, 6)
    # Per email on PostgreSQL: one statement writes the attempt and the row together; on SQLite
    # a savepoint, the attempt, the row, the savepoint's release.
    per_email = 1 if connection.vendor == "postgresql" else 4
    assert many_statements - few_statements == per_email * (many_emails - few_emails)
    assert verify_chain().ok


def test_escalations_cost_the_same_statements_for_2_silent_trips_and_for_5(cast, now):
    """
    GIVEN 2 trips abroad whose traveller missed a check-in, then 3 more
    WHEN the check-in job runs after each lot, at the same moment
    THEN it opens 2, then exactly the 3 new ones, in the same number of statements,
    AND every escalation is audited once and told to the officer once
    """
    moment = now + 32 * DAY + 3 * HOUR  # due at +32 days, two hours' grace

    def lot(count: int) -> tuple[int, int]:
        for _ in range(count):
            builders.under_way(
                cast.traveller,
                now,
                reviewers=[cast.officer],
                departed_at=now + 31 * DAY,
                by_worker=True,
            )
        return statements(lambda: escalating.escalate_checkins(moment))

    (few, few_statements), (more, more_statements) = lot(2), lot(3)

    assert (few, more) == (2, 3)
    assert few_statements == more_statements
    opened = Escalation.objects.filter(kind=EscalationKind.MISSED_CHECKIN)
    assert opened.count() == 5
    assert AuditEvent.objects.filter(action="escalation.missed_checkin").count() == 5
    told = Notification.objects.filter(kind="escalation.missed_checkin", channel="in_app")
    assert sorted(told.values_list("trip_id", flat=True)) == sorted(
        opened.values_list("trip_id", flat=True)
    )
    assert verify_chain().ok


def test_a_chunk_with_reminders_already_sent_sends_exactly_the_new_ones(cast, now):
    """
    GIVEN three trips abroad with a check-in due within the hour, one already reminded (by a
    worker that got there after this one read what was on record)
    WHEN the chunk's reminders are sent
    THEN the other two are reminded, each once, with their links, and the first is not
    """
    trips = [
        builders.under_way(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            departed_at=now + 31 * DAY,
            by_worker=True,
        )
        for _ in range(3)
    ]
    moment = now + 32 * DAY - HOUR / 2
    stamp = passes._stamp(trips[0].checkin_due_at)
    Reminder.objects.create(trip=trips[0], reason="checkin", reference=stamp, sent_at=moment)
    due = [reminding._Due(trip, stamp, until=moment + DAY) for trip in trips]

    sent = reminding._remind_once("checkin", due, now=moment)

    assert sent == 2
    assert Reminder.objects.filter(reason="checkin").count() == 3
    told = Notification.objects.filter(kind="reminder.checkin", channel="in_app")
    assert sorted(told.values_list("trip_id", flat=True)) == sorted(t.pk for t in trips[1:])
    assert trips[0].checkin_links.count() == 0
    for trip in trips[1:]:
        email = Notification.objects.get(kind="reminder.checkin", channel="email", trip=trip)
        body = build_message(email).body  # the links are built as the email is sent
        # A token signs its link with the second it was made: the body's were made a moment
        # ago, so what is compared is the link each one names.
        named = {token.split(":")[0] for token in re.findall(r"/checkin/([^/\s]+)/", str(body))}
        assert named == {links.token_for(link).split(":")[0] for link in trip.checkin_links.all()}
        assert trip.checkin_links.count() == 2


def test_rows_the_constraint_refuses_are_left_out_and_the_others_inserted(cast, now):
    trips = [
        builders.under_way(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            departed_at=now + 31 * DAY,
            by_worker=True,
        )
        for _ in range(3)
    ]
    Reminder.objects.create(trip=trips[1], reason="debrief", reference="2026-05-01", sent_at=now)
    rows = [
        Reminder(trip=trip, reason="debrief", reference="2026-05-01", sent_at=now) for trip in trips
    ]

    inserted = insert_new(rows)

    assert [row.trip_id for row in inserted] == [trips[0].pk, trips[2].pk]
    assert all(row.pk is not None for row in inserted)
    assert Reminder.objects.filter(reason="debrief").count() == 3


def test_a_departure_in_a_chunk_is_the_departure_of_the_one_trip_service(cast, now):
    """
    GIVEN two identical trips approved to leave
    WHEN one departs through the lifecycle service (the system as actor) and the other in a chunk
    THEN both have the same fields, audit event and notifications
    """
    moment = now + 30 * DAY + 12 * HOUR
    one, other = (
        builders.approved(cast.traveller, now, reviewers=[cast.officer]) for _ in range(2)
    )

    services.depart(one, actor=None, now=moment)
    [moved] = bulk.depart_many([other], now=moment)

    def state(trip: Trip) -> tuple[object, ...]:
        trip = Trip.objects.get(pk=trip.pk)
        event = AuditEvent.objects.get(object_id=str(trip.pk), action="trip.departed")
        told = Notification.objects.filter(trip=trip, kind="trip.departed").order_by("channel")
        return (
            trip.status,
            trip.version,
            trip.updated_at,
            trip.departed_at,
            trip.checkin_due_at,
            (event.actor_label, event.object_type, event.at, event.data),
            [(n.recipient_id, n.channel, n.subject, n.body, n.sent_at) for n in told],
        )

    assert moved.pk == other.pk
    assert state(one) == state(other)
    assert verify_chain().ok


def test_a_return_in_a_chunk_is_the_return_of_the_one_trip_service(cast, now):
    moment = now + 40 * DAY
    one, other = (
        builders.under_way(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            departed_at=now + 31 * DAY,
            by_worker=True,
        )
        for _ in range(2)
    )

    services.return_home(one, actor=None, now=moment)
    bulk.return_home_many([other], now=moment)

    def state(trip: Trip) -> tuple[object, ...]:
        trip = Trip.objects.get(pk=trip.pk)
        event = AuditEvent.objects.get(object_id=str(trip.pk), action="trip.returned")
        told = Notification.objects.filter(trip=trip, kind="debrief.due").order_by("channel")
        return (
            trip.status,
            trip.version,
            trip.returned_at,
            trip.debrief_due,
            trip.checkin_due_at,
            event.data,
            [(n.channel, n.subject, n.body) for n in told],
        )

    assert state(one) == state(other)


def test_a_trip_another_worker_moved_first_is_left_out_of_the_chunk(cast, now):
    moment = now + 30 * DAY + 12 * HOUR
    first, second = (
        builders.approved(cast.traveller, now, reviewers=[cast.officer]) for _ in range(2)
    )
    services.depart(first, actor=None, now=moment)

    moved = bulk.depart_many([first, second], now=moment)

    assert [trip.pk for trip in moved] == [second.pk]
    assert AuditEvent.objects.filter(action="trip.departed").count() == 2


def test_a_chunk_that_fails_midway_leaves_nothing_and_the_next_pass_does_it(cast, now, monkeypatch):
    """
    GIVEN three trips due to leave
    WHEN the chunk fails after the trips were updated and audited (writing the notifications)
    THEN no trip moved, no event or notification was kept, and the chain verifies,
    AND the next pass moves all three, once each
    """
    moment = now + 30 * DAY + 12 * HOUR
    trips = [builders.approved(cast.traveller, now, reviewers=[cast.officer]) for _ in range(3)]
    events = AuditEvent.objects.count()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patch:
        patch.setattr(bulk, "notify_many", broken)
        with pytest.raises(RuntimeError):
            passes.start_trips(moment)

    assert set(Trip.objects.values_list("status", flat=True)) == {TripStatus.APPROVED}
    assert AuditEvent.objects.count() == events
    assert not Notification.objects.filter(kind="trip.departed").exists()
    assert verify_chain().ok

    assert passes.start_trips(moment) == 3
    assert passes.start_trips(moment) == 0
    departed = AuditEvent.objects.filter(action="trip.departed")
    assert sorted(int(e.object_id) for e in departed) == sorted(t.pk for t in trips)
    assert verify_chain().ok
