"""Writing and verifying the audit trail."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from sojourn.audit import context
from sojourn.audit.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _canonical(
    *,
    seq: int,
    at: datetime.datetime,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
    prev_hash: str,
    client: str = "",
) -> bytes:
    payload: dict[str, Any] = {
        "seq": seq,
        "at": at.astimezone(datetime.UTC).isoformat(),
        "actor": actor_label,
        "action": action,
        "object": f"{object_type}:{object_id}",
        "data": data,
        "prev": prev_hash,
    }
    if client:  # absent from events written outside a request (and from older events)
        payload["client"] = client
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder
    ).encode()


@dataclass(frozen=True)
class Entry:
    """One event to append: who did what to which stored object (None: no stored object)."""

    actor: User | None
    action: str
    obj: models.Model | None
    data: dict[str, Any] | None = None


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
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        events: list[AuditEvent] = []
        seq, prev_hash = head.seq, head.last_hash
        for entry in entries:
            seq += 1
            event = _sealed(entry, seq=seq, prev_hash=prev_hash, at=at, client=client)
            events.append(event)
            prev_hash = event.hash
        AuditEvent.objects.bulk_create(events)
        head.seq = seq
        head.last_hash = prev_hash
        head.save(update_fields=["seq", "last_hash"])
    return events


def _sealed(
    entry: Entry, *, seq: int, prev_hash: str, at: datetime.datetime, client: str
) -> AuditEvent:
    """The event at `seq` after `prev_hash`, its hash computed over its canonical form."""
    data = json.loads(json.dumps(entry.data or {}, cls=DjangoJSONEncoder))
    actor, obj = entry.actor, entry.obj
    label = actor.get_username() if actor is not None else "system"
    object_type = obj._meta.label_lower if obj is not None else "auth.attempt"
    object_id = str(obj.pk) if obj is not None else ""
    digest = hashlib.sha256(
        _canonical(
            seq=seq,
            at=at,
            actor_label=label,
            action=entry.action,
            object_type=object_type,
            object_id=object_id,
            data=data,
            prev_hash=prev_hash,
            client=client,
        )
    ).hexdigest()
    return AuditEvent(
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
        hash=digest,
    )


READS = ("debrief", "locations")


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
    """Recompute every hash in order; the first mismatch names the event that was altered."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != expected_prev:
            return ChainReport(
                checked, event.seq, f"event #{event.seq} does not follow its predecessor"
            )
        digest = hashlib.sha256(
            _canonical(
                seq=event.seq,
                at=event.at,
                actor_label=event.actor_label,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                data=event.data,
                prev_hash=event.prev_hash,
                client=event.client,
            )
        ).hexdigest()
        if digest != event.hash:
            return ChainReport(
                checked, event.seq, f"event #{event.seq} was altered after it was written"
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.seq != checked:
        return ChainReport(
            checked, checked + 1, f"the chain ends at #{checked} but its head says #{head.seq}"
        )
    return ChainReport(checked, None, "")


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
