"""Urgent alerts under faults (issue 15): the real `sojourn worker` in a process of its own, a
real SMTP server on loopback, and a fault in between: the worker killed (`kill -9`) in the
middle of delivery, or the mail server stopped and started again. Every urgent alert arrives
within 60 s of the end of the fault, exactly once by its Message-ID, and the outage costs no
message an attempt. Short leases and probes (a few seconds) keep each test short.

The workers share the test's database, so these run on PostgreSQL (`make test` runs its
PostgreSQL pass); the same logic is tested in one process on both databases in
sojourn/notify/tests (test_it_in_flight, test_it_mail_server_down).
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone

from sojourn.care.tests.deployment import Deployment, deployed
from sojourn.conftest import Cast
from sojourn.notify.models import Channel, DeliveryAttempt, MailServer, Notification
from sojourn.notify.tests.builders import email_row

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
TIME_BUDGET = 120  # seconds, start-up to shutdown; each test takes far less
GOAL = 60.0  # seconds from the end of the fault to the last urgent alert's arrival
URGENT, ORDINARY = 10, 40
# Seconds: a claim lasts 3 s unless renewed, a down server is tried every second, and a worker
# looks for new emails every second between passes.
FAST = {
    "SOJOURN_DELIVERY_LEASE_SECONDS": "3",
    "SOJOURN_MAIL_PROBE_SECONDS": "1",
    "SOJOURN_DELIVERY_POLL_SECONDS": "1",
}


@pytest.fixture
def deployment(transactional_db: None, tmp_path: Path) -> Iterator[Deployment]:
    with deployed(tmp_path, seconds=TIME_BUDGET) as running:
        yield running


def outbox(cast: Cast) -> tuple[list[Notification], list[Notification]]:
    """Ordinary emails written an hour ago, then urgent alerts a second apart, oldest first."""
    now = timezone.now()
    ordinary = [
        email_row(cast.officer, now - datetime.timedelta(hours=1), subject=f"Routine {i}")
        for i in range(ORDINARY)
    ]
    urgent = [
        email_row(
            cast.officer,
            now - datetime.timedelta(seconds=URGENT - i),
            subject=f"Needs help {i}",
            urgent=True,
        )
        for i in range(URGENT)
    ]
    return urgent, ordinary


def everything_arrived(deployment: Deployment) -> bool:
    emails = Notification.objects.filter(channel=Channel.EMAIL)
    return (
        not emails.filter(sent_at__isnull=True).exists()
        and len(deployment.smtp.mailbox.messages) >= emails.count()
    )


def arrivals(deployment: Deployment) -> dict[str, float]:
    """Each Message-ID the server kept, and when it came (the first time)."""
    mailbox = deployment.smtp.mailbox
    came: dict[str, float] = {}
    for message, at in zip(mailbox.messages, mailbox.arrived, strict=True):
        came.setdefault(str(message["Message-ID"]), at)
    return came


def ids(rows: list[Notification]) -> list[str]:
    return [Notification.objects.get(pk=row.pk).message_id for row in rows]


def assert_each_arrived_once_with_one_attempt(deployment: Deployment) -> None:
    emails = Notification.objects.filter(channel=Channel.EMAIL)
    received = Counter(deployment.smtp.mailbox.message_ids())
    assert received == Counter(dict.fromkeys(emails.values_list("message_id", flat=True), 1))
    assert set(emails.values_list("attempts", flat=True)) == {1}
    assert Counter(DeliveryAttempt.objects.values_list("ok", flat=True)) == {True: emails.count()}


def test_a_worker_killed_mid_delivery_leaves_no_alert_late_or_doubled(
    cast: Cast, deployment: Deployment
) -> None:
    """
    GIVEN 10 urgent alerts and 40 ordinary emails waiting, and a worker delivering them
    WHEN the worker is killed (SIGKILL) while the server takes its fourth message, after it
         handed over three
    THEN a new worker, started at once, delivers every urgent alert within 60 s of its start,
         and every email reaches the server exactly once by Message-ID, with one attempt each
    """
    urgent, _ = outbox(cast)
    mailbox = deployment.smtp.mailbox
    mailbox.hold_after = 3
    first = deployment.start_worker("worker-1", interval=1, settings=FAST)
    deployment.wait_for("the server to hold the fourth message", mailbox.holding.is_set)

    deployment.kill(first)
    mailbox.hold_after = None
    mailbox.release.set()
    restarted = time.monotonic()
    deployment.start_worker("worker-2", interval=1, settings=FAST)
    deployment.wait_for("every email to arrive", lambda: everything_arrived(deployment))

    came = arrivals(deployment)
    late = {i: came[i] - restarted for i in ids(urgent) if came[i] - restarted > GOAL}
    assert late == {}
    assert_each_arrived_once_with_one_attempt(deployment)
    assert deployment.tracebacks() == {}


def test_after_a_mail_server_outage_urgent_alerts_go_first_and_once(
    cast: Cast, deployment: Deployment
) -> None:
    """
    GIVEN 10 urgent alerts and 40 ordinary emails waiting, and the mail server down
    WHEN a worker runs through the outage, and the server comes back
    THEN every urgent alert arrives within 60 s, before any ordinary email, oldest first;
         every email arrives exactly once, and no message was charged an attempt for the outage
    """
    urgent, _ = outbox(cast)
    deployment.smtp.stop()
    deployment.start_worker("worker-1", interval=1, settings=FAST)
    server = MailServer.objects.filter(down_since__isnull=False)
    deployment.wait_for("the worker to find the server down", server.exists)
    first_probe = server.values_list("probe_at", flat=True).get()
    assert first_probe is not None
    deployment.wait_for(
        "the worker to probe the server twice, in vain",
        server.filter(probe_at__gte=first_probe + 2 * datetime.timedelta(seconds=1)).exists,
    )
    assert not Notification.objects.filter(attempts__gt=0).exists()

    deployment.smtp.start()
    recovered = time.monotonic()
    deployment.wait_for("every email to arrive", lambda: everything_arrived(deployment))

    came = arrivals(deployment)
    order = sorted(came, key=came.__getitem__)
    assert order[:URGENT] == ids(urgent)
    assert max(came[i] for i in ids(urgent)) - recovered <= GOAL
    assert_each_arrived_once_with_one_attempt(deployment)
    assert not MailServer.objects.filter(down_since__isnull=False).exists()
    assert deployment.tracebacks() == {}
