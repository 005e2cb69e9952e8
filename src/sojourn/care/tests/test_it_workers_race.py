"""Workers side by side, and a worker killed mid-pass: every unit of work is done exactly once.

These need a database other processes and threads can share with real row locks: PostgreSQL
(`make test-postgres` runs them).
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections

from sojourn.audit.models import AuditEvent
from sojourn.audit.services import verify_chain
from sojourn.care.models import Escalation, Reminder
from sojourn.care.worker import run_pass
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.testing.keys import shared_keys
from sojourn.trips.models import Trip, TripStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="WORKER RACES RUN ON POSTGRESQL ONLY (make test-postgres runs them)",
    ),
]
DAY = datetime.timedelta(days=1)
TRIPS = 12


def world(cast, now: datetime.datetime) -> list[Trip]:
    """Trips approved to leave today (UTC+1: already today there) and abroad ones gone silent."""
    leaving = [
        builders.approved(
            cast.traveller,
            now - 20 * DAY,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(title=f"Leave {i}", starts_in_days=20),
        )
        for i in range(TRIPS)
    ]
    return leaving


def once_each(trips: list[Trip]) -> None:
    departed = Counter(int(e.object_id) for e in AuditEvent.objects.filter(action="trip.departed"))
    assert departed == Counter({trip.pk: 1 for trip in trips})
    told = Counter(
        n.trip_id for n in Notification.objects.filter(kind="trip.departed", channel="in_app")
    )
    assert told == Counter({trip.pk: 1 for trip in trips})
    assert verify_chain().ok


def test_two_workers_at_once_do_each_unit_once(cast, now):
    trips = world(cast, now)
    moment = now.replace(hour=12)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            run_pass(moment)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert set(Trip.objects.values_list("status", flat=True)) == {TripStatus.IN_PROGRESS}
    once_each(trips)
    # Reminders and escalations are claimed by constraint: none twice either.
    assert (
        not Reminder.objects.values("trip", "reason", "reference")
        .annotate()
        .filter(pk__isnull=True)
        .exists()
    )
    assert Escalation.objects.count() == len(
        set(Escalation.objects.values_list("trip", "kind", "reference"))
    )


def _database_url() -> str:
    settings = connection.settings_dict
    return (
        f"postgresql://{settings['USER']}:{settings.get('PASSWORD') or ''}@{settings['HOST']}:"
        f"{settings['PORT']}/{settings['NAME']}"
    )


def test_a_worker_killed_mid_pass_leaves_nothing_lost_or_doubled(cast, now, tmp_path):
    """GIVEN trips due to leave WHEN a worker process is killed with SIGKILL in the middle of its
    pass THEN the next pass finishes the rest, and every trip departed exactly once."""
    trips = world(cast, now)
    moment = now.replace(hour=12).isoformat()
    env = {
        **os.environ,
        "SOJOURN_DATABASE_URL": _database_url(),
        "SOJOURN_VAR_DIR": str(tmp_path),
        # The keys the test's rows and events were sealed with (a fresh var/ would make others).
        **shared_keys(),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "sojourn", "tick", "--now", moment],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    # Kill it as soon as it has made some progress, but not all.
    while time.monotonic() < deadline and process.poll() is None:
        done = Trip.objects.filter(title__startswith="Leave ", status=TripStatus.IN_PROGRESS)
        if done.count() >= 3:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    killed_after = Trip.objects.filter(
        title__startswith="Leave ", status=TripStatus.IN_PROGRESS
    ).count()

    run_pass(datetime.datetime.fromisoformat(moment))

    leaving = Trip.objects.filter(title__startswith="Leave ")
    assert leaving.filter(status=TripStatus.IN_PROGRESS).count() == TRIPS
    assert killed_after >= 1
    once_each(trips)
