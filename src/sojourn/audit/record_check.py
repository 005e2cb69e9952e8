"""`sojourn audit verify --records`: does every audited record still hold the state its last
audited write vouched for?"""

from __future__ import annotations

from dataclasses import dataclass

from sojourn.audit import keys, records
from sojourn.audit.models import AuditEvent


@dataclass(frozen=True)
class Vouched:
    """A record's last audited write: the digest it stored, under which key, by which action."""

    digest: str
    key_id: str
    action: str


@dataclass(frozen=True)
class RecordsReport:
    checked: int
    # `label:id` of each record changed (or deleted) outside Sojourn since its last audited write.
    changed: list[str]
    deleted: list[str]
    # Rows no audited write vouches for yet (written before digests, or inserted past Sojourn).
    unvouched: int

    @property
    def ok(self) -> bool:
        return not self.changed and not self.deleted


def _last_writes() -> dict[tuple[str, str], Vouched]:
    """Each audited record's latest digest, in chain order (a later write replaces an earlier)."""
    last: dict[tuple[str, str], Vouched] = {}
    rows = (
        AuditEvent.objects.exclude(digest="")
        .order_by("seq")
        .values_list("object_type", "object_id", "digest", "key_id", "action")
    )
    for object_type, object_id, digest, key_id, action in rows.iterator(chunk_size=5000):
        last[(object_type, object_id)] = Vouched(digest, key_id, action)
    return last


def _matches(state: records.State, vouched: Vouched) -> bool:
    key = keys.by_id(vouched.key_id)
    return key is not None and records.digest(state, key) == vouched.digest


def verify_records() -> RecordsReport:
    """Recompute the digest of every current row of every audited model and compare it with the
    one its last audited write stored. Verify the chain first: the digests are as trustworthy as
    the events that hold them."""
    last = _last_writes()
    changed: list[str] = []
    unvouched = checked = 0
    for label in records.AUDITED_STATE:
        for pk, state in records.states(label).items():
            checked += 1
            vouched = last.pop((label, pk), None)
            if vouched is None:
                unvouched += 1
            elif not _matches(state, vouched):
                changed.append(f"{label}:{pk}")
    deleted = [
        f"{label}:{pk}"
        for (label, pk), vouched in last.items()
        if records.is_audited(label) and not vouched.action.endswith(".deleted")
    ]
    return RecordsReport(checked, changed, deleted, unvouched)
