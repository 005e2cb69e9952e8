"""Writing and verifying the audit trail."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from sojourn.audit import context, keys, records, sealing
from sojourn.audit.models import AuditChainHead, AuditEvent
from sojourn.audit.sealing import GENESIS, KEYED

__all__ = ["GENESIS", "KEYED"]


@dataclass(frozen=True)
class Entry:
    """One event to append: who did what to which stored object (None: no stored object)."""

    actor: User | None
    action: str
    obj: models.Model | None
    data: dict[str, Any] | None = None
    # What the event is about when it is no stored object: (object_type, object_id).
    about: tuple[str, str] | None = None


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None,
    at: datetime.datetime,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; runs inside the caller's transaction so it commits with the change.

    `obj` is None only for events about no stored object (a failed sign-in as an unknown name).
    The client's address comes from the request being served, if any.
    """
    [event] = record_many([Entry(actor, action, obj, data)], at=at)
    return event


def record_many(entries: Sequence[Entry], *, at: datetime.datetime) -> list[AuditEvent]:
    """Append the events in order, each exactly as `record` would have, taking the chain's head
    once: one lock, one insert and one update of the head, however many events."""
    if not entries:
        return []
    client = context.client_address()
    key = keys.current()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        # The audited records' state as this transaction leaves it, each vouched for by its event.
        # (A read changes nothing: it vouches for nothing; records.vouches says which do.)
        digests = records.digests_of([e.obj for e in entries if _vouches(e) and e.obj], key[1])
        events: list[AuditEvent] = []
        seq, prev_hash = head.seq, head.last_hash
        for entry in entries:
            seq += 1
            digest = digests.get(_object_of(entry), "") if _vouches(entry) else ""
            event = _sealed(
                entry, seq=seq, prev_hash=prev_hash, at=at, client=client, key=key, digest=digest
            )
            events.append(event)
            prev_hash = event.hash
        AuditEvent.objects.bulk_create(events)
        head.seq = seq
        head.last_hash = prev_hash
        head.save(update_fields=["seq", "last_hash"])
    return events


def _vouches(entry: Entry) -> bool:
    return entry.obj is not None and records.vouches(entry.obj._meta.label_lower, entry.action)


def _sealed(
    entry: Entry,
    *,
    seq: int,
    prev_hash: str,
    at: datetime.datetime,
    client: str,
    key: tuple[str, bytes],
    digest: str = "",
) -> AuditEvent:
    """The event at `seq` after `prev_hash`, sealed with `key` over its canonical form (which
    holds `digest`, the audited record's state, if any)."""
    data = json.loads(json.dumps(entry.data or {}, cls=DjangoJSONEncoder))
    actor = entry.actor
    label = actor.get_username() if actor is not None else "system"
    object_type, object_id = _object_of(entry)
    key_id, secret = key
    event = AuditEvent(
        seq=seq,
        at=at,
        actor=actor,
        actor_label=label,
        action=entry.action,
        object_type=object_type,
        object_id=object_id,
        data=data,
        client=client,
        prev_hash=prev_hash,
        key_id=key_id,
        digest=digest,
    )
    event.hash = sealing.seal(_form(event), secret)
    return event


def _object_of(entry: Entry) -> tuple[str, str]:
    if entry.obj is not None:
        return entry.obj._meta.label_lower, str(entry.obj.pk)
    return entry.about or ("auth.attempt", "")


def _form(event: AuditEvent) -> bytes:
    return sealing.canonical(
        seq=event.seq,
        at=event.at,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        data=event.data,
        prev_hash=event.prev_hash,
        client=event.client,
        key_id=event.key_id,
        digest=event.digest,
    )


READS = ("debrief", "locations", "contact_report")


