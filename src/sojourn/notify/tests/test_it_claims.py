"""A worker claims a row before it sends it: a row someone holds is left alone, unless its
worker died (the claim is older than the lease, which a live worker renews); then it is sent
again under the same Message-ID, which is the at-least-once window."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from sojourn.notify.claims import lease
from sojourn.notify.delivery import deliver_due
from sojourn.notify.models import DeliveryAttempt, Notification
from sojourn.notify.tests.builders import email_row

SECOND = datetime.timedelta(seconds=1)
LEASE = lease()


def test_a_row_claimed_by_a_live_worker_is_left_alone(cast, now, smtp):
    row = email_row(cast.traveller, now, claimed_at=now - LEASE + SECOND)

    report = deliver_due(now=now)

    assert report.attempted == 0
    assert smtp.mailbox.messages == []
    assert Notification.objects.get(pk=row.pk).claimed_at == now - LEASE + SECOND


def test_a_dead_workers_claim_is_taken_over_after_the_lease(cast, now, smtp):
    """
    GIVEN a worker sent a row and died before recording it (the row is still claimed, unsent)
    WHEN a pass runs within the lease
    THEN nothing is sent
    WHEN a pass runs once the lease is over
    THEN the row is sent again with the same Message-ID, and marked sent
    """
    row = email_row(cast.traveller, now)
    deliver_due(now=now)
    Notification.objects.filter(pk=row.pk).update(sent_at=None, attempts=0)
    DeliveryAttempt.objects.all().delete()

    assert deliver_due(now=now + LEASE).attempted == 0
    again = deliver_due(now=now + LEASE + SECOND)

    assert again.sent == 1
    first, second = smtp.mailbox.messages
    row.refresh_from_db()
    assert first["Message-ID"] == second["Message-ID"] == row.message_id
    assert (row.sent_at, row.claimed_at, row.attempts) == (now + LEASE + SECOND,) * 2 + (1,)


def test_sent_and_given_up_rows_are_never_claimed(cast, now, smtp):
    email_row(cast.traveller, now, sent_at=now)
    email_row(cast.officer, now, failed_at=now, attempts=6)

    assert deliver_due(now=now + datetime.timedelta(days=1)).attempted == 0
    assert smtp.mailbox.messages == []


def test_a_row_cannot_be_both_sent_and_given_up_on(cast, now):
    with pytest.raises(IntegrityError), transaction.atomic():
        email_row(cast.traveller, now, sent_at=now, failed_at=now)


def test_a_disabled_account_is_sent_nothing(cast, now):
    from sojourn.notify.models import Notification
    from sojourn.notify.services import notify

    cast.colleague.is_active = False
    cast.colleague.save()

    params = {"title": "Paris", "actor": "Oversight", "reason": "Instruction 7"}
    notify([cast.colleague, cast.traveller], kind="trip.cancelled", now=now, params=params)

    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"traveller"}
