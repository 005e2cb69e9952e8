"""A rate limit on the API per person: SOJOURN_API_REQUESTS_PER_MINUTE requests in each clock
minute, whatever token they use; beyond it a 429 problem says when to come back (Retry-After).

The count lives in Django's cache, one key per person and minute. With the default in-memory
cache each server process counts on its own (the limit is then per process); a shared cache
(CACHES) makes it one limit for the deployment.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache

MINUTE = 60


def limit() -> int:
    return int(settings.SOJOURN_API_REQUESTS_PER_MINUTE)


def take(user_id: int, now: datetime.datetime) -> int | None:
    """Count one request of this person now; the seconds to wait if it is one too many."""
    second = int(now.timestamp())
    key = f"sojourn:api-rate:{user_id}:{second // MINUTE}"
    cache.add(key, 0, timeout=2 * MINUTE)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this request starts the minute
        cache.set(key, 1, timeout=2 * MINUTE)
        count = 1
    if count <= limit():
        return None
    return MINUTE - second % MINUTE
