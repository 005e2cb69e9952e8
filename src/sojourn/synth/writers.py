"""Writing a synthetic world fast: `COPY` on PostgreSQL, `executemany` on SQLite.

Rows are written by a thread of their own while the generator makes the next batch: on
PostgreSQL the server parses and stores one batch while Python builds the next, so the two
cores of a small machine both work. Both threads use the one connection in turn (the generator
never touches the database while a load runs), inside the caller's transaction.

On PostgreSQL the secondary indexes and the foreign keys of the tables being filled are dropped
for the load and created again after it, in the same transaction, as `pg_restore` does: one
sorted index build and one validating join per key instead of millions of single-row index
updates and key checks (a third less work for the server, measured at 200,000 trips; checked
row by row, the keys alone made the server the bottleneck). Primary keys and unique indexes
stay, so uniqueness is checked as always. If anything fails, the transaction rolls back and
the tables are as they were.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from django.core.management.color import no_style
from django.db.backends.base.base import BaseDatabaseWrapper

from sojourn.synth.tables import Row, Table
from sojourn.vault.fields import SEALED_FIELDS
from sojourn.vault.seal import seal

Sink = Callable[[Table, Sequence[Row]], None]
_DONE = None


class WriteFailed(RuntimeError):
    pass


def sealing(sink: Sink) -> Sink:
    """The rows' personal data sealed as the model would seal it (a sealed field's JSON is
    given as its text, which is what `SealedJSONField` seals)."""

    def write(table: Table, rows: Sequence[Row]) -> None:
        fields = [table.model._meta.get_field(name) for name in table.fields]
        sealed = [i for i, field in enumerate(fields) if isinstance(field, SEALED_FIELDS)]
        if sealed:
            rows = [_sealed(row, sealed, fields) for row in rows]
        sink(table, rows)

    return write


def _sealed(row: Row, positions: Sequence[int], fields: Sequence[Any]) -> Row:
    values = list(row)
    for i in positions:
        if values[i]:
            values[i] = seal(str(values[i]), place=fields[i].place)
    return tuple(values)


def sink_for(connection: BaseDatabaseWrapper) -> Sink:
    return sealing(_raw_sink(connection))


def _raw_sink(connection: BaseDatabaseWrapper) -> Sink:
    connection.ensure_connection()
    raw: Any = connection.connection
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":

        def copy(table: Table, rows: Sequence[Row]) -> None:
            columns = ", ".join(quote(column) for column in table.columns)
            with raw.cursor() as cursor:
                statement = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
                with cursor.copy(statement) as stream:
                    for row in rows:
                        stream.write_row(row)

        return copy

    def insert(table: Table, rows: Sequence[Row]) -> None:
        columns = ", ".join(quote(column) for column in table.columns)
        marks = ", ".join("?" for _ in table.columns)
        # Names from the models' metadata, values bound as parameters.
        statement = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608
        raw.executemany(statement, rows)

    return insert


Batch = Sequence[tuple[Table, Sequence[Row]]]


class BackgroundWriter:
    """Hands batches of rows to a writer thread; `close()` waits for it and reports its error.

    One batch is written while the next is made; a third waits at most."""

    def __init__(self, sink: Sink, *, depth: int = 1) -> None:
        self._sink = sink
        self._queue: queue.Queue[Batch | None] = queue.Queue(depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="synth-writer", daemon=True)
        self.rows: Counter[str] = Counter()
        self.seconds: dict[str, float] = defaultdict(float)
        """Seconds the writer spent on each table."""
        self.waited = 0.0
        """Seconds the generator waited for the writer to take a batch."""

    def __enter__(self) -> BackgroundWriter:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def write(self, batch: Batch) -> None:
        """Rows of several tables, written in the order given."""
        if self._error is not None:
            raise WriteFailed(f"writing the rows failed: {self._error}") from self._error
        for table, rows in batch:
            self.rows[table.name] += len(rows)
        started = time.perf_counter()
        self._queue.put(batch)
        self.waited += time.perf_counter() - started

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(_DONE)
            self._thread.join()
        if self._error is not None:
            raise WriteFailed(f"writing the rows failed: {self._error}") from self._error

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if self._error is not None:
                continue  # drain, so the generator never blocks on a full queue
            try:
                for table, rows in item:
                    if rows:
                        started = time.perf_counter()
                        self._sink(table, rows)
                        self.seconds[table.name] += time.perf_counter() - started
            except BaseException as error:  # handed to the generator's thread by write/close
                self._error = error


def prepare(connection: BaseDatabaseWrapper) -> None:
    """Session settings for the load, undone when its transaction ends."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # The rows spell moments in UTC without an offset.
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")


_FOREIGN_KEYS = """
    SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
    FROM pg_constraint
    WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)
    ORDER BY 1, 2
"""
_INDEXES = """
    SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
    FROM pg_index
    WHERE NOT indisprimary AND NOT indisunique AND indrelid::regclass::text = ANY(%s)
    ORDER BY 1
"""


@contextmanager
def deferred_indexes(connection: BaseDatabaseWrapper, tables: Sequence[Table]) -> Iterator[None]:
    """PostgreSQL: no secondary index (unique ones apart) nor foreign key on `tables` while the
    block runs; each index is built again after it, and each key added again, which checks
    every row against its target in one join. Elsewhere: nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    quote = connection.ops.quote_name
    names = [table.name for table in tables]
    with connection.cursor() as cursor:
        # A table with key checks still pending in this transaction cannot be altered: run them
        # now (the keys stay deferred for the rest of it, as Django declares them).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(_FOREIGN_KEYS, [names])
        keys = cursor.fetchall()
        cursor.execute(_INDEXES, [names])
        indexes = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for index, _definition in indexes:
            cursor.execute(f"DROP INDEX {index}")
    yield
    with connection.cursor() as cursor:
        for _index, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def reset_sequences(connection: BaseDatabaseWrapper, tables: Sequence[Table]) -> None:
    """The next row the app inserts takes the key after the last one written (PostgreSQL; a
    SQLite table follows its largest key by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def analyze(connection: BaseDatabaseWrapper, tables: Sequence[Table]) -> None:
    """Planner statistics for the filled tables, as a database in service has them."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(quote(table.name) for table in tables))
        else:
            cursor.execute("ANALYZE")
