"""The baselines: bare SQL reads of the rows the worker's jobs look at, on the same database.

`candidates(now)` is, for each job of `sojourn.care.worker.jobs()`, the queries that find its work,
with the same filters as `sojourn.care.passes`, `reminding` and `escalating` (and the delivery
queue's own condition), but no joins, no prefetch and no model instances: the whole rows of the
job's own table, fetched with one `cursor.execute` and `fetchall()` each. What a job costs
beyond this is its own work. Keep these in step with the jobs when a job's query changes.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from sojourn.care import reminding
from sojourn.care.models import Escalation, EscalationKind
from sojourn.directives.models import ReassessmentRun, RunStatus
from sojourn.notify import claims
from sojourn.notify.models import Notification
from sojourn.trips.models import Trip, TripStatus

S = TripStatus
DAY = datetime.timedelta(days=1)
ACTIVE = (S.APPROVED, S.IN_PROGRESS, S.RETURNED)
HOUSEKEEPING = ("audit_anchor", "rekey", "retention", "api_request_counts", "sign_in_attempts")


def candidates(now: datetime.datetime) -> dict[str, list[QuerySet[Any]]]:
    """The queries of each job, by the job's name in `worker.jobs()`."""
    today = now.date()
    trips = Trip.objects.order_by("pk")
    return {
        "start_trips": [trips.filter(status=S.APPROVED, starts_on__lte=today + DAY)],
        "end_trips": [trips.filter(status=S.IN_PROGRESS, ends_on__lt=today + DAY)],
        "reminders": [
            trips.filter(
                status=S.DRAFT,
                report_by__gte=today,
                report_by__lte=today + reminding.REPORT_REMINDER_DAYS * DAY,
            ),
            trips.filter(
                status__in=[S.SUBMITTED, S.APPROVED],
                starts_on__gte=today,
                starts_on__lte=today + reminding.BRIEFING_REMINDER_DAYS * DAY,
                briefing_acknowledged_at__isnull=True,
                assessment__briefing_required=True,
            ),
            trips.filter(status=S.APPROVED, starts_on=today + DAY),
            trips.filter(
                status=S.IN_PROGRESS,
                checkin_due_at__gt=now,
                checkin_due_at__lte=now + reminding.CHECKIN_REMINDER_BEFORE,
            ),
            trips.filter(
                status=S.RETURNED,
                debrief_due__gte=today,
                debrief_due__lte=today + reminding.DEBRIEF_REMINDER_DAYS * DAY,
            ),
        ],
        "checkins": [trips.filter(status=S.IN_PROGRESS, checkin_due_at__lt=now)],
        "debriefs": [trips.filter(status=S.RETURNED, debrief_due__lt=today)],
        "late_reports": [
            Escalation.objects.open()
            .filter(kind=EscalationKind.LATE_REPORT, due_at__lt=now)
            .order_by("pk")
        ],
        "directive_runs": [ReassessmentRun.objects.exclude(status=RunStatus.DONE).order_by("pk")],
        # Housekeeping that other domains register (the audit anchor, re-sealing under a new
        # key, retention, pruning counters): no trip of the world is due for them, and their
        # bare read is counted as nothing.
        **{name: [] for name in HOUSEKEEPING},
        "delivery": [
            Notification.objects.filter(claims.due(now, now)).order_by(
                "-urgent", "created_at", "id"
            )
        ],
    }


@dataclass(frozen=True)
class Read:
    seconds: float
    rows: int


def read(queries: list[QuerySet[Any]], repeats: int = 3) -> Read:
    """The best of `repeats` bare reads of every row the queries select."""
    compiled = [query.query.sql_with_params() for query in queries]
    best, rows = float("inf"), 0
    for _ in range(repeats):
        started = time.perf_counter()
        rows = 0
        with connection.cursor() as cursor:
            for sql, params in compiled:
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())
        best = min(best, time.perf_counter() - started)
    return Read(best, rows)


def round_trip(statements: int = 2_000, repeats: int = 3) -> float:
    """Seconds per `SELECT 1` through Django's cursor: the least any statement costs here."""
    best = float("inf")
    with connection.cursor() as cursor:
        for _ in range(repeats):
            started = time.perf_counter()
            for _ in range(statements):
                cursor.execute("SELECT 1")
                cursor.fetchone()
            best = min(best, (time.perf_counter() - started) / statements)
    return best


def active_ids(repeats: int = 3) -> Read:
    """`SELECT id FROM trips_trip WHERE status IN (…)` over the active trips."""
    sql = f"SELECT id FROM {Trip._meta.db_table} WHERE status IN (%s, %s, %s)"  # noqa: S608
    best, rows = float("inf"), 0
    for _ in range(repeats):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [str(status) for status in ACTIVE])
            rows = len(cursor.fetchall())
        best = min(best, time.perf_counter() - started)
    return Read(best, rows)
