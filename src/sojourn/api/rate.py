"""A rate limit on the API per person: SOJOURN_API_REQUESTS_PER_MINUTE requests in each clock
minute, whatever token they use; beyond it a 429 problem says when to come back (Retry-After).

The count is a row per person and minute (RequestCount) in the database every server process
shares, so several processes or machines hold a person to one budget. Each request adds one
with a single statement, UPDATE ... SET count = count + 1 ... RETURNING count, atomic on SQLite
and PostgreSQL alike: one query per request in the common case. Only the minute's first
request, finding no row, inserts it (in a savepoint), and of two first requests at once the one
that loses the insert counts by the UPDATE. The worker deletes past minutes (`forget_old`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from sojourn.api.models import RequestCount
from sojourn.conf.jobs import Stop

MINUTE = 60


def limit() -> int:
    return int(settings.SOJOURN_API_REQUESTS_PER_MINUTE)


def take(user_id: int, now: datetime.datetime) -> int | None:
    """Count one request of this person now; the seconds to wait if it is one too many."""
    second = int(now.timestamp())
    if _count(user_id, second // MINUTE) <= limit():
        return None
    return MINUTE - second % MINUTE


def _count(user_id: int, minute: int) -> int:
    """Add one to the person's count for the minute and return the new count."""
    for _attempt in range(2):
        counted = _add_one(user_id, minute)
        if counted is not None:
            return counted
        try:
            with transaction.atomic():
                RequestCount.objects.create(user_id=user_id, minute=minute, count=1)
            return 1
        except IntegrityError:  # another process inserted the minute first: count by update
            continue
    raise RuntimeError("the API request count could be neither updated nor inserted")


def _add_one(user_id: int, minute: int) -> int | None:
    """One UPDATE that adds one and returns the new count; None if the minute has no row yet."""
    table, count, user, at = (
        connection.ops.quote_name(name)
        for name in (RequestCount._meta.db_table, "count", "user_id", "minute")
    )
    # Names from the model; every value is a parameter.
    sql = (
        f"UPDATE {table} SET {count} = {count} + 1"  # noqa: S608
        f" WHERE {user} = %s AND {at} = %s RETURNING {count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, minute])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def forget_old(now: datetime.datetime, stop: Stop | None = None) -> int:
    """The worker's job: minutes before the current one are no longer counted against."""
    current = int(now.timestamp()) // MINUTE
    return int(RequestCount.objects.filter(minute__lt=current - 1).delete()[0])
