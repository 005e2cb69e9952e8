"""Inserting rows that a unique constraint allows once, many at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def insert_new(rows: Sequence[M]) -> list[M]:
    """Insert the rows and return those inserted, with their ids.

    The caller has left out the rows already on record, under the locks that keep others from
    writing them meanwhile, so the single insert normally succeeds. The unique constraint still
    has the last word: should a duplicate appear anyway, each row is inserted on its own and the
    duplicates are left out.
    """
    if not rows:
        return []
    model = type(rows[0])
    try:
        with transaction.atomic():  # a savepoint: a duplicate rolls back only the insert
            return model._default_manager.bulk_create(rows)
    except IntegrityError:
        pass
    inserted: list[M] = []
    for row in rows:
        row.pk = None
        row._state.adding = True
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue
        inserted.append(row)
    return inserted
