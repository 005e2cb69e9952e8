"""Screening as the API shows it: the lists with their snapshots' provenance, the hits with the
dismissal that holds for them, and the body of a dismissal (names from docs/glossary.md)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field

from sojourn.api.pagination import PageQuery
from sojourn.api.schemas.output import Built
from sojourn.api.schemas.people import Organisation, PersonName
from sojourn.api.schemas.trip_fields import MAX_ID, Forbidding
from sojourn.screening.models import Dismissal as DismissalModel
from sojourn.screening.models import Hit as HitModel
from sojourn.screening.models import ListSnapshot as ListSnapshotModel
from sojourn.screening.models import ScreeningList as ScreeningListModel

HitSourceName = Literal[
    "planned_meeting", "debrief_meeting", "invitation_host", "invitation_inviter", "contact"
]
REASON_MAX = 2000


class ListSnapshot(Built):
    """One import of a list: what it held as of a date and the file it came from."""

    id: int
    list_id: str
    as_of: datetime.date = Field(examples=["2026-03-01"])
    source: str = Field(description="The file it was imported from.")
    format: Literal["csl", "csv"]
    row_count: int
    sha256: str = Field(description="The SHA-256 of the file, in hexadecimal.")
    imported_at: datetime.datetime
    imported_by: PersonName | None = Field(description="Null for an import by the command line.")

    @classmethod
    def of(cls, snapshot: ListSnapshotModel, list_id: str) -> ListSnapshot:
        """Reads `imported_by` (select it)."""
        return cls(
            id=snapshot.pk,
            list_id=list_id,
            as_of=snapshot.as_of,
            source=snapshot.source,
            format=snapshot.format,  # type: ignore[arg-type]  # ListFormat's values
            row_count=snapshot.row_count,
            sha256=snapshot.sha256,
            imported_at=snapshot.imported_at,
            imported_by=PersonName.maybe(snapshot.imported_by),
        )


class ScreeningList(Built):
    """A restricted-party list and its snapshots, the newest first (the first is the one new
    screening uses)."""

    list_id: str = Field(examples=["fictional"])
    name: str
    threshold: int = Field(description="The lowest match score (0-100) that is a hit.")
    snapshots: list[ListSnapshot]

    @classmethod
    def of(cls, found: ScreeningListModel) -> ScreeningList:
        """Reads `snapshots` (prefetch them newest first, with `imported_by`)."""
        return cls(
            list_id=found.list_id,
            name=found.name,
            threshold=found.threshold,
            snapshots=[ListSnapshot.of(s, found.list_id) for s in found.snapshots.all()],
        )


class Dismissal(Built):
    """An officer's judgement that a hit is a false positive: it holds for the list entry (while
    it is unchanged) and the name or contact that matched it."""

    reason: str
    dismissed_by: PersonName
    dismissed_at: datetime.datetime

    @classmethod
    def of(cls, dismissal: DismissalModel) -> Dismissal:
        """Reads `dismissed_by` (select it)."""
        return cls(
            reason=dismissal.reason,
            dismissed_by=PersonName.of(dismissal.dismissed_by),
            dismissed_at=dismissal.dismissed_at,
        )


class ScreeningHit(Built):
    """A screened name whose match score reached its list's threshold, in the snapshot it was
    found in (a later snapshot leaves it as it was)."""

    id: int
    organisation: Organisation
    list_id: str = Field(examples=["fictional"])
    entry_id: str = Field(examples=["FX-003"])
    entry_name: str = Field(examples=["Lin Meihua"])
    alias: str = Field(description="The entry's name that matched.", examples=["May Lin"])
    score: float = Field(description="The match score, 0-100.", examples=[95.0])
    as_of: datetime.date = Field(description="The as-of date of the snapshot it was found in.")
    source: HitSourceName = Field(description="Where the screened name was.")
    field: str = Field(
        description="The field that held the name, such as `meetings[0].counterpart`.",
        examples=["meetings[0].counterpart"],
    )
    name: str = Field(description="The name as it was written.", examples=["Ms May Lin"])
    trip_id: int | None
    invitation_id: int | None
    contact_id: int | None
    found_at: datetime.datetime
    dismissal: Dismissal | None = Field(
        description="The dismissal that holds for this hit's entry and name; null if none."
    )

    @classmethod
    def of(cls, hit: HitModel, dismissal: DismissalModel | None) -> ScreeningHit:
        """Reads the entry, its snapshot and list, and the organisation (select them)."""
        entry = hit.entry
        return cls(
            id=hit.pk,
            organisation=Organisation.of(hit.organisation),
            list_id=entry.snapshot.screening_list.list_id,
            entry_id=entry.entry_id,
            entry_name=entry.name,
            alias=hit.alias,
            score=hit.score,
            as_of=entry.snapshot.as_of,
            source=hit.source,  # type: ignore[arg-type]  # HitSource's values
            field=hit.field,
            name=hit.name,
            trip_id=hit.trip_id,
            invitation_id=hit.invitation_id,
            contact_id=hit.contact_id,
            found_at=hit.found_at,
            dismissal=None if dismissal is None else Dismissal.of(dismissal),
        )


class ScreeningListFilters(PageQuery):
    pass


class ScreeningHitFilters(PageQuery):
    list_id: str | None = Field(None, max_length=80, description="Only the hits of this list.")
    source: HitSourceName | None = Field(None, description="Only the names found there.")
    organisation: str | None = Field(
        None, max_length=50, description="Only this organisation's hits (its slug)."
    )
    trip_id: int | None = Field(None, ge=1, le=MAX_ID, description="Only this trip's hits.")
    invitation_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only this invitation's hits."
    )
    contact_id: int | None = Field(None, ge=1, le=MAX_ID, description="Only this contact's hits.")


class DismissalIn(Forbidding):
    """Why the hit is a false positive (required; kept sealed, never in the audit trail)."""

    reason: str = Field(
        max_length=REASON_MAX,
        description="Why this is not the listed party.",
        examples=["Another person: born in 1990, a student at TU Berlin."],
    )
