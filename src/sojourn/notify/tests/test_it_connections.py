"""A long outbox goes out over several SMTP connections at once (sojourn.notify.senders), each
thread claiming, sending and recording as a worker of its own: every email is still sent once,
with its one attempt and its own Message-ID. From inside a transaction (whose rows other
connections cannot see) everything is sent in the calling thread."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db import connection

from sojourn.notify.models import Channel, DeliveryAttempt, Notification
from sojourn.notify.senders import deliver_all, threads_allowed

SECOND = datetime.timedelta(seconds=1)
MANY = 320  # more than one call of deliver_due sends (200): the rest goes to the threads


def _outbox(cast, now: datetime.datetime) -> None:
    users = [cast.officer, cast.colleague, cast.traveller, cast.oversight]
    Notification.objects.bulk_create(
        Notification(
            recipient=users[i % len(users)],
            channel=Channel.EMAIL,
            kind="test",
            subject=f"Row {i}",
            body="Your trip to Paris was approved.",
            urgent=i % 40 == 0,
            created_at=now - i * SECOND,
        )
        for i in range(MANY)
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="THREADS NEED A DATABASE THEY CAN SHARE: POSTGRESQL (make test-postgres runs it)",
)
def test_several_connections_send_every_email_once(cast, now, smtp):
    """
    GIVEN more email due than one claim's worth, some of it urgent
    WHEN the worker delivers over three connections
    THEN every row is sent once, with exactly one attempt, under its own Message-ID,
    AND the server received each Message-ID once
    """
    _outbox(cast, now)
    assert threads_allowed()

    sent = deliver_all(clock=lambda: now, stop=lambda: False, connections=3)

    assert sent == MANY
    rows = Notification.objects.filter(channel=Channel.EMAIL)
    assert set(rows.values_list("sent_at", "attempts")) == {(now, 1)}
    assert Counter(
        DeliveryAttempt.objects.values_list("notification_id", flat=True)
    ) == dict.fromkeys(rows.values_list("pk", flat=True), 1)
    stored = set(rows.values_list("message_id", flat=True))
    received = Counter(smtp.mailbox.message_ids())
    assert len(stored) == MANY
    assert set(received) == stored
    assert set(received.values()) == {1}


def test_inside_a_transaction_everything_goes_from_this_thread(cast, now, smtp):
    """
    GIVEN more email due than one claim's worth, written in a transaction still open
    WHEN the worker delivers over three connections from inside it
    THEN no thread is started (none could see the rows) and every row is sent, once
    """
    _outbox(cast, now)
    assert not threads_allowed()

    sent = deliver_all(clock=lambda: now, stop=lambda: False, connections=3)

    assert sent == MANY
    assert len(smtp.mailbox.messages) == MANY
    assert set(Counter(smtp.mailbox.message_ids()).values()) == {1}
