"""Where sealed values live and under which keys: what `sojourn vault status` reports.

The queries read the raw columns (the sealed text itself), so nothing is opened to count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models

from sojourn.vault.fields import SEALED_FIELDS, SealedField
from sojourn.vault.seal import VERSION, SealError, keyring, open_sealed


@dataclass(frozen=True)
class Column:
    """One sealed column of one table."""

    model: type[models.Model]
    field: SealedField

    @property
    def table(self) -> str:
        return connection.ops.quote_name(self.model._meta.db_table)

    @property
    def name(self) -> str:
        return connection.ops.quote_name(self.field.column)

    @property
    def pk(self) -> str:
        return connection.ops.quote_name(self.model._meta.pk.column)


def sealed_columns() -> Iterator[Column]:
    """Every sealed column of every installed model, in a stable order."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, SEALED_FIELDS):
                yield Column(model, field)


def not_current(column: Column) -> str:
    # Names quoted by the backend; the key id is bound as a parameter.
    return f"{column.name} <> '' AND {column.name} NOT LIKE %s"


def current_prefix() -> str:
    return f"{VERSION}:{keyring().current}:%"


def stale() -> dict[str, int]:
    """How many values of each column are not sealed under the current key."""
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for column in sealed_columns():
            cursor.execute(
                f"SELECT COUNT(*) FROM {column.table} WHERE {not_current(column)}",  # noqa: S608
                [current_prefix()],
            )
            counts[column.field.place] = int(cursor.fetchone()[0])
    return counts


def unopenable() -> dict[str, int]:
    """Per column, the values no listed key opens: under an id the keyring lacks, not sealed
    at all, or (judged on the newest value under each id) under a key that is wrong."""
    ring = keyring()
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for column in sealed_columns():
            known = " AND ".join(f"{column.name} NOT LIKE %s" for _ in ring.keys)
            cursor.execute(
                f"SELECT COUNT(*) FROM {column.table} "  # noqa: S608
                f"WHERE {column.name} <> '' AND {known}",
                [f"{VERSION}:{key_id}:%" for key_id in ring.keys],
            )
            found[column.field.place] = int(cursor.fetchone()[0]) + _wrong_keys(cursor, column)
    return found


def _wrong_keys(cursor: object, column: Column) -> int:
    wrong = 0
    for key_id in keyring().keys:
        cursor.execute(  # type: ignore[attr-defined]
            f"SELECT {column.name} FROM {column.table} WHERE {column.name} LIKE %s "  # noqa: S608
            f"ORDER BY {column.pk} DESC LIMIT 1",
            [f"{VERSION}:{key_id}:%"],
        )
        row = cursor.fetchone()  # type: ignore[attr-defined]
        try:
            if row:
                open_sealed(str(row[0]), place=column.field.place)
        except SealError:
            wrong += 1
    return wrong
