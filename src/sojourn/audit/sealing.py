"""How an audit event is sealed: its canonical form, and the hash of it that chains the trail.

Pure functions of plain values (no models), so a migration can seal an event exactly as the
services do. An event sealed with a key (`key_id` names it in SOJOURN_AUDIT_KEYS) carries an
HMAC-SHA256 of its canonical form: nobody without the key can rewrite it and recompute the chain.
Events written before keys existed carry a plain SHA-256 and no key id; they are a prefix of the
trail, closed by a keyed `audit.keyed` event (see `services.verify_chain`).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64
# The keyed event that closes the unkeyed prefix of a trail written before keys.
KEYED = "audit.keyed"


def canonical(
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
    key_id: str = "",
    digest: str = "",
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
    # Each is absent where empty, so older events keep the form they were sealed in.
    if client:
        payload["client"] = client
    if key_id:
        payload["key"] = key_id
    if digest:
        payload["digest"] = digest
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder
    ).encode()


def seal(form: bytes, key: bytes | None) -> str:
    """The event's hash: an HMAC with `key`, or (unkeyed events of old) a plain SHA-256."""
    if key is None:
        return hashlib.sha256(form).hexdigest()
    return hmac.new(key, form, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
