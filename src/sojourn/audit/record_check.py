"""`sojourn audit verify --records`: does every audited record still hold the state its last
audited write vouched for?"""

from __future__ import annotations

from dataclasses import dataclass

from sojourn.audit import keys, records
from sojourn.audit.models import AuditEvent

# The event `sojourn synth` writes with the keys it added to each audited table
# (`data["ranges"]`: `{label: [first, last]}`).
SYNTH_LOADED = "synth.loaded"


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
    # Rows of a model whose every row is created with an audited event, which no audited write
    # vouches for and that are not older than digests: inserted outside Sojourn.
    inserted: list[str]
    # Rows no audited write vouches for yet: older than digests, or of a model whose rows are
    # also created without an event (a profile).
    unvouched: int
    # Rows a synthetic world (`sojourn synth`) wrote, in bulk and with no audited write each:
    # within the keys its `synth.loaded` event names.
    synthetic: int = 0
    # Rows whose last audited write vouched for them under an earlier definition of their
    # audited state (records.Audited.earlier): checked as that definition saw them, so what it
    # left out (a child added since) is not covered until their next audited write.
    earlier: int = 0

    @property
    def ok(self) -> bool:
        return not self.changed and not self.deleted and not self.inserted


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
    return key is not None and records.digest(state, key) == records.split(vouched.digest)[1]


def _check_earlier(
    label: str, spec: records.Audited, waiting: dict[str, Vouched]
) -> tuple[list[str], int]:
    """Rows whose last audited write's digest is not of the current definition: each checked
    under the definition it names (a digest without a version: under each earlier one in turn).
    Returns the ids changed since, and how many held under an earlier definition."""
    by_version: dict[int | None, dict[str, Vouched]] = {}
    for pk, vouched in waiting.items():
        by_version.setdefault(records.split(vouched.digest)[0], {})[pk] = vouched
    changed: list[str] = []
    held = 0
    for version, rows in by_version.items():
        if version is None:
            candidates = spec.earlier
        else:
            found = spec.at_version(version)
            candidates = (found,) if found is not None else ()
        left = dict(rows)
        for earlier in sorted(candidates, key=lambda d: -d.version):
            current = records.states(label, list(left), spec=earlier)
            matched = [
                pk
                for pk, vouched in left.items()
                if pk in current and _matches(current[pk], vouched)
            ]
            held += len(matched)
            for pk in matched:
                del left[pk]
        changed += sorted(left)
    return changed, held


def _digests_began(label: str) -> int | None:
    """The first event holding a digest of a `label` record: before it, audited writes vouched
    for nothing of its kind (a model enters the registry after its rows have a history)."""
    first = AuditEvent.objects.filter(object_type=label).exclude(digest="").order_by("seq")
    return first.values_list("seq", flat=True).first()


def _older_than_digests(label: str, pks: list[str], began: int | None) -> set[str]:
    """Those of `pks` that an event was about before digests began: a record created then has
    no digest until its next audited write, while a row inserted outside Sojourn since has no
    event before that one."""
    events = AuditEvent.objects.filter(object_type=label)
    if began is not None:
        events = events.filter(seq__lt=began)
    older: set[str] = set()
    for start in range(0, len(pks), 5000):
        chunk = pks[start : start + 5000]
        older.update(events.filter(object_id__in=chunk).values_list("object_id", flat=True))
    return older


def _synthetic_ranges() -> dict[str, list[tuple[int, int]]]:
    ranges: dict[str, list[tuple[int, int]]] = {}
    for data in AuditEvent.objects.filter(action=SYNTH_LOADED).values_list("data", flat=True):
        for label, (first, last) in data.get("ranges", {}).items():
            ranges.setdefault(label, []).append((int(first), int(last)))
    return ranges


def _within(pk: str, ranges: list[tuple[int, int]]) -> bool:
    return pk.isdigit() and any(first <= int(pk) <= last for first, last in ranges)


def verify_records() -> RecordsReport:
    """Recompute the digest of every current row of every audited model and compare it with the
    one its last audited write stored. Verify the chain first: the digests are as trustworthy as
    the events that hold them."""
    last, synthetic_ranges = _last_writes(), _synthetic_ranges()
    changed: list[str] = []
    inserted: list[str] = []
    unvouched = checked = synthetic = earlier = 0
    for label, spec in records.AUDITED_STATE.items():
        unknown: list[str] = []
        waiting: dict[str, Vouched] = {}  # vouched under another definition, or before versions
        synth = synthetic_ranges.get(label, [])
        for pk, state in records.states(label).items():
            checked += 1
            vouched = last.pop((label, pk), None)
            if vouched is None and synth and _within(pk, synth):
                synthetic += 1
            elif vouched is None:
                unknown.append(pk)
            elif records.split(vouched.digest)[0] == spec.version:
                if not _matches(state, vouched):
                    changed.append(f"{label}:{pk}")
            elif not _matches(state, vouched):
                waiting[pk] = vouched
        changed_since, held = _check_earlier(label, spec, waiting)
        changed += [f"{label}:{pk}" for pk in changed_since]
        earlier += held
        if not spec.created_audited:
            older = set(unknown)
        elif unknown:
            older = _older_than_digests(label, unknown, _digests_began(label))
        else:
            older = set()
        inserted += [f"{label}:{pk}" for pk in unknown if pk not in older]
        unvouched += len(older)
    deleted = [
        f"{label}:{pk}"
        for (label, pk), vouched in last.items()
        if records.is_audited(label) and not vouched.action.endswith(".deleted")
    ]
    return RecordsReport(checked, changed, deleted, inserted, unvouched, synthetic, earlier)
