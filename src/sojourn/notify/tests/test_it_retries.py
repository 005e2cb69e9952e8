"""A delivery that fails is recorded, tried again after a growing wait, and given up on after
the last try, where the admin lists it."""

from __future__ import annotations

import datetime

from sojourn.notify.delivery import BACKOFF, MAX_ATTEMPTS, deliver_due
from sojourn.notify.models import DeliveryAttempt, Notification
from sojourn.notify.tests.builders import email_row

MINUTE = datetime.timedelta(minutes=1)


def test_a_refused_recipient_is_retried_after_the_backoff_and_then_delivered(cast, now, smtp):
    """
    GIVEN the mail server refuses the traveller's address with a 550
    WHEN a pass runs
    THEN the attempt is recorded with the server's answer and the row waits one minute,
    AND a pass within that minute leaves it alone,
    AND once the server accepts the address, the pass after the wait delivers it
    """
    smtp.mailbox.refuse.add("traveller@example.test")
    row = email_row(cast.traveller, now)
    other = email_row(cast.officer, now)

    first = deliver_due(now=now)

    assert (first.sent, first.retrying, first.unreachable) == (1, 1, "")
    row.refresh_from_db()
    assert (row.attempts, row.sent_at, row.claimed_at) == (1, None, None)
    assert row.next_attempt_at == now + MINUTE
    assert "550" in row.last_error
    assert "Mailbox unavailable" in row.last_error
    assert Notification.objects.get(pk=other.pk).sent_at == now

    early = deliver_due(now=now + 30 * datetime.timedelta(seconds=1))
    assert early.attempted == 0

    smtp.mailbox.refuse.clear()
    later = deliver_due(now=now + MINUTE)

    assert later.sent == 1
    row.refresh_from_db()
    assert (row.sent_at, row.attempts, row.last_error) == (now + MINUTE, 2, "")
    attempts = DeliveryAttempt.objects.filter(notification=row)
    assert [(a.ok, a.attempted_at) for a in attempts] == [(False, now), (True, now + MINUTE)]
    assert "550" in attempts[0].error
    assert len(smtp.mailbox.messages) == 2


def test_a_row_refused_every_time_is_given_up_on_after_the_last_try(cast, now, smtp):
    """
    GIVEN the server always refuses the traveller's address
    WHEN passes run each time the row falls due
    THEN the waits grow as the backoff says, the last try sets failed_at,
    AND no later pass tries again
    """
    smtp.mailbox.refuse.add("traveller@example.test")
    row = email_row(cast.traveller, now)
    clock, waits = now, []

    for _ in range(MAX_ATTEMPTS - 1):
        assert deliver_due(now=clock).retrying == 1
        row.refresh_from_db()
        assert row.next_attempt_at is not None
        waits.append(row.next_attempt_at - clock)
        clock = row.next_attempt_at
    last = deliver_due(now=clock)

    assert waits == list(BACKOFF)
    assert last.gave_up == 1
    row.refresh_from_db()
    assert (row.failed_at, row.sent_at, row.next_attempt_at) == (clock, None, None)
    assert row.attempts == MAX_ATTEMPTS
    assert DeliveryAttempt.objects.filter(notification=row, ok=False).count() == MAX_ATTEMPTS
    assert deliver_due(now=clock + datetime.timedelta(days=30)).attempted == 0
    assert smtp.mailbox.messages == []


def test_a_recipient_without_an_address_is_recorded_as_a_failure(cast, now, smtp):
    cast.officer.email = ""
    cast.officer.save(update_fields=["email"])
    row = email_row(cast.officer, now)

    report = deliver_due(now=now)

    assert report.retrying == 1
    row.refresh_from_db()
    assert row.last_error == "ValueError: the recipient has no email address"
    assert smtp.mailbox.messages == []
