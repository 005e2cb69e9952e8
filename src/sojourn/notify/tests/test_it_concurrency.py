"""Two workers delivering at the same moment: every row is sent exactly once.

Needs real concurrent writers, so it runs on PostgreSQL; SQLite serialises every write, and
its claim logic is covered by test_it_claims.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from sojourn.notify.delivery import DeliveryReport, deliver_due
from sojourn.notify.models import DeliveryAttempt, Notification
from sojourn.notify.tests.builders import email_row

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="TWO-WORKER DELIVERY RACE RUNS ON POSTGRESQL ONLY (make test-postgres runs it)",
    ),
]


def race(*calls: Callable[[], DeliveryReport]) -> list[DeliveryReport | BaseException]:
    """Start every call at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[DeliveryReport | BaseException] = [RuntimeError("did not finish")] * len(calls)

    def run(index: int, call: Callable[[], DeliveryReport]) -> None:
        from django.db import connections

        try:
            barrier.wait()
            outcomes[index] = call()
        except BaseException as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_passes_at_once_send_each_row_exactly_once(cast, now, smtp):
    """
    GIVEN 50 email rows due
    WHEN two workers run a pass at the same instant
    THEN the server receives 50 messages, one per row, none twice,
    AND every row is sent with exactly one attempt, and the workers' reports add up
    """
    for i in range(50):
        email_row(cast.traveller, now, subject=f"Row {i}")

    reports = race(lambda: deliver_due(now=now), lambda: deliver_due(now=now))

    assert all(isinstance(r, DeliveryReport) for r in reports), reports
    received = Counter(smtp.mailbox.message_ids())
    assert len(smtp.mailbox.messages) == 50
    assert set(received) == {row.message_id for row in Notification.objects.filter(channel="email")}
    assert set(received.values()) == {1}
    assert sum(r.sent for r in reports if isinstance(r, DeliveryReport)) == 50
    assert not Notification.objects.filter(sent_at__isnull=True, channel="email").exists()
    assert DeliveryAttempt.objects.count() == 50