def record_read(
    *,
    actor: User,
    obj: models.Model,
    owner_id: int | None,
    what: str,
    at: datetime.datetime,
    data: dict[str, Any] | None = None,
) -> None:
    """A read of something as sensitive as a debrief or where a traveller checked in from.

    Every reader but the person it is about leaves an event (`debrief.read`,
    `locations.read`), so an auditor can later tell who looked; `data` says through what
    (ids and codes only).
    """
    assert what in READS, what
    if actor.pk == owner_id:
        return
    record(actor=actor, action=f"{what}.read", obj=obj, at=at, data=data)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_bad_seq: int | None
    problem: str

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Recompute every seal in order; the first mismatch names the event that was altered.

    The trail is an unkeyed prefix (events written before keys, plain SHA-256), closed by a keyed
    `audit.keyed` event, then keyed events only; a trail that is not keyed at all was rewritten
    by someone without the key (every trail holds a keyed event from its first write on).
    """
    expected_prev, expected_seq, keyed = GENESIS, 1, False
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        checked = expected_seq - 1
        problem = _problem(event, expected_seq=expected_seq, prev=expected_prev, keyed=keyed)
        if problem:
            return ChainReport(checked, expected_seq, problem)
        keyed = keyed or bool(event.key_id)
        expected_prev = event.hash
        expected_seq += 1
    checked = expected_seq - 1
    if checked and not keyed:
        return ChainReport(
            checked, 1, "no event is keyed: the trail was rewritten without SOJOURN_AUDIT_KEYS"
        )
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.seq != checked:
        return ChainReport(
            checked, checked + 1, f"the chain ends at #{checked} but its head says #{head.seq}"
        )
    return ChainReport(checked, None, "")


def _problem(event: AuditEvent, *, expected_seq: int, prev: str, keyed: bool) -> str:
    """What is wrong with `event` where event #`expected_seq` should follow `prev`."""
    if event.seq != expected_seq:
        return f"event #{expected_seq} is missing"
    if event.prev_hash != prev:
        return f"event #{event.seq} does not follow its predecessor"
    if not event.key_id and keyed:
        return f"event #{event.seq} is not keyed although an earlier event is"
    if event.key_id and not keyed and event.seq > 1 and event.action != KEYED:
        return f"event #{event.seq} is the first keyed event but does not close the unkeyed ones"
    secret = keys.by_id(event.key_id) if event.key_id else None
    if event.key_id and secret is None:
        return (
            f"event #{event.seq} was sealed with key {event.key_id!r}, "
            "which SOJOURN_AUDIT_KEYS does not hold"
        )
    if not sealing.same(sealing.seal(_form(event), secret), event.hash):
        return f"event #{event.seq} was altered after it was written"
    return ""


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.hash}:{self.seq}"


def chain_head() -> Head:
    """The latest event's hash and the number of events: record it elsewhere to anchor the trail."""
    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    return Head(0, GENESIS) if last is None else Head(last["seq"], last["hash"])


def parse_anchor(text: str) -> Head:
    """`HASH:COUNT`, as `sojourn audit head` prints it."""
    digest, sep, count = text.strip().partition(":")
    if not sep or len(digest) != 64 or not count.isdigit():
        raise ValueError(
            "an anchor is HASH:COUNT as `sojourn audit head` prints it "
            "(64 hexadecimal characters, a colon, the number of events)"
        )
    try:
        int(digest, 16)
    except ValueError:
        raise ValueError("the hash of an anchor is 64 hexadecimal characters") from None
    return Head(int(count), digest.lower())


def check_anchor(anchor: Head) -> str:
    """Empty when the trail still holds the anchored event unchanged; otherwise what differs.

    With the whole chain verified, an unchanged hash at the anchored event proves nothing at or
    before it changed: each hash covers its predecessor's.
    """
    if anchor.seq == 0:
        return ""
    found = AuditEvent.objects.filter(seq=anchor.seq).values_list("hash", flat=True).first()
    if found is None:
        return f"event #{anchor.seq} of the anchor is missing from the trail"
    if found != anchor.hash:
        return f"event #{anchor.seq} no longer has the anchored hash: the trail up to it changed"
    return ""
