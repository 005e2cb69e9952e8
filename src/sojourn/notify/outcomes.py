"""Recording what became of one try of an email: its `DeliveryAttempt` and its row's new state,
together, as soon as the mail server has answered, before the next message goes out.

On PostgreSQL that is one statement (an `UPDATE` of the row and, in the same statement, the
`INSERT` of the attempt: a data-modifying `WITH`), committed on its own: both or neither, and
a single round trip per message. SQLite cannot modify data in a `WITH`: there the two
statements share a transaction. An email that names where a traveller is (a need-help alert)
also records that location read, in the same transaction.
"""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Field

from sojourn.notify.models import DeliveryAttempt, Notification
from sojourn.notify.reads import names_a_location, record_location_reads

Changes = dict[str, datetime.datetime | str | None]


def record(
    row: Notification,
    changes: Changes,
    *,
    attempted_at: datetime.datetime,
    error: str,
    duration_ms: int,
    sent: bool,
) -> None:
    """The attempt and the row's `changes` (its attempts counted one more), both or neither."""
    reads = sent and names_a_location(row)
    together = (
        transaction.atomic() if reads or connection.vendor != "postgresql" else _one_statement()
    )
    with together:
        if connection.vendor == "postgresql":
            _update_and_insert(row, changes, attempted_at, error, duration_ms)
        else:
            DeliveryAttempt.objects.create(
                notification=row,
                attempted_at=attempted_at,
                ok=not error,
                error=error,
                duration_ms=duration_ms,
            )
            Notification.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1, **changes)
        if reads:
            # An email naming where a traveller is was handed to its recipient: a location read.
            record_location_reads([row], reader=row.recipient, via="email", now=attempted_at)


def _one_statement() -> contextlib.nullcontext[None]:
    """Outside a transaction a single statement commits on its own, all of it or nothing."""
    return contextlib.nullcontext()


def _update_and_insert(
    row: Notification,
    changes: Changes,
    attempted_at: datetime.datetime,
    error: str,
    duration_ms: int,
) -> None:
    rows, attempts = _table(Notification), _table(DeliveryAttempt)
    assignments, values = ["attempts = attempts + 1"], []
    for name, value in changes.items():
        field = Notification._meta.get_field(name)
        assert isinstance(field, Field)
        assert field.column is not None
        assignments.append(f"{connection.ops.quote_name(field.column)} = %s")
        values.append(field.get_db_prep_save(value, connection))
    # Table and column names from the models; every value is a parameter.
    sql = (
        f"WITH changed AS (UPDATE {rows} SET {', '.join(assignments)} WHERE id = %s RETURNING id) "  # noqa: S608
        f"INSERT INTO {attempts} (notification_id, attempted_at, ok, error, duration_ms) "
        "SELECT id, %s, %s, %s, %s FROM changed"
    )
    params: list[Any] = [*values, row.pk, attempted_at, not error, error, duration_ms]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _table(model: type[Notification] | type[DeliveryAttempt]) -> str:
    return connection.ops.quote_name(model._meta.db_table)
