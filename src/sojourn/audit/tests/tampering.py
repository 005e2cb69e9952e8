"""What an intruder with the database's own tools can do: edit or delete audit rows directly.

On PostgreSQL that takes switching the append-only trigger off first, which needs the table's
owner; the tests do exactly that, to show the hash chain still exposes the change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

TABLE = "audit_auditevent"
TRIGGER = "audit_event_append_only"


@contextmanager
def _trigger_off() -> Iterator[None]:
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # Deferred foreign-key checks of this test's own inserts must run before ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        yield
        if postgres:
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")


def set_column(pk: int, column: str, value: str) -> None:
    """UPDATE one column of one event, bypassing the application."""
    assert column in {"data", "actor_label", "action"}
    with _trigger_off(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, pk])


def delete_event(pk: int) -> None:
    with _trigger_off(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [pk])
