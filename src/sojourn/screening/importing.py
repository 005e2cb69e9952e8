"""Importing a list file as a new snapshot: all of it or nothing.

(What is open is screened again afterwards: `rescreen.after_import`.)

The file is read twice, each time as a stream: once to digest it (the same file twice is
refused before any work), once to load it, a batch of entries per insert, inside one
transaction. A bad row raises `ImportRefused` naming its line and column, and the transaction
takes back everything already inserted.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from collections.abc import Iterable
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from sojourn.audit import services as audit
from sojourn.screening.formats import BadRow, Entry, entries
from sojourn.screening.models import (
    DEFAULT_THRESHOLD,
    ListEntry,
    ListFormat,
    ListSnapshot,
    ScreeningList,
)

BATCH = 2000
CHUNK_BYTES = 1 << 20


class ImportRefused(ValueError):
    """Why nothing was loaded, in words the person importing can act on."""


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            sha.update(chunk)
    return sha.hexdigest()


def import_snapshot(
    path: Path,
    *,
    list_id: str,
    format: str,
    as_of: datetime.date,
    now: datetime.datetime,
    actor: User | None = None,
    name: str = "",
    threshold: int | None = None,
) -> ListSnapshot:
    """Load `path` as the snapshot of `list_id` as of `as_of`; the list is made on its first
    import (named `name`, `threshold` or the default), and `name`/`threshold` given later
    change it."""
    if format not in ListFormat.values:
        raise ImportRefused(f"unknown format {format!r}: use {' or '.join(ListFormat.values)}")
    sha256 = digest(path)
    earlier = ListSnapshot.objects.filter(sha256=sha256).first()
    if earlier is not None:
        raise ImportRefused(
            f"{path.name}: this file was already imported as snapshot {earlier} "
            f"(sha256 {sha256}); nothing was loaded"
        )
    try:
        with transaction.atomic():
            snapshot = _snapshot(path, list_id, format, as_of, now, actor, sha256, name, threshold)
            with path.open("rb") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                snapshot.row_count = _load(snapshot, (entry for _, entry in entries(text, format)))
            snapshot.save(update_fields=["row_count"])
            audit.record(
                actor=actor,
                action="screening.snapshot_imported",
                obj=snapshot,
                at=now,
                data={"list_id": list_id, "row_count": snapshot.row_count, "sha256": sha256},
            )
    except BadRow as error:
        raise ImportRefused(f"{path.name}: {error}; nothing was loaded") from None
    except UnicodeDecodeError:
        raise ImportRefused(f"{path.name}: not UTF-8 text; nothing was loaded") from None
    return snapshot


def _snapshot(
    path: Path,
    list_id: str,
    format: str,
    as_of: datetime.date,
    now: datetime.datetime,
    actor: User | None,
    sha256: str,
    name: str,
    threshold: int | None,
) -> ListSnapshot:
    screening_list, created = ScreeningList.objects.get_or_create(
        list_id=list_id,
        defaults={"name": name or list_id, "threshold": threshold or DEFAULT_THRESHOLD},
    )
    if not created and (name or threshold):
        screening_list.name = name or screening_list.name
        screening_list.threshold = threshold or screening_list.threshold
        screening_list.save(update_fields=["name", "threshold"])
    return ListSnapshot.objects.create(
        screening_list=screening_list,
        as_of=as_of,
        source=path.name,
        format=format,
        row_count=0,
        sha256=sha256,
        imported_at=now,
        imported_by=actor,
    )


def _load(snapshot: ListSnapshot, read: Iterable[Entry]) -> int:
    count = 0
    batch: list[ListEntry] = []
    for entry in read:
        batch.append(_row(snapshot, entry))
        count += 1
        if len(batch) == BATCH:
            ListEntry.objects.bulk_create(batch)
            batch = []
    ListEntry.objects.bulk_create(batch)
    return count


def _row(snapshot: ListSnapshot, entry: Entry) -> ListEntry:
    return ListEntry(
        snapshot=snapshot,
        entry_id=entry.entry_id,
        name=entry.name,
        aliases=list(entry.aliases),
        kind=entry.kind,
        countries=list(entry.countries),
        programmes=list(entry.programmes),
        source=entry.source,
        addresses=entry.addresses,
        remarks=entry.remarks,
        fingerprint=entry.fingerprint,
    )
