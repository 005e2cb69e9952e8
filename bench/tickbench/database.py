"""The database a run uses: the one SOJOURN_DATABASE_URL names, or a throwaway SQLite file.

`make bench` gives every run a fresh database: a SQLite file in a temporary directory, then a
throwaway PostgreSQL cluster (scripts/with-postgres). Run on its own without
SOJOURN_DATABASE_URL, the benchmark makes its own SQLite file in a temporary directory rather
than fall back to the local database in var/.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection

URL = "SOJOURN_DATABASE_URL"


def setup() -> Path:
    """Point Django at the database and start it; returns the temporary directory it made.

    The local var/ directory is never used: the run's SOJOURN_VAR_DIR (and, without
    SOJOURN_DATABASE_URL, its SQLite file) is a new temporary directory, which `cleanup` removes.
    """
    scratch = Path(tempfile.mkdtemp(prefix="sojourn-tick-"))
    if not os.environ.get(URL, "").strip():
        os.environ[URL] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    # The worker's own files (the audit anchors it publishes) go there too, never into var/.
    os.environ.setdefault("SOJOURN_VAR_DIR", str(scratch))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sojourn.settings")
    django.setup()
    return scratch


def cleanup(scratch: Path | None) -> None:
    connection.close()
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


def migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)


def use_sink(port: int) -> str:
    """Email goes out by SMTP, as in a deployment, to the benchmark's sink on loopback."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return f"{settings.EMAIL_BACKEND} to 127.0.0.1:{port}"


TABLE_STATS = """
    SELECT relname, seq_scan, idx_scan, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_live_tup,
           n_dead_tup, autovacuum_count, autoanalyze_count
    FROM pg_stat_user_tables ORDER BY relname
"""
COUNTERS = ("seq_scan", "idx_scan", "n_tup_ins", "n_tup_upd", "n_tup_hot_upd")
COUNTS = ("autovacuum_count", "autoanalyze_count")


def table_stats() -> dict[str, dict[str, int]]:
    """PostgreSQL's per-table counters (scans, writes, autovacuum runs); nothing on SQLite.

    A backend reports its counters at most once a second, at the end of a transaction: this
    waits a second, ends one, then reads.
    """
    if connection.vendor != "postgresql":
        return {}
    time.sleep(1.1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(TABLE_STATS)
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    return {
        row[0]: {name: int(value or 0) for name, value in zip(names[1:], row[1:], strict=True)}
        for row in rows
    }


def table_activity(
    before: dict[str, dict[str, int]], after: dict[str, dict[str, int]]
) -> dict[str, dict[str, int]]:
    """What happened to each table between two snapshots, for the tables something happened to;
    with the dead rows left at the end."""
    changed = {}
    for table, now in after.items():
        then = before.get(table, {})
        delta = {name: now[name] - then.get(name, 0) for name in (*COUNTERS, *COUNTS)}
        if any(delta.values()):
            changed[table] = delta | {
                "n_live_tup": now["n_live_tup"],
                "n_dead_tup": now["n_dead_tup"],
            }
    return changed


def activity_line(label: str, activity: dict[str, dict[str, int]]) -> str:
    scans = ", ".join(
        f"{table} {n['seq_scan']:,}" for table, n in activity.items() if n["seq_scan"]
    )
    vacuums = ", ".join(
        f"{table} {n['autovacuum_count']}+{n['autoanalyze_count']}"
        for table, n in activity.items()
        if n["autovacuum_count"] or n["autoanalyze_count"]
    )
    return (
        f"PostgreSQL, {label}: sequential scans: {scans or 'none'}; "
        f"autovacuum+autoanalyze runs: {vacuums or 'none'}"
    )


def describe() -> dict[str, Any]:
    """The vendor and version of the database, and where it is (no password)."""
    entry = connection.settings_dict
    if connection.vendor == "sqlite":
        version = sqlite3.sqlite_version
        where = str(entry["NAME"])
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = str(cursor.fetchone()[0])
        where = f"{entry.get('HOST')}:{entry.get('PORT')}/{entry['NAME']}"
    return {"vendor": connection.vendor, "version": version, "where": where}
