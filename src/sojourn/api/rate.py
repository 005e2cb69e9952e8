"""A rate limit on the API per person: SOJOURN_API_REQUESTS_PER_MINUTE requests in each clock
minute, whatever token they use; beyond it a 429 problem says when to come back (Retry-After).

The count is a row per person and minute (RequestCount) in the database every server process
shares, so several processes or machines hold a person to one budget. Each request adds one
with a single UPDATE (count = count + 1), atomic on SQLite and PostgreSQL alike; the minute's
first request inserts the row, and of two first requests at once the one that loses the insert
counts by the UPDATE. The worker deletes past minutes (`forget_old`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

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
        with transaction.atomic():
            counted = RequestCount.objects.filter(user_id=user_id, minute=minute)
            if counted.update(count=F("count") + 1):
                return int(counted.values_list("count", flat=True).get())
        try:
            with transaction.atomic():
                RequestCount.objects.create(user_id=user_id, minute=minute, count=1)
            return 1
        except IntegrityError:  # another process inserted the minute first: count by update
            continue
    raise RuntimeError("the API request count could be neither updated nor inserted")


def forget_old(now: datetime.datetime, stop: Stop | None = None) -> int:
    """The worker's job: minutes before the current one are no longer counted against."""
    current = int(now.timestamp()) // MINUTE
    return int(RequestCount.objects.filter(minute__lt=current - 1).delete()[0])
