"""Primary keys of the rows a world adds, given by the generator so rows can point at each other
before any is written. They continue after the largest key each table already has (a fresh
database starts at 1), so the same seed gives the same keys in every fresh database."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from django.db.models import Max

from sojourn.synth import tables
from sojourn.synth.tables import Table


class Ids:
    def __init__(self, after: dict[Table, int]) -> None:
        self._next = {table: itertools.count(last + 1).__next__ for table, last in after.items()}

    @classmethod
    def after_existing(cls) -> Ids:
        return cls(
            {
                table: table.model._default_manager.aggregate(top=Max("pk"))["top"] or 0
                for table in tables.ALL
            }
        )

    def counter(self, table: Table) -> Callable[[], int]:
        """The next key of `table` each call."""
        return self._next[table]
