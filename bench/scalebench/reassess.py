"""Re-assessing every open trip after a directive, against what the database alone costs (issue 8).

Oversight issues an advisory: travel to DESTINATION is prohibited for the next 90 days. An
advisory concerns every open trip (submitted, approved, or under way with days ahead), so its
run re-assesses all of them: `directives.reassess.resume` streams them in chunks of
`reassess.CHUNK` trips, evaluates each in process under what is in force (read once per chunk),
reopens the few it makes stricter through the lifecycle (`bulk.reopen_many`, once per chunk), and
records the changes in one bulk insert per chunk. The figure is the run's wall time.

Baseline, measured in the same run on the same database, before the run and best of two: what
the database alone costs to read those rows and write them back, in chunks of the same size,
each chunk in its own transaction as the run's are:

- read: the very SQL the run's chunk reads with (the open trips after a cursor with their
  traveller's position and sectors; their legs; their meetings; their organisations),
  executed bare, every row fetched as tuples (nothing built of them, no JSON decoded);
- write: an UPDATE of the assessment column of every one of those trips, from the values just
  read (executemany, committed per chunk). Writing each trip's own value back leaves the world
  as it was. The run itself writes less: it leaves a trip whose outcome did not get stricter as
  it is (see `directives/reassess.py`) and only inserts its change rows; the read alone is
  printed too.

The goal (issue 8): the run in no more than 3× the baseline; a second row compares the run with
that goal.

This part runs LAST in `scalebench.PARTS` because it changes the world: the trips the advisory
makes stricter are reopened (back to submitted, a new review round, audit events and
notifications), and the directive, its run and the run's changes stay.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Sequence
from typing import Any
from unittest import mock

from benchkit.report import Figure
from django.contrib.auth.models import User
from django.db import connection, transaction

from scalebench import Part, World
from sojourn.directives import reassess, services
from sojourn.directives.models import ReassessmentChange
from sojourn.people.models import Organisation, Person, Role
from sojourn.trips.models import Trip
from sojourn.trips.services import bulk

DESTINATION = "HK"
"""A destination of a few percent of the open trips in the synthetic world."""
WINDOW = datetime.timedelta(days=90)
GOAL_RATIO = 3.0
BASELINE_ROUNDS = 2


def measure(world: World) -> Part:
    oversight = _oversight()
    today = world.now.date()
    open_count = reassess.open_trips(world.now).count()
    print(
        f"reassess: {open_count:,} open trips; baseline: bare read + write in chunks of "
        f"{reassess.CHUNK} …",
        flush=True,
    )
    rounds = [_baseline(world.now) for _ in range(BASELINE_ROUNDS)]
    read, write, rows = min(rounds, key=lambda r: r[0] + r[1])
    if rows["trips"] != open_count:
        raise SystemExit(f"reassess: the baseline read {rows['trips']:,} trips, not {open_count:,}")
    directive, run = services.issue_advisory(
        actor=oversight,
        destinations=[DESTINATION],
        starts_on=today,
        ends_on=today + WINDOW,
        effect="prohibit",
        text=f"Travel to {DESTINATION} is suspended for 90 days (benchmark).",
        now=world.now,
    )
    if run.total != open_count:
        raise SystemExit(f"reassess: the run concerns {run.total:,} trips, not every open one")
    print(f"reassess: directive #{directive.pk}, run #{run.pk} over {run.total:,} trips …")
    reopening = _Timed(bulk.reopen_many)
    with mock.patch.object(bulk, "reopen_many", reopening):
        started = time.perf_counter()
        run = reassess.resume(run, now=world.now)
        seconds = time.perf_counter() - started
    if run.status != "done" or run.processed != open_count:
        raise SystemExit(f"reassess: the run ended {run.status} after {run.processed:,} trips")
    changes = ReassessmentChange.objects.filter(run=run)
    reopened = changes.filter(action="reopened").count()
    looser = changes.filter(action="looser_kept").count()
    baseline = read + write
    ratio = seconds / baseline
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    chunks = -(-open_count // reassess.CHUNK)
    return Part(
        figures=[
            Figure(
                f"re-assessment of {open_count:,} open trips (lower is better)",
                seconds,
                "s",
                f"bare SQL read + bulk write of the same rows, chunks of {reassess.CHUNK}",
                baseline,
            ),
            Figure(
                "re-assessment (lower is better)",
                seconds,
                "s",
                f"goal (issue 8): {GOAL_RATIO:.0f}× the bare read + write",
                GOAL_RATIO * baseline,
            ),
        ],
        lines=[
            f"advisory: prohibit {DESTINATION} for 90 days; {open_count:,} open trips in "
            f"{chunks:,} chunks: {reopened:,} reopened (stricter), {looser:,} looser recorded; "
            f"{open_count / seconds:,.0f} trips/s",
            f"baseline (best of {BASELINE_ROUNDS}): read {read:.2f} s ({rows['trips']:,} trips, "
            f"{rows['legs']:,} legs, {rows['meetings']:,} meetings), write {write:.2f} s "
            f"({rows['trips']:,} assessments); the run against the read alone: "
            f"{seconds / read:.1f}×",
            f"of the run: reopening {reopened:,} trips in {reopening.calls:,} calls of "
            f"bulk.reopen_many {reopening.seconds:.2f} s ({_each_ms(reopening, reopened):.1f} ms "
            f"a trip); the rest (reading, "
            f"evaluating, recording) {seconds - reopening.seconds:.2f} s = "
            f"{(seconds - reopening.seconds) / baseline:.2f}× the baseline",
            f"goal (issue 8): re-assessment ≤ {GOAL_RATIO:.0f}× the bare read + write: "
            f"{ratio:.2f}× — {verdict}",
        ],
        details={
            "destination": DESTINATION,
            "open_trips": open_count,
            "chunk": reassess.CHUNK,
            "seconds": round(seconds, 3),
            "baseline_read_s": round(read, 3),
            "baseline_write_s": round(write, 3),
            "baseline_rounds": [[round(r, 3), round(w, 3)] for r, w, _ in rounds],
            "rows": rows,
            "reopened": reopened,
            "reopen_s": round(reopening.seconds, 3),
            "looser_recorded": looser,
            "ratio": round(ratio, 3),
            "goal_ratio": GOAL_RATIO,
        },
    )


class _Timed:
    """The lifecycle's `reopen_many`, timed: how much of the run the reopened trips take."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.calls = 0
        self.seconds = 0.0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


