"""Recording hits: what screening found, kept with the entry and snapshot it was found in.

Set-wise throughout: the names of many trips or invitations are read in one query per table,
screened together, and their new hits written in one insert. A hit already recorded (the same
entry, place and name) is not written twice; a hit in an older snapshot stays as it was.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sojourn.debriefs.models import DebriefMeeting
from sojourn.screening.models import Hit, HitSource
from sojourn.screening.screen import NamedFound, found_in, subject_of
from sojourn.trips.assessing import names_of_invitation
from sojourn.trips.models import Invitation, PlannedMeeting, Trip
from sojourn.trips.screens import Named


@dataclass(frozen=True)
class Subject:
    """Names screened together: where they are, and the organisation whose they are."""

    organisation_id: int
    source: str
    names: tuple[Named, ...]
    trip_id: int | None = None
    invitation_id: int | None = None


def _meeting_names(rows: Sequence[tuple[int, str, str]]) -> dict[int, list[Named]]:
    names: dict[int, list[Named]] = defaultdict(list)
    for owner, counterpart, organisation in rows:
        index = sum(n.field.endswith("counterpart") for n in names[owner])
        names[owner].append(Named(f"meetings[{index}].counterpart", counterpart, "person"))
        if organisation.strip():
            names[owner].append(
                Named(f"meetings[{index}].organisation", organisation, "organisation")
            )
    return names


def trips(trip_ids: Sequence[int]) -> list[Subject]:
    """The planned meetings of these trips."""
    rows = PlannedMeeting.objects.filter(trip_id__in=trip_ids).order_by("trip_id", "date", "id")
    names = _meeting_names(list(rows.values_list("trip_id", "counterpart", "organisation")))
    owners = Trip.objects.filter(pk__in=names).values_list("pk", "organisation_id")
    return [
        Subject(org, HitSource.PLANNED_MEETING, tuple(names[pk]), trip_id=pk) for pk, org in owners
    ]


def debriefs(trip_ids: Sequence[int]) -> list[Subject]:
    """The meetings held, as the debriefs of these trips report them."""
    rows = DebriefMeeting.objects.filter(debrief__trip_id__in=trip_ids).order_by(
        "debrief__trip_id", "id"
    )
    columns = ("debrief__trip_id", "counterpart", "organisation")
    names = _meeting_names(list(rows.values_list(*columns)))
    owners = Trip.objects.filter(pk__in=names).values_list("pk", "organisation_id")
    return [
        Subject(org, HitSource.DEBRIEF_MEETING, tuple(names[pk]), trip_id=pk) for pk, org in owners
    ]


def invitations(invitation_ids: Sequence[int]) -> list[Subject]:
    """The hosts of these invitations."""
    return [
        Subject(
            invitation.organisation_id,
            HitSource.INVITATION_HOST,
            names_of_invitation(invitation),
            invitation_id=invitation.pk,
        )
        for invitation in Invitation.objects.filter(pk__in=invitation_ids)
    ]


def record(subjects: Sequence[Subject], *, now: datetime.datetime) -> list[Hit]:
    """Screen the subjects' names and write the hits not recorded yet."""
    answers = found_in([(subject.organisation_id, subject.names) for subject in subjects])
    known = _known(subjects)
    new = [
        _hit(subject, item, now)
        for subject, answer in zip(subjects, answers, strict=True)
        for item in answer
        if _place(subject, item) not in known
    ]
    return Hit.objects.bulk_create(new)


Place = tuple[int, str, int | None, int | None, str, str]


def _place(subject: Subject, item: NamedFound) -> Place:
    named = item.named
    return (
        item.found.entry.pk,
        subject.source,
        subject.trip_id,
        subject.invitation_id,
        named.field,
        subject_of(named),
    )


def _known(subjects: Sequence[Subject]) -> set[Place]:
    trip_ids = {s.trip_id for s in subjects if s.trip_id is not None}
    invitation_ids = {s.invitation_id for s in subjects if s.invitation_id is not None}
    hits = Hit.objects.filter(trip_id__in=trip_ids) | Hit.objects.filter(
        invitation_id__in=invitation_ids
    )
    return set(
        hits.values_list("entry_id", "source", "trip_id", "invitation_id", "field", "subject")
    )


def _hit(subject: Subject, item: NamedFound, now: datetime.datetime) -> Hit:
    return Hit(
        organisation_id=subject.organisation_id,
        entry_id=item.found.entry.pk,
        alias=item.found.alias,
        score=round(item.found.score, 1),
        source=subject.source,
        field=item.named.field,
        trip_id=subject.trip_id,
        invitation_id=subject.invitation_id,
        name=item.named.text,
        subject=subject_of(item.named),
        found_at=now,
    )
