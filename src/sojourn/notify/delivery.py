"""Delivering the outbox: safe to run from several workers side by side, and from a worker
that may be killed at any moment.

In-app rows need no delivery (the inbox reads the row), so `notify()` writes them delivered.
Email rows are claimed a few at a time (sojourn.notify.claims): urgent rows first, oldest first,
a handful per claim, then ordinary rows in larger claims, and between ordinary messages a worker
looks again for urgent rows, so an urgent alert never waits behind a batch. A claim is a short
lease the worker renews while it sends; a killed worker's rows are taken over once it runs out.

Each message's outcome is recorded in its own small transaction as soon as the mail server has
answered, before the next message goes out. Delivery is at least once: if a worker dies between
the server's acceptance and that commit (milliseconds), the one message in flight is sent again
after the lease, under the same Message-ID, given and stored by the claim before its first try,
so that the mail server and the recipients can recognise and drop the second copy.

Every try of a message is a `DeliveryAttempt`; a failure of the message (its recipient refused)
waits `BACKOFF` before the next try, and after `MAX_ATTEMPTS` the row is given up on (failed_at),
where the admin lists it and can retry it. A failure of the server (sojourn.notify.mailserver)
costs the message nothing: the server is marked down for every worker and probed again shortly.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F

from sojourn.audit import services as audit
from sojourn.notify import claims, mailserver, outcomes
from sojourn.notify.messages import build_message
from sojourn.notify.models import Channel, Notification

log = logging.getLogger(__name__)

MINUTE = datetime.timedelta(minutes=1)
# Wait after the 1st, 2nd, … failed try; the try after the last wait is the final one.
BACKOFF = (1 * MINUTE, 5 * MINUTE, 25 * MINUTE, 125 * MINUTE, 625 * MINUTE)
MAX_ATTEMPTS = len(BACKOFF) + 1
# Rows per claim: few urgent ones, so a killed worker holds few; more ordinary ones.
URGENT_CLAIM = 5
BATCH = 50
# How often, while sending ordinary rows, a worker looks for urgent rows written meanwhile.
URGENT_CHECK = datetime.timedelta(seconds=1)
Clock = Callable[[], datetime.datetime]


@dataclass
class DeliveryReport:
    """What one pass did. `more` says the pass stopped at its limit with work possibly left."""

    sent: int = 0
    retrying: int = 0  # failed this time, tried again after the backoff
    gave_up: int = 0  # failed for the last time: failed_at set
    skipped: int = 0  # another worker claimed or finished the row first
    in_app: int = 0  # in-app rows written outside notify(), marked delivered
    more: bool = False
    # Set when the pass did not send, or stopped early, because the mail server is down.
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
    clock: Clock | None = None,
) -> DeliveryReport:
    """Deliver at most `limit` due email rows, urgent first, then oldest first.

    Call it outside any transaction: a claim must commit before its mail goes out, or another
    worker could not see it. `now` is the moment that decides what is due and dates what is
    recorded; `clock` (default: always `now`) times the leases, and a worker passes the real
    one. `connection` is an email backend (default: settings'); `stop` is asked before each row,
    so a worker told to end finishes only the row in hand and releases the rest of its claim.
    """
    run = _Run(now=now, clock=clock or (lambda: now), stop=stop or _never, limit=limit)
    run.report.in_app = _mark_in_app_delivered()
    allowed, error = mailserver.may_send(run.clock())
    if not allowed:
        run.report.unreachable = error
        return run.report
    run.probing = bool(error)
    backend = connection or mail.get_connection()
    try:
        run.deliver(backend)
    finally:
        _close(backend)
    return run.report


def _never() -> bool:
    return False


@dataclass
class _Run:
    """One call of deliver_due: claim, send and record until the limit, a stop or an outage."""

    now: datetime.datetime
    clock: Clock
    stop: Callable[[], bool]
    limit: int
    report: DeliveryReport = field(default_factory=DeliveryReport)
    probing: bool = False  # this worker took the probe of a server marked down
    urgent_checked_at: datetime.datetime | None = None

    def left(self) -> int:
        return self.limit - self.report.attempted

    def deliver(self, backend: BaseEmailBackend) -> None:
        going = True
        while going and self.left() > 0:
            held_at = self.clock()
            rows = self._claim(urgent=True, at=held_at, size=URGENT_CLAIM)
            if not rows:
                rows = self._claim(urgent=False, at=held_at, size=BATCH)
                self.urgent_checked_at = held_at
            if not rows:
                return
            going = self._send_claim(rows, held_at, backend)
        self.report.more = self.left() <= 0

    def _claim(self, *, urgent: bool, at: datetime.datetime, size: int) -> list[Notification]:
        rows, taken = claims.claim_next(
            now=self.now, at=at, urgent=urgent, size=min(size, self.left())
        )
        self.report.skipped += taken
        return rows

    def _send_claim(
        self, rows: list[Notification], held_at: datetime.datetime, backend: BaseEmailBackend
    ) -> bool:
        """Send the rows claimed at `held_at`, one by one, each recorded as soon as it is sent;
        give back those not tried. False when this call should claim no more."""
        held = list(rows)
        try:
            while held:
                if self.stop() or self.left() <= 0:
                    return False
                if not held[0].urgent and self._urgent_waiting():
                    return True  # released below; the next claim takes the urgent rows
                held, held_at = self._renewed(held, held_at)
                if not held:
                    break
                if not self._send_one(held[0], backend):
                    return False
                held.pop(0)
            return True
        finally:
            claims.release(held, held_at=held_at)

    def _renewed(
        self, held: list[Notification], held_at: datetime.datetime
    ) -> tuple[list[Notification], datetime.datetime]:
        """The rows still held and since when, the lease renewed if it is time (a heartbeat
        between messages); rows another worker took over meanwhile are dropped."""
        at = self.clock()
        if at - held_at < claims.renewal():
            return held, held_at
        kept = claims.renew(held, held_at=held_at, at=at)
        self.report.skipped += len(held) - len(kept)
        return kept, at

    def _send_one(self, row: Notification, backend: BaseEmailBackend) -> bool:
        """Send and record one row; False, with the row untouched, when the server is down."""
        attempt = _send(row, backend)
        if attempt.servers_fault:
            mailserver.went_down(self.clock(), attempt.error)
            self.report.unreachable = attempt.error
            return False
        if self.probing:
            mailserver.came_back()
            self.probing = False
        outcome = _record(row, attempt, now=self.now)
        setattr(self.report, outcome, getattr(self.report, outcome) + 1)
        return True

    def _urgent_waiting(self) -> bool:
        """Whether an urgent row fell due since this worker last looked (at most every
        URGENT_CHECK, so ordinary mail pays one small query a second for it)."""
        at = self.clock()
        if self.urgent_checked_at is not None and at - self.urgent_checked_at < URGENT_CHECK:
            return False
        self.urgent_checked_at = at
        return Notification.objects.filter(claims.due(self.now, at), urgent=True).exists()


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


@dataclass(frozen=True)
class _Try:
    error: str  # "" when the server accepted the message
    duration_ms: int
    servers_fault: bool = False  # the server failed, not the message: it costs the row nothing


def _send(row: Notification, backend: BaseEmailBackend) -> _Try:
    """Hand the row's message to the mail server once."""
    started = time.monotonic()
    try:
        backend.open()
    except Exception as error:  # refused, timed out, greeting, HELO, TLS or login refused
        log.warning("mail server unreachable for notification %s: %s", row.pk, error)
        _close(backend)
        return _Try(_describe(error), _elapsed_ms(started), servers_fault=True)
    try:
        if not row.recipient.email:
            raise ValueError("the recipient has no email address")
        if build_message(row, connection=backend).send() != 1:
            raise ValueError("the mail backend sent nothing")
    except Exception as error:  # any failure is recorded, and must not stop the pass
        fault = mailserver.is_servers_fault(error)
        log.warning("delivery of notification %s failed: %s", row.pk, error)
        _close(backend)  # start the next message on a fresh connection
        return _Try(_describe(error), _elapsed_ms(started), servers_fault=fault)
    return _Try("", _elapsed_ms(started))


def _last_attempt_id(row: Notification) -> int | None:
    last = row.delivery_attempts.order_by("-attempted_at", "-id").values_list("id", flat=True)
    return last.first()


def _record(row: Notification, attempt: _Try, *, now: datetime.datetime) -> str:
    """Write the attempt and the row's new state at once (sojourn.notify.outcomes), so that a
    worker killed after this leaves nothing to send again; the outcome names a DeliveryReport
    counter."""
    outcome, changes = _outcome(row, attempt, now=now)
    outcomes.record(
        row,
        changes,
        attempted_at=now,
        error=attempt.error,
        duration_ms=attempt.duration_ms,
        sent=outcome == "sent",
    )
    return outcome


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
