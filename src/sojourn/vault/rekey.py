"""Key rotation: re-seal under the current key every value sealed under an older one.

The worker runs `rekey` on every pass while `SOJOURN_ENCRYPTION_KEYS` lists more than one key
(`sojourn vault rekey` runs it at once). It walks each sealed column in chunks of rows, rewrites
a value only if it is still the one it read (a conditional UPDATE, so an edit made meanwhile is
never overwritten with an older text), and appends one audit event per table with the number of
values re-sealed. When `stale()` counts nothing, the old keys can be dropped from the setting.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from sojourn.audit.services import record
from sojourn.vault.census import Column, current_prefix, not_current, sealed_columns
from sojourn.vault.seal import keyring, open_sealed, seal

CHUNK = 500
Stop = Callable[[], bool]
Key = int | str


def rekey_column(column: Column, *, stop: Stop, chunk: int = CHUNK) -> int:
    """Re-seal the column's stale values, a chunk per transaction; how many were rewritten."""
    done: int = 0
    after: Key | None = None
    while not stop():
        rows = _stale_rows(column, after=after, chunk=chunk)
        if not rows:
            break
        with transaction.atomic(), connection.cursor() as cursor:
            for pk, value in rows:
                fresh = seal(open_sealed(value, place=column.field.place), place=column.field.place)
                cursor.execute(
                    f"UPDATE {column.table} SET {column.name} = %s "  # noqa: S608
                    f"WHERE {column.pk} = %s AND {column.name} = %s",
                    [fresh, pk, value],
                )
                done += cursor.rowcount
        after = rows[-1][0]
    return done


def _stale_rows(column: Column, *, after: Key | None, chunk: int) -> list[tuple[Key, str]]:
    where = not_current(column)
    params: list[Key] = [current_prefix()]
    if after is not None:
        where += f" AND {column.pk} > %s"
        params.append(after)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column.pk}, {column.name} FROM {column.table} "  # noqa: S608
            f"WHERE {where} ORDER BY {column.pk} LIMIT {int(chunk)}",
            params,
        )
        return [(pk, str(value)) for pk, value in cursor.fetchall()]


def rekey(now: datetime.datetime, stop: Stop, *, chunk: int = CHUNK) -> int:
    """The worker's job: nothing to do while one key is listed; else re-seal and audit counts."""
    if len(keyring().keys) < 2:  # one key: every value is sealed under it
        return 0
    total = 0
    by_model: dict[type[models.Model], int] = {}
    for column in sealed_columns():
        count = rekey_column(column, stop=stop, chunk=chunk)
        if count:
            by_model[column.model] = by_model.get(column.model, 0) + count
            total += count
    for model, count in by_model.items():
        record(
            actor=None,
            action="vault.rekeyed",
            obj=ContentType.objects.get_for_model(model),
            at=now,
            data={"values": count, "key_id": keyring().current},
        )
    return total
