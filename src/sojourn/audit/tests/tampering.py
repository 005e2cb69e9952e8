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
    assert column in {"data", "actor_label", "action", "object_type", "object_id", "digest"}
    with _trigger_off(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, pk])


def delete_event(pk: int) -> None:
    with _trigger_off(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [pk])


def reseal_from(
    seq: int, *, key_id: str, key: bytes | None, data: dict[str, object] | None = None
) -> None:
    """Rewrite the trail from event #`seq` on as a forger would: change that event's data (if
    given), seal it and every later event again with `key` (None: unkeyed SHA-256) under
    `key_id`, each after its new predecessor, and move the head along."""
    import json

    from sojourn.audit import sealing
    from sojourn.audit.models import AuditChainHead, AuditEvent
    from sojourn.audit.services import _form

    previous = AuditEvent.objects.filter(seq=seq - 1).values_list("hash", flat=True).first()
    prev_hash = previous or sealing.GENESIS
    with _trigger_off(), connection.cursor() as cursor:
        for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
            if event.seq == seq and data is not None:
                event.data = data
            event.prev_hash, event.key_id = prev_hash, key_id
            event.hash = sealing.seal(_form(event), key)
            cursor.execute(
                f"UPDATE {TABLE} SET data = %s, prev_hash = %s, key_id = %s, hash = %s "
                "WHERE id = %s",
                [json.dumps(event.data), event.prev_hash, key_id, event.hash, event.pk],
            )
            prev_hash = event.hash
    AuditChainHead.objects.filter(id=1).update(last_hash=prev_hash)
