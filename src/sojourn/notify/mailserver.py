"""The mail server's health, shared by every worker through the database (a circuit breaker).

A failure of the server itself (refused or timed-out connection, a 4xx/5xx answer to the
greeting, HELO or login, a dropped connection, 421) is the server's, not the message's: it marks
the server down and costs the message nothing, neither an attempt nor a backoff. While it is
down no worker connects, except one every `probe_interval()` (a conditional UPDATE picks it),
which tries with the oldest urgent email; when that goes through the server is up again and the
queue resumes in its order, urgent first, oldest first. The probe interval is short and constant:
an outage ends when the server is back, not when some message's backoff runs out.
"""

from __future__ import annotations

import datetime
import smtplib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from sojourn.notify.models import MailServer

# The server's own answer, whatever the message: "service not available, closing channel".
SERVICE_UNAVAILABLE = 421
# Refusals that every message would meet: of the greeting, of HELO, of the login, of our sender.
SERVERS_ANSWERS = (
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPSenderRefused,
)


def address() -> str:
    return f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"


def probe_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.SOJOURN_MAIL_PROBE_SECONDS)


def is_servers_fault(error: BaseException) -> bool:
    """Whether a failure while sending is the server's (every message would fail alike) rather
    than this message's (its recipient refused, its content rejected, no address)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code == SERVICE_UNAVAILABLE for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == SERVICE_UNAVAILABLE or isinstance(error, SERVERS_ANSWERS)
    # Refused, reset, timed out, TLS failed, the connection dropped (SMTPServerDisconnected).
    return isinstance(error, OSError)


def may_send(at: datetime.datetime) -> tuple[bool, str]:
    """Whether this worker may connect now, and if not, the error that took the server down.

    Up: yes. Down: yes for the one worker that takes the probe due at `at` (it moves the next
    probe on first), no for every other.
    """
    down = MailServer.objects.filter(address=address(), down_since__isnull=False)
    state = down.values_list("last_error", flat=True).first()
    if state is None:
        return True, ""
    won = down.filter(probe_at__lte=at).update(probe_at=at + probe_interval())
    return won == 1, state


def went_down(at: datetime.datetime, error: str) -> None:
    """Record a failure of the server: down since the first one, the next probe one interval on."""
    changes = {
        "down_since": Coalesce(F("down_since"), at),
        "probe_at": at + probe_interval(),
        "last_error": error,
    }
    if MailServer.objects.filter(address=address()).update(**changes):
        return
    try:
        with transaction.atomic():
            MailServer.objects.create(
                address=address(), down_since=at, probe_at=at + probe_interval(), last_error=error
            )
    except IntegrityError:  # another worker wrote the row first
        MailServer.objects.filter(address=address()).update(**changes)


def came_back() -> None:
    MailServer.objects.filter(address=address(), down_since__isnull=False).update(
        down_since=None, probe_at=None, last_error=""
    )
