"""Audited reads of personal data: who read which record, never what it holds.

A page or an operation that shows sealed fields to anyone but the person they are about calls
`record_reads` once for the records it shows (one event per record, appended together). The
events carry the record's id and the kind of read (`debrief.read`, `locations.read`), never
the text, so the audit trail holds no personal data of its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.contrib.auth.models import User
from django.db import models

from sojourn.audit.services import READS, Entry, record_many

Owner = Callable[[models.Model], int | None]


def record_reads(
    *,
    actor: User,
    records: Iterable[models.Model],
    owner_id: Owner,
    what: str,
    at: datetime.datetime,
) -> int:
    """An event for each record read by someone it is not about; how many were written."""
    if what not in READS:
        raise ValueError(f"unknown kind of read {what!r}; one of {', '.join(READS)}")
    entries = [
        Entry(actor, f"{what}.read", record) for record in records if owner_id(record) != actor.pk
    ]
    record_many(entries, at=at)
    return len(entries)
