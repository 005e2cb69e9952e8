"""`sojourn purge --dry-run` says what would go, by kind and organisation, and changes nothing."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from sojourn.audit.models import AuditEvent
from sojourn.care.models import CheckIn
from sojourn.care.worker import run_pass
from sojourn.retention.job import claim_sweep
from sojourn.retention.models import Purge
from sojourn.retention.tests.conftest import CITY, DAY


@pytest.fixture(autouse=True)
def _period(settings) -> None:
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_what_would_go_and_changes_nothing(closed):
    moment = (closed.closed_at + 91 * DAY).isoformat()
    events = AuditEvent.objects.count()

    output = purge("--dry-run", "--now", moment)

    assert "would purge 1 checkin_locations of lab" in output
    assert CheckIn.objects.get(trip=closed).city == CITY
    assert not Purge.objects.exists()
    assert AuditEvent.objects.count() == events


def test_without_dry_run_it_purges(closed):
    output = purge("--now", (closed.closed_at + 91 * DAY).isoformat())

    assert "purged 1 checkin_locations of lab" in output
    assert CheckIn.objects.get(trip=closed).city == ""


def test_the_workers_pass_runs_the_retention_job(closed):
    result = run_pass(closed.closed_at + 91 * DAY)

    assert result.counts["retention"] >= 1
    assert CheckIn.objects.get(trip=closed).city == ""


def test_the_worker_sweeps_at_most_once_per_interval(closed, settings):
    """GIVEN a sweep 80 days after the trip closed, when its check-in was not yet past its
    period (90 days), and then a period of 80 days
    WHEN passes run 30 minutes and then an hour after that sweep (interval: 60 minutes)
    THEN the pass 30 minutes on leaves the check-in to the next sweep; the one an hour on
    sweeps it."""
    settings.SOJOURN_RETENTION_SWEEP_MINUTES = 60
    first = closed.closed_at + 80 * DAY
    run_pass(first)
    assert CheckIn.objects.get(trip=closed).city == CITY
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 80

    assert run_pass(first + datetime.timedelta(minutes=30)).counts["retention"] == 0
    assert CheckIn.objects.get(trip=closed).city == CITY

    assert run_pass(first + datetime.timedelta(minutes=60)).counts["retention"] >= 1
    assert CheckIn.objects.get(trip=closed).city == ""


def test_of_two_workers_at_the_same_moment_one_sweeps(closed):
    moment = closed.closed_at + 91 * DAY

    assert claim_sweep(moment) is True
    assert claim_sweep(moment) is False
    # A clock set back does not wait for the future sweep's interval to pass.
    assert claim_sweep(moment - DAY) is True
