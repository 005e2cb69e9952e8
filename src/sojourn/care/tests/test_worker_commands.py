"""The worker's commands: one pass with a simulated clock; a loop that stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sojourn.testing import builders
from sojourn.trips.models import TripStatus


def test_tick_runs_one_pass_at_the_given_moment(cast, now):
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(starts_in_days=10),
    )
    out = StringIO()

    call_command(
        "tick",
        "--now",
        (now.replace(hour=12) + __import__("datetime").timedelta(days=10)).isoformat(),
        stdout=out,
    )

    trip.refresh_from_db()
    assert trip.status == TripStatus.IN_PROGRESS
    assert "start_trips 1" in out.getvalue()


def test_tick_refuses_a_bad_moment(db):
    with pytest.raises(CommandError, match="--now must be an ISO date-time"):
        call_command("tick", "--now", "next tuesday")


def test_the_worker_stops_cleanly_on_sigterm(tmp_path):
    """GIVEN a worker looping every 0.2 s WHEN it receives SIGTERM THEN it finishes and exits 0."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOJOURN_")}
    env["SOJOURN_VAR_DIR"] = str(tmp_path)
    subprocess.run([sys.executable, "-m", "sojourn", "migrate", "-v0"], env=env, check=True)
    worker = subprocess.Popen(
        [sys.executable, "-u", "-m", "sojourn", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert worker.stdout is not None
    assert "SIGTERM stops it" in worker.stdout.readline()

    worker.send_signal(signal.SIGTERM)
    output, _ = worker.communicate(timeout=30)

    assert worker.returncode == 0
    assert "Sojourn worker stopped." in output


def test_each_pass_of_the_loop_leaves_the_heartbeat_readiness_reads(transactional_db, monkeypatch):
    """GIVEN the worker loop WHEN it finishes a pass THEN its heartbeat holds that moment.

    The loop runs as in production, outside any transaction: each pass begins with Django's
    close_old_connections(), which drops a connection whose autocommit differs from its setting,
    so inside the test's usual rolled-back transaction it would close the test's own connection
    on PostgreSQL and fail the pass."""
    import datetime

    from sojourn.care import readiness, worker
    from sojourn.care.models import WorkerBeat
    from sojourn.care.worker import Stopper, loop

    stopper = Stopper()
    moment = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

    def stop_after_one(**_: object) -> None:
        # Called after every pass, failed or not: a failing pass ends the test (with no
        # heartbeat, which the assertion names) instead of being retried for ever.
        stopper.event.set()

    monkeypatch.setattr(worker, "between_passes", stop_after_one)
    loop(interval=0.01, stopper=stopper, clock=lambda: moment)

    assert list(WorkerBeat.objects.values_list("worker", "passed_at")) == [
        (readiness.worker_name(), moment)
    ]
