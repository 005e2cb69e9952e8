"""Delivering the outbox: one bounded pass, safe to run from several workers side by side.

In-app rows need no delivery (the inbox reads the row), so `notify()` writes them delivered.
Email rows are claimed a batch at a time by one conditional UPDATE that names the rows it
changed; a row another worker claimed is skipped, and a claim older than `LEASE` (its worker
died mid-send) may be taken over. The batch goes out over one connection and its attempts are
recorded together. Every try is a `DeliveryAttempt`; a failure releases the claim and
waits `BACKOFF` before the next try, and after `MAX_ATTEMPTS` the row is given up on (failed_at),
where the admin lists it and can retry it.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import re
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate, make_msgid

from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sojourn.audit import services as audit
from sojourn.conf.addresses import base_url, mail_domain
from sojourn.notify.models import Channel, DeliveryAttempt, Notification
from sojourn.notify.reads import record_location_reads
from sojourn.notify.services import language_of
from sojourn.notify.texts import word

log = logging.getLogger(__name__)

MINUTE = datetime.timedelta(minutes=1)
# Wait after the 1st, 2nd, … failed try; the try after the last wait is the final one.
BACKOFF = (1 * MINUTE, 5 * MINUTE, 25 * MINUTE, 125 * MINUTE, 625 * MINUTE)
MAX_ATTEMPTS = len(BACKOFF) + 1
# Far longer than one SMTP exchange (EMAIL_TIMEOUT is 20 s): an older claim is a dead worker's.
LEASE = datetime.timedelta(minutes=10)


@dataclass
class DeliveryReport:
    """What one pass did. `more` says the pass stopped at its limit with work possibly left."""

    sent: int = 0
    retrying: int = 0  # failed this time, tried again after the backoff
    gave_up: int = 0  # failed for the last time: failed_at set
    skipped: int = 0  # another worker claimed or finished the row first
    in_app: int = 0  # in-app rows written outside notify(), marked delivered
    more: bool = False
    # Set when the pass stopped early because the mail server could not be reached.
    unreachable: str = ""

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.gave_up


def deliver_due(
    *,
    now: datetime.datetime,
    limit: int = 200,
    connection: BaseEmailBackend | None = None,
    stop: Callable[[], bool] | None = None,
) -> DeliveryReport:
    """Deliver at most `limit` due email rows, urgent first, then oldest first.

    The rows are claimed together in one statement, sent one after another over one connection
    to the mail server, and their attempts recorded together. Call it outside any transaction:
    the claim must commit before the mail goes out, or a second worker could not see it.
    `connection` is an email backend (default: settings'); `stop` is asked before each row, so
    a worker told to end finishes only the row in hand and releases the rest of its claim.
    """
    report = DeliveryReport(in_app=_mark_in_app_delivered())
    candidates = list(
        Notification.objects.filter(_due(now))
        .order_by("-urgent", "created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    report.more = len(candidates) == limit
    rows = _claim(candidates, now=now)
    report.skipped = len(candidates) - len(rows)
    if not rows:
        return report
    _give_message_ids(rows)
    tries: list[tuple[Notification, _Try]] = []
    backend = connection or mail.get_connection()
    try:
        for row in rows:
            if stop is not None and stop():
                break
            attempt = _send(row, backend)
            tries.append((row, attempt))
            if not attempt.reachable:
                # Every other row would fail the same way; the next pass tries again.
                report.unreachable = attempt.error
                break
    finally:
        _close(backend)
    for outcome in _record(tries, now=now):
        setattr(report, outcome, getattr(report, outcome) + 1)
    _release(rows[len(tries) :], now=now)
    return report


def retry(notification: Notification, *, actor: User, now: datetime.datetime) -> bool:
    """Make an undelivered email row due at once, given up on or waiting; False if sent already.

    A row retried after it was given up on gets one more try before it is given up on again.
    """
    with transaction.atomic():
        row = Notification.objects.select_for_update().get(pk=notification.pk)
        if row.channel != Channel.EMAIL or row.sent_at is not None:
            return False
        Notification.objects.filter(pk=row.pk).update(failed_at=None, next_attempt_at=None)
        audit.record(
            actor=actor,
            action="notification.retry",
            obj=row,
            at=now,
            data={
                "attempts": row.attempts,
                "failed_at": row.failed_at,
                "next_attempt_at": row.next_attempt_at,
                # The error stays on the row and its attempts (a server's answer may echo an
                # address): the event names the last attempt.
                "had_error": bool(row.last_error),
                "attempt_id": _last_attempt_id(row),
            },
        )
    return True


def build_message(
    row: Notification, *, connection: BaseEmailBackend | None = None
) -> mail.EmailMultiAlternatives:
    """The email for one row: text and HTML, in the recipient's language."""
    recipient = row.recipient
    # Links that are credentials are built now, for this email only; the row keeps none.
    word(row, language_of(recipient), live=True)
    context = {
        "notification": row,
        "name": recipient.get_full_name() or recipient.get_username(),
        "link": _link(row),
    }
    with translation.override(language_of(recipient)):
        text = render_to_string("notify/email.txt", context)
        html = render_to_string("notify/email.html", context)
    headers = {
        # Given once and stored on the row (_give_message_ids), so a retry or a resend (see
        # _send) is recognisably the same message.
        "Message-ID": row.message_id or new_message_id(),
        # RFC 5322 section 3.3: "-0000" is a UTC time that says nothing of the sender's own zone,
        # which is the truth here (the recipient's organisation has its own time zone).
        "Date": formatdate(localtime=False, usegmt=False),
        "Auto-Submitted": "auto-generated",  # RFC 3834: no vacation auto-replies
    }
    if row.urgent:
        headers |= {"Importance": "high", "X-Priority": "1"}
    message = mail.EmailMultiAlternatives(
        subject=" ".join(row.subject.split()),
        body=re.sub(r"\n{3,}", "\n\n", text).strip() + "\n",
        to=[recipient.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def new_message_id() -> str:
    """A globally unique Message-ID on the base address's domain (RFC 5322 section 3.6.4)."""
    return make_msgid(domain=mail_domain())


def _give_message_ids(rows: list[Notification]) -> None:
    """Give each claimed row that has none its Message-ID, stored before the first try, so every
    later try of the row, by this worker or another, sends the same one."""
    fresh = [row for row in rows if not row.message_id]
    for row in fresh:
        row.message_id = new_message_id()
    Notification.objects.bulk_update(fresh, ["message_id"])


def _due(now: datetime.datetime) -> Q:
    """Undelivered email rows whose time has come and that nobody holds (or a dead worker held)."""
    return (
        Q(channel=Channel.EMAIL, sent_at__isnull=True, failed_at__isnull=True)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE))
    )


def _claim(candidates: list[int], *, now: datetime.datetime) -> list[Notification]:
    """Take those of the candidates still due for this worker, in the candidates' order.

    One UPDATE re-checks every condition at write time and names the rows it changed, so each
    row has exactly one claimant: PostgreSQL skips the rows another worker is claiming at this
    moment and re-reads those it claimed meanwhile; SQLite writes one statement at a time.
    """
    if not candidates:
        return []
    due = Notification.objects.filter(_due(now), pk__in=candidates).values("pk")
    with transaction.atomic(), db_connection.cursor() as cursor:
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        subquery, params = due.query.sql_with_params()
        table = db_connection.ops.quote_name(Notification._meta.db_table)
        # The table's name and the ORM's own SQL; every value is a parameter.
        sql = f"UPDATE {table} SET claimed_at = %s WHERE id IN ({subquery}) RETURNING id"  # noqa: S608
        cursor.execute(sql, [db_connection.ops.adapt_datetimefield_value(now), *params])
        claimed = {pk for (pk,) in cursor.fetchall()}
    if not claimed:
        return []
    # Rows deleted since the claim (their recipient's account removed) are simply missing.
    found = Notification.objects.select_related("recipient__person").in_bulk(list(claimed))
    return [found[pk] for pk in candidates if pk in found]


def _release(rows: list[Notification], *, now: datetime.datetime) -> None:
    """Give back what this worker claimed and did not try (told to stop, or the server down)."""
    if rows:
        Notification.objects.filter(
            pk__in=[row.pk for row in rows], claimed_at=now, sent_at__isnull=True
        ).update(claimed_at=None)


@dataclass(frozen=True)
class _Try:
    error: str  # "" when the server accepted the message
    duration_ms: int
    reachable: bool = True


def _send(row: Notification, backend: BaseEmailBackend) -> _Try:
    """Hand the row's message to the mail server once.

    At least once, not exactly once: if this worker dies after the server accepted the mail and
    before `_record` commits the batch, its rows stay claimed, and after the lease another pass
    sends them again. The row's stored Message-ID lets mail systems and readers see it is the
    same message.
    """
    started = time.monotonic()
    try:
        backend.open()
    except OSError as error:  # refused, timed out, TLS or login failed (smtplib's are OSErrors)
        log.warning("mail server unreachable for notification %s: %s", row.pk, error)
        return _Try(_describe(error), _elapsed_ms(started), reachable=False)
    try:
        if not row.recipient.email:
            raise ValueError("the recipient has no email address")
        if build_message(row, connection=backend).send() != 1:
            raise ValueError("the mail backend sent nothing")
    except Exception as error:  # any failure is this row's, recorded, and must not stop the pass
        log.warning("delivery of notification %s failed: %s", row.pk, error)
        _close(backend)  # start the next message on a fresh connection
        return _Try(_describe(error), _elapsed_ms(started))
    return _Try("", _elapsed_ms(started))


def _last_attempt_id(row: Notification) -> int | None:
    last = row.delivery_attempts.order_by("-attempted_at", "-id").values_list("id", flat=True)
    return last.first()


def _record(tries: list[tuple[Notification, _Try]], *, now: datetime.datetime) -> list[str]:
    """Write the attempts and the rows' new states together; each outcome names a
    DeliveryReport counter."""
    outcomes: list[str] = []
    sent: list[int] = []
    failed: list[tuple[int, dict[str, datetime.datetime | str | None]]] = []
    for row, attempt in tries:
        outcome, changes = _outcome(row, attempt, now=now)
        outcomes.append(outcome)
        if outcome == "sent":
            sent.append(row.pk)
        else:
            failed.append((row.pk, changes))
    with transaction.atomic():
        DeliveryAttempt.objects.bulk_create(
            DeliveryAttempt(
                notification=row,
                attempted_at=now,
                ok=not attempt.error,
                error=attempt.error,
                duration_ms=attempt.duration_ms,
            )
            for row, attempt in tries
        )
        if sent:
            Notification.objects.filter(pk__in=sent).update(
                attempts=F("attempts") + 1, **_outcome_of_success(now)
            )
            _audit_location_emails([row for row, attempt in tries if not attempt.error], now=now)
        for pk, changes in failed:  # rare: each its own wait
            Notification.objects.filter(pk=pk).update(attempts=F("attempts") + 1, **changes)
    return outcomes


def _audit_location_emails(rows: list[Notification], *, now: datetime.datetime) -> None:
    """An email naming where a traveller is was handed to its recipient: a location read."""
    for row in rows:
        record_location_reads([row], reader=row.recipient, via="email", now=now)


def _outcome_of_success(now: datetime.datetime) -> dict[str, datetime.datetime | str | None]:
    # The claim stays, as history.
    return {"last_error": "", "sent_at": now, "next_attempt_at": None}


def _outcome(
    row: Notification, attempt: _Try, *, now: datetime.datetime
) -> tuple[str, dict[str, datetime.datetime | str | None]]:
    """The outcome of one try and the row's new state."""
    error, attempts = attempt.error, row.attempts + 1
    if not error:
        return "sent", _outcome_of_success(now)
    if attempts >= MAX_ATTEMPTS:
        return "gave_up", {
            "last_error": error,
            "failed_at": now,
            "next_attempt_at": None,
            "claimed_at": None,
        }
    return "retrying", {
        "last_error": error,
        "next_attempt_at": now + BACKOFF[attempts - 1],
        "claimed_at": None,
    }


def _mark_in_app_delivered() -> int:
    """Rows written outside notify() (fixtures, bulk loads) reach the inbox all the same."""
    return Notification.objects.filter(channel=Channel.IN_APP, sent_at__isnull=True).update(
        sent_at=F("created_at")
    )


def _link(row: Notification) -> str:
    if row.trip_id is not None:
        return base_url() + reverse("trip-detail", args=[row.trip_id])
    return base_url() + reverse("inbox")


def _describe(error: BaseException) -> str:
    """The error as the admin shows it, with the server's reply code and text when it gave one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(
            f"{address}: {code} {_decoded(reply)}"
            for address, (code, reply) in error.recipients.items()
        )
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{error.smtp_code} {_decoded(error.smtp_error)}"
    else:
        text = str(error)
    return f"{type(error).__name__}: {text}"[:2000]


def _decoded(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


def _elapsed_ms(started: float) -> int:
    return max(0, round((time.monotonic() - started) * 1000))


def _close(backend: BaseEmailBackend) -> None:
    # Closing a connection the server already dropped may raise; there is nothing left to do.
    with contextlib.suppress(OSError):
        backend.close()
