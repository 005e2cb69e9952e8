"""The demo's stories are history: loading them mails nobody; what falls due afterwards is sent."""

from __future__ import annotations

import datetime

from django.core import mail
from django.db.models import F

from sojourn.care.worker import run_pass
from sojourn.conftest import NOW
from sojourn.demo.world import load_demo
from sojourn.notify.delivery import deliver_due
from sojourn.notify.models import Notification

HOUR = datetime.timedelta(hours=1)


def test_the_first_start_mails_none_of_the_demos_history(db):
    """
    GIVEN the demo world loaded as of now (its stories wrote dozens of email rows, all in the past)
    WHEN the first delivery pass runs
    THEN nothing is sent: every email row of the history is recorded delivered when written
    """
    load_demo(NOW)
    history = Notification.objects.filter(channel="email")

    report = deliver_due(now=NOW)

    assert history.count() >= 20
    assert history.filter(sent_at=F("created_at"), created_at__lte=NOW).count() == history.count()
    assert (report.attempted, mail.outbox) == (0, [])


def test_what_falls_due_after_loading_is_sent(db):
    """
    GIVEN the demo world loaded as of now
    WHEN the worker's first pass runs a day later (the silent traveller escalates)
    THEN the emails that pass writes are sent, and only those
    """
    load_demo(NOW)
    loaded = set(Notification.objects.values_list("pk", flat=True))

    run_pass(NOW + 24 * HOUR)

    new = Notification.objects.filter(channel="email").exclude(pk__in=loaded)
    assert new.exists()
    assert not new.filter(sent_at__isnull=True).exists()
    assert sorted(message.extra_headers["Message-ID"] for message in mail.outbox) == sorted(
        new.values_list("message_id", flat=True)
    )
