"""Delivering everything due over several SMTP connections at once.

A message's exchange with the mail server is mostly waiting for its answers; a worker with a
long outbox sends over `SOJOURN_DELIVERY_CONNECTIONS` connections side by side, each in a
thread of its own with its own database connection. Each thread delivers as a worker of its own
would (`deliver_due`): it claims its rows, urgent first, renews its lease and records each
message's outcome as it is sent, so the threads share the outbox through the same claims as
several workers do, and never send a row twice.

A short outbox (one claim's worth: most passes, and every poll between passes) is delivered in
the calling thread, with no thread started.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

from sojourn.notify.delivery import deliver_due

Clock = Callable[[], datetime.datetime]
Stop = Callable[[], bool]


def deliver_all(*, clock: Clock, stop: Stop, connections: int | None = None) -> int:
    """Deliver every email due, urgent first; the number sent. `clock` dates and times the
    work (what is due is what is due at its time), `stop` ends it between messages."""
    first = deliver_due(now=clock(), stop=stop, clock=clock)
    if not first.more or first.unreachable or stop():
        return first.sent
    count = settings.SOJOURN_DELIVERY_CONNECTIONS if connections is None else connections
    if count <= 1 or not threads_allowed():
        return first.sent + _until_done(clock, stop)
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="delivery") as pool:
        done = [pool.submit(_in_thread, clock, stop) for _ in range(count)]
        return first.sent + sum(future.result() for future in done)


def threads_allowed() -> bool:
    """A thread's database connection sees only what is committed: no threads from inside a
    transaction (whose claims they could not see), nor on an in-memory SQLite database (its
    threads would share one cache, locked table by table)."""
    if connection.in_atomic_block:
        return False
    return not (isinstance(connection, SQLite) and connection.is_in_memory_db())


def _until_done(clock: Clock, stop: Stop) -> int:
    sent = 0
    while not stop():
        report = deliver_due(now=clock(), stop=stop, clock=clock)
        sent += report.sent
        if not report.more or report.unreachable:
            break
    return sent


def _in_thread(clock: Clock, stop: Stop) -> int:
    try:
        return _until_done(clock, stop)
    finally:
        connection.close()  # this thread's own
