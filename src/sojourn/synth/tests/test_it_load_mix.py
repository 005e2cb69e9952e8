"""The load benchmark's mix (bench/loadbench/locustfile.py) against a served Sojourn: every
request kind it reports is one the product answers as a person would get it, so `make bench`
cannot measure a mix of errors after the pages or the API change.

GIVEN a traveller with a token and an approved trip, a trip waiting in the officer's queue, the
officer and oversight signed in, WHEN the benchmark's own driver runs the mix with one
user of each role for a few seconds against a live server, THEN every kind of the mix was
asked and answered as expected, and nothing failed (sign-ins included).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite
from django.test import Client
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler, _StaticFilesHandler
from django.utils import timezone

from sojourn.conftest import Cast
from sojourn.security import tokens
from sojourn.testing import builders

BENCH = Path(__file__).resolve().parents[4] / "bench"


def _session(user: User) -> dict[str, str]:
    """The cookie of a session of `user` (the benchmark signs in through the page instead)."""
    client = Client()
    client.force_login(user)
    return {name: morsel.value for name, morsel in client.cookies.items()}


@pytest.fixture
def cast_file(cast: Cast, tmp_path: Path) -> Path:
    now = timezone.now()
    checkin_trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    builders.submitted(cast.colleague, now)
    token = tokens.create_token(
        actor=None, user=cast.traveller, name="load mix", scope="write", now=now
    )
    path = tmp_path / "cast.json"
    path.write_text(
        json.dumps(
            {
                "liveness": "/api/v1/health/live",
                "travellers": [
                    {
                        "username": cast.traveller.username,
                        "token": token.secret,
                        "checkin_trip_id": checkin_trip.pk,
                        "country": "DE",
                    }
                ],
                "officers": [cast.officer.username],
                "oversight": [cast.oversight.username],
                "sessions": {
                    user.username: _session(user) for user in (cast.officer, cast.oversight)
                },
            }
        )
    )
    return path


class _OneRequestAtATime(LiveServerThread):
    """The live server without threads: the test database of the SQLite pass is one in-memory
    connection, which concurrent requests would find locked ("database table is locked")."""

    def _create_server(self, connections_override: Any = None) -> WSGIServer:
        address = (self.host, self.port)
        return WSGIServer(address, QuietWSGIRequestHandler, allow_reuse_address=False)


@pytest.fixture
def served(transactional_db: None) -> Iterator[str]:
    """Sojourn served on a free loopback port from a thread of this process (its database)."""
    shared: dict[str, BaseDatabaseWrapper] = {
        connection.alias: connection
        for connection in connections.all()
        if isinstance(connection, SQLite) and connection.is_in_memory_db()
    }
    for connection in shared.values():
        connection.inc_thread_sharing()
    thread = _OneRequestAtATime(
        "127.0.0.1", _StaticFilesHandler, connections_override=shared, port=0
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()


def test_every_kind_of_the_mix_is_answered_as_expected(
    served: str, cast_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "step.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "loadbench.drive",
            "--host",
            served,
            "--one-each",
            "--users",
            "4",
            "--spawn-rate",
            "4",
            "--warm-up",
            "100",
            "--seconds",
            "1",
            "--out",
            str(out),
        ],
        cwd=BENCH,
        env={**os.environ, "SOJOURN_LOAD_CAST": str(cast_file)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    step = json.loads(out.read_text())
    assert step["first_rounds"] == {"traveller": 1, "officer": 1, "oversight": 1, "probe": 1}
    assert step["failures"] == []
    asked = {
        kind
        for window in (step["warm_up"], step["kinds"])
        for kind, found in window.items()
        if found["requests"] > found["failures"]
    }
    assert {"trips list (API)", "liveness probe"} <= set(step["mix"])  # the two baselines
    assert set(step["mix"]) <= asked, f"never answered: {set(step['mix']) - asked}"
