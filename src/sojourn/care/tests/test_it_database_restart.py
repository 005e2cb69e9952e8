"""PostgreSQL restarted under load (issue 15, §4): a web process and a worker keep running while
the database stops and starts again. No acknowledged write is lost, readiness answers 503 while
the database is away and 200 again once it is back, and the web process and the worker recover
by themselves: neither is restarted.

The restart is `pg_ctl stop -m fast` then `pg_ctl start` with the options the server ran with,
rather than one `pg_ctl restart`, so that the outage is long enough to be seen by a probe every
time instead of only when the timing happens to fall that way.
"""

from __future__ import annotations

import json
import shlex
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from sojourn.care.models import WorkerBeat
from sojourn.care.tests.deployment import ApiUser, Deployment, deployed
from sojourn.security.tokens import create_token
from sojourn.testing.bodies import trip_body
from sojourn.testing.cluster import Cluster
from sojourn.trips.models import Trip

# alone: it stops the run's one cluster, which a test beside it would be using.
pytestmark = [
    pytest.mark.alone,
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
]
TIME_BUDGET = 120  # seconds, start-up to shutdown


@pytest.fixture
def deployment(transactional_db: None, tmp_path: Path) -> Iterator[Deployment]:
    with deployed(tmp_path, seconds=TIME_BUDGET) as running:
        yield running


class Reporter(threading.Thread):
    """Reports trips through the API one after another; keeps the id of every 201."""

    def __init__(self, user: ApiUser) -> None:
        super().__init__(daemon=True)
        self.user = user
        self.acked: list[int] = []
        self.refused: list[int] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                answer = self.user.post("trips", trip_body(timezone.now()))
            except OSError:  # the web process answered nothing: not acknowledged
                continue
            if answer.status == 201:
                self.acked.append(answer.json["id"])
            else:
                self.refused.append(answer.status)


def readiness(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"{url}/api/v1/health/ready", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def start_options(cluster: Cluster) -> str:
    """The options the server runs with (its port above all), for `pg_ctl start -o`."""
    words = shlex.split((cluster.data / "postmaster.opts").read_text())[1:]
    kept = []
    while words:
        word = words.pop(0)
        if word == "-D":
            words.pop(0)
        else:
            kept.append(word)
    return shlex.join(kept)


def test_a_database_restart_loses_no_acknowledged_write_and_needs_no_restart(cast, deployment):
    """GIVEN a web process and a worker, and a client reporting trips
    WHEN PostgreSQL stops (fast) and starts again
    THEN readiness is 503 naming the database while it is away and 200 after, the worker passes
    again, the web process acknowledges new trips, both never restarted, and every trip
    acknowledged with a 201 is in the database."""
    cluster = Cluster.of_this_run()
    options = start_options(cluster)
    token = create_token(
        actor=cast.traveller, user=cast.traveller, name="t", scope="write", now=timezone.now()
    ).secret
    deployment.start(webs=1, workers=1)
    web = deployment.webs.urls[0]
    deployment.wait_for("readiness", lambda: readiness(web)[0] == 200)
    reporter = Reporter(ApiUser(deployment.webs, token))
    reporter.start()
    try:
        deployment.wait_for("trips acknowledged", lambda: len(reporter.acked) >= 5)
        stopped = cluster.pg_ctl("stop", "-m", "fast", "-w")
        assert stopped.returncode == 0, stopped.stderr
        status, problem = readiness(web)
        assert status == 503, problem
        assert [e["field"] for e in problem["errors"]] == ["database"]  # type: ignore[attr-defined]
        down_at = timezone.now()
        time.sleep(2)  # the worker meets the outage on at least one pass (interval 1 s)
        log = str(cluster.data.parent / "restart.log")
        started = cluster.pg_ctl("start", "-w", "-t", "60", "-l", log, "-o", options)
        assert started.returncode == 0, started.stderr + started.stdout
        deployment.wait_for("readiness again", lambda: readiness(web)[0] == 200)
        acked_before = len(reporter.acked)
        deployment.wait_for("a trip acknowledged after", lambda: len(reporter.acked) > acked_before)
    finally:
        reporter.stop.set()
        reporter.join(timeout=30)
    connection.close()  # the test's own connection died with the server
    deployment.wait_for(
        "a worker pass after the restart",
        lambda: WorkerBeat.objects.filter(passed_at__gt=down_at).exists(),
    )
    alive = [p.name for p in deployment.processes if p.popen.poll() is None]
    assert alive == [p.name for p in deployment.processes], deployment.logs()
    assert Trip.objects.filter(pk__in=reporter.acked).count() == len(set(reporter.acked))
    assert set(reporter.refused) <= {503}, reporter.refused
