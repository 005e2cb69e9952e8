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

from sojourn.contacts.models import Alias, Contact
from sojourn.debriefs.models import DebriefMeeting
from sojourn.screening.models import Hit, HitSource
from sojourn.screening.screen import NamedFound, found_in
from sojourn.trips.assessing import names_of_invitation
from sojourn.trips.models import Invitation, PlannedMeeting, Trip
from sojourn.trips.screens import Named, NameKind


@dataclass(frozen=True)
class Subject:
    """Names screened together: where they are, and the organisation whose they are."""

    organisation_id: int
    source: str
    names: tuple[Named, ...]
    trip_id: int | None = None
    invitation_id: int | None = None
    contact_id: int | None = None

    @property
    def remembered_as(self) -> str | None:
        return None if self.contact_id is None else f"contact:{self.contact_id}"


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


INVITATION_SOURCES = {
    HitSource.INVITATION_HOST: {"host_organisation"},
    HitSource.INVITATION_INVITER: {"inviter_name", "inviter_organisation"},
}


def invitations(invitation_ids: Sequence[int]) -> list[Subject]:
    """The hosts of these invitations, and who invited."""
    subjects = []
    for invitation in Invitation.objects.filter(pk__in=invitation_ids):
        names = names_of_invitation(invitation)
        for source, fields in INVITATION_SOURCES.items():
            subjects.append(
                Subject(
                    invitation.organisation_id,
                    source,
                    tuple(named for named in names if named.field in fields),
                    invitation_id=invitation.pk,
                )
            )
    return subjects


def contacts(contact_ids: Sequence[int]) -> list[Subject]:
    """Every name of these contacts (merged ones left: their names live on in another)."""
    live = Contact.objects.filter(pk__in=contact_ids, merged_into__isnull=True)
    owners = dict(live.values_list("pk", "organisation_id"))
    kinds = dict(live.values_list("pk", "kind"))
    names: dict[int, list[Named]] = defaultdict(list)
    rows = Alias.objects.filter(contact_id__in=owners).order_by("contact_id", "id")
    for contact_id, text in rows.values_list("contact_id", "name"):
        field = f"aliases[{len(names[contact_id])}]"
        kind: NameKind = "organisation" if kinds[contact_id] == "organisation" else "person"
        names[contact_id].append(Named(field, text, kind))
    return [
        Subject(owners[pk], HitSource.CONTACT, tuple(names[pk]), contact_id=pk) for pk in owners
    ]


def record(subjects: Sequence[Subject], *, now: datetime.datetime) -> list[Hit]:
    """Screen the subjects' names and write the hits not recorded yet."""
    answers = found_in(
        [(subject.organisation_id, subject.names) for subject in subjects],
        [subject.remembered_as for subject in subjects],
    )
    known = _known(subjects)
    new = [
        _hit(subject, item, now)
        for subject, answer in zip(subjects, answers, strict=True)
        for item in answer
        if _place(subject, item) not in known
    ]
    return Hit.objects.bulk_create(new)


Place = tuple[int, str, int | None, int | None, int | None, str, str]
PLACE = ("entry_id", "source", "trip_id", "invitation_id", "contact_id", "field", "subject")


def _place(subject: Subject, item: NamedFound) -> Place:
    return (
        item.found.entry.pk,
        subject.source,
        subject.trip_id,
        subject.invitation_id,
        subject.contact_id,
        item.named.field,
        item.subject,
    )


def _known(subjects: Sequence[Subject]) -> set[Place]:
    trip_ids = {s.trip_id for s in subjects if s.trip_id is not None}
    invitation_ids = {s.invitation_id for s in subjects if s.invitation_id is not None}
    contact_ids = {s.contact_id for s in subjects if s.contact_id is not None}
    hits = (
        Hit.objects.filter(trip_id__in=trip_ids)
        | Hit.objects.filter(invitation_id__in=invitation_ids)
        | Hit.objects.filter(contact_id__in=contact_ids)
    )
    return set(hits.values_list(*PLACE))


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
        contact_id=subject.contact_id,
        name=item.named.text,
        subject=item.subject,
        found_at=now,
    )
