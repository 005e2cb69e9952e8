"""A pass claims its rows together and sends them over one connection, recording each as it is
sent: one row's failure is that row's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.notify.claims import lease
from sojourn.notify.delivery import deliver_due
from sojourn.notify.models import Channel, DeliveryAttempt, Notification
from sojourn.notify.tests.builders import email_row


def test_a_refused_row_in_the_middle_of_a_batch_does_not_stop_the_others(cast, now, smtp):
    """
    GIVEN five rows due, the third to an address the server refuses
    WHEN one pass runs
    THEN the other four are sent and recorded as sent, the third waits its backoff,
    AND every row has exactly one attempt
    """
    smtp.mailbox.refuse.add("traveller@example.test")
    users = [cast.officer, cast.colleague, cast.traveller, cast.oversight, cast.officer]
    rows = [email_row(user, now, subject=f"Row {i}") for i, user in enumerate(users)]

    report = deliver_due(now=now)

    assert (report.sent, report.retrying, report.unreachable) == (4, 1, "")
    assert len(smtp.mailbox.messages) == 4
    refused = Notification.objects.get(pk=rows[2].pk)
    assert (refused.sent_at, refused.claimed_at, refused.attempts) == (None, None, 1)
    assert "550" in refused.last_error
    others = Notification.objects.exclude(pk=refused.pk)
    assert {(row.sent_at, row.attempts, row.last_error) for row in others} == {(now, 1, "")}
    assert sorted(DeliveryAttempt.objects.values_list("notification_id", "ok")) == sorted(
        [(row.pk, row.pk != refused.pk) for row in rows]
    )


def test_each_message_is_recorded_by_the_same_few_statements(cast, now, smtp):
    """
    GIVEN 3 rows due, then 4, then 30
    WHEN a pass delivers each lot
    THEN each message costs the same few statements of its own (its attempt and its row, in a
         transaction of their own), whatever the size of the lot
    """

    def statements(count: int) -> int:
        for i in range(count):
            email_row(cast.officer, now, subject=f"Row {i}")
        with CaptureQueriesContext(connection) as captured:
            report = deliver_due(now=now)
        assert report.sent == count
        return len(captured.captured_queries)

    three, four, thirty = statements(3), statements(4), statements(30)

    per_message = four - three
    assert per_message <= 4
    assert thirty - three == 27 * per_message


def test_rows_a_worker_stopped_before_are_free_for_the_next_pass_at_once(cast, now, smtp):
    """
    GIVEN three rows due, and a worker told to stop while it sends the first
    WHEN the next pass runs at the same moment (well within the lease)
    THEN it sends the other two: the stopped worker gave back what it had not tried
    """
    for i in range(3):
        email_row(cast.officer, now, subject=f"Row {i}")
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1

    assert deliver_due(now=now, stop=stop).sent == 1
    assert deliver_due(now=now + lease() / 2).sent == 2
    assert not Notification.objects.filter(channel=Channel.EMAIL, sent_at__isnull=True).exists()


def test_on_postgresql_one_statement_records_each_message(cast, now, smtp):
    """
    GIVEN 3 rows due, then 13
    WHEN a pass delivers each lot, on PostgreSQL
    THEN each message costs one statement of its own: its attempt and its row's new state are
         written together, by one statement that commits on its own
    """
    if connection.vendor != "postgresql":
        pytest.skip("SQLite cannot write two tables in one statement: two, in a transaction")

    def statements(count: int) -> int:
        for i in range(count):
            email_row(cast.officer, now, subject=f"Row {i}")
        with CaptureQueriesContext(connection) as captured:
            assert deliver_due(now=now).sent == count
        return len(captured.captured_queries)

    three, thirteen = statements(3), statements(13)

    assert thirteen - three == 10
    assert DeliveryAttempt.objects.count() == 16
