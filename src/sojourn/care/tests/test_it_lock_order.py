"""Lock order between a trip and the audit chain's head, on PostgreSQL.

Every audited change appends to one chain, so it takes the chain's head row lock; a trip's
transitions take the trip's row first. Django's foreign keys are checked at commit, after the
head was taken: a transaction that inserts rows naming a trip (or a person) without locking
them first would, at its commit, wait for whoever holds that trip, who in turn waits for the
head. PostgreSQL breaks the cycle by failing one of them: a 500 for a request. These found it
between two web processes and two workers (test_it_two_webs_two_workers).
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections, transaction

from sojourn.audit import services as audit
from sojourn.care import escalations
from sojourn.care.models import EscalationKind
from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips.models import Trip
from sojourn.trips.services.core import lock

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


class Other:
    """A second connection's work in a thread, and whether it now waits for a lock."""

    def __init__(self, job: Callable[[], object]) -> None:
        self.job = job
        self.pid: int | None = None
        self.errors: list[BaseException] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]
            self.job()
        except BaseException as error:
            self.errors.append(error)
        finally:
            self.done.set()
            connections.close_all()

    def start(self) -> None:
        self.thread.start()

    def waiting_or_done(self, seconds: float = 20) -> None:
        """Return once the thread finished or waits for a lock it was not granted (pg_locks,
        which unlike pg_stat_activity is read afresh inside our transaction)."""
        deadline = time.monotonic() + seconds
        with connections["default"].cursor() as cursor:
            while not self.done.is_set():
                cursor.execute(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted)",
                    [self.pid],
                )
                if cursor.fetchone()[0]:
                    return
                assert time.monotonic() < deadline, "the other transaction neither ended nor waited"
                time.sleep(0.01)

    def join(self) -> list[BaseException]:
        self.thread.join(timeout=30)
        return self.errors


def test_a_transition_and_a_request_naming_the_traveller_never_deadlock(
    cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN a worker's transition holding the trip's lock
    WHEN a request of the traveller's appends an event naming them (a token's use), then the
    transition appends its own
    THEN both commit: the transition locked the trip's row only, not the traveller's."""
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    request = Other(
        lambda: audit.record(actor=cast.traveller, action="token.used", obj=trip, at=now)
    )
    errors: list[BaseException] = []
    try:
        with transaction.atomic():
            lock(trip, "depart", None)
            request.start()
            request.waiting_or_done()
            audit.record(actor=None, action="trip.departed", obj=trip, at=now)
    except BaseException as error:
        errors.append(error)
    assert errors + request.join() == []
    assert audit.verify_chain().ok


def test_an_escalation_and_a_request_holding_the_trip_never_deadlock(
    cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN a worker opening an escalation on a trip (audited; its rows name the trip)
    WHEN a request locks that trip and appends to the trail before the worker commits
    THEN both commit: the worker took the trip's lock before the chain's head."""
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])

    def request() -> None:  # as save_draft() of the debrief does
        with transaction.atomic():
            Trip.objects.select_for_update().get(pk=trip.pk)
            audit.record(actor=cast.traveller, action="debrief.saved", obj=trip, at=now)

    other = Other(request)
    errors: list[BaseException] = []
    try:
        with transaction.atomic():
            escalations.open_once(
                trip,
                EscalationKind.DEBRIEF_OVERDUE,
                "2026-03-01",
                now=now,
                recipients=[cast.officer],
                params={"title": "Paris", "traveller": "Traveller", "date": "2026-03-01"},
            )
            other.start()
            other.waiting_or_done()
    except BaseException as error:
        errors.append(error)
    assert errors + other.join() == []
    assert audit.verify_chain().ok
