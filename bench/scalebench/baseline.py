"""The baseline: a bare bulk write of as many plain rows as the world has, into a scratch table.

The same way the world is written (COPY through psycopg's `write_row` on PostgreSQL,
`executemany` on SQLite), in one transaction, on the same database: what the rows alone cost,
without generating a world, assessing trips or any index but the primary key.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction

TABLE = "synth_bench_scratch"
INSERT = f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?)"  # noqa: S608 - a constant name
BATCH = 50_000


def _rows(count: int) -> Iterator[tuple[Any, ...]]:
    for index in range(1, count + 1):
        yield (index, index % 1000, "plain text value", "2026-03-02", "2026-03-02 12:00:00", True)


def bare_write(count: int) -> float:
    """Seconds to write `count` plain rows and commit; the table is dropped afterwards."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(
            f"CREATE TABLE {TABLE} (id bigint PRIMARY KEY, a bigint, b text, c date, "
            "d timestamp, e boolean)"
        )
    connection.ensure_connection()
    raw: Any = connection.connection
    started = time.perf_counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {TABLE} FROM STDIN") as copy:
                for row in _rows(count):
                    copy.write_row(row)
        else:
            batch: list[tuple[Any, ...]] = []
            for row in _rows(count):
                batch.append(row)
                if len(batch) == BATCH:
                    raw.executemany(INSERT, batch)
                    batch = []
            if batch:
                raw.executemany(INSERT, batch)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608 - a constant name
        written = cursor.fetchone()[0]
        cursor.execute(f"DROP TABLE {TABLE}")
    if written != count:
        raise SystemExit(f"the baseline wrote {written:,} rows, not {count:,}")
    return seconds
