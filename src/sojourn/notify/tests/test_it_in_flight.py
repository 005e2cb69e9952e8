"""A worker records each email as soon as the server took it, renews its short lease while it
sends, and lets an urgent alert written meanwhile go before the rest of its batch. So a worker
killed mid-delivery leaves at most the message in flight in doubt, and holds the others only
until its lease runs out."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from sojourn.notify import claims
from sojourn.notify.delivery import deliver_due
from sojourn.notify.models import Channel, DeliveryAttempt, Notification
from sojourn.notify.tests.builders import email_row

SECOND = datetime.timedelta(seconds=1)


class Killed(BaseException):
    """What a worker's death looks like from inside: nothing after it runs (no except clause)."""


class Server(EmailBackend):
    """Django's in-memory backend, with something to do as each message arrives."""

    def __init__(self, on_send: Callable[[int], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_send = on_send
        self.count = 0

    def send_messages(self, messages: Sequence[mail.EmailMessage]) -> int:
        self.count += 1
        self.on_send(self.count)
        return super().send_messages(messages)


def ticking(start: datetime.datetime, step: datetime.timedelta) -> Callable[[], datetime.datetime]:
    """A clock that moves on by `step` each time it is read."""
    moments = iter(start + n * step for n in range(10_000))
    return lambda: next(moments)


def subjects() -> list[str]:
    return [str(message.subject) for message in mail.outbox]


def test_a_worker_killed_mid_batch_has_recorded_every_message_the_server_took(cast, now):
    """
    GIVEN five ordinary rows due
    WHEN the worker dies while the server takes the third message (before accepting it)
    THEN the first two are recorded sent, each with its attempt, and the other three are not
    WHEN another worker runs after the lease
    THEN it sends those three only: every message reached the server once
    """
    for i in range(5):
        email_row(cast.officer, now, subject=f"Row {i}")

    def die_at_the_third(count: int) -> None:
        if count == 3:
            raise Killed

    with pytest.raises(Killed):
        deliver_due(now=now, connection=Server(die_at_the_third))

    rows = Notification.objects.filter(channel=Channel.EMAIL).order_by("id")
    assert [row.sent_at is not None for row in rows] == [True, True, False, False, False]
    assert DeliveryAttempt.objects.filter(ok=True).count() == 2

    later = now + claims.lease() + SECOND
    assert deliver_due(now=later).sent == 3
    assert sorted(subjects()) == [f"Row {i}" for i in range(5)]
    assert len({row.message_id for row in rows}) == 5


def test_an_urgent_alert_written_during_a_batch_goes_next(cast, now):
    """
    GIVEN four ordinary rows due
    WHEN an urgent alert is written while the second is being sent
    THEN the alert is the next message out, before the rest of the batch, and all five go
    """
    for i in range(4):
        email_row(cast.officer, now, subject=f"Row {i}")

    def alert_at_the_second(count: int) -> None:
        if count == 2:
            email_row(cast.traveller, now, subject="Needs help", urgent=True)

    report = deliver_due(
        now=now, connection=Server(alert_at_the_second), clock=ticking(now, SECOND)
    )

    assert report.sent == 5
    assert subjects() == ["Row 0", "Row 1", "Needs help", "Row 2", "Row 3"]


def test_a_live_worker_renews_its_lease_and_nobody_takes_its_rows(cast, now):
    """
    GIVEN six rows due, and a worker whose sending takes more than a lease in all
    WHEN another worker tries to claim at every message
    THEN it never gets a row: the first renews its lease as it goes, and sends all six once
    """
    for i in range(6):
        email_row(cast.officer, now, subject=f"Row {i}")
    step = claims.lease() / 5
    clock = ticking(now, step)
    taken: list[Notification] = []

    def another_worker_claims(count: int) -> None:
        rows, _ = claims.claim_next(now=now, at=clock(), urgent=False, size=50)
        taken.extend(rows)

    report = deliver_due(now=now, connection=Server(another_worker_claims), clock=clock)

    assert (report.sent, report.skipped, taken) == (6, 0, [])
    assert sorted(subjects()) == [f"Row {i}" for i in range(6)]


def test_a_worker_that_lost_its_lease_leaves_the_rows_to_their_new_holder(cast, now):
    """
    GIVEN four rows claimed by a worker that stalls past its lease on the first message
    WHEN another worker takes them over meanwhile
    THEN the first worker, renewing, finds it lost them and does not send them (the message it
         was stalled on is the one in doubt: the other worker took it too)
    """
    for i in range(4):
        email_row(cast.officer, now, subject=f"Row {i}")
    clock = ticking(now, claims.lease() / 2)
    taken: list[Notification] = []

    def stall_and_be_overtaken(count: int) -> None:
        if count == 1:
            rows, _ = claims.claim_next(now=now, at=now + 3 * claims.lease(), urgent=False, size=50)
            taken.extend(rows)

    report = deliver_due(now=now, connection=Server(stall_and_be_overtaken), clock=clock)

    assert (report.sent, report.skipped) == (1, 3)
    assert subjects() == ["Row 0"]
    assert sorted(row.subject for row in taken) == ["Row 0", "Row 1", "Row 2", "Row 3"]
