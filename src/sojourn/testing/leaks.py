"""Tests that leave committed rows behind fail, naming the tables.

A test on PostgreSQL runs inside a transaction that is rolled back, or (`transactional_db`) is
followed by a flush; a row committed some other way — a process the test started, a connection
the test opened itself, a fixture that escaped its transaction — stays in the worker's test
database, and a later test that reads the whole database (the worker's pass reads every trip)
fails for a reason nowhere near its own code. This guard compares the committed row count of
every table after each test with the counts the database had when it was made, through a
connection of its own, and fails the test that left rows.

PostgreSQL only: the SQLite test database is in memory and seen by one connection alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import psycopg
import pytest
from psycopg import sql

_state: dict[str, Any] = {"baseline": None, "connection": None}


def grown(baseline: Mapping[str, int], now: Mapping[str, int]) -> dict[str, tuple[int, int]]:
    """The tables holding more rows than at the baseline, with both counts. Fewer rows are no
    leak: a flush empties the rows the migrations made, and the code that needs them makes them
    again."""
    return {
        table: (baseline.get(table, 0), count)
        for table, count in sorted(now.items())
        if count > baseline.get(table, 0)
    }


def _on_postgresql() -> bool:
    from django.db import connections

    return connections["default"].vendor == "postgresql"


def table_counts(database: psycopg.Connection[Any]) -> dict[str, int]:
    """Every table of the public schema with its committed row count, in one statement."""
    with database.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            sql.SQL(" UNION ALL ").join(
                sql.SQL("SELECT {}, count(*) FROM {}").format(
                    sql.Literal(table), sql.Identifier(table)
                )
                for table in tables
            )
        )
        return dict(cursor.fetchall())


def _counts() -> dict[str, int]:
    from django.db import connections

    if _state["connection"] is None:
        settings = connections["default"].settings_dict
        _state["connection"] = psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"] or None,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            dbname=settings["NAME"],
            autocommit=True,
        )
    return table_counts(_state["connection"])


def take_baseline(request: pytest.FixtureRequest) -> None:
    """Called once a session, once the test database exists (PostgreSQL only)."""
    if not _on_postgresql():
        return
    request.getfixturevalue("django_db_setup")
    _state["baseline"] = _counts()


def before_teardown(nextitem: pytest.Item | None) -> None:
    """The last test's teardown drops the test database: this guard's connection must be
    closed by then, or PostgreSQL refuses the drop."""
    if nextitem is None and _state["connection"] is not None:
        _state["connection"].close()
        _state["connection"] = None
        _state["baseline"] = None


def after_teardown(item: pytest.Item) -> None:
    baseline = _state["baseline"]
    if baseline is None:
        return
    left = grown(baseline, _counts())
    if left:
        _state["baseline"] = {**baseline, **{table: now for table, (_, now) in left.items()}}
        listed = ", ".join(f"{table} {was} → {now}" for table, (was, now) in left.items())
        pytest.fail(
            f"{item.nodeid} left committed rows in the test database: {listed}. A process or "
            "connection of the test's own wrote outside its transaction; flush it "
            "(transactional_db) or roll it back.",
            pytrace=False,
        )
