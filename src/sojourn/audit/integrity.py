"""Everything `sojourn audit verify --records` checks, in one report, for the audit page: the
chain, the trail against every anchor published outside the database, and every audited
record against its last audited write."""

from __future__ import annotations

from dataclasses import dataclass

from sojourn.audit import anchors
from sojourn.audit.record_check import RecordsReport, verify_records
from sojourn.audit.services import ChainReport, verify_chain

# The page names at most this many records; the rest are counted.
SHOWN = 100


@dataclass(frozen=True)
class Named:
    """A record the check names: `label:id`, and what happened to it outside Sojourn."""

    object_type: str
    object_id: str
    # changed, deleted or inserted (no audited write behind it).
    how: str


@dataclass(frozen=True)
class Integrity:
    chain: ChainReport
    anchors_held: int
    anchor_broken: anchors.Broken | None
    # The anchor file has a line that is no anchor (what is wrong, as the parser says it).
    anchor_file_error: str
    records: RecordsReport

    @property
    def ok(self) -> bool:
        anchors_ok = self.anchor_broken is None and not self.anchor_file_error
        return self.chain.ok and anchors_ok and self.records.ok

    def named(self) -> list[Named]:
        """The records named, the first SHOWN of them."""
        found = [(name, "changed") for name in self.records.changed]
        found += [(name, "deleted") for name in self.records.deleted]
        found += [(name, "inserted") for name in self.records.inserted]
        named = []
        for name, how in found[:SHOWN]:
            object_type, _sep, object_id = name.partition(":")
            named.append(Named(object_type, object_id, how))
        return named

    @property
    def unnamed(self) -> int:
        """How many records named are left off the page."""
        records = self.records
        return max(0, len(records.changed) + len(records.deleted) + len(records.inserted) - SHOWN)


def check() -> Integrity:
    """Run every check, each whatever the others found, so the page shows all that is wrong."""
    chain = verify_chain()
    held, broken, error = 0, None, ""
    try:
        held, broken, _path = anchors.check_files()
    except ValueError as exc:
        error = str(exc)
    return Integrity(chain, held, broken, error, verify_records())
