"""Which worker holds which emails: claims, their short leases and the renewals that keep them.

A worker claims a few due rows at a time by one conditional UPDATE that names the rows it
changed, so each row has exactly one holder. The claim is a lease of `lease()` (30 s by default)
that the worker renews while it sends (`renew`); a worker killed mid-delivery stops renewing, and
once its lease runs out another worker takes its rows over. A worker that finds it lost a row
(it was too slow to renew) leaves it to the new holder.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q

from sojourn.notify.messages import message_id_ends
from sojourn.notify.models import Channel, Notification


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.SOJOURN_DELIVERY_LEASE_SECONDS)


def renewal() -> datetime.timedelta:
    """How often a worker renews what it holds: several times a lease, so that one slow exchange
    with the mail server (EMAIL_TIMEOUT) does not lose it."""
    return lease() / 4


def due(now: datetime.datetime, at: datetime.datetime) -> Q:
    """Undelivered email rows whose time (`now`) has come and that nobody holds at `at` (or whose
    holder's lease ran out)."""
    return (
        Q(channel=Channel.EMAIL, sent_at__isnull=True, failed_at__isnull=True)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=at - lease()))
    )


def claim_next(
    *, now: datetime.datetime, at: datetime.datetime, urgent: bool, size: int
) -> tuple[list[Notification], int]:
    """Claim at `at` up to `size` due rows of one lane (urgent or not), oldest first; also says
    how many due rows another worker claimed first."""
    candidates = list(
        Notification.objects.filter(due(now, at), urgent=urgent)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:size]
    )
    rows = _claim(candidates, now=now, at=at)
    return rows, len(candidates) - len(rows)


def _claim(
    candidates: list[int], *, now: datetime.datetime, at: datetime.datetime
) -> list[Notification]:
    """Take those of the candidates still due, in the candidates' order.

    One UPDATE re-checks every condition at write time and names the rows it changed, so each
    row has exactly one claimant: PostgreSQL skips the rows another worker is claiming at this
    moment and re-reads those it claimed meanwhile; SQLite writes one statement at a time. The
    same UPDATE gives each row that has none its Message-ID, stored before its first try, so
    every try of the row, by this worker or another, sends the same one.
    """
    if not candidates:
        return []
    still_due = Notification.objects.filter(due(now, at), pk__in=candidates).values("pk")
    with transaction.atomic(), db_connection.cursor() as cursor:
        if db_connection.features.has_select_for_update_skip_locked:
            still_due = still_due.select_for_update(skip_locked=True)
        subquery, params = still_due.query.sql_with_params()
        table = db_connection.ops.quote_name(Notification._meta.db_table)
        # The table's name and the ORM's own SQL; every value is a parameter.
        sql = (
            f"UPDATE {table} SET claimed_at = %s, message_id = CASE WHEN message_id = '' "  # noqa: S608
            "THEN %s || CAST(id AS TEXT) || %s ELSE message_id END "
            f"WHERE id IN ({subquery}) RETURNING id"
        )
        moment = db_connection.ops.adapt_datetimefield_value(at)
        cursor.execute(sql, [moment, *message_id_ends(), *params])
        claimed = {pk for (pk,) in cursor.fetchall()}
    if not claimed:
        return []
    # Rows deleted since the claim (their recipient's account removed) are simply missing.
    found = Notification.objects.select_related("recipient__person").in_bulk(list(claimed))
    return [found[pk] for pk in candidates if pk in found]


def renew(
    rows: list[Notification], *, held_at: datetime.datetime, at: datetime.datetime
) -> list[Notification]:
    """Extend the lease on the rows still held since `held_at` to `at`; the rows kept, in order
    (a row missing was taken over by another worker after this one's lease ran out)."""
    pks = [row.pk for row in rows]
    mine = Notification.objects.filter(pk__in=pks, sent_at__isnull=True)
    if mine.filter(claimed_at=held_at).update(claimed_at=at) == len(rows):
        return rows
    kept = set(mine.filter(claimed_at=at).values_list("pk", flat=True))
    return [row for row in rows if row.pk in kept]


def release(rows: list[Notification], *, held_at: datetime.datetime) -> None:
    """Give back rows held since `held_at` and not tried (told to stop, an urgent row came in, or
    the server went down): due again at once for any worker, their attempts untouched."""
    if rows:
        Notification.objects.filter(
            pk__in=[row.pk for row in rows], claimed_at=held_at, sent_at__isnull=True
        ).update(claimed_at=None)
