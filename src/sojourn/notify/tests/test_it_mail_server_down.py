"""A mail server that is down is the server's fault, not the messages': it is marked down for
every worker, probed again every few seconds by one of them, and costs no message an attempt or
a backoff; when it is back, urgent alerts go first, oldest first."""

from __future__ import annotations

import datetime
import smtplib
import socket

import pytest

from sojourn.notify.delivery import deliver_due
from sojourn.notify.mailserver import is_servers_fault, probe_interval
from sojourn.notify.models import DeliveryAttempt, MailServer, Notification
from sojourn.notify.tests.builders import email_row

MINUTE = datetime.timedelta(minutes=1)
SECOND = datetime.timedelta(seconds=1)


def test_an_outage_costs_no_attempt_and_urgent_alerts_go_first_when_it_ends(cast, now, smtp):
    """
    GIVEN two ordinary rows and three urgent alerts, the oldest urgent one 3 minutes old,
          and the mail server down
    WHEN a pass runs
    THEN nothing is sent, the server is marked down with its error, and no row has an attempt,
         a backoff or a claim
    WHEN the server is back and a pass runs before the probe is due
    THEN it does not connect
    WHEN a pass runs once the probe is due
    THEN every row goes out, the urgent alerts first, oldest first, each with one attempt,
         and the server is up again
    """
    ordinary = [email_row(cast.officer, now - 5 * MINUTE, subject=f"Routine {i}") for i in (0, 1)]
    urgent = [
        email_row(cast.officer, now - (3 - i) * MINUTE, subject=f"Help {i}", urgent=True)
        for i in (0, 1, 2)
    ]
    smtp.stop()

    down = deliver_due(now=now)

    assert (down.attempted, down.retrying) == (0, 0)
    assert "ConnectionRefusedError" in down.unreachable
    server = MailServer.objects.get()
    assert (server.down_since, server.probe_at) == (now, now + probe_interval())
    assert "ConnectionRefusedError" in server.last_error
    rows = Notification.objects.filter(channel="email")
    assert set(rows.values_list("attempts", "next_attempt_at", "claimed_at", "last_error")) == {
        (0, None, None, "")
    }
    assert not DeliveryAttempt.objects.exists()

    smtp.start()
    early = deliver_due(now=now + probe_interval() - SECOND)
    assert early.attempted == 0
    assert "ConnectionRefusedError" in early.unreachable
    assert smtp.mailbox.messages == []

    back = deliver_due(now=now + probe_interval())

    assert (back.sent, back.unreachable) == (5, "")
    subjects = [str(message["Subject"]) for message in smtp.mailbox.messages]
    assert subjects == ["Help 0", "Help 1", "Help 2", "Routine 0", "Routine 1"]
    assert set(rows.values_list("attempts", flat=True)) == {1}
    assert MailServer.objects.get().down_since is None
    assert {row.pk for row in [*ordinary, *urgent]} == set(rows.values_list("pk", flat=True))


def test_while_the_server_is_down_one_worker_probes_it_at_a_time(cast, now, smtp):
    """
    GIVEN the server is down and marked so
    WHEN two passes run at the moment the probe is due, and the server is still down
    THEN the first tries and fails, moving the next probe on, and the second does not connect
    """
    row = email_row(cast.officer, now, urgent=True)
    smtp.stop()
    deliver_due(now=now)
    due = now + probe_interval()

    first = deliver_due(now=due)
    second = deliver_due(now=due)

    assert "ConnectionRefusedError" in first.unreachable
    assert "ConnectionRefusedError" in second.unreachable
    server = MailServer.objects.get()
    assert (server.down_since, server.probe_at) == (now, due + probe_interval())
    row.refresh_from_db()
    assert (row.attempts, row.claimed_at, row.next_attempt_at) == (0, None, None)


def test_a_refused_recipient_is_the_messages_failure_not_the_servers(cast, now, smtp):
    """
    GIVEN the server refuses one recipient and accepts the other
    WHEN a pass runs
    THEN the refused row has a failed attempt and its backoff, the other is sent,
         and the server is not marked down
    """
    smtp.mailbox.refuse.add("traveller@example.test")
    refused = email_row(cast.traveller, now, urgent=True)
    email_row(cast.officer, now)

    report = deliver_due(now=now)

    assert (report.sent, report.retrying, report.unreachable) == (1, 1, "")
    refused.refresh_from_db()
    assert (refused.attempts, refused.next_attempt_at) == (1, now + MINUTE)
    assert not MailServer.objects.filter(down_since__isnull=False).exists()


@pytest.mark.parametrize(
    ("error", "servers"),
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (TimeoutError("timed out"), True),
        (socket.gaierror(-2, "Name or service not known"), True),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), True),
        (smtplib.SMTPConnectError(554, b"No SMTP service here"), True),
        (smtplib.SMTPHeloError(501, b"Bad HELO"), True),
        (smtplib.SMTPAuthenticationError(535, b"Authentication failed"), True),
        (smtplib.SMTPSenderRefused(553, b"Sender refused", "sojourn@example.org"), True),
        (smtplib.SMTPDataError(421, b"Service shutting down"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.test": (421, b"Try later")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.test": (550, b"No such user")}), False),
        (smtplib.SMTPDataError(554, b"Message rejected"), False),
        (ValueError("the recipient has no email address"), False),
    ],
)
def test_which_failures_are_the_servers(error: BaseException, servers: bool) -> None:
    assert is_servers_fault(error) is servers
