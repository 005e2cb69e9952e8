"""The PostgreSQL restore drill of docs/deploy.md, run: while a writer keeps reporting trips,
an anchor is taken, then a dump; the dump restores into a new database, where `sojourn audit
verify --anchor` passes against that anchor, every table holds the rows the dump's snapshot held,
and every trip acknowledged before the dump is there."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from sojourn.audit.services import chain_head
from sojourn.testing import builders
from sojourn.testing.cluster import Cluster, url_of
from sojourn.testing.keys import shared_keys
from sojourn.testing.leaks import table_counts

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
RESTORED = f"drill_{os.getpid()}"


class Writer(threading.Thread):
    """Reports drafts one after another, each committed before it is acknowledged."""

    def __init__(self, traveller: object) -> None:
        super().__init__(daemon=True)
        self.traveller = traveller
        self.acked: list[int] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                trip = builders.draft(self.traveller, timezone.now())  # type: ignore[arg-type]
                self.acked.append(trip.pk)
        except BaseException as error:  # reported by the test
            self.error = error
        finally:
            connection.close()


def admin() -> psycopg.Connection:
    return psycopg.connect(url_of("postgres"), autocommit=True)


@pytest.fixture
def restored_database() -> Iterator[str]:
    yield RESTORED
    with admin() as database:
        database.execute(f'DROP DATABASE IF EXISTS "{RESTORED}" WITH (FORCE)')


def test_the_restore_drill_under_writes(cast, tmp_path: Path, restored_database: str):
    """GIVEN a writer reporting trips WHEN an anchor is taken, then a dump of an exported
    snapshot, restored into a new database THEN audit verify passes against the anchor there,
    the row counts equal the snapshot's, and every trip acked before the dump is in it."""
    cluster = Cluster.of_this_run()
    writer = Writer(cast.traveller)
    writer.start()
    try:
        while len(writer.acked) < 20 and writer.is_alive():
            writer.stop.wait(0.05)
        anchor = chain_head()
        acked_before = set(writer.acked)
        dump = tmp_path / "sojourn.dump"
        # The snapshot the dump reads, held open so that its row counts can be read too.
        with psycopg.connect(url_of(connection.settings_dict["NAME"])) as snapshot:
            snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            name = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
            in_snapshot = table_counts(snapshot)
            dumped = cluster.tool(
                "pg_dump",
                "-Fc",
                "--snapshot",
                name,
                "-f",
                str(dump),
                str(connection.settings_dict["NAME"]),
            )
        acked_during = set(writer.acked) - acked_before
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert writer.error is None, writer.error
    assert dumped.returncode == 0, dumped.stderr
    assert acked_during, "nothing was written while the dump ran: the drill proved nothing"

    with admin() as database:
        database.execute(f'CREATE DATABASE "{restored_database}" TEMPLATE template0')
    loaded = cluster.tool(
        "pg_restore", "--no-owner", "--exit-on-error", "-d", restored_database, str(dump)
    )
    assert loaded.returncode == 0, loaded.stderr

    verified = subprocess.run(
        [sys.executable, "-m", "sojourn", "audit", "verify", "--anchor", str(anchor), "--records"],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("SOJOURN_")},
            "SOJOURN_DATABASE_URL": url_of(restored_database),
            "SOJOURN_VAR_DIR": str(tmp_path / "var"),
            **shared_keys(),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    with psycopg.connect(url_of(restored_database)) as database:
        assert table_counts(database) == in_snapshot
        trips = {row[0] for row in database.execute("SELECT id FROM trips_trip")}
    assert acked_before <= trips
