"""The liveness probe under load (issue 15): `sojourn serve` answers `GET /api/v1/health/live`
while every thread of its worker but one is held by a slow request.

The slow requests are real ones, made slow by the database: the test holds an exclusive lock
on the API's token table, so each authenticated request waits on PostgreSQL for as long as the
test wants (the test sees them waiting in `pg_stat_activity`; nothing is timed). When the lock
goes, the held requests answer 200 on their threads' own connections, and so does the next.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from sojourn.care.tests.deployment import LOOPBACK, Deadline, database_url
from sojourn.demo.tests.test_serve import free_port, get, sojourn_command
from sojourn.people.models import Organisation
from sojourn.security.models import AccessToken
from sojourn.security.tokens import create_token
from sojourn.testing import builders
from sojourn.testing.keys import shared_keys

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
THREADS = 3
HELD = THREADS - 1
TIME_BUDGET = 120  # seconds, start-up to shutdown


class Serve:
    """`sojourn serve --workers 1 --threads THREADS` on a free port, against the test's
    database (no demo: the database has an organisation; no worker loop)."""

    def __init__(self, directory: Path, deadline: Deadline) -> None:
        self.url = f"http://{LOOPBACK}:{free_port()}"
        self.deadline = deadline
        self.log = directory / "serve.log"
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("SOJOURN_")}
        environment = inherited | shared_keys()
        environment |= {
            "DJANGO_SETTINGS_MODULE": "sojourn.settings",
            "SOJOURN_DATABASE_URL": database_url(),
            "SOJOURN_SERVE_RUNS_WORKER": "false",
            "SOJOURN_VAR_DIR": str(directory / "var"),
        }
        port = self.url.rsplit(":", 1)[1]
        command = [*sojourn_command(), "serve", "--port", port, "--workers", "1"]
        with self.log.open("wb") as output:
            self.popen = subprocess.Popen(
                [*command, "--threads", str(THREADS)],
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def wait_until(self, what: str, check: object) -> None:
        while not check():  # type: ignore[operator]
            assert self.popen.poll() is None, f"serve exited:\n{self.tail()}"
            assert self.deadline.left() > 0, f"timed out waiting for {what}:\n{self.tail()}"
            threading.Event().wait(0.1)

    def stop(self) -> int:
        self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            return self.popen.wait(timeout=10)

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-80:])


@pytest.fixture
def secret(transactional_db: None) -> str:
    """A read token of an officer: the organisation is there before the server starts (an
    empty database would have it load the demo)."""
    lab = Organisation.objects.create(name="Lab", slug="lab", sectors=["ai"], home_country="CN")
    officer = builders.officer("officer-lab", organisation=lab)
    now = timezone.now()  # the server checks the token on the real clock
    return create_token(actor=None, user=officer, name="probe", scope="read", now=now).secret


@pytest.fixture
def serve(secret: str, tmp_path: Path) -> Iterator[Serve]:
    server = Serve(tmp_path, Deadline(TIME_BUDGET))
    try:
        server.wait_until("the server to answer", lambda: get(f"{server.url}/api/v1/health/live"))
        yield server
    finally:
        assert server.stop() == 0, server.tail()


def api_get(url: str, token: str, answers: list[int]) -> None:
    """A request with the token: its status lands in `answers` (0 when none came)."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=TIME_BUDGET) as response:
            answers.append(response.status)
    except urllib.error.HTTPError as error:
        answers.append(error.code)
    except OSError:
        answers.append(0)


def waiting_on_a_lock() -> int:
    """Backends of this database waiting for a lock, as PostgreSQL sees them now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock'"
        )
        (count,) = cursor.fetchone()
    return int(count)


def test_the_liveness_probe_answers_while_every_thread_but_one_is_busy(serve, secret):
    """
    GIVEN `sojourn serve` with one worker process of three threads
    AND two API requests held by the database (the token table locked by the test)
    WHEN the liveness probe asks
    THEN it answers 200 on the third thread while both requests still wait
    AND once the lock goes, both held requests answer 200, and so does the next one
    """
    answers: list[int] = []
    table = AccessToken._meta.db_table
    with psycopg.connect(database_url(), autocommit=False) as locker:
        locker.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        held = [
            threading.Thread(target=api_get, args=(f"{serve.url}/api/v1/me", secret, answers))
            for _ in range(HELD)
        ]
        for request in held:
            request.start()
        serve.wait_until("both requests to wait on the lock", lambda: waiting_on_a_lock() == HELD)

        probe = get(f"{serve.url}/api/v1/health/live")

        assert probe is not None, f"no answer from the liveness probe:\n{serve.tail()}"
        assert probe[0] == 200, probe
        assert waiting_on_a_lock() == HELD  # both still held, all the while
        assert answers == []
        locker.rollback()
    for request in held:
        request.join(timeout=TIME_BUDGET)
    assert answers == [200] * HELD, serve.tail()
    after: list[int] = []
    api_get(f"{serve.url}/api/v1/me", secret, after)
    assert after == [200]