def _each_ms(timed: _Timed, trips: int) -> float:
    return 1000 * timed.seconds / trips if trips else 0.0


def _oversight() -> User:
    person = (
        Person.objects.filter(role=Role.OVERSIGHT, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    if person is None:
        raise SystemExit("reassess: the synthetic world has no active oversight person")
    return person.user


def _sql(queryset: Any) -> tuple[str, Sequence[Any]]:
    sql, params = queryset.query.sql_with_params()
    return str(sql), tuple(params)


def _baseline(now: datetime.datetime) -> tuple[float, float, dict[str, int]]:
    """Seconds to read the run's rows bare and to write the assessments back, chunk by chunk."""
    trips = reassess.open_trips(now)
    quote = connection.ops.quote_name
    cast = "::jsonb" if connection.vendor == "postgresql" else ""  # the text read, as written
    update = (
        f"UPDATE {quote(Trip._meta.db_table)} SET {quote('assessment')} = %s{cast} "  # noqa: S608
        f"WHERE {quote('id')} = %s"
    )
    at = reassess.TRIP_COLUMNS.index("assessment")
    read = write = 0.0
    rows = {"trips": 0, "legs": 0, "meetings": 0}
    after = 0
    while True:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            # The very statements the run's chunk executes, without building anything of them.
            cursor.execute(*_sql(reassess.trip_rows(trips, after=after, size=reassess.CHUNK)))
            chunk = cursor.fetchall()
            if not chunk:
                read += time.perf_counter() - started
                break
            ids = [row[0] for row in chunk]
            cursor.execute(*_sql(reassess.leg_rows(ids)))
            rows["legs"] += len(cursor.fetchall())
            cursor.execute(*_sql(reassess.meeting_rows(ids)))
            rows["meetings"] += len(cursor.fetchall())
            cursor.execute(*_sql(Organisation.objects.filter(pk__in={row[2] for row in chunk})))
            cursor.fetchall()
            read_done = time.perf_counter()
            read += read_done - started
            cursor.executemany(update, [(row[at], row[0]) for row in chunk])
        write += time.perf_counter() - read_done
        rows["trips"] += len(chunk)
        after = ids[-1]
    return read, write, rows
