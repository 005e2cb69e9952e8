"""Readiness: whether this process can do its work now, asked by load balancers and monitors.

Three checks, each cheap enough for a probe every few seconds:

- the database answers: `SELECT 1` on this process's own connection, so a connection the
  database dropped is noticed, closed and opened afresh by the next probe (no stale connection
  keeps the answer wrong after the database is back);
- every migration is applied: asked of the migration graph until it is true once, then
  remembered for the life of the process (its code cannot change under it; a new release
  restarts it);
- a worker passed recently: each worker process records its last finished pass (`WorkerBeat`,
  written by `beat`), and the newest must be at most `SOJOURN_WORKER_STALE_SECONDS` old.

Each failed check is a `Failure` with a code and its params; the faces word it.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max

from sojourn.care.models import WorkerBeat

log = logging.getLogger("sojourn.readiness")

DATABASE, MIGRATIONS, WORKER = "database", "migrations", "worker"
# A heartbeat this old belongs to a worker gone for good (a host renamed, a pid reused).
FORGET_AFTER = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Failure:
    check: str  # database | migrations | worker
    code: str  # unreachable | pending | absent | stale
    params: dict[str, Any] = field(default_factory=dict)


_migrated = False


def failures(now: datetime.datetime) -> list[Failure]:
    """What stops this process from being ready at `now`, most fundamental first; none: ready."""
    if not database_answers():
        return [Failure(DATABASE, "unreachable")]
    found = [*_migrations(), *_worker(now)]
    return found


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        log.warning("the database does not answer: %s", error)
        _drop_connection()
        return False
    return True


def _drop_connection() -> None:
    """A failed connection is closed at once, so that the next probe opens a new one rather
    than wait for the request's end (or, in the worker, for its next pass)."""
    if not connection.in_atomic_block:
        connection.close()


def _migrations() -> list[Failure]:
    global _migrated
    if _migrated:
        return []
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return [Failure(MIGRATIONS, "pending", {"count": len(plan)})]
    _migrated = True
    return []


def forget_migrations() -> None:
    """Asks the migration graph again at the next probe (for tests that unapply one)."""
    global _migrated
    _migrated = False


def _worker(now: datetime.datetime) -> list[Failure]:
    newest = WorkerBeat.objects.aggregate(newest=Max("passed_at"))["newest"]
    limit = settings.SOJOURN_WORKER_STALE_SECONDS
    if newest is None:
        return [Failure(WORKER, "absent", {"seconds": limit})]
    age = int((now - newest).total_seconds())
    if age > limit:
        return [Failure(WORKER, "stale", {"passed_at": newest.isoformat(), "seconds": limit})]
    return []


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(worker: str, at: datetime.datetime) -> None:
    """Records that `worker` finished a pass at `at`, and forgets workers long gone."""
    WorkerBeat.objects.update_or_create(worker=worker, defaults={"passed_at": at})
    WorkerBeat.objects.filter(passed_at__lt=at - FORGET_AFTER).delete()
